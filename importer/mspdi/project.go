package mspdi

import (
	"time"

	"github.com/pmohq/pmo/engine/schedule"
)

// Project is an MSPDI document.
type Project struct {
	Name              string
	StartDate         time.Time
	FinishDate        time.Time
	StatusDate        time.Time // zero when absent
	ScheduleFromStart bool
	CalendarUID       int // the project calendar
	MinutesPerDay     int
	MinutesPerWeek    int

	Calendars   []Calendar
	Tasks       []Task // in document order
	Resources   []Resource
	Assignments []Assignment
}

// Calendar is a base calendar or a calendar derived from one (a resource or
// task calendar).
type Calendar struct {
	UID     int
	Name    string
	IsBase  bool
	BaseUID int // -1 (or 0 in some files) when none
	// Week holds the working spans of each weekday (time.Weekday index); a
	// nil entry is a default day, inherited from the base calendar.
	Week       schedule.Week
	Exceptions []schedule.Exception
}

// Task is one MSPDI task. Durations are working time unless Elapsed.
type Task struct {
	UID, ID       int
	Name          string
	WBS           string
	OutlineNumber string
	OutlineLevel  int
	Parent        int // index in Project.Tasks of the summary above, or -1

	Summary, Milestone, Null bool

	Duration          time.Duration
	RemainingDuration time.Duration
	ActualDuration    time.Duration
	DurationFormat    int
	Elapsed           bool
	PercentComplete   int

	Start, Finish           time.Time
	EarlyStart, EarlyFinish time.Time
	LateStart, LateFinish   time.Time
	ActualStart             time.Time // zero when not started
	ActualFinish            time.Time // zero when not finished
	// TotalSlack and FreeSlack are MS Project's values, in working minutes.
	TotalSlack, FreeSlack int64
	HasSlack              bool // the file stores TotalSlack

	Constraint     schedule.ConstraintType
	ConstraintDate time.Time
	Deadline       time.Time // zero when none
	CalendarUID    int       // -1: the project calendar
	// IgnoreResourceCalendar schedules the task on its own calendar even
	// when its resources have theirs.
	IgnoreResourceCalendar bool
	// Priority (0-1000, 500 by default) orders tasks when levelling.
	Priority int
	// LevelingDelay is the delay levelling added to the start, in working
	// minutes of the task's calendar (tenths of minutes in the file).
	LevelingDelay int64
	Notes         string

	Predecessors []Link
	Baselines    []Baseline
}

// Link is a predecessor link of a task.
type Link struct {
	PredecessorUID int
	Type           schedule.LinkType
	// Lag is in minutes (working unless Elapsed); with Percent it is
	// LagPercent percent of the predecessor's duration instead.
	Lag        int64
	LagPercent int32
	LagFormat  int
	Elapsed    bool
	Percent    bool
}

// Baseline is a saved baseline (Number 0 to 10) of a task.
type Baseline struct {
	Number        int
	Start, Finish time.Time
	Duration      time.Duration
	Work          time.Duration
	Cost          float64
}

// Resource is a work, material or cost resource.
type Resource struct {
	UID, ID     int
	Name        string
	Type        int // 0 material, 1 work, 2 cost
	MaxUnits    float64
	CalendarUID int
}

// Assignment assigns a resource to a task (ResourceUID negative, usually
// -65535, when none).
type Assignment struct {
	UID, TaskUID, ResourceUID int
	Units                     float64
	Work                      time.Duration
	Start, Finish             time.Time
}
