package pmo

import (
	"encoding/json"
	"fmt"
	"time"
)

// Cadence is how often something recurs: status reporting, budgets, capacity.
type Cadence string

// Cadences a portfolio can report on.
const (
	Weekly      Cadence = "weekly"
	Fortnightly Cadence = "fortnightly"
	Monthly     Cadence = "monthly"
	Quarterly   Cadence = "quarterly"
)

// Valid reports whether c is a known cadence.
func (c Cadence) Valid() bool {
	switch c {
	case Weekly, Fortnightly, Monthly, Quarterly:
		return true
	}
	return false
}

// Days is the nominal length of one cycle in calendar days, used for staleness.
func (c Cadence) Days() int {
	switch c {
	case Weekly:
		return 7
	case Fortnightly:
		return 14
	case Monthly:
		return 31
	case Quarterly:
		return 92
	}
	return 7
}

// PeriodKind is the granularity of a Period.
type PeriodKind string

// Period kinds. Weeks are ISO 8601 weeks starting on Monday.
const (
	Week    PeriodKind = "week"
	Month   PeriodKind = "month"
	Quarter PeriodKind = "quarter"
)

// Period is a reporting, budgeting or capacity period: an ISO week (2026-W48),
// a month (2026-11) or a quarter (2026-Q4). Budgets, capacity, optimisation
// and status reports share it. The zero Period is unset.
type Period struct {
	Kind  PeriodKind
	Start Date // first day of the period
}

// WeekOf returns the ISO week containing d.
func WeekOf(d Date) Period {
	wd := int(d.t.Weekday()+6) % 7 // Monday = 0
	return Period{Week, d.AddDays(-wd)}
}

// MonthOf returns the month containing d.
func MonthOf(d Date) Period {
	return Period{Month, NewDate(d.t.Year(), d.t.Month(), 1)}
}

// QuarterOf returns the quarter containing d.
func QuarterOf(d Date) Period {
	m := (d.t.Month()-1)/3*3 + 1
	return Period{Quarter, NewDate(d.t.Year(), m, 1)}
}

// IsZero reports whether p is unset.
func (p Period) IsZero() bool { return p.Kind == "" }

// End returns the last day of p.
func (p Period) End() Date { return p.Next().Start.AddDays(-1) }

// Next returns the period after p.
func (p Period) Next() Period {
	switch p.Kind {
	case Week:
		return Period{Week, p.Start.AddDays(7)}
	case Month:
		return Period{Month, Date{p.Start.t.AddDate(0, 1, 0)}}
	case Quarter:
		return Period{Quarter, Date{p.Start.t.AddDate(0, 3, 0)}}
	}
	return p
}

// Contains reports whether d falls within p.
func (p Period) Contains(d Date) bool { return !d.Before(p.Start) && !d.After(p.End()) }

// String returns the ISO-style label: 2026-W48, 2026-11 or 2026-Q4.
func (p Period) String() string {
	switch p.Kind {
	case Week:
		y, w := p.Start.t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Month:
		return p.Start.t.Format("2006-01")
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", p.Start.t.Year(), (p.Start.t.Month()-1)/3+1)
	}
	return ""
}

// ParsePeriod parses 2026-W48, 2026-11 or 2026-Q4.
func ParsePeriod(s string) (Period, error) {
	var y, n int
	bad := fmt.Errorf("%q is not a period such as 2026-W48, 2026-11 or 2026-Q4", s)
	switch {
	case len(s) == 8 && s[4:6] == "-W":
		if _, err := fmt.Sscanf(s, "%4d-W%2d", &y, &n); err != nil || n < 1 || n > 53 {
			return Period{}, bad
		}
		// ISO week 1 holds 4 January.
		p := WeekOf(NewDate(y, time.January, 4))
		p.Start = p.Start.AddDays(7 * (n - 1))
		if p.String() != s {
			return Period{}, bad // week 53 in a 52-week year
		}
		return p, nil
	case len(s) == 7 && s[4:6] == "-Q":
		if _, err := fmt.Sscanf(s, "%4d-Q%1d", &y, &n); err != nil || n < 1 || n > 4 {
			return Period{}, bad
		}
		return Period{Quarter, NewDate(y, time.Month(3*n-2), 1)}, nil
	case len(s) == 7 && s[4] == '-':
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return Period{}, bad
		}
		return Period{Month, DateOf(t)}, nil
	}
	return Period{}, bad
}

// MarshalJSON encodes p as its label.
func (p Period) MarshalJSON() ([]byte, error) {
	if p.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(p.String())
}

// UnmarshalJSON parses a period label.
func (p *Period) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*p = Period{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a period must be a string such as 2026-W48")
	}
	v, err := ParsePeriod(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}
