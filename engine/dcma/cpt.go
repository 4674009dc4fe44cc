package dcma

import (
	"fmt"
	"slices"

	"github.com/pmohq/pmo/engine/schedule"
)

// taskCal is the calendar a task's duration counts on (nil: every tick).
func taskCal(n *schedule.Network, t *schedule.Task) schedule.Calendar {
	switch {
	case t.Elapsed:
		return nil
	case t.Calendar != nil:
		return t.Calendar
	}
	return n.Calendar
}

// work counts the working ticks of c from a to b (negative when b < a).
func work(c schedule.Calendar, a, b int64) int64 {
	if c == nil {
		return b - a
	}
	return c.Work(a, b)
}

// criticalTask picks the activity the critical path test delays: an
// incomplete activity with a working-time duration and the least total
// float, not started if possible, then the earliest, then the first.
func (a *assessment) criticalTask() int {
	best := -1
	better := func(i, j int) bool {
		di, dj := &a.res.Tasks[i], &a.res.Tasks[j]
		if di.TotalFloat != dj.TotalFloat {
			return di.TotalFloat < dj.TotalFloat
		}
		if si, sj := a.n.Tasks[i].Started, a.n.Tasks[j].Started; si != sj {
			return !si
		}
		return di.EarlyStart < dj.EarlyStart
	}
	for _, i := range a.total {
		if a.n.Tasks[i].Elapsed {
			continue
		}
		if best < 0 || better(i, best) {
			best = i
		}
	}
	return best
}

// 12. Critical path test: delay the most critical incomplete activity by
// 600 working days and check that the forecast finish slips as much. A
// finish that moves less means the critical path is broken: a constraint
// or a missing link lets the delay vanish. The slip is measured on the
// delayed activity's calendar; one working day of tolerance absorbs the
// alignment of activities on other calendars.
func (a *assessment) criticalPathTest() Check {
	c := Check{Number: 12, Name: "Critical path test", Threshold: float64(a.th.CPTDelayDays), AtLeast: true}
	k := a.criticalTask()
	if k < 0 {
		c.Note = "no incomplete activity with a working-time duration"
		return c
	}
	delay := a.th.CPTDelayDays * a.s.DayTicks
	n := *a.n
	n.Tasks = slices.Clone(a.n.Tasks)
	t := &n.Tasks[k]
	if t.Started && t.Duration > 0 {
		// Keep the work done: the same share of a longer task would be more.
		t.PercentComplete = t.PercentComplete * float64(t.Duration) / float64(t.Duration+delay)
	}
	t.Duration += delay
	res, err := schedule.Compute(&n)
	if err != nil { // the network already scheduled once: cannot happen
		c.Note = err.Error()
		return c
	}
	finish := n.Start
	for i := range res.Tasks {
		finish = max(finish, res.Tasks[i].EarlyFinish)
	}
	slip := work(taskCal(a.n, t), a.finish, finish)
	c.Count, c.Total = 1, 1
	c.Tasks = []string{a.s.Tasks[k].ID}
	c.Value = float64(slip) / float64(a.s.DayTicks)
	c.Note = fmt.Sprintf("delayed %s by %d working days; the finish moved %.1f", a.s.Tasks[k].ID, a.th.CPTDelayDays, c.Value)
	c.Result = Fail
	if slip >= delay-a.s.DayTicks {
		c.Result, c.Count, c.Tasks = Pass, 0, nil
	}
	return c
}

// 13. CPLI, the critical path length index: (critical path length + total
// float) / critical path length, the length counted in working days from
// the status date (the project start without one) to the forecast finish
// and the float from the forecast finish to the baseline finish.
func (a *assessment) cpli() Check {
	c := Check{Number: 13, Name: "CPLI", Threshold: a.th.CPLI, AtLeast: true}
	from := a.n.Start
	if a.n.HasStatusDate {
		from = max(from, a.n.StatusDate)
	}
	cal := a.n.Calendar
	cpl := work(cal, from, a.finish)
	if cpl <= 0 {
		c.Note = "the forecast finish is not after the status date"
		return c
	}
	var tf int64
	switch {
	case a.s.HasBaselineFinish:
		tf = work(cal, a.finish, a.s.BaselineFinish)
		c.Note = "float to the project baseline finish"
	case a.anyBaseline():
		tf = work(cal, a.finish, a.latestBaselineFinish())
		c.Note = "float to the latest task baseline finish"
	default:
		tf = a.leastFloat()
		c.Note = "no baseline: the least total float of the incomplete activities"
	}
	c.Count, c.Total = 1, 1
	c.Value = float64(cpl+tf) / float64(cpl)
	c.Note = fmt.Sprintf("%s; critical path %.1f working days, float %.1f",
		c.Note, float64(cpl)/float64(a.s.DayTicks), float64(tf)/float64(a.s.DayTicks))
	c.compare()
	if c.Result == Pass {
		c.Count = 0
	}
	return c
}

func (a *assessment) anyBaseline() bool {
	for i := range a.s.Tasks {
		if a.s.Tasks[i].HasBaseline && !a.s.Tasks[i].LOE {
			return true
		}
	}
	return false
}

func (a *assessment) latestBaselineFinish() int64 {
	var f int64
	first := true
	for i := range a.s.Tasks {
		if t := &a.s.Tasks[i]; t.HasBaseline && !t.LOE && (first || t.BaselineFinish > f) {
			f, first = t.BaselineFinish, false
		}
	}
	return f
}

// leastFloat is the least total float of the incomplete activities, 0
// when there is none.
func (a *assessment) leastFloat() int64 {
	var tf int64
	for k, i := range a.total {
		if f := a.res.Tasks[i].TotalFloat; k == 0 || f < tf {
			tf = f
		}
	}
	return tf
}
