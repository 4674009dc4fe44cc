-- +goose Up
-- The governance portfolio views count findings in SQL (issue 5): by rule
-- over every state, and the open violations by project, manager, program
-- and stage. These indexes hold every column those counts read, so that
-- they scan an index in group order and never the findings' long texts.
CREATE INDEX findings_rule_tally_idx ON findings (kind, rule, resolved_at, waived, seen);
CREATE INDEX findings_open_tally_idx ON findings (kind, project_id, manager, program, stage, seen, first_seen, resolved_at, waived)
    WHERE resolved_at IS NULL AND waived = 0;

-- +goose Down
DROP INDEX findings_open_tally_idx;
DROP INDEX findings_rule_tally_idx;
