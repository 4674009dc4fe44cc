package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pmohq/pmo"
)

// ReplaceSchedule stores s as its project's schedule, all or nothing,
// replacing the one at version (0: none). Baselines given replace those
// with the same numbers; the others are kept. One audit record summarises
// the import.
func (db *DB) ReplaceSchedule(ctx context.Context, s *pmo.Schedule, baselines []pmo.Baseline, version int) error {
	if err := s.Prepare(); err != nil {
		return err
	}
	for i := range baselines {
		if err := baselines[i].Prepare(); err != nil {
			return prefixFields(err, fmt.Sprintf("baselines[%d].", i))
		}
	}
	return db.write(ctx, func(t *tx) error {
		if ok, err := t.exists("projects", s.ProjectID); err != nil || !ok {
			return cmpErr(err, notFound("project", s.ProjectID))
		}
		if _, err := t.checkScheduleVersion(s.ProjectID, version); err != nil {
			return err
		}
		var before any
		if version > 0 {
			old, err := t.findSchedule(s.ProjectID)
			if err != nil {
				return err
			}
			before = summarise(old)
			// Cascades remove calendars, tasks, links, resources, assignments.
			if _, err := t.exec("DELETE FROM schedules WHERE project_id = ?", s.ProjectID); err != nil {
				return err
			}
		}
		if err := t.insertSchedule(s, version+1); err != nil {
			return err
		}
		after := summarise(s)
		for i := range baselines {
			if err := t.insertBaseline(s.ProjectID, &baselines[i]); err != nil {
				return err
			}
			after.Baselines = append(after.Baselines, baselines[i].Number)
		}
		var err error
		if s.Baselines, err = t.baselineInfos(s.ProjectID); err != nil {
			return err
		}
		return t.audit("schedule", s.ProjectID, s.ProjectID, pmo.AuditImport, before, after)
	})
}

// prefixFields prefixes the field names of an Invalid error.
func prefixFields(err error, prefix string) error {
	fs := pmo.ErrorFields(err)
	if fs == nil {
		return err
	}
	out := &pmo.Error{Kind: pmo.Invalid, Message: pmo.ErrorMessage(err)}
	for _, f := range fs {
		out.Fields = append(out.Fields, pmo.FieldError{Field: prefix + f.Field, Detail: f.Detail})
	}
	return out
}

