-- +goose Up
-- The current status keeps every dimension's trend, so dashboards can draw
-- trend arrows per dimension without reading the report itself.
ALTER TABLE project_current_status ADD COLUMN schedule_trend TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE project_current_status ADD COLUMN cost_trend TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE project_current_status ADD COLUMN scope_trend TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE project_current_status ADD COLUMN risk_trend TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE project_current_status SET
    schedule_trend = (SELECT s.schedule_trend FROM status_reports s WHERE s.id = project_current_status.report_id),
    cost_trend = (SELECT s.cost_trend FROM status_reports s WHERE s.id = project_current_status.report_id),
    scope_trend = (SELECT s.scope_trend FROM status_reports s WHERE s.id = project_current_status.report_id),
    risk_trend = (SELECT s.risk_trend FROM status_reports s WHERE s.id = project_current_status.report_id);
