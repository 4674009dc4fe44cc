package schedule

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Ticks of a WeekCalendar are minutes. Tick 0 is 1970-01-01 00:00 on the wall
// clock, and TimeTick reads the wall clock of the time it is given, ignoring
// its zone: calendars are free of daylight saving time, and a day always
// has 1,440 ticks. Pass times in UTC or in one fixed zone.
const (
	minutesPerDay = 24 * 60
)

// TimeTick returns the minute tick of the wall-clock time of t (its zone is
// ignored; seconds are truncated).
func TimeTick(t time.Time) int64 {
	y, m, d := t.Date()
	h, mi, _ := t.Clock()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	return day*minutesPerDay + int64(h*60+mi)
}

// TickTime returns the wall-clock time of minute tick t, in UTC.
func TickTime(t int64) time.Time {
	return time.Unix(t*60, 0).UTC()
}

// Span is a working time range within a day, in minutes from midnight:
// [From, To), with 0 ≤ From < To ≤ 1440. 08:00–12:00 is Span{480, 720}.
type Span struct{ From, To int }

// Exception changes the working time of the days from First to Last
// (inclusive; only their dates count). With no Working spans the days are
// non-working (holidays); otherwise they work exactly those spans.
type Exception struct {
	First, Last time.Time
	Working     []Span
}

// Week holds the working spans of each weekday, indexed by time.Weekday
// (Sunday is 0). A nil entry in a derived calendar inherits the base's day.
type Week [7][]Span

// WeekCalendar is a working calendar: a working week of time spans per
// weekday and exceptions per date. It implements Calendar with minute ticks
// (see TimeTick). Exceptions are kept as a sorted list of days; whole weeks
// without exceptions are skipped in one step, so Add and Work cost about one
// step per week plus one per exception day crossed. It is immutable and safe
// for concurrent use.
type WeekCalendar struct {
	week     [7][]Span
	dayWork  [7]int64
	weekWork int64
	exc      []excRange // sorted, not overlapping
}

// excRange is an exception: the days first to last (day numbers from
// 1970-01-01) work spans, work minutes a day.
type excRange struct {
	first, last int64
	spans       []Span
	work        int64
}

// NewWeekCalendar returns a calendar with the given working week and
// exceptions. It fails if a span is out of range or overlaps another, or if
// the week has no working time (Add could then never finish).
func NewWeekCalendar(week Week, exceptions []Exception) (*WeekCalendar, error) {
	return build(week, nil, exceptions)
}

// Derive returns a calendar based on c, as a resource or task calendar is
// based on a project calendar: weekdays with a non-nil entry in week replace
// the base's, and its exceptions replace the base's on their days (the base's
// other exceptions still apply).
func (c *WeekCalendar) Derive(week Week, exceptions []Exception) (*WeekCalendar, error) {
	w := week
	for d := range w {
		if w[d] == nil {
			w[d] = c.week[d]
		}
	}
	return build(w, c, exceptions)
}

func build(week Week, base *WeekCalendar, exceptions []Exception) (*WeekCalendar, error) {
	c := &WeekCalendar{}
	for d := range week {
		s, err := checkSpans(week[d])
		if err != nil {
			return nil, fmt.Errorf("calendar: %v: %w", time.Weekday(d), err)
		}
		c.week[d] = s
		c.dayWork[d] = spanWork(s)
		c.weekWork += c.dayWork[d]
	}
	if c.weekWork == 0 {
		return nil, errors.New("calendar: the working week has no working time")
	}
	own := make([]excRange, 0, len(exceptions))
	for i, e := range exceptions {
		s, err := checkSpans(e.Working)
		if err != nil {
			return nil, fmt.Errorf("calendar: exception %d: %w", i, err)
		}
		first, last := floorDiv(TimeTick(e.First), minutesPerDay), floorDiv(TimeTick(e.Last), minutesPerDay)
		if last < first {
			return nil, fmt.Errorf("calendar: exception %d ends before it starts", i)
		}
		own = append(own, excRange{first: first, last: last, spans: s, work: spanWork(s)})
	}
	sort.SliceStable(own, func(i, j int) bool { return own[i].first < own[j].first })
	for i := 1; i < len(own); i++ {
		if own[i].first <= own[i-1].last {
			return nil, fmt.Errorf("calendar: exceptions overlap on %s", TickTime(own[i].first*minutesPerDay).Format(time.DateOnly))
		}
	}
	c.exc = own
	if base != nil {
		c.exc = overlay(base.exc, own)
	}
	return c, nil
}

// overlay returns the ranges of base not covered by top, merged with top;
// both are sorted and free of overlaps, and so is the result.
func overlay(base, top []excRange) []excRange {
	out := make([]excRange, 0, len(base)+len(top))
	j := 0
	for _, b := range base {
		for j < len(top) && top[j].last < b.first {
			j++
		}
		cur := b.first
		for k := j; k < len(top) && top[k].first <= b.last; k++ {
			if top[k].first > cur {
				out = append(out, excRange{cur, top[k].first - 1, b.spans, b.work})
			}
			cur = max(cur, top[k].last+1)
		}
		if cur <= b.last {
			out = append(out, excRange{cur, b.last, b.spans, b.work})
		}
	}
	out = append(out, top...)
	sort.Slice(out, func(i, j int) bool { return out[i].first < out[j].first })
	return out
}

