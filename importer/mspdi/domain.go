package mspdi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/schedule"
)

// Schedule converts p to a pmo.Schedule of the project projectID and the
// baselines its tasks carry (one per baseline number). Null tasks (blank
// rows) are left out, as are assignments without a resource; an actual
// start counts only on a task with progress, and an actual finish only on a
// finished one (some writers fill them on tasks not started). The dates and
// slack the file stores become the computed values until the schedule is
// rescheduled.
func (p *Project) Schedule(projectID int64) (*pmo.Schedule, []pmo.Baseline) {
	s := &pmo.Schedule{ProjectID: projectID, Name: p.Name, Start: p.StartDate, StatusDate: p.StatusDate,
		Calendar: p.CalendarUID, MinutesPerDay: p.MinutesPerDay, MinutesPerWeek: p.MinutesPerWeek,
		Finish: p.FinishDate, Calendars: []pmo.Calendar{}, Tasks: []pmo.Task{}, Resources: []pmo.Resource{},
		Assignments: []pmo.Assignment{}, Warnings: []pmo.ScheduleWarning{}}
	if len(p.Calendars) == 0 {
		s.Calendar = -1
	}
	for _, c := range p.Calendars {
		dc := pmo.Calendar{UID: c.UID, Name: c.Name, Base: c.BaseUID, Exceptions: []pmo.CalendarException{}}
		if c.IsBase || c.BaseUID < 0 {
			dc.Base = -1
		}
		for d, spans := range c.Week {
			dc.Week[d] = domainSpans(spans)
		}
		for _, e := range c.Exceptions {
			dc.Exceptions = append(dc.Exceptions, pmo.CalendarException{First: pmo.DateOf(e.First),
				Last: pmo.DateOf(e.Last), Working: nonNilSpans(domainSpans(e.Working))})
		}
		s.Calendars = append(s.Calendars, dc)
	}
	null := map[int]bool{}
	for _, t := range p.Tasks {
		null[t.UID] = t.Null
	}
	byNumber := map[int]*pmo.Baseline{}
	var numbers []int
	for _, t := range p.Tasks {
		if t.Null {
			continue
		}
		k := domainTask(&t)
		// Blank rows go, and so do links from them.
		k.Predecessors = slices.DeleteFunc(k.Predecessors, func(l pmo.Link) bool { return null[l.Predecessor] })
		s.Tasks = append(s.Tasks, k)
		for _, b := range t.Baselines {
			bl := byNumber[b.Number]
			if bl == nil {
				bl = &pmo.Baseline{BaselineInfo: pmo.BaselineInfo{Number: b.Number,
					Name: fmt.Sprintf("Baseline %d (imported)", b.Number)}}
				byNumber[b.Number] = bl
				numbers = append(numbers, b.Number)
			}
			bl.Tasks = append(bl.Tasks, pmo.BaselineTask{UID: t.UID, Name: t.Name, Start: b.Start, Finish: b.Finish,
				Duration: minutes(b.Duration), Work: minutes(b.Work), Cost: b.Cost})
		}
	}
	for _, r := range p.Resources {
		typ := pmo.WorkResource
		switch r.Type {
		case 0:
			typ = pmo.MaterialResource
		case 2:
			typ = pmo.CostResource
		}
		s.Resources = append(s.Resources, pmo.Resource{UID: r.UID, Name: r.Name, Type: typ, MaxUnits: r.MaxUnits,
			Calendar: r.CalendarUID})
	}
	for _, a := range p.Assignments {
		if a.ResourceUID < 0 || null[a.TaskUID] {
			continue
		}
		s.Assignments = append(s.Assignments, pmo.Assignment{UID: a.UID, Task: a.TaskUID, Resource: a.ResourceUID,
			Units: a.Units, Work: minutes(a.Work)})
	}
	slices.Sort(numbers)
	var baselines []pmo.Baseline
	for _, n := range numbers {
		baselines = append(baselines, *byNumber[n])
	}
	return s, baselines
}

