package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"

	"github.com/pmohq/pmo"
)

// FindTaskByID returns a task with its links; NotFound.
func (db *DB) FindTaskByID(ctx context.Context, id int64) (k *pmo.Task, err error) {
	err = db.read(ctx, func(t *tx) error {
		k, err = t.findTask(id)
		return err
	})
	return k, err
}

func (t *tx) findTask(id int64) (*pmo.Task, error) {
	tasks, err := t.scheduleTasks("t.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(tasks) == 0 {
		return nil, notFound("task", id)
	}
	// Parent and Summary need the outline around the task.
	var parent sql.NullInt64
	err = t.queryRow(`SELECT p.uid FROM schedule_tasks p JOIN schedule_tasks k ON k.project_id = p.project_id
		WHERE k.id = ? AND p.position < k.position AND p.outline_level = k.outline_level - 1
		ORDER BY p.position DESC LIMIT 1`, id).Scan(&parent)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	k := &tasks[0]
	k.Parent = -1
	if parent.Valid {
		k.Parent = int(parent.Int64)
	}
	var next sql.NullInt64
	err = t.queryRow(`SELECT n.outline_level FROM schedule_tasks n JOIN schedule_tasks k ON k.project_id = n.project_id
		WHERE k.id = ? AND n.position > k.position ORDER BY n.position LIMIT 1`, id).Scan(&next)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	k.Summary = next.Valid && int(next.Int64) > k.OutlineLevel
	return k, nil
}

// editTask loads the schedule of task id at its version, lets edit change
// it, validates the whole schedule and returns it with the task's index.
func (t *tx) editTask(id int64, version int, edit func(s *pmo.Schedule, k *pmo.Task) error) (*pmo.Schedule, int, *pmo.Task, error) {
	var projectID int64
	var cur int
	err := t.queryRow("SELECT project_id, version FROM schedule_tasks WHERE id = ?", id).Scan(&projectID, &cur)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, nil, notFound("task", id)
	}
	if err != nil {
		return nil, 0, nil, err
	}
	if cur != version {
		return nil, 0, nil, pmo.Errorf(pmo.Stale, "someone else saved this task first; the current version is %d: reload and try again", cur)
	}
	s, err := t.findSchedule(projectID)
	if err != nil {
		return nil, 0, nil, err
	}
	i := slices.IndexFunc(s.Tasks, func(k pmo.Task) bool { return k.ID == id })
	before := s.Tasks[i]
	before.Predecessors = slices.Clone(before.Predecessors)
	if err := edit(s, &s.Tasks[i]); err != nil {
		return nil, 0, nil, err
	}
	if err := s.Prepare(); err != nil {
		return nil, 0, nil, taskFields(err, i)
	}
	return s, i, &before, nil
}

// taskFields renames "tasks[i].x" fields of the edited task to "x", so a
// client editing one task sees its own field names.
func taskFields(err error, i int) error {
	return entityFields(err, "tasks["+strconv.Itoa(i)+"].")
}

// entityFields removes prefix from the fields of err, so that a client
// editing one record of a schedule sees that record's field names.
func entityFields(err error, prefix string) error {
	fs := pmo.ErrorFields(err)
	if fs == nil {
		return err
	}
	out := &pmo.Error{Kind: pmo.Invalid, Message: pmo.ErrorMessage(err)}
	for _, f := range fs {
		if len(f.Field) > len(prefix) && f.Field[:len(prefix)] == prefix {
			f.Field = f.Field[len(prefix):]
		}
		out.Fields = append(out.Fields, f)
	}
	return out
}

// saveTask writes the editable fields of task k, moves its version and the
// schedule's, and records the audit entry.
func (t *tx) saveTask(s *pmo.Schedule, k *pmo.Task, before *pmo.Task) error {
	res, err := t.exec(`UPDATE schedule_tasks SET name = ?, wbs = ?, milestone = ?, duration = ?, elapsed = ?,
		priority = ?, notes = ?, percent_complete = ?, actual_start = ?, actual_finish = ?, constraint_type = ?,
		constraint_date = ?, deadline = ?, calendar_uid = ?, ignore_resource_calendar = ?, version = version + 1,
		updated_at = ? WHERE id = ? AND version = ?`,
		k.Name, k.WBS, boolArg(k.Milestone), k.Duration, boolArg(k.Elapsed), k.Priority, k.Notes, k.PercentComplete,
		nullTime(k.ActualStart), nullTime(k.ActualFinish), string(k.Constraint), nullTime(k.ConstraintDate),
		nullTime(k.Deadline), k.Calendar, boolArg(k.IgnoreResourceCalendar), timeArg(t.now), k.ID, k.Version)
	if err != nil {
		return err
	}
	if err := t.checkAffected(res, "schedule_tasks", "task", k.ID); err != nil {
		return err
	}
	k.Version++
	k.UpdatedAt = t.now
	if _, err := t.bumpSchedule(s.ProjectID); err != nil {
		return err
	}
	return t.audit("schedule_task", k.ID, s.ProjectID, pmo.AuditUpdate, before, k)
}

// UpdateTask applies upd to task id; Stale for an old version, Invalid
// for a value the schedule rejects (fields named as in pmo.Task).
func (db *DB) UpdateTask(ctx context.Context, id int64, version int, upd pmo.TaskUpdate) (k *pmo.Task, err error) {
	err = db.write(ctx, func(t *tx) error {
		s, i, before, err := t.editTask(id, version, func(_ *pmo.Schedule, k *pmo.Task) error {
			upd.Apply(k)
			return nil
		})
		if err != nil {
			return err
		}
		k = &s.Tasks[i]
		return t.saveTask(s, k, before)
	})
	return k, err
}

