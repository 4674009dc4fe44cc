package pmo

import "time"

// Calendar is a working calendar of a schedule: a working week and
// exceptions (holidays, or days with other hours). A calendar with a Base
// is derived from it, as a resource or task calendar from the project
// calendar: its week days that are set and its exceptions replace the
// base's.
type Calendar struct {
	UID  int    `json:"uid"`
	Name string `json:"name"`
	// Base is the UID of the base calendar, -1 for a base calendar.
	Base int `json:"base"`
	// Week holds the working hours of each weekday, Sunday first. A nil
	// (JSON null) day of a derived calendar is the base's; an empty day
	// does not work.
	Week       [7][]Span           `json:"week"`
	Exceptions []CalendarException `json:"exceptions"`
}

// Span is a range of working time within a day in minutes from midnight,
// [From, To): 08:00-12:00 is {480, 720}.
type Span struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// CalendarException changes the working time of the days First to Last
// (dates, inclusive): no Working spans makes them holidays, otherwise they
// work exactly those spans.
type CalendarException struct {
	Name    string `json:"name"`
	First   Date   `json:"first"`
	Last    Date   `json:"last"`
	Working []Span `json:"working"`
}

// StandardWeek is MS Project's standard calendar: Monday to Friday,
// 08:00-12:00 and 13:00-17:00.
func StandardWeek() [7][]Span {
	var w [7][]Span
	for d := time.Sunday; d <= time.Saturday; d++ {
		w[d] = []Span{}
		if d != time.Sunday && d != time.Saturday {
			w[d] = []Span{{480, 720}, {780, 1020}}
		}
	}
	return w
}

// validate checks c's spans and exceptions, naming fields under prefix.
func (c *Calendar) validate(v *Validator, prefix string) {
	c.Name = clean(c.Name)
	checkText(v, prefix+".name", c.Name, 0, 300)
	working := false
	for d, spans := range c.Week {
		checkSpans(v, prefix+".week["+itoa(d)+"]", spans)
		working = working || len(spans) > 0
	}
	if c.Base == -1 {
		v.Check(working, prefix+".week", "a base calendar needs some working time")
	}
	v.Check(len(c.Exceptions) <= 10000, prefix+".exceptions", "must be at most 10000")
	for i := range c.Exceptions {
		e := &c.Exceptions[i]
		f := prefix + ".exceptions[" + itoa(i) + "]"
		e.Name = clean(e.Name)
		checkText(v, f+".name", e.Name, 0, 300)
		v.Check(!e.First.IsZero(), f+".first", "is required")
		if e.Last.IsZero() {
			e.Last = e.First
		}
		checkDates(v, f+".first", e.First, f+".last", e.Last)
		checkSpans(v, f+".working", e.Working)
	}
}

// checkSpans requires spans within a day, in order, not overlapping.
func checkSpans(v *Validator, field string, spans []Span) {
	last := 0
	for _, s := range spans {
		if s.From < last || s.From >= s.To || s.To > 24*60 {
			v.Add(field, "spans must be within 0-1440 minutes, in order and not overlapping")
			return
		}
		last = s.To
	}
}