func domainTask(t *Task) pmo.Task {
	k := pmo.Task{UID: t.UID, Name: t.Name, WBS: t.WBS, OutlineLevel: t.OutlineLevel, Milestone: t.Milestone,
		Duration: minutes(t.Duration), Elapsed: t.Elapsed, Priority: t.Priority, Notes: t.Notes,
		PercentComplete: t.PercentComplete, Constraint: pmo.ConstraintType(t.Constraint.String()),
		ConstraintDate: t.ConstraintDate, Deadline: t.Deadline, Calendar: t.CalendarUID,
		IgnoreResourceCalendar: t.IgnoreResourceCalendar, LevelingDelay: t.LevelingDelay,
		Predecessors: []pmo.Link{}}
	if t.PercentComplete > 0 || t.ActualDuration > 0 {
		k.ActualStart = t.ActualStart
	}
	if t.PercentComplete == 100 && !k.ActualStart.IsZero() {
		k.ActualFinish = t.ActualFinish
	}
	if k.Calendar < 0 {
		k.Calendar = -1
	}
	k.TaskDates = pmo.TaskDates{Start: t.Start, Finish: t.Finish, EarlyStart: t.EarlyStart,
		EarlyFinish: t.EarlyFinish, LateStart: t.LateStart, LateFinish: t.LateFinish,
		TotalFloat: t.TotalSlack, FreeFloat: t.FreeSlack, Critical: t.HasSlack && t.TotalSlack <= 0, Driver: -1}
	for _, l := range t.Predecessors {
		dl := pmo.Link{Predecessor: l.PredecessorUID, Type: pmo.LinkType(l.Type.String()), Elapsed: l.Elapsed}
		if l.Percent {
			dl.LagPercent = int(l.LagPercent)
		} else {
			dl.Lag = l.Lag
		}
		k.Predecessors = append(k.Predecessors, dl)
	}
	return k
}

func minutes(d time.Duration) int64 { return int64(d / time.Minute) }

func domainSpans(spans []schedule.Span) []pmo.Span {
	if spans == nil {
		return nil
	}
	out := make([]pmo.Span, len(spans))
	for i, sp := range spans {
		out[i] = pmo.Span{From: sp.From, To: sp.To}
	}
	return out
}

func nonNilSpans(s []pmo.Span) []pmo.Span {
	if s == nil {
		return []pmo.Span{}
	}
	return s
}

func engineSpans(spans []pmo.Span) []schedule.Span {
	if spans == nil {
		return nil
	}
	out := make([]schedule.Span, len(spans))
	for i, sp := range spans {
		out[i] = schedule.Span{From: sp.From, To: sp.To}
	}
	return out
}

// FromSchedule converts a pmo.Schedule (and its baselines, which may be
// nil) to an MSPDI Project that Write writes and Network schedules. Task
// IDs number the rows, outline numbers follow the outline, and the dates
// are the schedule's computed values.
func FromSchedule(s *pmo.Schedule, baselines []pmo.Baseline) *Project {
	p := &Project{Name: s.Name, StartDate: s.Start, FinishDate: s.Finish, StatusDate: s.StatusDate,
		ScheduleFromStart: true, CalendarUID: s.Calendar, MinutesPerDay: s.MinutesPerDay, MinutesPerWeek: s.MinutesPerWeek}
	if p.FinishDate.IsZero() {
		for _, t := range s.Tasks {
			if t.Finish.After(p.FinishDate) {
				p.FinishDate = t.Finish
			}
		}
	}
	for _, c := range s.Calendars {
		mc := Calendar{UID: c.UID, Name: c.Name, IsBase: c.Base < 0, BaseUID: c.Base}
		for d, spans := range c.Week {
			mc.Week[d] = engineSpans(spans)
		}
		for _, e := range c.Exceptions {
			mc.Exceptions = append(mc.Exceptions, schedule.Exception{First: e.First.Time(), Last: e.Last.Time(),
				Working: engineSpans(e.Working)})
		}
		p.Calendars = append(p.Calendars, mc)
	}
	base := map[int][]Baseline{}
	for _, b := range baselines {
		for _, bt := range b.Tasks {
			base[bt.UID] = append(base[bt.UID], Baseline{Number: b.Number, Start: bt.Start, Finish: bt.Finish,
				Duration: time.Duration(bt.Duration) * time.Minute, Work: time.Duration(bt.Work) * time.Minute, Cost: bt.Cost})
		}
	}
	index := map[int]int{}
	first := 1 // row IDs start at 1, or 0 with a project summary task
	if len(s.Tasks) > 0 && s.Tasks[0].OutlineLevel == 0 {
		first = 0
	}
	var outline []int // outline numbers of the open levels
	for i, k := range s.Tasks {
		index[k.UID] = i
		outline = append(outline[:min(len(outline), k.OutlineLevel)], 0)
		for len(outline) < k.OutlineLevel {
			outline = append(outline, 1)
		}
		if k.OutlineLevel > 0 {
			outline[k.OutlineLevel-1]++
		}
		p.Tasks = append(p.Tasks, mspdiTask(&k, i+first, outlineNumber(outline, k.OutlineLevel), base[k.UID]))
	}
	for i, k := range s.Tasks {
		p.Tasks[i].Parent = -1
		if j, ok := index[k.Parent]; ok && k.Parent >= 0 {
			p.Tasks[i].Parent = j
		}
	}
	for i, r := range s.Resources {
		typ := 1
		switch r.Type {
		case pmo.MaterialResource:
			typ = 0
		case pmo.CostResource:
			typ = 2
		}
		p.Resources = append(p.Resources, Resource{UID: r.UID, ID: i + 1, Name: r.Name, Type: typ,
			MaxUnits: r.MaxUnits, CalendarUID: r.Calendar})
	}
	for _, a := range s.Assignments {
		ma := Assignment{UID: a.UID, TaskUID: a.Task, ResourceUID: a.Resource, Units: a.Units,
			Work: time.Duration(a.Work) * time.Minute}
		if k := s.TaskByUID(a.Task); k != nil {
			ma.Start, ma.Finish = k.Start, k.Finish
		}
		p.Assignments = append(p.Assignments, ma)
	}
	return p
}

