package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pmohq/pmo"
)

var _ pmo.ScheduleServices = (*DB)(nil)

// nullTime is the column value of an optional instant: NULL when zero.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return timeArg(t)
}

// nullTimeScan scans an optional instant; NULL is the zero time.
type nullTimeScan struct{ t *time.Time }

// Scan implements sql.Scanner.
func (s nullTimeScan) Scan(src any) error {
	if src == nil {
		*s.t = time.Time{}
		return nil
	}
	return timeScan(s).Scan(src)
}

// boolScan scans an INTEGER 0/1 column.
type boolScan struct{ b *bool }

// Scan implements sql.Scanner.
func (s boolScan) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*s.b = v != 0
	case int32:
		*s.b = v != 0
	case bool:
		*s.b = v
	default:
		return fmt.Errorf("scan bool: unexpected %T", src)
	}
	return nil
}

func boolArg(b bool) int {
	if b {
		return 1
	}
	return 0
}

// FindSchedule returns the project's schedule; NotFound for an unknown
// project or one without a schedule.
func (db *DB) FindSchedule(ctx context.Context, projectID int64) (s *pmo.Schedule, err error) {
	err = db.read(ctx, func(t *tx) error {
		s, err = t.findSchedule(projectID)
		return err
	})
	return s, err
}

