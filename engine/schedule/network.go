package schedule

import "fmt"

// LinkType is the kind of a dependency between two tasks.
type LinkType uint8

// The four dependency types. The first letter applies to the predecessor,
// the second to the successor.
const (
	FS LinkType = iota // finish-to-start: ES(s) ≥ EF(p) + lag
	SS                 // start-to-start: ES(s) ≥ ES(p) + lag
	FF                 // finish-to-finish: EF(s) ≥ EF(p) + lag
	SF                 // start-to-finish: EF(s) ≥ ES(p) + lag
)

var linkTypeNames = [...]string{"FS", "SS", "FF", "SF"}

func (t LinkType) String() string {
	if int(t) < len(linkTypeNames) {
		return linkTypeNames[t]
	}
	return fmt.Sprintf("LinkType(%d)", t)
}

// ConstraintType is a date constraint on a task.
type ConstraintType uint8

// The date constraints of MS Project. SNET and FNET push the early dates;
// SNLT and FNLT bound the late dates and can create negative float; MSO and
// MFO fix the early date even against logic (reported as a Warning) and
// bound the late date.
const (
	ASAP ConstraintType = iota // as soon as possible (the default)
	ALAP                       // as late as possible: scheduled at its late dates
	SNET                       // start no earlier than
	SNLT                       // start no later than
	FNET                       // finish no earlier than
	FNLT                       // finish no later than
	MSO                        // must start on
	MFO                        // must finish on
)

var constraintNames = [...]string{"ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"}

func (c ConstraintType) String() string {
	if int(c) < len(constraintNames) {
		return constraintNames[c]
	}
	return fmt.Sprintf("ConstraintType(%d)", c)
}

// Calendar maps working time onto ticks. Tick t is the interval [t, t+1);
// an instant is a tick boundary.
//
// Add returns the instant reached after d working ticks counted from t:
// forward for d > 0 (the end of the d-th working tick at or after t),
// backward for d < 0 (the start of the |d|-th working tick before t), and t
// itself for d = 0. Work returns the number of working ticks in [from, to),
// negated when to < from. Both must be consistent: Work(t, Add(t, d)) = d.
type Calendar interface {
	Add(t, d int64) int64
	Work(from, to int64) int64
}

// Task is one activity of a Network. A zero Duration makes a milestone.
// (Fields are ordered to keep the struct small: networks can be large.)
type Task struct {
	Duration int64 // working ticks

	ConstraintDate int64 // instant, for every constraint but ASAP and ALAP
	Deadline       int64 // instant by which the task should finish, if HasDeadline

	Calendar Calendar // nil: the network's calendar

	// Delay (working ticks of the task's calendar) postpones the start
	// after logic and constraints give it, as levelling delays a task.
	Delay int64

	// Progress. A started task keeps its actual start and a finished one
	// its actual finish; with a status date, the remaining work of a task in
	// progress is scheduled from the status date and work not started is
	// not scheduled before it.
	ActualStart     int64
	ActualFinish    int64
	PercentComplete float64 // 0–100, share of Duration done

	Constraint  ConstraintType
	HasDeadline bool
	Started     bool
	Finished    bool
	Elapsed     bool // Duration counts elapsed ticks, ignoring calendars ("5 edays")
}

// Link is a dependency from task Pred to task Succ (indexes into Network.Tasks).
type Link struct {
	Pred, Succ int
	Lag        int64 // working ticks of the network calendar; negative is a lead
	LagPercent int32 // further lag as a percentage of the predecessor's duration
	Type       LinkType
	Elapsed    bool // Lag counts elapsed ticks rather than working ticks
}

// Network is the input of Compute.
type Network struct {
	Tasks    []Task
	Links    []Link
	Start    int64    // project start: no task starts earlier
	Calendar Calendar // default calendar of tasks and lags; nil: every tick works

	// Finish, when HasFinish, is the project finish the backward pass starts
	// from; otherwise it starts from the latest early finish.
	Finish    int64
	HasFinish bool

	// StatusDate, when HasStatusDate, is the instant up to which progress is
	// recorded: work not done is not scheduled before it.
	StatusDate    int64
	HasStatusDate bool

	// NearCritical is the total float (working ticks) at or below which a
	// task counts as critical; 0 means only zero or negative float.
	NearCritical int64
}

// CycleError reports a dependency cycle. Tasks lists the tasks forming it,
// each a predecessor of the next and the last a predecessor of the first.
type CycleError struct {
	Tasks []int
}

func (e *CycleError) Error() string {
	return fmt.Sprintf("schedule: dependency cycle through tasks %v", e.Tasks)
}

// LinkError reports a link that names a task that does not exist.
type LinkError struct {
	Link  int // index into Network.Links
	Tasks int // number of tasks
}

func (e *LinkError) Error() string {
	return fmt.Sprintf("schedule: link %d refers to a task outside 0..%d", e.Link, e.Tasks-1)
}
