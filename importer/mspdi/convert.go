package mspdi

import (
	"fmt"
	"time"

	"github.com/pmohq/pmo/engine/schedule"
)

// standardDay is the working time of a working day given without times.
var standardDay = []schedule.Span{{From: 480, To: 720}, {From: 780, To: 1020}}

func convert(x *xProject) (*Project, error) {
	p := &parser{where: "Project"}
	pr := &Project{
		Name:              x.Name,
		StartDate:         p.date("StartDate", x.StartDate),
		FinishDate:        p.date("FinishDate", x.FinishDate),
		StatusDate:        p.date("StatusDate", x.StatusDate),
		ScheduleFromStart: x.ScheduleFromStart == "" || p.bool("ScheduleFromStart", x.ScheduleFromStart),
		CalendarUID:       p.int("CalendarUID", x.CalendarUID, -1),
		MinutesPerDay:     p.int("MinutesPerDay", x.MinutesPerDay, 480),
		MinutesPerWeek:    p.int("MinutesPerWeek", x.MinutesPerWeek, 2400),
	}
	if p.err != nil {
		return nil, p.err
	}
	cals := map[int]bool{}
	for i := range x.Calendars {
		c, err := convertCalendar(i, &x.Calendars[i])
		if err != nil {
			return nil, err
		}
		if cals[c.UID] {
			return nil, fmt.Errorf("mspdi: Calendar UID %d: duplicate UID", c.UID)
		}
		cals[c.UID] = true
		pr.Calendars = append(pr.Calendars, c)
	}
	for _, c := range pr.Calendars {
		if !c.IsBase && !cals[c.BaseUID] {
			return nil, fmt.Errorf("mspdi: Calendar UID %d: <BaseCalendarUID> %d names no calendar", c.UID, c.BaseUID)
		}
	}
	if len(pr.Calendars) > 0 && !cals[pr.CalendarUID] {
		return nil, fmt.Errorf("mspdi: Project: <CalendarUID> %d names no calendar", pr.CalendarUID)
	}

	tasks := map[int]int{}
	// last[l] is the index of the last task at outline level l; level 0,
	// the project summary task, is optional.
	last := []int{-1}
	for i := range x.Tasks {
		t, err := convertTask(i, &x.Tasks[i])
		if err != nil {
			return nil, err
		}
		if _, dup := tasks[t.UID]; dup {
			return nil, fmt.Errorf("mspdi: Task UID %d: duplicate UID", t.UID)
		}
		if t.CalendarUID != -1 && !cals[t.CalendarUID] {
			return nil, fmt.Errorf("mspdi: Task UID %d: <CalendarUID> %d names no calendar", t.UID, t.CalendarUID)
		}
		tasks[t.UID] = i
		// The parent is the last task one outline level up.
		lv := t.OutlineLevel
		if lv < 0 || lv > len(last) {
			return nil, fmt.Errorf("mspdi: Task UID %d: <OutlineLevel> %d below no task at level %d", t.UID, lv, lv-1)
		}
		t.Parent = -1
		if lv > 0 {
			t.Parent = last[lv-1]
		}
		last = append(last[:lv], i)
		pr.Tasks = append(pr.Tasks, t)
	}
	for _, t := range pr.Tasks {
		for _, l := range t.Predecessors {
			if _, ok := tasks[l.PredecessorUID]; !ok {
				return nil, fmt.Errorf("mspdi: Task UID %d: <PredecessorLink> to missing task UID %d", t.UID, l.PredecessorUID)
			}
		}
	}

	res := map[int]bool{}
	for i := range x.Resources {
		xr := &x.Resources[i]
		p := &parser{where: fmt.Sprintf("Resource %d", i+1)}
		r := Resource{
			UID: p.int("UID", xr.UID, -1), ID: p.int("ID", xr.ID, 0), Name: xr.Name,
			Type: p.int("Type", xr.Type, 1), MaxUnits: p.float("MaxUnits", xr.MaxUnits),
			CalendarUID: p.int("CalendarUID", xr.CalendarUID, -1),
		}
		if p.err != nil {
			return nil, p.err
		}
		if res[r.UID] {
			return nil, fmt.Errorf("mspdi: Resource UID %d: duplicate UID", r.UID)
		}
		// MS Project itself writes resource calendars it does not save (UID
		// 0, the unnamed resource, often names one): such a resource keeps
		// no calendar rather than failing the import.
		if r.CalendarUID != -1 && !cals[r.CalendarUID] {
			r.CalendarUID = -1
		}
		res[r.UID] = true
		pr.Resources = append(pr.Resources, r)
	}
	for i := range x.Assignments {
		xa := &x.Assignments[i]
		p := &parser{where: fmt.Sprintf("Assignment %d", i+1)}
		a := Assignment{
			UID: p.int("UID", xa.UID, -1), TaskUID: p.int("TaskUID", xa.TaskUID, -1),
			ResourceUID: p.int("ResourceUID", xa.ResourceUID, noResource),
			Units:       p.float("Units", xa.Units), Work: p.duration("Work", xa.Work),
			Start: p.date("Start", xa.Start), Finish: p.date("Finish", xa.Finish),
		}
		if p.err != nil {
			return nil, p.err
		}
		if _, ok := tasks[a.TaskUID]; !ok {
			return nil, fmt.Errorf("mspdi: Assignment UID %d: <TaskUID> %d names no task", a.UID, a.TaskUID)
		}
		if a.ResourceUID >= 0 && !res[a.ResourceUID] {
			return nil, fmt.Errorf("mspdi: Assignment UID %d: <ResourceUID> %d names no resource", a.UID, a.ResourceUID)
		}
		pr.Assignments = append(pr.Assignments, a)
	}
	return pr, nil
}

