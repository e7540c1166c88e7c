-- Works on both PostgreSQL and H2 (in PostgreSQL mode).

-- GitHub's content-creation limits count per installation across all replicas: one row per content-creating
-- request of the last hour, and one row per installation that a transaction locks while it counts and adds.
create table content_rate_installations (
    installation_id bigint primary key
);

create table content_requests (
    installation_id bigint not null,
    sent_at         timestamp with time zone not null
);
create index content_requests_installation_idx on content_requests (installation_id, sent_at);
