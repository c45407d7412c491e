-- The autopilot's operations: what it decided, why, and how far it got. A restarted autopilot finishes the
-- operations it finds unfinished here (the new cell's name is chosen before it is provisioned, so provisioning
-- again finds the same cell instead of starting a second one).
create table autopilot_operations (
    id          bigserial primary key,
    kind        text not null check (kind in ('split', 'merge')),
    source      text not null,
    target      text not null,
    state       text not null check (state in ('provisioning', 'registering', 'moving', 'removing', 'done', 'failed')),
    reason      text not null,
    detail      text,
    started_at  timestamptz not null default clock_timestamp(),
    updated_at  timestamptz not null default clock_timestamp()
);
create index autopilot_operations_unfinished on autopilot_operations (id) where state not in ('done', 'failed');