func convertCalendar(i int, xc *xCalendar) (Calendar, error) {
	p := &parser{where: fmt.Sprintf("Calendar %d", i+1)}
	c := Calendar{UID: p.int("UID", xc.UID, -1), Name: xc.Name,
		IsBase:  p.bool("IsBaseCalendar", xc.IsBaseCalendar),
		BaseUID: p.int("BaseCalendarUID", xc.BaseCalendarUID, -1)}
	p.where = fmt.Sprintf("Calendar UID %d", c.UID)
	for _, wd := range xc.WeekDays {
		typ := p.int("DayType", wd.DayType, -1)
		working := p.bool("DayWorking", wd.DayWorking)
		var spans []schedule.Span
		if working {
			spans = []schedule.Span{}
			var times []xWorkingTime
			if wd.WorkingTimes != nil {
				times = wd.WorkingTimes.WorkingTime
			}
			for _, wt := range times {
				from, to := p.clock("FromTime", wt.FromTime), p.clock("ToTime", wt.ToTime)
				if to == 0 {
					to = 24 * 60 // 00:00:00 as a finish is midnight at the day's end
				}
				spans = append(spans, schedule.Span{From: from, To: to})
			}
			if len(spans) == 0 {
				spans = standardDay
			}
		} else {
			spans = []schedule.Span{}
		}
		switch {
		case typ >= 1 && typ <= 7:
			c.Week[typ-1] = spans
		case typ == 0:
			var tp xTimePeriod
			if wd.TimePeriod != nil {
				tp = *wd.TimePeriod
			}
			first, last := p.date("FromDate", tp.FromDate), p.date("ToDate", tp.ToDate)
			if first.IsZero() || last.IsZero() {
				p.fail("TimePeriod", tp.FromDate+" "+tp.ToDate, "exception without dates")
			}
			c.Exceptions = append(c.Exceptions, schedule.Exception{First: first, Last: last, Working: spans})
		default:
			p.fail("DayType", wd.DayType, "not 0–7")
		}
	}
	if c.IsBase {
		// A base calendar has no base to inherit from: missing days take
		// MS Project's defaults.
		for d := range c.Week {
			if c.Week[d] == nil {
				c.Week[d] = []schedule.Span{}
				if d != int(time.Sunday) && d != int(time.Saturday) {
					c.Week[d] = standardDay
				}
			}
		}
	}
	return c, p.err
}

