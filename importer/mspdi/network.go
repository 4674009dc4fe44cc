package mspdi

import (
	"fmt"
	"slices"
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
// apply to each of its leaf tasks. A task without a calendar of its own
// is scheduled, as MS Project does unless IgnoreResourceCalendar, on the
// calendar of its work resources, or when they have several on their union
// (the task works when any of them does; only for calendars without
// exceptions, else the project calendar). Summary tasks' own constraints
// and levelling delays are not modelled.
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
	resCal := p.resourceCalendars()
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
			Delay:           t.LevelingDelay,
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
		cuid := t.CalendarUID
		if rc := resCal[t.UID]; len(rc) > 0 && cuid == -1 && !t.IgnoreResourceCalendar {
			if len(rc) == 1 {
				cuid = rc[0]
			} else if w, ok := p.unionWeek(rc); ok {
				// The task works whenever one of its resources does.
				c, err := schedule.NewWeekCalendar(w, nil)
				if err != nil {
					return nil, fmt.Errorf("mspdi: Task UID %d: resource calendars: %w", t.UID, err)
				}
				nt.Calendar = c
			}
		}
		if cuid != -1 {
			c, err := build(cuid)
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

// resourceCalendars returns the UIDs of the calendars of each task's work
// resources, without repeats.
func (p *Project) resourceCalendars() map[int][]int {
	cal := map[int]int{}
	for _, r := range p.Resources {
		if r.Type == 1 && r.CalendarUID != -1 {
			cal[r.UID] = r.CalendarUID
		}
	}
	out := map[int][]int{}
	for _, a := range p.Assignments {
		c, ok := cal[a.ResourceUID]
		if ok && !slices.Contains(out[a.TaskUID], c) {
			out[a.TaskUID] = append(out[a.TaskUID], c)
		}
	}
	return out
}

// unionWeek returns the working week in which any of the calendars uids
// works, or false if one of them (or its base) has exceptions, which the
// union does not model.
func (p *Project) unionWeek(uids []int) (schedule.Week, bool) {
	byUID := map[int]*Calendar{}
	for i := range p.Calendars {
		byUID[p.Calendars[i].UID] = &p.Calendars[i]
	}
	var all [7][]schedule.Span
	for _, uid := range uids {
		var w schedule.Week
		for c, depth := byUID[uid], 0; c != nil && depth < len(p.Calendars); depth++ {
			if len(c.Exceptions) > 0 {
				return schedule.Week{}, false
			}
			for d := range w {
				if w[d] == nil {
					w[d] = c.Week[d]
				}
			}
			if c.IsBase {
				break
			}
			c = byUID[c.BaseUID]
		}
		for d := range w {
			all[d] = append(all[d], w[d]...)
		}
	}
	var u schedule.Week
	for d, spans := range all {
		slices.SortFunc(spans, func(a, b schedule.Span) int { return a.From - b.From })
		u[d] = []schedule.Span{}
		for _, sp := range spans {
			if n := len(u[d]); n > 0 && sp.From <= u[d][n-1].To {
				u[d][n-1].To = max(u[d][n-1].To, sp.To)
				continue
			}
			u[d] = append(u[d], sp)
		}
	}
	return u, true
}
