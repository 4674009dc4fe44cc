package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/pmohq/pmo"
)

// CreateTask adds a task under c.Parent at c.Position with the next free
// UID; Stale, Invalid (see pmo.ScheduleService).
func (db *DB) CreateTask(ctx context.Context, projectID int64, version int, c pmo.TaskCreate) (k *pmo.Task, err error) {
	err = db.write(ctx, func(t *tx) error {
		s, err := t.findSchedule(projectID)
		if err != nil {
			return err
		}
		if s.Version != version {
			return pmo.Errorf(pmo.Stale, "someone else changed this schedule first; the current version is %d: reload and try again", s.Version)
		}
		at, level, err := placeTask(s, c.Parent, c.Position)
		if err != nil {
			return err
		}
		nt := c.Task
		nt.ID, nt.ProjectID, nt.OutlineLevel, nt.LevelingDelay = 0, projectID, level, 0
		nt.TaskDates = pmo.TaskDates{Driver: -1}
		nt.UID = 1
		for _, o := range s.Tasks {
			nt.UID = max(nt.UID, o.UID+1)
		}
		s.Tasks = slices.Insert(s.Tasks, at, nt)
		if err := s.Prepare(); err != nil {
			return taskFields(err, at)
		}
		k = &s.Tasks[at]
		if _, err := t.exec("UPDATE schedule_tasks SET position = position + 1 WHERE project_id = ? AND position >= ?",
			projectID, at); err != nil {
			return err
		}
		one := &pmo.Schedule{ProjectID: projectID, Tasks: []pmo.Task{*k}}
		if err := t.insertTasks(one); err != nil {
			return err
		}
		// insertTasks numbers positions from 0: put the row where it belongs.
		if err := t.queryRow("UPDATE schedule_tasks SET position = ? WHERE project_id = ? AND uid = ? RETURNING id",
			at, projectID, k.UID).Scan(&k.ID); err != nil {
			return err
		}
		if err := t.insertLinks(one); err != nil {
			return err
		}
		k.Version, k.UpdatedAt = 1, t.now
		if _, err := t.bumpSchedule(projectID); err != nil {
			return err
		}
		return t.audit("schedule_task", k.ID, projectID, pmo.AuditCreate, nil, k)
	})
	return k, err
}

// placeTask returns the index at which a new task goes and its outline
// level: under parent (a UID, -1 for the top) as child number pos (-1:
// last).
func placeTask(s *pmo.Schedule, parent, pos int) (at, level int, err error) {
	from, end, level := 0, len(s.Tasks), 1
	if parent != -1 {
		pi := slices.IndexFunc(s.Tasks, func(k pmo.Task) bool { return k.UID == parent })
		if pi < 0 {
			return 0, 0, pmo.FieldErr("parent", "no task has UID %d", parent)
		}
		level = s.Tasks[pi].OutlineLevel + 1
		from, end = pi+1, pi+1
		for end < len(s.Tasks) && s.Tasks[end].OutlineLevel >= level {
			end++
		}
	}
	if pos < -1 {
		return 0, 0, pmo.FieldErr("position", "must be 0 or more (or absent: last)")
	}
	n := 0 // direct children met so far
	for i := from; i < end; i++ {
		if s.Tasks[i].OutlineLevel == level {
			if n == pos {
				return i, level, nil
			}
			n++
		}
	}
	if pos > n {
		return 0, 0, pmo.FieldErr("position", "must be at most %d, the number of tasks at that place", n)
	}
	return end, level, nil
}

// DeleteTask removes task id, and its subtasks when children is set;
// links and assignments go with them (the foreign keys cascade).
func (db *DB) DeleteTask(ctx context.Context, id int64, version int, children bool) error {
	return db.write(ctx, func(t *tx) error {
		var projectID int64
		var cur int
		err := t.queryRow("SELECT project_id, version FROM schedule_tasks WHERE id = ?", id).Scan(&projectID, &cur)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("task", id)
		}
		if err != nil {
			return err
		}
		if cur != version {
			return pmo.Errorf(pmo.Stale, "someone else saved this task first; the current version is %d: reload and try again", cur)
		}
		s, err := t.findSchedule(projectID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(s.Tasks, func(k pmo.Task) bool { return k.ID == id })
		end := i + 1
		for end < len(s.Tasks) && s.Tasks[end].OutlineLevel > s.Tasks[i].OutlineLevel {
			end++
		}
		if end-i > 1 && !children {
			return pmo.Errorf(pmo.Conflict, "task %q is a summary of %d tasks: delete them first, or ask to delete it with its children", s.Tasks[i].Name, end-i-1)
		}
		gone := s.Tasks[i:end]
		for _, k := range gone {
			if _, err := t.exec("DELETE FROM schedule_tasks WHERE id = ?", k.ID); err != nil {
				return err
			}
		}
		if _, err := t.exec("UPDATE schedule_tasks SET position = position - ? WHERE project_id = ? AND position >= ?",
			end-i, projectID, end); err != nil {
			return err
		}
		if _, err := t.bumpSchedule(projectID); err != nil {
			return err
		}
		for _, k := range gone {
			if err := t.audit("schedule_task", k.ID, projectID, pmo.AuditDelete, k, nil); err != nil {
				return err
			}
		}
		return nil
	})
}