// AddLink adds a link into task id from l.Predecessor; Invalid for an
// unknown predecessor, a duplicate or a cycle; Stale.
func (db *DB) AddLink(ctx context.Context, id int64, version int, l pmo.Link) (k *pmo.Task, err error) {
	err = db.write(ctx, func(t *tx) error {
		s, i, before, err := t.editTask(id, version, func(_ *pmo.Schedule, k *pmo.Task) error {
			k.Predecessors = append(k.Predecessors, l)
			return nil
		})
		if err != nil {
			return err
		}
		k = &s.Tasks[i]
		n := len(k.Predecessors) - 1
		if _, err := t.exec("INSERT INTO schedule_links ("+linkInsertCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			linkRow(s.ProjectID, k.UID, n, &k.Predecessors[n])...); err != nil {
			return err
		}
		return t.saveTask(s, k, before)
	})
	return k, err
}

// RemoveLink removes the link from predecessor UID pred into task id;
// NotFound when there is none; Stale.
func (db *DB) RemoveLink(ctx context.Context, id int64, version int, pred int) (k *pmo.Task, err error) {
	err = db.write(ctx, func(t *tx) error {
		s, i, before, err := t.editTask(id, version, func(_ *pmo.Schedule, k *pmo.Task) error {
			j := slices.IndexFunc(k.Predecessors, func(l pmo.Link) bool { return l.Predecessor == pred })
			if j < 0 {
				return pmo.Errorf(pmo.NotFound, "task %d has no link from task UID %d", id, pred)
			}
			k.Predecessors = slices.Delete(k.Predecessors, j, j+1)
			return nil
		})
		if err != nil {
			return err
		}
		k = &s.Tasks[i]
		if _, err := t.exec("DELETE FROM schedule_links WHERE project_id = ? AND succ_uid = ? AND pred_uid = ?",
			s.ProjectID, k.UID, pred); err != nil {
			return err
		}
		return t.saveTask(s, k, before)
	})
	return k, err
}

// SaveScheduleDates stores the computed values of s's tasks (and their
// levelling delays), the status date they were computed for, the finish
// and warnings; Stale when the schedule is
// not at version. Task versions do not move: computed values are not
// edits, and an edit in progress stays valid.
func (db *DB) SaveScheduleDates(ctx context.Context, s *pmo.Schedule, version int) error {
	return db.write(ctx, func(t *tx) error { return t.saveScheduleDates(s, version) })
}

// SaveSchedulesDates stores the computed values of several schedules in
// one transaction: all of them or none (a pool levelling). versions[i] is
// the version of ss[i]; Stale, naming the project, when one differs.
func (db *DB) SaveSchedulesDates(ctx context.Context, ss []*pmo.Schedule, versions []int) error {
	if len(ss) != len(versions) {
		return pmo.Errorf(pmo.Internal, "SaveSchedulesDates: %d schedules, %d versions", len(ss), len(versions))
	}
	return db.write(ctx, func(t *tx) error {
		for i, s := range ss {
			if err := t.saveScheduleDates(s, versions[i]); err != nil {
				if pmo.ErrorKind(err) == pmo.Stale {
					return pmo.Errorf(pmo.Stale, "project %d: %s", s.ProjectID, pmo.ErrorMessage(err))
				}
				return err
			}
		}
		return nil
	})
}

func (t *tx) saveScheduleDates(s *pmo.Schedule, version int) error {
	{
		old, err := t.findSchedule(s.ProjectID)
		if err != nil {
			return err
		}
		if old.Version != version {
			return pmo.Errorf(pmo.Stale, "someone else changed this schedule first; the current version is %d: reload and try again", old.Version)
		}
		warnings := nonNil(s.Warnings)
		w, err := json.Marshal(warnings)
		if err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE schedules SET status_date = ?, finish_at = ?, computed_at = ?, warnings = ?,
			version = version + 1, updated_at = ? WHERE project_id = ?`, nullTime(s.StatusDate), nullTime(s.Finish),
			nullTime(s.ComputedAt), string(w), timeArg(t.now), s.ProjectID); err != nil {
			return err
		}
		st, err := t.prepare(`UPDATE schedule_tasks SET leveling_delay = ?, start_at = ?, finish_at = ?,
			early_start = ?, early_finish = ?, late_start = ?, late_finish = ?, total_float = ?, free_float = ?,
			critical = ?, driver_uid = ? WHERE project_id = ? AND uid = ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := range s.Tasks {
			k := &s.Tasks[i]
			if _, err := st.ExecContext(t.ctx, k.LevelingDelay, nullTime(k.Start), nullTime(k.Finish),
				nullTime(k.EarlyStart), nullTime(k.EarlyFinish), nullTime(k.LateStart), nullTime(k.LateFinish),
				k.TotalFloat, k.FreeFloat, boolArg(k.Critical), k.Driver, s.ProjectID, k.UID); err != nil {
				return err
			}
		}
		s.Version, s.UpdatedAt = version+1, t.now
		type dates struct {
			Finish   any `json:"finish"`
			Critical int `json:"critical_tasks"`
			Warnings int `json:"warnings"`
		}
		return t.audit("schedule", s.ProjectID, s.ProjectID, pmo.AuditUpdate,
			dates{old.Finish, len(old.CriticalTasks()), len(old.Warnings)},
			dates{s.Finish, len(s.CriticalTasks()), len(s.Warnings)})
	}
}
