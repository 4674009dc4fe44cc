package mspdi

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/pmohq/pmo/engine/schedule"
)

type xDocument struct {
	XMLName xml.Name `xml:"http://schemas.microsoft.com/project Project"`
	xProject
}

// Write writes p as an MSPDI document, with the elements Read reads in the
// order of the MSPDI schema. Reading the result gives p again.
func Write(w io.Writer, p *Project) error {
	d := xDocument{xProject: xProject{
		Name:              p.Name,
		ScheduleFromStart: flag(p.ScheduleFromStart),
		StartDate:         date(p.StartDate),
		FinishDate:        date(p.FinishDate),
		CalendarUID:       strconv.Itoa(p.CalendarUID),
		MinutesPerDay:     strconv.Itoa(p.MinutesPerDay),
		MinutesPerWeek:    strconv.Itoa(p.MinutesPerWeek),
		StatusDate:        date(p.StatusDate),
	}}
	for _, c := range p.Calendars {
		d.Calendars = append(d.Calendars, writeCalendar(&c))
	}
	for i := range p.Tasks {
		d.Tasks = append(d.Tasks, writeTask(&p.Tasks[i]))
	}
	for _, r := range p.Resources {
		d.Resources = append(d.Resources, xResource{
			UID: strconv.Itoa(r.UID), ID: strconv.Itoa(r.ID), Name: r.Name, Type: strconv.Itoa(r.Type),
			MaxUnits: num(r.MaxUnits), CalendarUID: strconv.Itoa(r.CalendarUID),
		})
	}
	for _, a := range p.Assignments {
		d.Assignments = append(d.Assignments, xAssignment{
			UID: strconv.Itoa(a.UID), TaskUID: strconv.Itoa(a.TaskUID), ResourceUID: strconv.Itoa(a.ResourceUID),
			Finish: date(a.Finish), Start: date(a.Start), Units: num(a.Units), Work: duration(a.Work),
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("mspdi: write: %w", err)
	}
	e := xml.NewEncoder(w)
	e.Indent("", "\t")
	if err := e.Encode(&d); err != nil {
		return fmt.Errorf("mspdi: write: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("mspdi: write: %w", err)
	}
	return nil
}

func writeCalendar(c *Calendar) xCalendar {
	xc := xCalendar{UID: strconv.Itoa(c.UID), Name: c.Name, IsBaseCalendar: flag(c.IsBase), BaseCalendarUID: strconv.Itoa(c.BaseUID)}
	for d, spans := range c.Week {
		if spans != nil {
			xc.WeekDays = append(xc.WeekDays, weekDay(strconv.Itoa(d+1), spans))
		}
	}
	for _, e := range c.Exceptions {
		wd := weekDay("0", e.Working)
		wd.TimePeriod = &xTimePeriod{FromDate: date(e.First), ToDate: date(e.Last)}
		xc.WeekDays = append(xc.WeekDays, wd)
	}
	return xc
}

func weekDay(typ string, spans []schedule.Span) xWeekDay {
	wd := xWeekDay{DayType: typ, DayWorking: flag(len(spans) > 0)}
	if len(spans) > 0 {
		wd.WorkingTimes = &xWorkingTimes{}
	}
	for _, s := range spans {
		wd.WorkingTimes.WorkingTime = append(wd.WorkingTimes.WorkingTime, xWorkingTime{FromTime: clock(s.From), ToTime: clock(s.To % (24 * 60))})
	}
	return wd
}

func writeTask(t *Task) xTask {
	xt := xTask{
		UID: strconv.Itoa(t.UID), ID: strconv.Itoa(t.ID), Name: t.Name, IsNull: flag(t.Null),
		WBS: t.WBS, OutlineNumber: t.OutlineNumber, OutlineLevel: strconv.Itoa(t.OutlineLevel),
		Start: date(t.Start), Finish: date(t.Finish),
		Duration: duration(t.Duration), DurationFormat: strconv.Itoa(t.DurationFormat),
		Milestone: flag(t.Milestone), Summary: flag(t.Summary),
		EarlyStart: date(t.EarlyStart), EarlyFinish: date(t.EarlyFinish),
		LateStart: date(t.LateStart), LateFinish: date(t.LateFinish),
		PercentComplete: strconv.Itoa(t.PercentComplete),
		ActualStart:     date(t.ActualStart), ActualFinish: date(t.ActualFinish),
		ActualDuration: duration(t.ActualDuration), RemainingDuration: duration(t.RemainingDuration),
		ConstraintType: strconv.Itoa(constraintCode(t.Constraint)), CalendarUID: strconv.Itoa(t.CalendarUID),
		ConstraintDate: date(t.ConstraintDate), Deadline: date(t.Deadline),
		IgnoreResourceCal: flag(t.IgnoreResourceCalendar),
		Priority:          strconv.Itoa(t.Priority),
		Notes:             t.Notes,
	}
	if t.LevelingDelay != 0 {
		xt.LevelingDelay, xt.LevelingDelayFmt = strconv.FormatInt(t.LevelingDelay*10, 10), "7"
	}
	if t.HasSlack {
		xt.FreeSlack, xt.TotalSlack = strconv.FormatInt(t.FreeSlack*10, 10), strconv.FormatInt(t.TotalSlack*10, 10)
	}
	for _, l := range t.Predecessors {
		lag := l.Lag * 10
		if l.Percent {
			lag = int64(l.LagPercent) * 10
		}
		xt.Links = append(xt.Links, xLink{
			PredecessorUID: strconv.Itoa(l.PredecessorUID), Type: strconv.Itoa(linkCode(l.Type)),
			LinkLag: strconv.FormatInt(lag, 10), LagFormat: strconv.Itoa(l.LagFormat),
		})
	}
	for _, b := range t.Baselines {
		xt.Baselines = append(xt.Baselines, xBaseline{
			Number: strconv.Itoa(b.Number), Start: date(b.Start), Finish: date(b.Finish),
			Duration: duration(b.Duration), Work: duration(b.Work), Cost: num(b.Cost),
		})
	}
	return xt
}

func constraintCode(c schedule.ConstraintType) int {
	for i, v := range constraints {
		if v == c {
			return i
		}
	}
	return 0
}

func linkCode(t schedule.LinkType) int {
	for i, v := range linkTypes {
		if v == t {
			return i
		}
	}
	return 1
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02T15:04:05")
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d:00", m/60, m%60) }

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// duration formats d as MSPDI does: PT8H0M0S.
func duration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	s := int64(d / time.Second)
	return fmt.Sprintf("%sPT%dH%dM%dS", sign, s/3600, s/60%60, s%60)
}
