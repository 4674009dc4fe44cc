-- +goose Up
-- Intake and prioritisation (issue 6): proposals with their business case,
-- workflow events, dependencies and exclusions; each portfolio's scoring
-- model and reviewers' scores; optimiser scenarios and their stored runs.
-- A business case, a model's criteria and a scenario's profiles are JSON:
-- they are read and written whole, never queried inside.
CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    portfolio_id BIGINT NOT NULL REFERENCES portfolios (id),
    program_id BIGINT REFERENCES programs (id),
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    requester TEXT NOT NULL,
    requester_id BIGINT NOT NULL,
    sponsor TEXT NOT NULL,
    category TEXT NOT NULL,
    mandatory INTEGER NOT NULL,
    legal_basis TEXT NOT NULL,
    objectives TEXT NOT NULL,
    alignment INTEGER NOT NULL,
    risk INTEGER NOT NULL,
    earliest_start TEXT NOT NULL,
    latest_start TEXT NOT NULL,
    business_case TEXT NOT NULL,
    total_cost BIGINT NOT NULL,
    npv BIGINT NOT NULL,
    state TEXT NOT NULL,
    project_id BIGINT REFERENCES projects (id) ON DELETE SET NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT proposals_code_key UNIQUE (code)
);
CREATE INDEX proposals_portfolio_idx ON proposals (portfolio_id, id);
CREATE INDEX proposals_program_idx ON proposals (program_id);
CREATE INDEX proposals_project_idx ON proposals (project_id);
CREATE INDEX proposals_requester_idx ON proposals (requester_id);

CREATE TABLE proposal_events (
    id INTEGER PRIMARY KEY,
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    actor TEXT NOT NULL,
    comment TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX proposal_events_proposal_idx ON proposal_events (proposal_id, id);

-- A dependency names another proposal or an existing project; deleting a
-- proposal that others name is refused by the store.
CREATE TABLE proposal_dependencies (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    other_id BIGINT REFERENCES proposals (id),
    project_id BIGINT REFERENCES projects (id) ON DELETE CASCADE,
    finish_first INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, position)
);
CREATE INDEX proposal_dependencies_other_idx ON proposal_dependencies (other_id);
CREATE INDEX proposal_dependencies_project_idx ON proposal_dependencies (project_id);

CREATE TABLE proposal_exclusions (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    other_id BIGINT NOT NULL REFERENCES proposals (id),
    PRIMARY KEY (proposal_id, position)
);
CREATE INDEX proposal_exclusions_other_idx ON proposal_exclusions (other_id);

CREATE TABLE scoring_models (
    id INTEGER PRIMARY KEY,
    portfolio_id BIGINT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    criteria TEXT NOT NULL,
    pairwise TEXT NOT NULL,
    consistency_ratio REAL NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT scoring_models_portfolio_id_key UNIQUE (portfolio_id)
);

CREATE TABLE proposal_scores (
    proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    reviewer_id BIGINT NOT NULL,
    criterion TEXT NOT NULL,
    value REAL NOT NULL,
    comment TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (proposal_id, reviewer, criterion)
);

CREATE TABLE scenarios (
    id INTEGER PRIMARY KEY,
    portfolio_id BIGINT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    notes TEXT NOT NULL,
    start_period TEXT NOT NULL,
    periods INTEGER NOT NULL,
    currency TEXT NOT NULL,
    budget TEXT NOT NULL,
    capacity TEXT NOT NULL,
    objective TEXT NOT NULL,
    lock_in TEXT NOT NULL,
    lock_out TEXT NOT NULL,
    time_limit_ms INTEGER NOT NULL,
    seed BIGINT NOT NULL,
    timed INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT scenarios_name_key UNIQUE (portfolio_id, name)
);

CREATE TABLE scenario_runs (
    id INTEGER PRIMARY KEY,
    scenario_id BIGINT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    objective TEXT NOT NULL,
    selected TEXT NOT NULL,
    value REAL NOT NULL,
    bound REAL NOT NULL,
    gap REAL NOT NULL,
    proven INTEGER NOT NULL,
    infeasible INTEGER NOT NULL,
    elapsed_ms BIGINT NOT NULL,
    message TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX scenario_runs_scenario_idx ON scenario_runs (scenario_id, id);

