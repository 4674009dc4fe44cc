-- +goose Up
-- How a scenario counts running work's committed load: derived from the
-- portfolio (the default, '{}'), none, or given explicitly (issue 6).
ALTER TABLE scenarios ADD COLUMN committed TEXT NOT NULL DEFAULT '{}';
