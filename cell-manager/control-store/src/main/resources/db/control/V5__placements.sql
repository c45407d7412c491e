-- Tenant placement (DESIGN.md, "Placement width"): each tenant's ordered list of buckets, chosen by the control
-- plane. Null: the tenant predates placements and keeps its single hashed bucket.
alter table tenants add column placement int[]
    check (placement is null or (cardinality(placement) between 1 and 1024
        and 0 <= all (placement) and 16384 > all (placement)));

-- The deployment's default width for new tenants. Deployments from before placements keep width 1.
alter table deployment add column shard_size int not null default 1 check (shard_size between 1 and 1024);
