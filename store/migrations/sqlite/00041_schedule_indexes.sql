-- +goose Up
-- Replacing a schedule deletes its tasks and resources, which cascades to
-- their assignments: without these indexes each deleted row scans the
-- assignments (minutes for 20,000 tasks on PostgreSQL).
CREATE INDEX schedule_assignments_task_idx ON schedule_assignments (project_id, task_uid);
CREATE INDEX schedule_assignments_resource_idx ON schedule_assignments (project_id, resource_uid);
