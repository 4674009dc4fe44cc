package schedule

import (
	"fmt"
	"math"
)

// Dates are the computed dates of one task. Dates are instants in ticks;
// floats are working ticks of the task's calendar.
type Dates struct {
	EarlyStart, EarlyFinish int64
	LateStart, LateFinish   int64
	// Start and Finish are the scheduled dates: late dates for ALAP tasks
	// not yet started, early dates otherwise.
	Start, Finish int64
	TotalFloat    int64 // LF-EF; negative when a constraint or deadline cannot be met
	FreeFloat     int64 // 0 ≤ FreeFloat ≤ max(TotalFloat, 0)
	// Driver is the predecessor that set the early start, or -1 when the
	// project start, the status date, a constraint or an actual date did.
	Driver int32
}

// Result holds the outcome of the critical path method.
type Result struct {
	// Tasks holds the dates of every task, indexed like Network.Tasks (one
	// record per task keeps each task's dates in one cache line).
	Tasks []Dates
	// Order is a topological order of the tasks.
	Order []int32
	// ProjectFinish is the instant the backward pass started from.
	ProjectFinish int64
	Warnings      []Warning

	nearCritical int64
}

// WarningKind classifies a Warning.
type WarningKind uint8

// Warning kinds.
const (
	ConstraintConflict WarningKind = iota + 1 // MSO/MFO date earlier than logic allows: logic overridden
	ConstraintMissed                          // SNLT/FNLT date cannot be met: negative float
	DeadlineMissed                            // early finish after the deadline: negative float
	FinishMissed                              // project finish (Network.Finish) before the early finish
)

// Warning reports a schedule that cannot meet a date. The engine never
// fails on conflicting dates: it computes them and says so.
type Warning struct {
	Kind    WarningKind
	Task    int // the task concerned, or -1
	Pred    int // the driving predecessor, or -1
	Message string
}

// Critical reports whether task i is critical: its total float is at most
// the network's NearCritical threshold.
func (r *Result) Critical(i int) bool { return r.Tasks[i].TotalFloat <= r.nearCritical }

// CriticalPaths returns the critical paths as chains of driving
// predecessors, each from its first task to a critical task that drives no
// critical successor.
func (r *Result) CriticalPaths() [][]int {
	n := len(r.Tasks)
	drivesCritical := make([]bool, n)
	for i := 0; i < n; i++ {
		if d := r.Tasks[i].Driver; d >= 0 && r.Critical(i) {
			drivesCritical[d] = true
		}
	}
	var paths [][]int
	for i := 0; i < n; i++ {
		if !r.Critical(i) || drivesCritical[i] {
			continue
		}
		var p []int
		for v := i; v >= 0; v = int(r.Tasks[v].Driver) {
			p = append(p, v)
		}
		for a, b := 0, len(p)-1; a < b; a, b = a+1, b-1 {
			p[a], p[b] = p[b], p[a]
		}
		paths = append(paths, p)
	}
	return paths
}

// Compute runs the critical path method on n. It returns a *CycleError
// naming the tasks of a dependency cycle, or a *LinkError for a link to a
// missing task; date conflicts are Warnings, not errors.
func Compute(n *Network) (*Result, error) {
	var s Scheduler
	return s.Compute(n)
}

// Scheduler runs the critical path method again and again (as Monte Carlo
// risk analysis does) while reusing its memory. The zero Scheduler is ready;
// it is not safe for concurrent use.
type Scheduler struct {
	g     graph
	dates []Dates
	r     Result
}

// Compute is like the function Compute, but the Result and its slices are
// owned by s and valid only until the next call.
func (sc *Scheduler) Compute(n *Network) (*Result, error) {
	g := &sc.g
	if err := g.build(n.Tasks, n.Links); err != nil {
		return nil, err
	}
	sc.dates = resize(sc.dates, len(n.Tasks))
	sc.r = Result{Tasks: sc.dates, Order: g.order, nearCritical: n.NearCritical}
	forward(n, g, &sc.r)
	backward(n, g, &sc.r)
	return &sc.r, nil
}

func taskCal(n *Network, t *Task) Calendar {
	switch {
	case t.Elapsed:
		return nil
	case t.Calendar != nil:
		return t.Calendar
	}
	return n.Calendar
}

const none = math.MaxInt64