func (t *tx) findSchedule(projectID int64) (*pmo.Schedule, error) {
	s := &pmo.Schedule{ProjectID: projectID}
	err := t.queryRow(`SELECT name, start_at, status_date, calendar_uid, minutes_per_day, minutes_per_week, finish_at,
		computed_at, warnings, version, updated_at FROM schedules WHERE project_id = ?`, projectID).Scan(
		&s.Name, timeScan{&s.Start}, nullTimeScan{&s.StatusDate}, &s.Calendar, &s.MinutesPerDay, &s.MinutesPerWeek,
		nullTimeScan{&s.Finish}, nullTimeScan{&s.ComputedAt}, jsonScan{&s.Warnings}, &s.Version, timeScan{&s.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pmo.Errorf(pmo.NotFound, "project %d has no schedule", projectID)
	}
	if err != nil {
		return nil, err
	}
	if err := t.scheduleCalendars(s); err != nil {
		return nil, err
	}
	if s.Tasks, err = t.scheduleTasks("t.project_id = ?", projectID); err != nil {
		return nil, err
	}
	if err := t.scheduleResources(s); err != nil {
		return nil, err
	}
	s.Baselines, err = t.baselineInfos(projectID)
	return s, err
}

func (t *tx) scheduleCalendars(s *pmo.Schedule) error {
	rows, err := t.query(`SELECT uid, name, base_uid, week, exceptions FROM schedule_calendars
		WHERE project_id = ? ORDER BY position`, s.ProjectID)
	if err != nil {
		return err
	}
	defer rows.Close()
	s.Calendars = []pmo.Calendar{}
	for rows.Next() {
		var c pmo.Calendar
		if err := rows.Scan(&c.UID, &c.Name, &c.Base, jsonScan{&c.Week}, jsonScan{&c.Exceptions}); err != nil {
			return err
		}
		s.Calendars = append(s.Calendars, c)
	}
	return rows.Err()
}

func (t *tx) scheduleResources(s *pmo.Schedule) error {
	rows, err := t.query(`SELECT uid, name, resource_type, max_units, calendar_uid FROM schedule_resources
		WHERE project_id = ? ORDER BY position`, s.ProjectID)
	if err != nil {
		return err
	}
	defer rows.Close()
	s.Resources = []pmo.Resource{}
	for rows.Next() {
		var r pmo.Resource
		if err := rows.Scan(&r.UID, &r.Name, &r.Type, &r.MaxUnits, &r.Calendar); err != nil {
			return err
		}
		s.Resources = append(s.Resources, r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	rows, err = t.query(`SELECT uid, task_uid, resource_uid, units, work FROM schedule_assignments
		WHERE project_id = ? ORDER BY uid`, s.ProjectID)
	if err != nil {
		return err
	}
	defer rows.Close()
	s.Assignments = []pmo.Assignment{}
	for rows.Next() {
		var a pmo.Assignment
		if err := rows.Scan(&a.UID, &a.Task, &a.Resource, &a.Units, &a.Work); err != nil {
			return err
		}
		s.Assignments = append(s.Assignments, a)
	}
	return rows.Err()
}

const taskCols = `t.id, t.project_id, t.uid, t.name, t.wbs, t.outline_level, t.milestone, t.duration, t.elapsed,
	t.priority, t.notes, t.percent_complete, t.actual_start, t.actual_finish, t.constraint_type, t.constraint_date,
	t.deadline, t.calendar_uid, t.ignore_resource_calendar, t.leveling_delay, t.start_at, t.finish_at,
	t.early_start, t.early_finish, t.late_start, t.late_finish, t.total_float, t.free_float, t.critical,
	t.driver_uid, t.version, t.updated_at`

func scanTask(rs rowScanner) (*pmo.Task, error) {
	k := &pmo.Task{}
	err := rs.Scan(&k.ID, &k.ProjectID, &k.UID, &k.Name, &k.WBS, &k.OutlineLevel, boolScan{&k.Milestone},
		&k.Duration, boolScan{&k.Elapsed}, &k.Priority, &k.Notes, &k.PercentComplete, nullTimeScan{&k.ActualStart},
		nullTimeScan{&k.ActualFinish}, &k.Constraint, nullTimeScan{&k.ConstraintDate}, nullTimeScan{&k.Deadline},
		&k.Calendar, boolScan{&k.IgnoreResourceCalendar}, &k.LevelingDelay, nullTimeScan{&k.Start},
		nullTimeScan{&k.Finish}, nullTimeScan{&k.EarlyStart}, nullTimeScan{&k.EarlyFinish},
		nullTimeScan{&k.LateStart}, nullTimeScan{&k.LateFinish}, &k.TotalFloat, &k.FreeFloat,
		boolScan{&k.Critical}, &k.Driver, &k.Version, timeScan{&k.UpdatedAt})
	return k, err
}

// scheduleTasks returns the tasks matching cond in outline order with
// their links; Parent and Summary come from the outline when the whole
// schedule is read (see pmo.Schedule.Prepare).
func (t *tx) scheduleTasks(cond string, arg any) ([]pmo.Task, error) {
	rows, err := t.query("SELECT "+taskCols+" FROM schedule_tasks t WHERE "+cond+" ORDER BY t.position", arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tasks := []pmo.Task{}
	byUID := map[int]int{}
	for rows.Next() {
		k, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		k.Predecessors = []pmo.Link{}
		byUID[k.UID] = len(tasks)
		tasks = append(tasks, *k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(tasks) == 0 {
		return tasks, nil
	}
	lcond := "l.project_id = ?"
	args := []any{tasks[0].ProjectID}
	if len(tasks) == 1 {
		lcond += " AND l.succ_uid = ?"
		args = append(args, tasks[0].UID)
	}
	rows, err = t.query(`SELECT l.succ_uid, l.pred_uid, l.link_type, l.lag, l.lag_percent, l.elapsed
		FROM schedule_links l WHERE `+lcond+` ORDER BY l.succ_uid, l.position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var succ int
		var l pmo.Link
		if err := rows.Scan(&succ, &l.Predecessor, &l.Type, &l.Lag, &l.LagPercent, boolScan{&l.Elapsed}); err != nil {
			return nil, err
		}
		if i, ok := byUID[succ]; ok {
			tasks[i].Predecessors = append(tasks[i].Predecessors, l)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Parent and Summary follow from the outline order.
	var open []int
	for i := range tasks {
		k := &tasks[i]
		k.Parent = -1
		l := k.OutlineLevel
		open = open[:min(len(open), l)]
		for len(open) < l {
			open = append(open, -1)
		}
		if l > 0 && open[l-1] >= 0 {
			k.Parent = tasks[open[l-1]].UID
			tasks[open[l-1]].Summary = true
		}
		open = append(open, i)
	}
	return tasks, nil
}

// scheduleVersion returns the version of the project's schedule, 0 when
// it has none.
func (t *tx) scheduleVersion(projectID int64) (int, error) {
	var v int
	err := t.queryRow("SELECT version FROM schedules WHERE project_id = ?", projectID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// checkScheduleVersion fails with Stale unless the schedule is at version
// (0: the project has no schedule).
func (t *tx) checkScheduleVersion(projectID int64, version int) (int, error) {
	cur, err := t.scheduleVersion(projectID)
	if err != nil {
		return 0, err
	}
	if cur != version {
		if cur == 0 {
			return 0, pmo.Errorf(pmo.Stale, "project %d has no schedule any more: reload and try again", projectID)
		}
		return 0, pmo.Errorf(pmo.Stale, "someone else changed this schedule first; the current version is %d: reload and try again", cur)
	}
	return cur, nil
}

// bumpSchedule moves the schedule to the next version.
func (t *tx) bumpSchedule(projectID int64) (int, error) {
	var v int
	err := t.queryRow("UPDATE schedules SET version = version + 1, updated_at = ? WHERE project_id = ? RETURNING version",
		timeArg(t.now), projectID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, pmo.Errorf(pmo.NotFound, "project %d has no schedule", projectID)
	}
	return v, err
}

// DeleteSchedule removes the project's schedule and its baselines;
// NotFound, Stale.
func (db *DB) DeleteSchedule(ctx context.Context, projectID int64, version int) error {
	return db.write(ctx, func(t *tx) error {
		cur, err := t.findSchedule(projectID)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return pmo.Errorf(pmo.Stale, "someone else changed this schedule first; the current version is %d: reload and try again", cur.Version)
		}
		if _, err := t.exec("DELETE FROM schedules WHERE project_id = ?", projectID); err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM schedule_baselines WHERE project_id = ?", projectID); err != nil {
			return err
		}
		return t.audit("schedule", projectID, projectID, pmo.AuditDelete, summarise(cur), nil)
	})
}

// scheduleSummary is what the audit trail keeps of a whole schedule.
type scheduleSummary struct {
	Name        string    `json:"name"`
	Start       time.Time `json:"start"`
	Finish      time.Time `json:"finish,omitzero"`
	Tasks       int       `json:"tasks"`
	Links       int       `json:"links"`
	Calendars   int       `json:"calendars"`
	Resources   int       `json:"resources"`
	Assignments int       `json:"assignments"`
	Baselines   []int     `json:"baselines,omitempty"`
}

func summarise(s *pmo.Schedule) scheduleSummary {
	sum := scheduleSummary{Name: s.Name, Start: s.Start, Finish: s.Finish, Tasks: len(s.Tasks),
		Calendars: len(s.Calendars), Resources: len(s.Resources), Assignments: len(s.Assignments)}
	for _, k := range s.Tasks {
		sum.Links += len(k.Predecessors)
	}
	return sum
}
