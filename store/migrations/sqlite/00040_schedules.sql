-- +goose Up
-- Project schedules (issue 7): one schedule per project with its calendars,
-- tasks in outline order, links, resources and assignments, stored by the
-- UIDs an MS Project file gives them so that single tasks can be edited and
-- whole schedules replaced; baselines are snapshots of task dates.
CREATE TABLE schedules (
    project_id BIGINT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    start_at TEXT NOT NULL,
    status_date TEXT,
    calendar_uid INTEGER NOT NULL,
    minutes_per_day INTEGER NOT NULL,
    minutes_per_week INTEGER NOT NULL,
    finish_at TEXT,
    computed_at TEXT,
    warnings TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE schedule_calendars (
    project_id BIGINT NOT NULL REFERENCES schedules (project_id) ON DELETE CASCADE,
    uid INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    base_uid INTEGER NOT NULL,
    week TEXT NOT NULL,
    exceptions TEXT NOT NULL,
    PRIMARY KEY (project_id, uid)
);

CREATE TABLE schedule_tasks (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES schedules (project_id) ON DELETE CASCADE,
    uid INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    wbs TEXT NOT NULL,
    outline_level INTEGER NOT NULL,
    milestone INTEGER NOT NULL,
    duration BIGINT NOT NULL,
    elapsed INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    notes TEXT NOT NULL,
    percent_complete INTEGER NOT NULL,
    actual_start TEXT,
    actual_finish TEXT,
    constraint_type TEXT NOT NULL,
    constraint_date TEXT,
    deadline TEXT,
    calendar_uid INTEGER NOT NULL,
    ignore_resource_calendar INTEGER NOT NULL,
    leveling_delay BIGINT NOT NULL,
    start_at TEXT,
    finish_at TEXT,
    early_start TEXT,
    early_finish TEXT,
    late_start TEXT,
    late_finish TEXT,
    total_float BIGINT NOT NULL,
    free_float BIGINT NOT NULL,
    critical INTEGER NOT NULL,
    driver_uid INTEGER NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT schedule_tasks_uid_key UNIQUE (project_id, uid)
);
CREATE INDEX schedule_tasks_position_idx ON schedule_tasks (project_id, position);

CREATE TABLE schedule_links (
    project_id BIGINT NOT NULL,
    succ_uid INTEGER NOT NULL,
    pred_uid INTEGER NOT NULL,
    position INTEGER NOT NULL,
    link_type TEXT NOT NULL,
    lag BIGINT NOT NULL,
    lag_percent INTEGER NOT NULL,
    elapsed INTEGER NOT NULL,
    PRIMARY KEY (project_id, succ_uid, pred_uid),
    FOREIGN KEY (project_id, succ_uid) REFERENCES schedule_tasks (project_id, uid) ON DELETE CASCADE,
    FOREIGN KEY (project_id, pred_uid) REFERENCES schedule_tasks (project_id, uid) ON DELETE CASCADE
);
CREATE INDEX schedule_links_pred_idx ON schedule_links (project_id, pred_uid);

CREATE TABLE schedule_resources (
    project_id BIGINT NOT NULL REFERENCES schedules (project_id) ON DELETE CASCADE,
    uid INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    max_units DOUBLE PRECISION NOT NULL,
    calendar_uid INTEGER NOT NULL,
    PRIMARY KEY (project_id, uid)
);

CREATE TABLE schedule_assignments (
    project_id BIGINT NOT NULL,
    uid INTEGER NOT NULL,
    task_uid INTEGER NOT NULL,
    resource_uid INTEGER NOT NULL,
    units DOUBLE PRECISION NOT NULL,
    work BIGINT NOT NULL,
    PRIMARY KEY (project_id, uid),
    FOREIGN KEY (project_id, task_uid) REFERENCES schedule_tasks (project_id, uid) ON DELETE CASCADE,
    FOREIGN KEY (project_id, resource_uid) REFERENCES schedule_resources (project_id, uid) ON DELETE CASCADE
);

-- Baselines belong to the project, not to one imported schedule: replacing
-- the schedule keeps them.
CREATE TABLE schedule_baselines (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    finish_at TEXT,
    PRIMARY KEY (project_id, number)
);

CREATE TABLE schedule_baseline_tasks (
    project_id BIGINT NOT NULL,
    number INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    start_at TEXT,
    finish_at TEXT,
    duration BIGINT NOT NULL,
    work BIGINT NOT NULL,
    cost DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (project_id, number, uid),
    FOREIGN KEY (project_id, number) REFERENCES schedule_baselines (project_id, number) ON DELETE CASCADE
);