// forward sets the early dates in topological order. Each task then pushes
// to its predecessors the latest start and finish they could have without
// delaying it (kept in Start and Finish until the backward pass turns them
// into free float), and sets its late dates to none for the backward pass.
func forward(n *Network, g *graph, r *Result) {
	ds := r.Tasks
	lc := n.Calendar
	for _, v := range g.order {
		t := &n.Tasks[v]
		cal := taskCal(n, t)
		d := t.Duration
		start := n.Start
		if n.HasStatusDate && !t.Started && n.StatusDate > start {
			start = n.StatusDate
		}
		preds := g.pred[g.predStart[v]:g.predStart[v+1]]
		s, drv := start, int32(-1)
		for i := range preds {
			e := &preds[i]
			p := &ds[e.pred]
			var c int64
			switch e.typ {
			case FS:
				c = lagFwd(lc, p.EarlyFinish, e)
			case SS:
				c = lagFwd(lc, p.EarlyStart, e)
			case FF:
				c = add(cal, lagFwd(lc, p.EarlyFinish, e), -d)
			default: // SF
				c = add(cal, lagFwd(lc, p.EarlyStart, e), -d)
			}
			if c > s || (c == s && drv < 0) {
				s, drv = c, e.pred
			}
		}
		if cal != nil && d > 0 {
			s = next(cal, s)
		}
		if t.Delay > 0 {
			if s = add(cal, s, t.Delay); cal != nil && d > 0 {
				s = next(cal, s)
			}
		}
		switch t.Constraint {
		case SNET:
			if c := next(cal, t.ConstraintDate); c > s {
				s, drv = c, -1
			}
		case FNET:
			if c := add(cal, t.ConstraintDate, -d); c > s {
				s, drv = c, -1
			}
		case MSO, MFO:
			c := t.ConstraintDate
			if t.Constraint == MFO {
				c = add(cal, c, -d)
			}
			if c < s {
				r.Warnings = append(r.Warnings, Warning{Kind: ConstraintConflict, Task: int(v), Pred: int(drv),
					Message: fmt.Sprintf("task %d: %v date %d is earlier than its predecessors allow (start %d); the constraint overrides the logic", v, t.Constraint, t.ConstraintDate, s)})
			}
			if c != s {
				drv = -1
			}
			s = c
		}
		f := add(cal, s, d)
		if t.Started {
			s, drv = t.ActualStart, -1
			switch {
			case t.Finished:
				f = t.ActualFinish
			case n.HasStatusDate:
				done := int64(math.Round(float64(d) * t.PercentComplete / 100))
				done = min(max(done, 0), d)
				resume := max(add(cal, s, done), n.StatusDate)
				if cal != nil && d > done {
					resume = next(cal, resume)
				}
				f = add(cal, resume, d-done)
			default:
				f = add(cal, s, d)
			}
		}
		ds[v] = Dates{EarlyStart: s, EarlyFinish: f, LateStart: none, LateFinish: none, Start: none, Finish: none, Driver: drv}
		// Predecessors see the dates before the levelling delay.
		ls, lf := undelay(cal, t, s, f)
		for i := range preds {
			e := &preds[i]
			p := &ds[e.pred]
			switch e.typ {
			case FS:
				p.Finish = min(p.Finish, lagBack(lc, ls, e))
			case SS:
				p.Start = min(p.Start, lagBack(lc, ls, e))
			case FF:
				p.Finish = min(p.Finish, lagBack(lc, lf, e))
			default:
				p.Start = min(p.Start, lagBack(lc, lf, e))
			}
		}
		switch {
		case t.Constraint == SNLT && s > t.ConstraintDate:
			r.Warnings = append(r.Warnings, Warning{Kind: ConstraintMissed, Task: int(v), Pred: int(drv),
				Message: fmt.Sprintf("task %d cannot start by its SNLT date %d (earliest %d)", v, t.ConstraintDate, s)})
		case t.Constraint == FNLT && f > t.ConstraintDate:
			r.Warnings = append(r.Warnings, Warning{Kind: ConstraintMissed, Task: int(v), Pred: int(drv),
				Message: fmt.Sprintf("task %d cannot finish by its FNLT date %d (earliest %d)", v, t.ConstraintDate, f)})
		}
		if t.HasDeadline && f > t.Deadline {
			r.Warnings = append(r.Warnings, Warning{Kind: DeadlineMissed, Task: int(v), Pred: int(drv),
				Message: fmt.Sprintf("task %d finishes at %d, after its deadline %d", v, f, t.Deadline)})
		}
	}
}

