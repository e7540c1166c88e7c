-- Works on both PostgreSQL and H2 (in PostgreSQL mode).

-- Every accepted webhook delivery, keyed by X-GitHub-Delivery so that redeliveries are recognised.
create table deliveries (
    id              varchar(100)  primary key,
    event           varchar(60)   not null,
    action          varchar(60),
    installation_id bigint,
    repository_id   bigint,
    repository      varchar(300),
    supersede_key   varchar(400),
    payload         text          not null,
    status          varchar(20)   not null,
    failures        int           not null default 0,
    detail          varchar(2000),
    received_at     timestamp with time zone not null,
    finished_at     timestamp with time zone
);
create index deliveries_status_idx on deliveries (status);

-- The newest delivery per branch or pull request; older ones are skipped as superseded.
create table latest_deliveries (
    supersede_key varchar(400) primary key,
    delivery_id   varchar(100) not null
);

-- One job per repository at a time, across replicas.
create table repository_leases (
    repository_id bigint primary key,
    holder        varchar(100) not null,
    expires_at    timestamp with time zone not null
);

create table installations (
    id         bigint primary key,
    account    varchar(200),
    created_at timestamp with time zone not null
);

create table installation_repositories (
    installation_id bigint       not null,
    repository_id   bigint       not null,
    full_name       varchar(300) not null,
    primary key (installation_id, repository_id)
);

-- db-scheduler's table (its PostgreSQL schema, with varchar keys so that H2 accepts them).
create table scheduled_tasks (
    task_name            varchar(100) not null,
    task_instance        varchar(200) not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean not null,
    picked_by            varchar(200),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
