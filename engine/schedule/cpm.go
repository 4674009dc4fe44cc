package schedule

import (
	"fmt"
	"math"
)

// Result holds the dates of every task, indexed like Network.Tasks. Dates
// are instants in ticks; floats are working ticks of the task's calendar.
type Result struct {
	EarlyStart, EarlyFinish []int64
	LateStart, LateFinish   []int64
	// Start and Finish are the scheduled dates: late dates for ALAP tasks
	// not yet started, early dates otherwise.
	Start, Finish []int64
	TotalFloat    []int64 // LF-EF; negative when a constraint or deadline cannot be met
	FreeFloat     []int64 // 0 ≤ FreeFloat ≤ max(TotalFloat, 0)
	// Driver is the predecessor that set each task's early start, or -1 when
	// the project start, the status date, a constraint or an actual date did.
	Driver []int32
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
func (r *Result) Critical(i int) bool { return r.TotalFloat[i] <= r.nearCritical }

// CriticalPaths returns the critical paths as chains of driving
// predecessors, each from its first task to a critical task that drives no
// critical successor.
func (r *Result) CriticalPaths() [][]int {
	n := len(r.TotalFloat)
	drivesCritical := make([]bool, n)
	for i := 0; i < n; i++ {
		if d := r.Driver[i]; d >= 0 && r.Critical(i) {
			drivesCritical[d] = true
		}
	}
	var paths [][]int
	for i := 0; i < n; i++ {
		if !r.Critical(i) || drivesCritical[i] {
			continue
		}
		var p []int
		for v := i; v >= 0; v = int(r.Driver[v]) {
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
	g, err := newGraph(n.Tasks, n.Links)
	if err != nil {
		return nil, err
	}
	nt := len(n.Tasks)
	buf := make([]int64, 8*nt)
	r := &Result{
		EarlyStart:   buf[0*nt : 1*nt],
		EarlyFinish:  buf[1*nt : 2*nt],
		LateStart:    buf[2*nt : 3*nt],
		LateFinish:   buf[3*nt : 4*nt],
		Start:        buf[4*nt : 5*nt],
		Finish:       buf[5*nt : 6*nt],
		TotalFloat:   buf[6*nt : 7*nt],
		FreeFloat:    buf[7*nt : 8*nt],
		Driver:       make([]int32, nt),
		Order:        g.order,
		nearCritical: n.NearCritical,
	}
	forward(n, g, r)
	backward(n, g, r)
	floats(n, g, r)
	return r, nil
}

func taskCal(n *Network, t *Task) Calendar {
	if t.Calendar != nil {
		return t.Calendar
	}
	return n.Calendar
}

func forward(n *Network, g *graph, r *Result) {
	es, ef := r.EarlyStart, r.EarlyFinish
	lc := n.Calendar
	for _, v := range g.order {
		t := &n.Tasks[v]
		cal := taskCal(n, t)
		d := t.Duration
		start := n.Start
		if n.HasStatusDate && !t.Started && n.StatusDate > start {
			start = n.StatusDate
		}
		s, drv := start, int32(-1)
		for i := g.predStart[v]; i < g.predStart[v+1]; i++ {
			e := &g.pred[i]
			var c int64
			switch e.typ {
			case FS:
				c = lagFwd(lc, ef[e.other], e)
			case SS:
				c = lagFwd(lc, es[e.other], e)
			case FF:
				c = add(cal, lagFwd(lc, ef[e.other], e), -d)
			default: // SF
				c = add(cal, lagFwd(lc, es[e.other], e), -d)
			}
			if c > s || (c == s && drv < 0) {
				s, drv = c, e.other
			}
		}
		if cal != nil && d > 0 {
			s = next(cal, s)
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
		es[v], ef[v], r.Driver[v] = s, f, drv
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

func backward(n *Network, g *graph, r *Result) {
	ls, lf := r.LateStart, r.LateFinish
	pf := n.Start
	for _, f := range r.EarlyFinish {
		pf = max(pf, f)
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
		cal := taskCal(n, t)
		d := t.Duration
		f := pf
		for i := g.succStart[v]; i < g.succStart[v+1]; i++ {
			e := &g.succ[i]
			var b int64
			switch e.typ {
			case FS:
				b = lagBack(lc, ls[e.other], e)
			case SS:
				b = add(cal, lagBack(lc, ls[e.other], e), d)
			case FF:
				b = lagBack(lc, lf[e.other], e)
			default: // SF
				b = add(cal, lagBack(lc, lf[e.other], e), d)
			}
			f = min(f, b)
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
		lf[v], ls[v] = f, add(cal, f, -d)
	}
}

func floats(n *Network, g *graph, r *Result) {
	es, ef := r.EarlyStart, r.EarlyFinish
	lc := n.Calendar
	for v := range n.Tasks {
		t := &n.Tasks[v]
		cal := taskCal(n, t)
		tf := work(cal, ef[v], r.LateFinish[v])
		ff := int64(math.MaxInt64)
		if g.succStart[v] == g.succStart[v+1] {
			ff = work(cal, ef[v], r.ProjectFinish)
		}
		for i := g.succStart[v]; i < g.succStart[v+1]; i++ {
			e := &g.succ[i]
			var sl int64
			switch e.typ {
			case FS:
				sl = work(cal, lagFwd(lc, ef[v], e), es[e.other])
			case SS:
				sl = work(cal, lagFwd(lc, es[v], e), es[e.other])
			case FF:
				sl = work(cal, lagFwd(lc, ef[v], e), ef[e.other])
			default:
				sl = work(cal, lagFwd(lc, es[v], e), ef[e.other])
			}
			ff = min(ff, sl)
		}
		r.TotalFloat[v] = tf
		r.FreeFloat[v] = max(min(ff, tf), 0)
		if t.Constraint == ALAP && !t.Started {
			r.Start[v], r.Finish[v] = r.LateStart[v], r.LateFinish[v]
		} else {
			r.Start[v], r.Finish[v] = es[v], ef[v]
		}
	}
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