// backward sets the late dates, floats and scheduled dates in reverse
// topological order. Successors push bounds on the late start and finish of
// their predecessors into LateStart and LateFinish, which a task turns into
// its own late dates when its turn comes.
func backward(n *Network, g *graph, r *Result) {
	ds := r.Tasks
	pf := n.Start
	for i := range ds {
		pf = max(pf, ds[i].EarlyFinish)
	}
	if n.HasFinish {
		if n.Finish < pf {
			r.Warnings = append(r.Warnings, Warning{Kind: FinishMissed, Task: -1, Pred: -1,
				Message: fmt.Sprintf("project finish %d is before the earliest finish %d", n.Finish, pf)})
		}
		pf = n.Finish
	}
	r.ProjectFinish = pf
	lc := n.Calendar
	for k := len(g.order) - 1; k >= 0; k-- {
		v := g.order[k]
		t := &n.Tasks[v]
		x := &ds[v]
		cal := taskCal(n, t)
		d := t.Duration
		f := min(pf, x.LateFinish)
		if b := x.LateStart; b != none {
			f = min(f, add(cal, b, d))
		}
		if cal != nil && d > 0 {
			f = prev(cal, f)
		}
		switch t.Constraint {
		case SNLT, MSO:
			f = min(f, add(cal, t.ConstraintDate, d))
		case FNLT, MFO:
			f = min(f, t.ConstraintDate)
		}
		if t.HasDeadline {
			f = min(f, t.Deadline)
		}
		s := add(cal, f, -d)
		x.LateFinish, x.LateStart = f, s
		s, f = undelay(cal, t, s, f)
		preds := g.pred[g.predStart[v]:g.predStart[v+1]]
		for i := range preds {
			e := &preds[i]
			p := &ds[e.pred]
			switch e.typ {
			case FS:
				p.LateFinish = min(p.LateFinish, lagBack(lc, s, e))
			case SS:
				p.LateStart = min(p.LateStart, lagBack(lc, s, e))
			case FF:
				p.LateFinish = min(p.LateFinish, lagBack(lc, f, e))
			default:
				p.LateStart = min(p.LateStart, lagBack(lc, f, e))
			}
		}

		s, f = x.LateStart, x.LateFinish
		tf := work(cal, x.EarlyFinish, f)
		var ff int64
		if g.hasSucc[v] {
			ff = none
			if b := x.Finish; b != none {
				ff = work(cal, x.EarlyFinish, b)
			}
			if b := x.Start; b != none {
				ff = min(ff, work(cal, x.EarlyStart, b))
			}
		} else {
			ff = work(cal, x.EarlyFinish, pf)
		}
		x.TotalFloat = tf
		x.FreeFloat = max(min(ff, tf), 0)
		if t.Constraint == ALAP && !t.Started {
			x.Start, x.Finish = s, f
		} else {
			x.Start, x.Finish = x.EarlyStart, x.EarlyFinish
		}
	}
}

// undelay returns the start and finish of t before its levelling delay.
func undelay(cal Calendar, t *Task, s, f int64) (int64, int64) {
	if t.Delay <= 0 {
		return s, f
	}
	return add(cal, s, -t.Delay), add(cal, f, -t.Delay)
}

// add moves t by d working ticks of c.
func add(c Calendar, t, d int64) int64 {
	if c == nil || d == 0 {
		return t + d
	}
	return c.Add(t, d)
}

// work counts the working ticks of c from a to b (negative when b < a).
func work(c Calendar, a, b int64) int64 {
	if c == nil {
		return b - a
	}
	return c.Work(a, b)
}

// next returns the first instant at or after t where work can begin.
func next(c Calendar, t int64) int64 {
	if c == nil {
		return t
	}
	return c.Add(c.Add(t, 1), -1)
}

// prev returns the last instant at or before t where work can end.
func prev(c Calendar, t int64) int64 {
	if c == nil {
		return t
	}
	return c.Add(c.Add(t, -1), 1)
}

func lagFwd(c Calendar, t int64, e *edge) int64 {
	if e.flags&elapsedLag != 0 {
		return t + e.lag
	}
	return add(c, t, e.lag)
}

func lagBack(c Calendar, t int64, e *edge) int64 {
	if e.flags&elapsedLag != 0 {
		return t - e.lag
	}
	return add(c, t, -e.lag)
}
