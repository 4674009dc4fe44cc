package dcma

import (
	"fmt"

	"github.com/pmohq/pmo/engine/schedule"
)

// assessment holds what the checks share: the schedule, its CPM dates and
// the populations.
type assessment struct {
	s          *Schedule
	n          *schedule.Network
	th         Thresholds
	res        *schedule.Result
	done       []bool // complete activities
	total      []int  // "total tasks": incomplete, non-LOE, with a duration
	links      []int  // links into or out of incomplete non-LOE activities
	preds      []int  // number of predecessors per activity
	succs      []int
	activities int
	finish     int64
}

func newAssessment(s *Schedule, th Thresholds, res *schedule.Result) *assessment {
	n := s.Network
	a := &assessment{s: s, n: n, th: th, res: res, done: make([]bool, len(n.Tasks)),
		preds: make([]int, len(n.Tasks)), succs: make([]int, len(n.Tasks)), finish: n.Start}
	for i := range n.Tasks {
		t := &n.Tasks[i]
		a.done[i] = t.Finished || t.PercentComplete >= 100
		a.finish = max(a.finish, res.Tasks[i].EarlyFinish)
		if s.Tasks[i].LOE {
			continue
		}
		a.activities++
		if !a.done[i] && t.Duration > 0 {
			a.total = append(a.total, i)
		}
	}
	for k, l := range n.Links {
		if s.Tasks[l.Pred].LOE || s.Tasks[l.Succ].LOE {
			continue
		}
		a.preds[l.Succ]++
		a.succs[l.Pred]++
		if !a.done[l.Pred] || !a.done[l.Succ] {
			a.links = append(a.links, k)
		}
	}
	return a
}

// taskCheck counts the total tasks for which bad holds.
func (a *assessment) taskCheck(num int, name string, threshold float64, bad func(i int) bool) Check {
	c := Check{Number: num, Name: name, Total: len(a.total)}
	for _, i := range a.total {
		if bad(i) {
			c.Count++
			c.Tasks = append(c.Tasks, a.s.Tasks[i].ID)
		}
	}
	c.judge(threshold, false)
	return c
}

// linkCheck counts the links of the link population for which bad holds.
func (a *assessment) linkCheck(num int, name string, bad func(l *schedule.Link) bool) Check {
	c := Check{Number: num, Name: name, Total: len(a.links)}
	for _, k := range a.links {
		l := &a.n.Links[k]
		if bad(l) {
			c.Count++
			c.Links = append(c.Links, LinkRef{Pred: a.s.Tasks[l.Pred].ID, Succ: a.s.Tasks[l.Succ].ID,
				Type: l.Type.String(), Lag: l.Lag, LagPercent: l.LagPercent})
			if n := len(c.Tasks); n == 0 || c.Tasks[n-1] != a.s.Tasks[l.Succ].ID {
				c.Tasks = append(c.Tasks, a.s.Tasks[l.Succ].ID)
			}
		}
	}
	return c
}

// 1. Logic: incomplete tasks without a predecessor or a successor.
func (a *assessment) logic() Check {
	return a.taskCheck(1, "Logic", a.th.MissingLogic, func(i int) bool { return a.preds[i] == 0 || a.succs[i] == 0 })
}

// 2. Leads: links with a negative lag.
func (a *assessment) leads() Check {
	c := a.linkCheck(2, "Leads", func(l *schedule.Link) bool { return l.Lag < 0 || l.LagPercent < 0 })
	c.judge(a.th.Leads, false)
	return c
}

// 3. Lags: links with a positive lag.
func (a *assessment) lags() Check {
	c := a.linkCheck(3, "Lags", func(l *schedule.Link) bool {
		return l.Lag > 0 || (l.Lag == 0 && l.LagPercent > 0)
	})
	c.judge(a.th.Lags, false)
	return c
}

// 4. Relationship types: the share of finish-to-start links; the links
// listed are the others.
func (a *assessment) relationships() Check {
	c := a.linkCheck(4, "Relationship types", func(l *schedule.Link) bool { return l.Type != schedule.FS })
	c.Count = c.Total - c.Count
	c.judge(a.th.FS, true)
	return c
}

// 5. Hard constraints: MSO, MFO, SNLT and FNLT, which stop logic from
// moving a task (the DCMA list; SNET, FNET and ALAP are soft).
func (a *assessment) hardConstraints() Check {
	return a.taskCheck(5, "Hard constraints", a.th.HardConstraints, func(i int) bool {
		switch a.n.Tasks[i].Constraint {
		case schedule.MSO, schedule.MFO, schedule.SNLT, schedule.FNLT:
			return true
		}
		return false
	})
}

