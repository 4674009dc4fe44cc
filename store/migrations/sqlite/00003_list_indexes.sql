-- +goose Up
-- Indexes for the first rows of the lists that dashboards show: top risks
-- by score, milestones by forecast date, pending decisions by need-by date,
-- and records escalated to a program or portfolio.
CREATE INDEX risks_score_idx ON risks (score, id);
CREATE INDEX risks_level_idx ON risks (level);
CREATE INDEX milestones_forecast_idx ON milestones (forecast, id);
CREATE INDEX decisions_status_needed_by_idx ON decisions (status, needed_by);
CREATE INDEX decisions_level_idx ON decisions (level);
CREATE INDEX issues_level_idx ON issues (level);
