-- Who did what to the deployment: every cell-manager command, with the operator's OS account and host.
create table audit_log (
    id      bigserial primary key,
    at      timestamptz not null default now(),
    actor   text not null,
    command text not null
);
create index audit_log_by_time on audit_log (at);
