package mspdi

import (
	"fmt"
	"time"

	"github.com/pmohq/pmo/engine/schedule"
)

// maxLinks bounds the links a document can expand to: a link from or to a
// summary task becomes a link from or to each of its leaf tasks.
const maxLinks = 1 << 22

// Schedule is a Project converted for the scheduling engine.
type Schedule struct {
	Network *schedule.Network
	// Tasks maps each network task to its index in Project.Tasks.
	Tasks []int
	// Calendars holds the calendars built, by UID; Project is the project
	// calendar.
	Calendars map[int]*schedule.WeekCalendar
	Project   *schedule.WeekCalendar
}

// Network converts the leaf tasks of p (tasks with no subtasks, not null)
// to a schedule.Network on minute ticks. Links from or to a summary task
// apply to each of its leaf tasks. Summary tasks' own constraints,
// resource calendars and levelling delays are not modelled.
func (p *Project) Network() (*Schedule, error) {
	s := &Schedule{Calendars: map[int]*schedule.WeekCalendar{}}
	byUID := map[int]*Calendar{}
	for i := range p.Calendars {
		byUID[p.Calendars[i].UID] = &p.Calendars[i]
	}
	building := map[int]bool{}
	var build func(uid int) (*schedule.WeekCalendar, error)
	build = func(uid int) (*schedule.WeekCalendar, error) {
		if c, ok := s.Calendars[uid]; ok {
			return c, nil
		}
		c := byUID[uid]
		if c == nil {
			return nil, fmt.Errorf("mspdi: no calendar UID %d", uid)
		}
		if building[uid] {
			return nil, fmt.Errorf("mspdi: Calendar UID %d: <BaseCalendarUID> forms a cycle", uid)
		}
		building[uid] = true
		var wc *schedule.WeekCalendar
		var err error
		if c.IsBase {
			wc, err = schedule.NewWeekCalendar(c.Week, c.Exceptions)
		} else {
			var base *schedule.WeekCalendar
			if base, err = build(c.BaseUID); err != nil {
				return nil, err
			}
			wc, err = base.Derive(c.Week, c.Exceptions)
		}
		if err != nil {
			return nil, fmt.Errorf("mspdi: Calendar UID %d: %w", uid, err)
		}
		s.Calendars[uid] = wc
		return wc, nil
	}
	if len(p.Calendars) == 0 {
		var w schedule.Week
		for d := time.Monday; d <= time.Friday; d++ {
			w[d] = standardDay
		}
		s.Project, _ = schedule.NewWeekCalendar(w, nil)
	} else {
		var err error
		if s.Project, err = build(p.CalendarUID); err != nil {
			return nil, err
		}
	}

	// Leaf tasks get network indexes; every task lists its leaves.
	hasChild := make([]bool, len(p.Tasks))
	for _, t := range p.Tasks {
		if t.Parent >= 0 {
			hasChild[t.Parent] = true
		}
	}
	index := make([]int, len(p.Tasks))
	leaves := make([][]int, len(p.Tasks))
	uidIndex := map[int]int{}
	n := &schedule.Network{Calendar: s.Project, Start: schedule.TimeTick(p.StartDate)}
	if !p.StatusDate.IsZero() {
		n.StatusDate, n.HasStatusDate = schedule.TimeTick(p.StatusDate), true
	}
	for i, t := range p.Tasks {
		uidIndex[t.UID] = i
		index[i] = -1
		if hasChild[i] || t.Null {
			continue
		}
		index[i] = len(n.Tasks)
		s.Tasks = append(s.Tasks, i)
		nt := schedule.Task{
			Duration:        int64(t.Duration / time.Minute),
			Constraint:      t.Constraint,
			Elapsed:         t.Elapsed,
			PercentComplete: float64(t.PercentComplete),
		}
		if !t.ConstraintDate.IsZero() {
			nt.ConstraintDate = schedule.TimeTick(t.ConstraintDate)
		}
		if !t.Deadline.IsZero() {
			nt.Deadline, nt.HasDeadline = schedule.TimeTick(t.Deadline), true
		}
		// An actual date counts only with progress: some writers fill
		// ActualStart on tasks not started.
		progress := t.PercentComplete > 0 || t.ActualDuration > 0
		if !t.ActualStart.IsZero() && progress {
			nt.ActualStart, nt.Started = schedule.TimeTick(t.ActualStart), true
		}
		if !t.ActualFinish.IsZero() && t.PercentComplete == 100 {
			nt.ActualFinish, nt.Finished = schedule.TimeTick(t.ActualFinish), true
		}
		if t.CalendarUID != -1 {
			c, err := build(t.CalendarUID)
			if err != nil {
				return nil, err
			}
			nt.Calendar = c
		}
		n.Tasks = append(n.Tasks, nt)
		for a := i; a >= 0; a = p.Tasks[a].Parent {
			leaves[a] = append(leaves[a], index[i])
		}
	}
	for i, t := range p.Tasks {
		for _, l := range t.Predecessors {
			pi, ok := uidIndex[l.PredecessorUID]
			if !ok {
				return nil, fmt.Errorf("mspdi: Task UID %d: <PredecessorLink> to missing task UID %d", t.UID, l.PredecessorUID)
			}
			for _, a := range leaves[pi] {
				for _, b := range leaves[i] {
					if len(n.Links) >= maxLinks {
						return nil, fmt.Errorf("mspdi: more than %d links after expanding summary tasks", maxLinks)
					}
					n.Links = append(n.Links, schedule.Link{Pred: a, Succ: b, Type: l.Type,
						Lag: l.Lag, LagPercent: l.LagPercent, Elapsed: l.Elapsed})
				}
			}
		}
	}
	s.Network = n
	return s, nil
}