// checkSpans returns a sorted copy of s, or an error for a span out of range
// or overlapping another.
func checkSpans(s []Span) ([]Span, error) {
	out := append([]Span(nil), s...)
	sort.Slice(out, func(i, j int) bool { return out[i].From < out[j].From })
	for i, sp := range out {
		if sp.From < 0 || sp.To > minutesPerDay || sp.From >= sp.To {
			return nil, fmt.Errorf("span %d–%d out of range", sp.From, sp.To)
		}
		if i > 0 && sp.From < out[i-1].To {
			return nil, fmt.Errorf("spans overlap at minute %d", sp.From)
		}
	}
	return out, nil
}

func spanWork(s []Span) int64 {
	var w int64
	for _, sp := range s {
		w += int64(sp.To - sp.From)
	}
	return w
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// weekday of day number d: 1970-01-01 was a Thursday.
func weekday(d int64) int { return int(((d % 7) + 7 + 4) % 7) }

// find returns the exception covering day d, or nil.
func (c *WeekCalendar) find(d int64) *excRange {
	i := sort.Search(len(c.exc), func(i int) bool { return c.exc[i].last >= d })
	if i < len(c.exc) && c.exc[i].first <= d {
		return &c.exc[i]
	}
	return nil
}

// day returns the working spans of day d and their total.
func (c *WeekCalendar) day(d int64) ([]Span, int64) {
	if e := c.find(d); e != nil {
		return e.spans, e.work
	}
	wd := weekday(d)
	return c.week[wd], c.dayWork[wd]
}

// freeWeeks returns how many whole weeks from day d onwards (backward: ending
// at day d) contain no exception day.
func (c *WeekCalendar) freeWeeks(d int64, backward bool) int64 {
	const far = 1 << 40
	if backward {
		i := sort.Search(len(c.exc), func(i int) bool { return c.exc[i].first > d })
		if i == 0 {
			return far
		}
		return max(0, (d-c.exc[i-1].last)/7)
	}
	i := sort.Search(len(c.exc), func(i int) bool { return c.exc[i].last >= d })
	if i == len(c.exc) {
		return far
	}
	return max(0, (c.exc[i].first-d)/7)
}

// Add implements Calendar.
func (c *WeekCalendar) Add(t, d int64) int64 {
	switch {
	case d > 0:
		return c.forward(t, d)
	case d < 0:
		return c.backward(t, -d)
	}
	return t
}

func (c *WeekCalendar) forward(t, n int64) int64 {
	day := floorDiv(t, minutesPerDay)
	m := int(t - day*minutesPerDay)
	for {
		if m == 0 && n > c.weekWork {
			if k := min((n-1)/c.weekWork, c.freeWeeks(day, false)); k > 0 {
				day += 7 * k
				n -= k * c.weekWork
				continue
			}
		}
		if e := c.find(day); e != nil && m == 0 && e.last > day {
			// Whole days of one exception: skip all but the day that ends n.
			days := e.last - day + 1
			if e.work == 0 || days*e.work < n {
				n -= days * e.work
				day = e.last + 1
				continue
			}
			if q := (n - 1) / e.work; q > 0 {
				day += q
				n -= q * e.work
			}
		}
		spans, w := c.day(day)
		if m == 0 && w < n {
			n -= w
			day++
			continue
		}
		for _, s := range spans {
			if s.To <= m {
				continue
			}
			a := max(s.From, m)
			if avail := int64(s.To - a); avail >= n {
				return day*minutesPerDay + int64(a) + n
			} else {
				n -= avail
			}
		}
		day++
		m = 0
	}
}

func (c *WeekCalendar) backward(t, n int64) int64 {
	day := floorDiv(t, minutesPerDay)
	m := int(t - day*minutesPerDay)
	if m == 0 {
		day--
		m = minutesPerDay
	}
	for {
		if m == minutesPerDay && n > c.weekWork {
			if k := min((n-1)/c.weekWork, c.freeWeeks(day, true)); k > 0 {
				day -= 7 * k
				n -= k * c.weekWork
				continue
			}
		}
		if e := c.find(day); e != nil && m == minutesPerDay && e.first < day {
			days := day - e.first + 1
			if e.work == 0 || days*e.work < n {
				n -= days * e.work
				day = e.first - 1
				continue
			}
			if q := (n - 1) / e.work; q > 0 {
				day -= q
				n -= q * e.work
			}
		}
		spans, w := c.day(day)
		if m == minutesPerDay && w < n {
			n -= w
			day--
			continue
		}
		for i := len(spans) - 1; i >= 0; i-- {
			s := spans[i]
			if s.From >= m {
				continue
			}
			b := min(s.To, m)
			if avail := int64(b - s.From); avail >= n {
				return day*minutesPerDay + int64(b) - n
			} else {
				n -= avail
			}
		}
		day--
		m = minutesPerDay
	}
}

// Work implements Calendar.
func (c *WeekCalendar) Work(from, to int64) int64 {
	if to < from {
		return -c.Work(to, from)
	}
	var w int64
	day := floorDiv(from, minutesPerDay)
	last := floorDiv(to, minutesPerDay)
	for day <= last {
		lo := from - day*minutesPerDay
		if lo < 0 {
			lo = 0
		}
		if lo == 0 && last-day >= 7 {
			if k := min((last-day)/7, c.freeWeeks(day, false)); k > 0 {
				w += k * c.weekWork
				day += 7 * k
				continue
			}
		}
		if e := c.find(day); e != nil && lo == 0 && day < last {
			// Whole days of one exception before the last day.
			end := min(e.last+1, last)
			w += (end - day) * e.work
			day = end
			continue
		}
		hi := min(to-day*minutesPerDay, minutesPerDay)
		spans, _ := c.day(day)
		for _, s := range spans {
			a, b := max(int64(s.From), lo), min(int64(s.To), hi)
			if b > a {
				w += b - a
			}
		}
		day++
	}
	return w
}
