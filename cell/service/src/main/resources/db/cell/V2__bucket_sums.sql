-- Per-bucket running checksums: a row count and an order-independent hash of (tenant, id, type), kept by
-- triggers in the same transaction as every change to shapes, whatever statement makes it (a put, an import,
-- a split's clean-up, or SQL typed by hand). A split's fenced verify compares these vectors instead of
-- reading every moved row; 'cell verify' compares them with the rows.

-- The hash of one row; the sum over a bucket's rows is exact (numeric), so it never overflows.
create function shape_hash(tenant text, id bigint, type text) returns bigint
    language sql immutable parallel safe
    as $$ select hashtextextended(tenant || ':' || id || ':' || type, 0) $$;

-- Spread over stripes by backend, so that concurrent writers to one bucket do not queue on one row lock.
create table bucket_sums (
    bucket int      not null check (bucket >= 0 and bucket < 16384),
    stripe smallint not null,
    n      bigint   not null,
    hash   numeric  not null,
    primary key (bucket, stripe)
);

create function bucket_sums_add() returns trigger language plpgsql as $$
begin
    insert into bucket_sums (bucket, stripe, n, hash)
    select bucket, pg_backend_pid() % 8, count(*), sum(shape_hash(tenant, id, type))
    from added group by bucket order by bucket
    on conflict (bucket, stripe) do update
        set n = bucket_sums.n + excluded.n, hash = bucket_sums.hash + excluded.hash;
    return null;
end $$;

create function bucket_sums_remove() returns trigger language plpgsql as $$
begin
    insert into bucket_sums (bucket, stripe, n, hash)
    select bucket, pg_backend_pid() % 8, -count(*), -sum(shape_hash(tenant, id, type))
    from removed group by bucket order by bucket
    on conflict (bucket, stripe) do update
        set n = bucket_sums.n + excluded.n, hash = bucket_sums.hash + excluded.hash;
    return null;
end $$;

create trigger shapes_added after insert on shapes
    referencing new table as added for each statement execute function bucket_sums_add();
create trigger shapes_removed after delete on shapes
    referencing old table as removed for each statement execute function bucket_sums_remove();
create trigger shapes_changed_from after update on shapes
    referencing old table as removed for each statement execute function bucket_sums_remove();
create trigger shapes_changed_to after update on shapes
    referencing new table as added for each statement execute function bucket_sums_add();
-- truncate would empty shapes without a trace here: refused
create function shapes_no_truncate() returns trigger language plpgsql as $$
begin
    raise exception 'shapes is not truncated: delete its rows so that bucket_sums follows';
end $$;
create trigger shapes_not_truncated before truncate on shapes
    for each statement execute function shapes_no_truncate();

-- the rows already there
insert into bucket_sums (bucket, stripe, n, hash)
select bucket, 0, count(*), sum(shape_hash(tenant, id, type)) from shapes group by bucket;
