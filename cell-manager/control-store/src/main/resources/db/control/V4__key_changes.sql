-- The publisher reads only the keys that changed since its last look, not every key every second.
alter table api_keys add column changed_at timestamptz not null default now();
create index api_keys_by_change on api_keys (changed_at);
-- ... and the few tenants with their own rate limit without reading every tenant.
create index tenants_with_rate_limit on tenants (name) where rate_limit_per_second is not null;

-- Every change a routing snapshot carries wakes the publisher at once (it still looks every second without one).
create function notify_snapshot_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('shapes_snapshot', tg_table_name);
    return null;
end;
$$;
create trigger api_keys_changed after insert or update or delete on api_keys
    for each statement execute function notify_snapshot_change();
create trigger tenants_changed after insert or update or delete on tenants
    for each statement execute function notify_snapshot_change();
create trigger map_versions_changed after insert or update or delete on map_versions
    for each statement execute function notify_snapshot_change();
