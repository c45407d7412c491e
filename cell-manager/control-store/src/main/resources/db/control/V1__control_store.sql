-- The control store: the small fleet's state. Map versions are append-only; the newest is the truth.

create table deployment (
    id            int primary key default 1 check (id = 1),
    scheme        text   not null check (scheme in ('tenant', 'type', 'id-range')),
    cell_capacity bigint not null check (cell_capacity > 0),
    created_at    timestamptz not null default now()
);

create table cells (
    name       text primary key,
    url        text not null,
    state      text not null check (state in ('active', 'draining')),
    created_at timestamptz not null default now()
);

create table map_versions (
    version    bigint primary key check (version >= 1),
    document   jsonb not null,
    reason     text  not null,
    created_at timestamptz not null default now()
);

create table tenants (
    name                  text primary key,
    rate_limit_per_second int check (rate_limit_per_second > 0),
    created_at            timestamptz not null default now()
);

-- Keys are stored only as SHA-256 hashes; routers load them all with the map (static stability).
create table api_keys (
    key_hash   text primary key,
    tenant     text not null references tenants (name),
    created_at timestamptz not null default now(),
    revoked_at timestamptz
);
create index api_keys_by_tenant on api_keys (tenant);

create table splits (
    id             bigserial primary key,
    source         text   not null references cells (name),
    target         text   not null references cells (name),
    range_from     int    not null check (range_from >= 0 and range_from < 16384),
    range_to       int    not null check (range_to > range_from and range_to <= 16384),
    phase          text   not null,
    copied_through bigint not null default 0,
    rows_copied    bigint not null default 0,
    write_pause_ms bigint,
    map_version    bigint,
    started_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    check (source <> target)
);
-- At most one unfinished split touches a cell.
create unique index one_open_split_per_source on splits (source) where phase not in ('done', 'aborted');
create unique index one_open_split_per_target on splits (target) where phase not in ('done', 'aborted');

create table split_events (
    split_id bigint not null references splits (id),
    phase    text   not null,
    detail   text,
    at       timestamptz not null default now()
);
create index split_events_by_split on split_events (split_id, at);
