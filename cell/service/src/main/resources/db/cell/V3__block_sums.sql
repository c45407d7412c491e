-- The same running checksums per block of 64 buckets (256 blocks), kept by the same triggers in the same
-- transaction: a range's digest adds up at most 256 blocks and the 126 buckets at its ragged ends, instead of
-- every bucket's stripes (up to 131,072 rows). A split reads it twice inside its write pause.
create table block_sums (
    block  int      not null check (block >= 0 and block < 256),
    stripe smallint not null,
    n      bigint   not null,
    hash   numeric  not null,
    primary key (block, stripe)
);

-- V2's functions with the blocks added: buckets first, then blocks, each in order, so that every writer takes its
-- row locks in the same order.
create or replace function bucket_sums_add() returns trigger language plpgsql as $$
begin
    insert into bucket_sums (bucket, stripe, n, hash)
    select bucket, pg_backend_pid() % 8, count(*), sum(shape_hash(tenant, id, type))
    from added group by bucket order by bucket
    on conflict (bucket, stripe) do update
        set n = bucket_sums.n + excluded.n, hash = bucket_sums.hash + excluded.hash;
    insert into block_sums (block, stripe, n, hash)
    select bucket / 64, pg_backend_pid() % 8, count(*), sum(shape_hash(tenant, id, type))
    from added group by bucket / 64 order by bucket / 64
    on conflict (block, stripe) do update
        set n = block_sums.n + excluded.n, hash = block_sums.hash + excluded.hash;
    return null;
end $$;

create or replace function bucket_sums_remove() returns trigger language plpgsql as $$
begin
    insert into bucket_sums (bucket, stripe, n, hash)
    select bucket, pg_backend_pid() % 8, -count(*), -sum(shape_hash(tenant, id, type))
    from removed group by bucket order by bucket
    on conflict (bucket, stripe) do update
        set n = bucket_sums.n + excluded.n, hash = bucket_sums.hash + excluded.hash;
    insert into block_sums (block, stripe, n, hash)
    select bucket / 64, pg_backend_pid() % 8, -count(*), -sum(shape_hash(tenant, id, type))
    from removed group by bucket / 64 order by bucket / 64
    on conflict (block, stripe) do update
        set n = block_sums.n + excluded.n, hash = block_sums.hash + excluded.hash;
    return null;
end $$;

-- the sums already kept, under a lock that holds writers off until this commits
lock table bucket_sums in share row exclusive mode;
insert into block_sums (block, stripe, n, hash)
select bucket / 64, stripe, sum(n), sum(hash) from bucket_sums group by bucket / 64, stripe;