// 6. High float: total float above 44 working days.
func (a *assessment) highFloat() Check {
	limit := a.th.HighFloatDays * a.s.DayTicks
	return a.taskCheck(6, "High float", a.th.HighFloat, func(i int) bool { return a.res.Tasks[i].TotalFloat > limit })
}

// 7. Negative float.
func (a *assessment) negativeFloat() Check {
	return a.taskCheck(7, "Negative float", a.th.NegativeFloat, func(i int) bool { return a.res.Tasks[i].TotalFloat < 0 })
}

// 8. High duration: baseline duration (the duration when there is no
// baseline) above 44 working days.
func (a *assessment) highDuration() Check {
	limit := a.th.HighDurationDays * a.s.DayTicks
	return a.taskCheck(8, "High duration", a.th.HighDuration, func(i int) bool {
		d := a.n.Tasks[i].Duration
		if t := &a.s.Tasks[i]; t.HasBaseline && t.BaselineDuration > 0 {
			d = t.BaselineDuration
		}
		return d > limit
	})
}

// 9. Invalid dates: actual dates after the status date, or forecast dates
// of work not yet done before it; over every activity.
func (a *assessment) invalidDates() Check {
	c := Check{Number: 9, Name: "Invalid dates"}
	if !a.n.HasStatusDate {
		c.Note = "no status date"
		c.judge(a.th.InvalidDates, false)
		return c
	}
	sd := a.n.StatusDate
	for i := range a.n.Tasks {
		if a.s.Tasks[i].LOE {
			continue
		}
		c.Total++
		t, d := &a.n.Tasks[i], &a.res.Tasks[i]
		bad := (t.Started && t.ActualStart > sd) || (t.Finished && t.ActualFinish > sd) ||
			(!t.Started && d.Start < sd) || (!a.done[i] && d.Finish < sd)
		if bad {
			c.Count++
			c.Tasks = append(c.Tasks, a.s.Tasks[i].ID)
		}
	}
	c.judge(a.th.InvalidDates, false)
	return c
}

// 10. Resources: incomplete tasks with a duration and no resource.
func (a *assessment) resources() Check {
	return a.taskCheck(10, "Resources", a.th.Resources, func(i int) bool { return a.s.Tasks[i].Resources == 0 })
}

// due returns the activities whose baseline finish is on or before the
// status date.
func (a *assessment) due() []int {
	var due []int
	for i := range a.n.Tasks {
		if t := &a.s.Tasks[i]; !t.LOE && t.HasBaseline && t.BaselineFinish <= a.n.StatusDate {
			due = append(due, i)
		}
	}
	return due
}

// 11. Missed tasks: activities due by their baseline that finished after
// their baseline finish or have not finished.
func (a *assessment) missedTasks() Check {
	c := Check{Number: 11, Name: "Missed tasks"}
	if !a.n.HasStatusDate {
		c.Note = "no status date"
		c.judge(a.th.MissedTasks, false)
		return c
	}
	due := a.due()
	c.Total = len(due)
	for _, i := range due {
		t := &a.n.Tasks[i]
		if !a.done[i] || (t.Finished && t.ActualFinish > a.s.Tasks[i].BaselineFinish) {
			c.Count++
			c.Tasks = append(c.Tasks, a.s.Tasks[i].ID)
		}
	}
	if c.Total == 0 {
		c.Note = "no activity has a baseline finish on or before the status date"
	}
	c.judge(a.th.MissedTasks, false)
	return c
}

// 14. BEI: activities completed over activities due by their baseline.
func (a *assessment) bei() Check {
	c := Check{Number: 14, Name: "BEI", Threshold: a.th.BEI, AtLeast: true}
	if !a.n.HasStatusDate {
		c.Note = "no status date"
		return c
	}
	due := a.due()
	c.Total = len(due)
	for i := range a.n.Tasks {
		if !a.s.Tasks[i].LOE && a.done[i] {
			c.Count++
		}
	}
	for _, i := range due {
		if !a.done[i] {
			c.Tasks = append(c.Tasks, a.s.Tasks[i].ID)
		}
	}
	if c.Total == 0 {
		c.Note = "no activity has a baseline finish on or before the status date"
		return c
	}
	c.Value = float64(c.Count) / float64(c.Total)
	c.Note = fmt.Sprintf("%d activities completed, %d due by the baseline", c.Count, c.Total)
	c.compare()
	return c
}
