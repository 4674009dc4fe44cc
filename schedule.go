package pmo

import (
	"context"
	"time"
)

// Schedule is a project's detailed plan: its tasks in WBS order, their
// links, the calendars they work on, resources and assignments, and the
// values the critical path method last computed (issue 7). Instants are
// wall-clock times to the minute, kept in UTC (MS Project files carry no
// zone); durations, lags and floats are whole minutes of working time of
// the calendar concerned unless said otherwise. UIDs identify tasks,
// calendars, resources and assignments within one schedule and survive an
// MS Project round trip; IDs are database keys.
type Schedule struct {
	ProjectID int64  `json:"project_id"`
	Name      string `json:"name"`
	// Start is the project start: no task starts earlier.
	Start time.Time `json:"start"`
	// StatusDate is the instant up to which progress is recorded; work not
	// done is not scheduled before it. Zero when not set.
	StatusDate time.Time `json:"status_date,omitzero"`
	// Calendar is the UID of the project calendar, the default of tasks,
	// lags and resources; -1 for the standard week (Monday to Friday,
	// 08:00-12:00 and 13:00-17:00).
	Calendar int `json:"calendar"`
	// MinutesPerDay and MinutesPerWeek convert durations to days and weeks
	// for display and export (480 and 2400 by default).
	MinutesPerDay  int `json:"minutes_per_day"`
	MinutesPerWeek int `json:"minutes_per_week"`

	Calendars   []Calendar   `json:"calendars"`
	Tasks       []Task       `json:"tasks"` // in WBS (outline) order
	Resources   []Resource   `json:"resources"`
	Assignments []Assignment `json:"assignments"`
	// Baselines lists the saved baselines without their task values.
	Baselines []BaselineInfo `json:"baselines"`

	// Finish is the computed project finish (the latest task finish); zero
	// until scheduled.
	Finish time.Time `json:"finish,omitzero"`
	// ComputedAt is when the dates were last computed; zero when they come
	// from an imported file as its tool computed them.
	ComputedAt time.Time `json:"computed_at,omitzero"`
	// Warnings are the date conflicts of the last computation (a must-start
	// date before logic allows, a missed deadline), never errors.
	Warnings []ScheduleWarning `json:"warnings"`

	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ScheduleWarning reports a date the last computation could not meet.
type ScheduleWarning struct {
	Kind    string `json:"kind"` // constraint_conflict, constraint_missed, deadline_missed
	Task    int    `json:"task"` // UID, or -1
	Message string `json:"message"`
}

// DefaultMinutesPerDay and DefaultMinutesPerWeek are MS Project's defaults.
const (
	DefaultMinutesPerDay  = 480
	DefaultMinutesPerWeek = 2400
)

// TaskByUID returns the task with the given UID, or nil.
func (s *Schedule) TaskByUID(uid int) *Task {
	for i := range s.Tasks {
		if s.Tasks[i].UID == uid {
			return &s.Tasks[i]
		}
	}
	return nil
}

// CalendarByUID returns the calendar with the given UID, or nil.
func (s *Schedule) CalendarByUID(uid int) *Calendar {
	for i := range s.Calendars {
		if s.Calendars[i].UID == uid {
			return &s.Calendars[i]
		}
	}
	return nil
}

// CriticalTasks returns the UIDs of the critical leaf tasks in WBS order.
func (s *Schedule) CriticalTasks() []int {
	var uids []int
	for _, t := range s.Tasks {
		if t.Critical && !t.Summary {
			uids = append(uids, t.UID)
		}
	}
	return uids
}

// ResourceType says how a resource is consumed.
type ResourceType string

// Resource types, as in MS Project. Only work resources are levelled.
const (
	WorkResource     ResourceType = "work"
	MaterialResource ResourceType = "material"
	CostResource     ResourceType = "cost"
)

// Resource is a renewable resource (a person, a team, a machine) or a
// material or cost resource.
type Resource struct {
	UID  int          `json:"uid"`
	Name string       `json:"name"`
	Type ResourceType `json:"type"`
	// MaxUnits is the capacity of a work resource: 1 is one full-time
	// unit, 3 a team of three, 0.5 half time.
	MaxUnits float64 `json:"max_units"`
	// Calendar is the UID of the resource's calendar, -1 for the project's.
	Calendar int `json:"calendar"`
}

// Assignment puts a resource on a task.
type Assignment struct {
	UID      int     `json:"uid"`
	Task     int     `json:"task"`     // task UID
	Resource int     `json:"resource"` // resource UID
	Units    float64 `json:"units"`    // 1 is one full-time unit
	Work     int64   `json:"work_minutes"`
}

// ScheduleFilter selects the schedules of projects (all of them for a zero
// filter).
type ScheduleFilter struct {
	PortfolioID int64
	ProjectID   int64
}

// ScheduleService stores project schedules. Each project has at most one;
// whole schedules are replaced all-or-nothing, single tasks and links are
// edited in place. Every write records an audit entry in the same
// transaction.
type ScheduleService interface {
	// FindSchedule returns the project's schedule with its tasks, links,
	// calendars, resources, assignments and baseline list; NotFound for an
	// unknown project or one without a schedule.
	FindSchedule(ctx context.Context, projectID int64) (*Schedule, error)
	// ReplaceSchedule stores s (after s.Prepare) as its project's schedule in
	// one transaction, all or nothing, replacing any existing one. Saved
	// baselines are kept, except that baselines given (as an imported file
	// carries them) replace those with the same numbers. version is the
	// version of the schedule replaced, 0 when the project has none; Stale
	// when it differs, Invalid for bad input, NotFound for an unknown
	// project. It sets s's task IDs, Version and Baselines.
	ReplaceSchedule(ctx context.Context, s *Schedule, baselines []Baseline, version int) error
	// SaveScheduleDates stores the computed values (dates, floats,
	// critical flags, drivers, finish, warnings) of s's tasks, any
	// levelling delays and the status date, leaving the other fields as
	// they are; Stale when the schedule's version is not version. Task
	// versions do not move.
	SaveScheduleDates(ctx context.Context, s *Schedule, version int) error
	// SaveSchedulesDates does what SaveScheduleDates does for several
	// schedules in one transaction, all or none; versions[i] is ss[i]'s.
	// Stale, naming the project, when any schedule's version differs.
	SaveSchedulesDates(ctx context.Context, ss []*Schedule, versions []int) error
	// DeleteSchedule removes the project's schedule and baselines; NotFound,
	// Stale.
	DeleteSchedule(ctx context.Context, projectID int64, version int) error

	// FindTaskByID returns a task with its links; NotFound.
	FindTaskByID(ctx context.Context, id int64) (*Task, error)
	// UpdateTask applies upd to the task; Stale for an old task version,
	// Invalid for a value the schedule rejects. The schedule's version
	// moves too.
	UpdateTask(ctx context.Context, id int64, version int, upd TaskUpdate) (*Task, error)
	// AddLink adds a link into task id (its successor); Invalid for an
	// unknown predecessor, a duplicate or a cycle; Stale.
	AddLink(ctx context.Context, id int64, version int, l Link) (*Task, error)
	// RemoveLink removes the link from predecessor UID pred into task id;
	// NotFound when there is none; Stale.
	RemoveLink(ctx context.Context, id int64, version int, pred int) (*Task, error)

	// CreateTask adds a task to the project's schedule, under c.Parent at
	// c.Position, with a new UID; Stale when the schedule's version is not
	// version, Invalid (fields named as in TaskCreate: "parent",
	// "position", or the task's own) for an unknown parent, a bad value or
	// a link that makes a cycle. Dates are left for the next rescheduling.
	CreateTask(ctx context.Context, projectID int64, version int, c TaskCreate) (*Task, error)
	// DeleteTask removes task id with its links and assignments; a summary
	// task goes only with children set, and takes its subtasks along
	// (Conflict otherwise); Stale for an old task version.
	DeleteTask(ctx context.Context, id int64, version int, children bool) error

	// CreateResource adds r to the project's schedule with the next free
	// UID; UpdateResource replaces the fields of the resource uid;
	// DeleteResource removes it with its assignments. CreateAssignment,
	// UpdateAssignment and DeleteAssignment do the same for assignments.
	// version is the schedule's: Stale when it differs; Invalid with the
	// record's own field names (an unknown task, resource or calendar, a
	// negative capacity); NotFound for an unknown uid. Dates are left for
	// the next rescheduling. Each returns the schedule's new version.
	CreateResource(ctx context.Context, projectID int64, version int, r *Resource) (int, error)
	UpdateResource(ctx context.Context, projectID int64, version int, r *Resource) (int, error)
	DeleteResource(ctx context.Context, projectID int64, version int, uid int) (int, error)
	CreateAssignment(ctx context.Context, projectID int64, version int, a *Assignment) (int, error)
	UpdateAssignment(ctx context.Context, projectID int64, version int, a *Assignment) (int, error)
	DeleteAssignment(ctx context.Context, projectID int64, version int, uid int) (int, error)

	// SaveBaseline saves the current dates of every task as baseline
	// number (0 to 10), replacing one saved under that number; NotFound
	// without a schedule.
	SaveBaseline(ctx context.Context, projectID int64, number int, name string) (*Baseline, error)
	// FindBaseline returns a saved baseline with its task values; NotFound.
	FindBaseline(ctx context.Context, projectID int64, number int) (*Baseline, error)
}

// ScheduleServices is the storage side of scheduling (issue 7). It is
// apart from Services so that fakes of Services need not implement it; the
// web layer finds it by type assertion.
type ScheduleServices interface {
	ScheduleService
}

// scheduleTime returns t in UTC truncated to the minute, the precision of
// schedules.
func scheduleTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Minute)
}

// TaskCreate places a new task in a schedule's WBS.
type TaskCreate struct {
	// Parent is the UID of the task to put it under, -1 for the top level.
	Parent int
	// Position is the place among the parent's children, from 0; -1 (or
	// one past the last) puts it last.
	Position int
	// Task carries the new task's fields; UID, outline level and computed
	// values are set by the schedule.
	Task Task
}
