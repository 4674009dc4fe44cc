package pmo

import (
	"slices"
	"time"
)

// LinkType is the kind of a dependency; the first letter applies to the
// predecessor, the second to the successor.
type LinkType string

// The four dependency types (DOMAIN.md §7).
const (
	FinishToStart  LinkType = "FS" // the successor starts after the predecessor finishes
	StartToStart   LinkType = "SS"
	FinishToFinish LinkType = "FF"
	StartToFinish  LinkType = "SF"
)

// LinkTypes lists the dependency types.
var LinkTypes = []LinkType{FinishToStart, StartToStart, FinishToFinish, StartToFinish}

// ConstraintType is a date constraint on a task.
type ConstraintType string

// The date constraints of MS Project. "No earlier than" constraints push
// the early dates, "no later than" ones bound the late dates (and can make
// float negative); must-start-on and must-finish-on fix the date.
const (
	ASAP ConstraintType = "ASAP" // as soon as possible (the default)
	ALAP ConstraintType = "ALAP" // as late as possible
	SNET ConstraintType = "SNET" // start no earlier than
	SNLT ConstraintType = "SNLT" // start no later than
	FNET ConstraintType = "FNET" // finish no earlier than
	FNLT ConstraintType = "FNLT" // finish no later than
	MSO  ConstraintType = "MSO"  // must start on
	MFO  ConstraintType = "MFO"  // must finish on
)

// ConstraintTypes lists the constraints.
var ConstraintTypes = []ConstraintType{ASAP, ALAP, SNET, SNLT, FNET, FNLT, MSO, MFO}

// Dated reports whether the constraint needs a date.
func (c ConstraintType) Dated() bool { return c != ASAP && c != ALAP && c != "" }

// Hard reports whether the constraint can override logic or make float
// negative (the DCMA "hard constraints").
func (c ConstraintType) Hard() bool {
	return slices.Contains([]ConstraintType{SNLT, FNLT, MSO, MFO}, c)
}

// Link is a dependency of a task on a predecessor.
type Link struct {
	Predecessor int      `json:"predecessor"` // task UID
	Type        LinkType `json:"type"`
	// Lag is in working minutes of the project calendar (elapsed minutes
	// when Elapsed); negative is a lead.
	Lag int64 `json:"lag_minutes"`
	// LagPercent, when not 0, is the lag as a percentage of the
	// predecessor's duration, instead of Lag.
	LagPercent int  `json:"lag_percent"`
	Elapsed    bool `json:"elapsed"`
}

// Task is one activity of a schedule, or a summary task grouping those
// below it in the outline.
type Task struct {
	ID        int64  `json:"id"` // database key, 0 until stored
	ProjectID int64  `json:"project_id"`
	UID       int    `json:"uid"`
	Name      string `json:"name"`
	WBS       string `json:"wbs"`
	// OutlineLevel places the task in the WBS: a task belongs to the
	// nearest earlier task with a lower level. Level 1 is the top; level 0
	// is reserved for a project summary task, first in the list.
	OutlineLevel int `json:"outline_level"`
	// Parent (the UID of the summary task above, -1 at the top) and
	// Summary (the task has subtasks) follow from the outline; Prepare sets
	// them.
	Parent  int  `json:"parent"`
	Summary bool `json:"summary"`

	Milestone bool `json:"milestone"`
	// Duration is in working minutes of the task's calendar, elapsed
	// minutes when Elapsed. Summary tasks' durations are computed.
	Duration int64 `json:"duration_minutes"`
	Elapsed  bool  `json:"elapsed"`
	// Priority orders tasks competing for resources when levelling: 0 to
	// 1000, 500 by default, 1000 never delayed.
	Priority int    `json:"priority"`
	Notes    string `json:"notes"`

	PercentComplete int       `json:"percent_complete"`
	ActualStart     time.Time `json:"actual_start,omitzero"`
	ActualFinish    time.Time `json:"actual_finish,omitzero"`

	Constraint     ConstraintType `json:"constraint"`
	ConstraintDate time.Time      `json:"constraint_date,omitzero"`
	Deadline       time.Time      `json:"deadline,omitzero"`
	// Calendar is the UID of the task's own calendar, -1 for none: the
	// calendar of its work resources, else the project's.
	Calendar               int  `json:"calendar"`
	IgnoreResourceCalendar bool `json:"ignore_resource_calendar"`
	// LevelingDelay (working minutes) is the delay levelling added to the
	// task's start; 0 when not levelled.
	LevelingDelay int64 `json:"leveling_delay_minutes"`

	Predecessors []Link `json:"predecessors"`

	TaskDates

	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TaskDates are the values of a task the critical path method computes.
// Floats are working minutes of the task's calendar.
type TaskDates struct {
	Start       time.Time `json:"start,omitzero"` // scheduled: early dates, late ones for ALAP
	Finish      time.Time `json:"finish,omitzero"`
	EarlyStart  time.Time `json:"early_start,omitzero"`
	EarlyFinish time.Time `json:"early_finish,omitzero"`
	LateStart   time.Time `json:"late_start,omitzero"`
	LateFinish  time.Time `json:"late_finish,omitzero"`
	TotalFloat  int64     `json:"total_float_minutes"`
	FreeFloat   int64     `json:"free_float_minutes"`
	Critical    bool      `json:"critical"`
	// Driver is the UID of the predecessor that set the early start, -1
	// when the project start, the status date, a constraint or progress did.
	Driver int `json:"driver"`
}

// TaskUpdate changes some fields of a task; nil fields stay as they are.
// Times are RFC 3339; a zero time clears an optional date.
type TaskUpdate struct {
	Name                   *string         `json:"name"`
	WBS                    *string         `json:"wbs"`
	Notes                  *string         `json:"notes"`
	Milestone              *bool           `json:"milestone"`
	Duration               *int64          `json:"duration_minutes"`
	Elapsed                *bool           `json:"elapsed"`
	Priority               *int            `json:"priority"`
	PercentComplete        *int            `json:"percent_complete"`
	ActualStart            *time.Time      `json:"actual_start"`
	ActualFinish           *time.Time      `json:"actual_finish"`
	Constraint             *ConstraintType `json:"constraint"`
	ConstraintDate         *time.Time      `json:"constraint_date"`
	Deadline               *time.Time      `json:"deadline"`
	Calendar               *int            `json:"calendar"`
	IgnoreResourceCalendar *bool           `json:"ignore_resource_calendar"`
}

// Apply copies the set fields of u onto t.
func (u *TaskUpdate) Apply(t *Task) {
	set(&t.Name, u.Name)
	set(&t.WBS, u.WBS)
	set(&t.Notes, u.Notes)
	set(&t.Milestone, u.Milestone)
	set(&t.Duration, u.Duration)
	set(&t.Elapsed, u.Elapsed)
	set(&t.Priority, u.Priority)
	set(&t.PercentComplete, u.PercentComplete)
	set(&t.ActualStart, u.ActualStart)
	set(&t.ActualFinish, u.ActualFinish)
	set(&t.Constraint, u.Constraint)
	set(&t.ConstraintDate, u.ConstraintDate)
	set(&t.Deadline, u.Deadline)
	set(&t.Calendar, u.Calendar)
	set(&t.IgnoreResourceCalendar, u.IgnoreResourceCalendar)
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// Started reports whether the task has progress.
func (t *Task) Started() bool { return t.PercentComplete > 0 || !t.ActualStart.IsZero() }

// Done reports whether the task is complete.
func (t *Task) Done() bool { return t.PercentComplete == 100 }