// outlineNumber formats the first level numbers of outline, e.g. "1.2.3";
// the project summary task (level 0) is "0".
func outlineNumber(outline []int, level int) string {
	if level == 0 {
		return "0"
	}
	parts := make([]string, level)
	for i := range level {
		parts[i] = strconv.Itoa(outline[i])
	}
	return strings.Join(parts, ".")
}

func mspdiTask(k *pmo.Task, i int, outline string, baselines []Baseline) Task {
	t := Task{UID: k.UID, ID: i, Name: k.Name, WBS: k.WBS, OutlineNumber: outline, OutlineLevel: k.OutlineLevel,
		Summary: k.Summary, Milestone: k.Milestone, Duration: time.Duration(k.Duration) * time.Minute,
		DurationFormat: 7, Elapsed: k.Elapsed, PercentComplete: k.PercentComplete,
		Start: k.Start, Finish: k.Finish, EarlyStart: k.EarlyStart, EarlyFinish: k.EarlyFinish,
		LateStart: k.LateStart, LateFinish: k.LateFinish, ActualStart: k.ActualStart, ActualFinish: k.ActualFinish,
		TotalSlack: k.TotalFloat, FreeSlack: k.FreeFloat,
		// Zero float on a task not critical means no float is known.
		HasSlack:       k.Critical || k.TotalFloat != 0 || k.FreeFloat != 0,
		ConstraintDate: k.ConstraintDate, Deadline: k.Deadline, CalendarUID: k.Calendar,
		IgnoreResourceCalendar: k.IgnoreResourceCalendar, Priority: k.Priority, LevelingDelay: k.LevelingDelay,
		Notes: k.Notes, Baselines: baselines}
	if k.Elapsed {
		t.DurationFormat = 8
	}
	done := time.Duration(float64(t.Duration) * float64(k.PercentComplete) / 100)
	t.ActualDuration, t.RemainingDuration = done.Truncate(time.Minute), (t.Duration - done).Truncate(time.Minute)
	for c, ct := range constraints {
		if ct.String() == string(k.Constraint) {
			t.Constraint = constraints[c]
		}
	}
	for _, l := range k.Predecessors {
		ml := Link{PredecessorUID: l.Predecessor, Lag: l.Lag, LagFormat: 7, Elapsed: l.Elapsed}
		for _, lt := range linkTypes {
			if lt.String() == string(l.Type) {
				ml.Type = lt
			}
		}
		if l.Elapsed {
			ml.LagFormat = 8
		}
		if l.LagPercent != 0 {
			ml.Lag, ml.LagPercent, ml.Percent = 0, int32(l.LagPercent), true
			ml.LagFormat = 19
			if l.Elapsed {
				ml.LagFormat = 20
			}
		}
		t.Predecessors = append(t.Predecessors, ml)
	}
	return t
}
