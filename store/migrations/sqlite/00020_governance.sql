-- +goose Up
-- Governance workflow (issue 5): published framework versions, the version
-- each project follows, audit runs with the findings lifecycle, waivers,
-- gate reviews with approvers' decisions, and comments on rules.
CREATE TABLE framework_versions (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    label TEXT NOT NULL,
    name TEXT NOT NULL,
    document TEXT NOT NULL,
    hash TEXT NOT NULL,
    is_current INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    CONSTRAINT framework_versions_seq_key UNIQUE (seq)
);
-- Exactly one version is current once any is published.
CREATE UNIQUE INDEX framework_versions_current_idx ON framework_versions (is_current) WHERE is_current = 1;

CREATE TABLE project_frameworks (
    project_id BIGINT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    framework_id BIGINT NOT NULL REFERENCES framework_versions (id),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);

CREATE TABLE audit_runs (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    framework_id BIGINT NOT NULL REFERENCES framework_versions (id),
    framework_label TEXT NOT NULL,
    portfolio_id BIGINT NOT NULL,
    projects INTEGER NOT NULL,
    violations INTEGER NOT NULL,
    waived INTEGER NOT NULL,
    rule_errors INTEGER NOT NULL,
    opened INTEGER NOT NULL,
    resolved INTEGER NOT NULL,
    counts TEXT NOT NULL,
    run_by TEXT NOT NULL
);

CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    title TEXT NOT NULL,
    message TEXT NOT NULL,
    stage TEXT NOT NULL,
    class TEXT NOT NULL,
    manager TEXT NOT NULL,
    program TEXT NOT NULL,
    waived INTEGER NOT NULL,
    seen INTEGER NOT NULL,
    framework_id BIGINT NOT NULL,
    first_run_id BIGINT NOT NULL,
    last_run_id BIGINT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    resolved_at TEXT
);
-- One open finding per project, rule and kind: the key audits upsert on.
CREATE UNIQUE INDEX findings_open_key ON findings (project_id, rule, kind) WHERE resolved_at IS NULL;
CREATE INDEX findings_rule_idx ON findings (rule);
CREATE INDEX findings_project_idx ON findings (project_id, id);

CREATE TABLE waivers (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    reason TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX waivers_project_idx ON waivers (project_id, rule);

CREATE TABLE gate_reviews (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    framework_id BIGINT NOT NULL REFERENCES framework_versions (id),
    gate TEXT NOT NULL,
    gate_name TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    note TEXT NOT NULL,
    ready INTEGER NOT NULL,
    checklist TEXT NOT NULL,
    outcome TEXT NOT NULL,
    conditions TEXT NOT NULL,
    comment TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT,
    decision_id BIGINT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- A project has at most one open review per gate.
CREATE UNIQUE INDEX gate_reviews_open_key ON gate_reviews (project_id, gate) WHERE status = 'requested';
CREATE INDEX gate_reviews_project_idx ON gate_reviews (project_id, id);

CREATE TABLE gate_votes (
    id INTEGER PRIMARY KEY,
    review_id BIGINT NOT NULL REFERENCES gate_reviews (id) ON DELETE CASCADE,
    approver TEXT NOT NULL,
    role TEXT NOT NULL,
    decision TEXT NOT NULL,
    conditions TEXT NOT NULL,
    comment TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX gate_votes_review_idx ON gate_votes (review_id, id);

CREATE TABLE rule_comments (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    project_id BIGINT REFERENCES projects (id) ON DELETE CASCADE,
    framework_id BIGINT NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX rule_comments_rule_idx ON rule_comments (rule, id);