func convertTask(i int, xt *xTask) (Task, error) {
	p := &parser{where: fmt.Sprintf("Task %d", i+1)}
	t := Task{UID: p.int("UID", xt.UID, -1)}
	if xt.UID == "" {
		p.fail("UID", "", "missing")
	}
	p.where = fmt.Sprintf("Task UID %d", t.UID)
	t.ID = p.int("ID", xt.ID, 0)
	t.Name, t.WBS, t.OutlineNumber = xt.Name, xt.WBS, xt.OutlineNumber
	t.OutlineLevel = p.int("OutlineLevel", xt.OutlineLevel, 1)
	t.Null = p.bool("IsNull", xt.IsNull)
	t.Summary = p.bool("Summary", xt.Summary)
	t.Milestone = p.bool("Milestone", xt.Milestone)
	t.Duration = p.duration("Duration", xt.Duration)
	t.RemainingDuration = p.duration("RemainingDuration", xt.RemainingDuration)
	t.ActualDuration = p.duration("ActualDuration", xt.ActualDuration)
	t.DurationFormat = p.int("DurationFormat", xt.DurationFormat, 7)
	t.Elapsed = elapsedFormat(t.DurationFormat)
	t.PercentComplete = p.int("PercentComplete", xt.PercentComplete, 0)
	if t.PercentComplete < 0 || t.PercentComplete > 100 {
		p.fail("PercentComplete", xt.PercentComplete, "not 0–100")
	}
	t.Start, t.Finish = p.date("Start", xt.Start), p.date("Finish", xt.Finish)
	t.EarlyStart, t.EarlyFinish = p.date("EarlyStart", xt.EarlyStart), p.date("EarlyFinish", xt.EarlyFinish)
	t.LateStart, t.LateFinish = p.date("LateStart", xt.LateStart), p.date("LateFinish", xt.LateFinish)
	t.ActualStart, t.ActualFinish = p.date("ActualStart", xt.ActualStart), p.date("ActualFinish", xt.ActualFinish)
	t.TotalSlack, t.FreeSlack = p.tenths("TotalSlack", xt.TotalSlack), p.tenths("FreeSlack", xt.FreeSlack)
	t.HasSlack = xt.TotalSlack != ""
	ct := p.int("ConstraintType", xt.ConstraintType, 0)
	if ct < 0 || ct >= len(constraints) {
		p.fail("ConstraintType", xt.ConstraintType, "not 0–7")
	} else {
		t.Constraint = constraints[ct]
	}
	t.ConstraintDate = p.date("ConstraintDate", xt.ConstraintDate)
	if t.Constraint != schedule.ASAP && t.Constraint != schedule.ALAP && t.ConstraintDate.IsZero() {
		p.fail("ConstraintDate", "", "missing for a dated constraint")
	}
	t.Deadline = p.date("Deadline", xt.Deadline)
	t.CalendarUID = p.int("CalendarUID", xt.CalendarUID, -1)
	t.IgnoreResourceCalendar = p.bool("IgnoreResourceCalendar", xt.IgnoreResourceCal)
	t.Priority = p.int("Priority", xt.Priority, 500)
	if t.Priority < 0 || t.Priority > 1000 {
		p.fail("Priority", xt.Priority, "not 0–1000")
	}
	t.LevelingDelay = p.tenths("LevelingDelay", xt.LevelingDelay)
	if t.LevelingDelay < 0 || t.LevelingDelay > 1<<40 {
		p.fail("LevelingDelay", xt.LevelingDelay, "out of range")
	}
	t.Notes = xt.Notes
	for _, xl := range xt.Links {
		l := Link{PredecessorUID: p.int("PredecessorUID", xl.PredecessorUID, -1)}
		typ := p.int("Type", xl.Type, 1)
		if typ < 0 || typ >= len(linkTypes) {
			p.fail("Type", xl.Type, "not a link type 0–3")
			break
		}
		l.Type = linkTypes[typ]
		l.LagFormat = p.int("LagFormat", xl.LagFormat, 7)
		l.Elapsed, l.Percent = elapsedFormat(l.LagFormat), percentFormat(l.LagFormat)
		// LinkLag is in tenths of minutes, or tenths of a percent.
		lag := p.tenths("LinkLag", xl.LinkLag)
		if l.Percent {
			if lag < -1e6 || lag > 1e6 {
				p.fail("LinkLag", xl.LinkLag, "percent lag out of range")
			}
			l.LagPercent = int32(lag)
		} else {
			l.Lag = lag
		}
		t.Predecessors = append(t.Predecessors, l)
	}
	for _, xb := range xt.Baselines {
		t.Baselines = append(t.Baselines, Baseline{
			Number: p.int("Number", xb.Number, 0),
			Start:  p.date("Start", xb.Start), Finish: p.date("Finish", xb.Finish),
			Duration: p.duration("Duration", xb.Duration), Work: p.duration("Work", xb.Work),
			Cost: p.float("Cost", xb.Cost),
		})
	}
	return t, p.err
}