func (t *tx) insertSchedule(s *pmo.Schedule, version int) error {
	warnings := s.Warnings
	if warnings == nil {
		warnings = []pmo.ScheduleWarning{}
	}
	w, err := json.Marshal(warnings)
	if err != nil {
		return err
	}
	if _, err := t.exec(`INSERT INTO schedules (project_id, name, start_at, status_date, calendar_uid, minutes_per_day,
		minutes_per_week, finish_at, computed_at, warnings, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ProjectID, s.Name, timeArg(s.Start), nullTime(s.StatusDate), s.Calendar, s.MinutesPerDay, s.MinutesPerWeek,
		nullTime(s.Finish), nullTime(s.ComputedAt), string(w), version, timeArg(t.now)); err != nil {
		return err
	}
	s.Version, s.UpdatedAt = version, t.now
	steps := []func(*pmo.Schedule) error{t.insertCalendars, t.insertTasks, t.insertLinks, t.insertResources, t.insertAssignments}
	for _, step := range steps {
		if err := step(s); err != nil {
			return err
		}
	}
	// Read back the task ids the database chose.
	rows, err := t.query("SELECT uid, id FROM schedule_tasks WHERE project_id = ?", s.ProjectID)
	if err != nil {
		return err
	}
	defer rows.Close()
	ids := make(map[int]int64, len(s.Tasks))
	for rows.Next() {
		var uid int
		var id int64
		if err := rows.Scan(&uid, &id); err != nil {
			return err
		}
		ids[uid] = id
	}
	for i := range s.Tasks {
		k := &s.Tasks[i]
		k.ID, k.ProjectID, k.Version, k.UpdatedAt = ids[k.UID], s.ProjectID, 1, t.now
	}
	return rows.Err()
}

// batch runs rows through a batcher for "INSERT INTO table (cols) VALUES".
func (t *tx) batch(table, cols string, n int, row func(i int) []any) error {
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", strings.Count(cols, ",")+1), ", ") + ")"
	b, err := newBatcher(t, "INSERT INTO "+table+" ("+cols+") VALUES ", tuple)
	if err != nil {
		return err
	}
	defer b.close()
	for i := range n {
		if err := b.add(row(i)); err != nil {
			return err
		}
	}
	return b.flush()
}

func (t *tx) insertCalendars(s *pmo.Schedule) error {
	var ferr error
	err := t.batch("schedule_calendars", "project_id, uid, position, name, base_uid, week, exceptions", len(s.Calendars),
		func(i int) []any {
			c := &s.Calendars[i]
			week, err := json.Marshal(c.Week)
			exc, err2 := json.Marshal(nonNil(c.Exceptions))
			if ferr == nil {
				ferr = cmpErr(err, err2)
			}
			return []any{s.ProjectID, c.UID, i, c.Name, c.Base, string(week), string(exc)}
		})
	return cmpErr(ferr, err)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

const taskInsertCols = `project_id, uid, position, name, wbs, outline_level, milestone, duration, elapsed, priority,
	notes, percent_complete, actual_start, actual_finish, constraint_type, constraint_date, deadline, calendar_uid,
	ignore_resource_calendar, leveling_delay, start_at, finish_at, early_start, early_finish, late_start,
	late_finish, total_float, free_float, critical, driver_uid, version, updated_at`

func (t *tx) insertTasks(s *pmo.Schedule) error {
	return t.batch("schedule_tasks", taskInsertCols, len(s.Tasks), func(i int) []any {
		k := &s.Tasks[i]
		return []any{s.ProjectID, k.UID, i, k.Name, k.WBS, k.OutlineLevel, boolArg(k.Milestone), k.Duration,
			boolArg(k.Elapsed), k.Priority, k.Notes, k.PercentComplete, nullTime(k.ActualStart),
			nullTime(k.ActualFinish), string(k.Constraint), nullTime(k.ConstraintDate), nullTime(k.Deadline),
			k.Calendar, boolArg(k.IgnoreResourceCalendar), k.LevelingDelay, nullTime(k.Start), nullTime(k.Finish),
			nullTime(k.EarlyStart), nullTime(k.EarlyFinish), nullTime(k.LateStart), nullTime(k.LateFinish),
			k.TotalFloat, k.FreeFloat, boolArg(k.Critical), k.Driver, 1, timeArg(t.now)}
	})
}

const linkInsertCols = "project_id, succ_uid, pred_uid, position, link_type, lag, lag_percent, elapsed"

func linkRow(projectID int64, succ, pos int, l *pmo.Link) []any {
	return []any{projectID, succ, l.Predecessor, pos, string(l.Type), l.Lag, l.LagPercent, boolArg(l.Elapsed)}
}

func (t *tx) insertLinks(s *pmo.Schedule) error {
	var rows [][]any
	for i := range s.Tasks {
		for p := range s.Tasks[i].Predecessors {
			rows = append(rows, linkRow(s.ProjectID, s.Tasks[i].UID, p, &s.Tasks[i].Predecessors[p]))
		}
	}
	return t.batch("schedule_links", linkInsertCols, len(rows), func(i int) []any { return rows[i] })
}

func (t *tx) insertResources(s *pmo.Schedule) error {
	return t.batch("schedule_resources", "project_id, uid, position, name, resource_type, max_units, calendar_uid",
		len(s.Resources), func(i int) []any {
			r := &s.Resources[i]
			return []any{s.ProjectID, r.UID, i, r.Name, string(r.Type), r.MaxUnits, r.Calendar}
		})
}

func (t *tx) insertAssignments(s *pmo.Schedule) error {
	return t.batch("schedule_assignments", "project_id, uid, task_uid, resource_uid, units, work",
		len(s.Assignments), func(i int) []any {
			a := &s.Assignments[i]
			return []any{s.ProjectID, a.UID, a.Task, a.Resource, a.Units, a.Work}
		})
}
