-- One cell's data. Rows are keyed by (tenant, id); the bucket is fixed at creation and travels with the row.

create sequence shape_change_seq;

create table shapes (
    tenant          text   not null,
    id              bigint not null,
    bucket          int    not null check (bucket >= 0 and bucket < 16384),
    type            text   not null,
    -- The cell's change sequence: the migration feed tails it. Assigned before commit, so rows may become
    -- visible out of order; the split's fenced final pass and checksum make up for that.
    seq             bigint not null default nextval('shape_change_seq'),
    created_at      timestamptz not null default now(),
    idempotency_key text,
    primary key (tenant, id)
);
create unique index shapes_idempotency on shapes (tenant, idempotency_key) where idempotency_key is not null;
create index shapes_by_seq on shapes (seq);
create index shapes_by_bucket on shapes (bucket);

-- Exact counts, written in the same statement as the shape. Kept per bucket so that a split moves them with
-- their buckets, and spread over a few stripes so that one busy (tenant, type) does not queue on one row lock.
create table shape_counts (
    tenant text     not null,
    type   text     not null,
    bucket int      not null,
    stripe smallint not null,
    n      bigint   not null,
    primary key (tenant, type, bucket, stripe)
);
create index shape_counts_by_type on shape_counts (type);

-- What this cell serves (DESIGN.md, "Fencing"); ranges it does not hold are absent.
create table ownership (
    from_bucket int  primary key,
    to_bucket   int  not null,
    state       text not null check (state in ('INCOMING', 'OWNED', 'FENCED'))
);

create table cell_state (
    id          int primary key default 1 check (id = 1),
    map_version bigint not null
);
insert into cell_state (map_version) values (0);
