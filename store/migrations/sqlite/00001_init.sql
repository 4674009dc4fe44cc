-- +goose Up
CREATE TABLE portfolios (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    pmo_type TEXT NOT NULL,
    cadence TEXT NOT NULL,
    currency TEXT NOT NULL,
    custom_fields TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT portfolios_code_key UNIQUE (code)
);

CREATE TABLE programs (
    id INTEGER PRIMARY KEY,
    portfolio_id BIGINT NOT NULL REFERENCES portfolios (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    manager TEXT NOT NULL,
    sponsor TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT programs_code_key UNIQUE (code)
);
CREATE INDEX programs_portfolio_id_idx ON programs (portfolio_id);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    portfolio_id BIGINT NOT NULL REFERENCES portfolios (id),
    program_id BIGINT REFERENCES programs (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    sponsor TEXT NOT NULL,
    manager TEXT NOT NULL,
    stage TEXT NOT NULL,
    state TEXT NOT NULL,
    priority INTEGER NOT NULL,
    planned_start TEXT,
    planned_finish TEXT,
    forecast_start TEXT,
    forecast_finish TEXT,
    actual_start TEXT,
    actual_finish TEXT,
    budget_minor BIGINT NOT NULL,
    budget_currency TEXT NOT NULL,
    custom_fields TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT projects_code_key UNIQUE (code)
);
CREATE INDEX projects_portfolio_id_idx ON projects (portfolio_id);
CREATE INDEX projects_program_id_idx ON projects (program_id);
-- Covers the roll-up and list counts, which then never read the wide rows.
CREATE INDEX projects_rollup_idx ON projects (portfolio_id, state, stage, program_id, budget_currency, budget_minor);

CREATE TABLE project_tags (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (project_id, tag)
);
CREATE INDEX project_tags_tag_idx ON project_tags (tag);

CREATE TABLE status_reports (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    period TEXT NOT NULL,
    period_start TEXT NOT NULL,
    revision INTEGER NOT NULL,
    schedule TEXT NOT NULL,
    cost TEXT NOT NULL,
    scope TEXT NOT NULL,
    risk TEXT NOT NULL,
    overall TEXT NOT NULL,
    override_reason TEXT NOT NULL,
    schedule_trend TEXT NOT NULL,
    cost_trend TEXT NOT NULL,
    scope_trend TEXT NOT NULL,
    risk_trend TEXT NOT NULL,
    overall_trend TEXT NOT NULL,
    summary TEXT NOT NULL,
    achievements TEXT NOT NULL,
    next_steps TEXT NOT NULL,
    decisions_needed TEXT NOT NULL,
    actual_cost_minor BIGINT NOT NULL,
    actual_cost_currency TEXT NOT NULL,
    forecast_cost_minor BIGINT NOT NULL,
    forecast_cost_currency TEXT NOT NULL,
    correction_reason TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    CONSTRAINT status_reports_period_key UNIQUE (project_id, period, revision)
);
CREATE INDEX status_reports_project_start_idx ON status_reports (project_id, period_start, revision);

CREATE TABLE project_current_status (
    project_id INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE, -- the rowid: one lookup per join
    report_id BIGINT NOT NULL REFERENCES status_reports (id),
    period TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    schedule TEXT NOT NULL,
    cost TEXT NOT NULL,
    scope TEXT NOT NULL,
    risk TEXT NOT NULL,
    overall TEXT NOT NULL,
    overall_trend TEXT NOT NULL,
    forecast_cost_minor BIGINT NOT NULL,
    forecast_cost_currency TEXT NOT NULL,
    actual_cost_minor BIGINT NOT NULL,
    actual_cost_currency TEXT NOT NULL
);

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    key_milestone BOOLEAN NOT NULL,
    baseline TEXT,
    forecast TEXT,
    actual TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX milestones_project_id_idx ON milestones (project_id);

CREATE TABLE risks (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    level TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    probability INTEGER NOT NULL,
    impact INTEGER NOT NULL,
    score INTEGER NOT NULL,
    cost_impact_minor BIGINT NOT NULL,
    cost_impact_currency TEXT NOT NULL,
    emv_minor BIGINT NOT NULL,
    emv_currency TEXT NOT NULL,
    response TEXT NOT NULL,
    response_plan TEXT NOT NULL,
    review_date TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX risks_project_id_idx ON risks (project_id);

CREATE TABLE issues (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    level TEXT NOT NULL,
    type TEXT NOT NULL,
    severity TEXT NOT NULL,
    due TEXT,
    resolution TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX issues_project_id_idx ON issues (project_id);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    level TEXT NOT NULL,
    category TEXT NOT NULL,
    due TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX actions_project_id_idx ON actions (project_id);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    level TEXT NOT NULL,
    forum TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_on TEXT,
    rationale TEXT NOT NULL,
    evidence TEXT NOT NULL,
    needed_by TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX decisions_project_id_idx ON decisions (project_id);

CREATE TABLE dependencies (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    level TEXT NOT NULL,
    to_project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    deliverable TEXT NOT NULL,
    need_by TEXT,
    committed TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX dependencies_project_id_idx ON dependencies (project_id);
CREATE INDEX dependencies_to_project_id_idx ON dependencies (to_project_id);

CREATE TABLE change_requests (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    justification TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    priority INTEGER NOT NULL,
    cost_impact_minor BIGINT NOT NULL,
    cost_impact_currency TEXT NOT NULL,
    schedule_days INTEGER NOT NULL,
    scope_impact TEXT NOT NULL,
    benefits_impact TEXT NOT NULL,
    state TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX change_requests_project_id_idx ON change_requests (project_id);

CREATE TABLE change_events (
    id INTEGER PRIMARY KEY,
    change_request_id BIGINT NOT NULL REFERENCES change_requests (id) ON DELETE CASCADE,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    actor TEXT NOT NULL,
    comment TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX change_events_change_request_id_idx ON change_events (change_request_id);
