package schedule

import (
	"math/rand/v2"
	"testing"
	"time"
)

func at(s string) int64 {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return TimeTick(t)
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func standardWeek() Week {
	var w Week
	for d := time.Monday; d <= time.Friday; d++ {
		w[d] = []Span{{480, 720}, {780, 1020}}
	}
	w[time.Saturday], w[time.Sunday] = []Span{}, []Span{}
	return w
}

func mustCal(t *testing.T, w Week, e []Exception) *WeekCalendar {
	t.Helper()
	c, err := NewWeekCalendar(w, e)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWeekCalendarAdd(t *testing.T) {
	// 2024-01-01 is a Monday; the week is 08:00-12:00, 13:00-17:00, Mon-Fri.
	std := mustCal(t, standardWeek(), nil)
	hol := mustCal(t, standardWeek(), []Exception{
		{First: day("2024-01-03"), Last: day("2024-01-03")},                              // holiday
		{First: day("2024-01-06"), Last: day("2024-01-06"), Working: []Span{{540, 660}}}, // Saturday 09-11
	})
	var friOff Week
	friOff[time.Friday] = []Span{}
	res, err := hol.Derive(friOff, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cal  *WeekCalendar
		from string
		d    int64
		want string
	}{
		{"one day", std, "2024-01-01 08:00", 480, "2024-01-01 17:00"},
		{"zero", std, "2024-01-01 10:00", 0, "2024-01-01 10:00"},
		{"over lunch", std, "2024-01-01 11:00", 120, "2024-01-01 14:00"},
		{"from night", std, "2024-01-01 03:00", 60, "2024-01-01 09:00"},
		{"over weekend", std, "2024-01-05 16:00", 120, "2024-01-08 09:00"},
		{"three weeks", std, "2024-01-01 08:00", 3 * 2400, "2024-01-19 17:00"},
		{"ten weeks and a bit", std, "2024-01-01 08:00", 10*2400 + 30, "2024-03-11 08:30"},
		{"holiday", hol, "2024-01-01 08:00", 3 * 480, "2024-01-04 17:00"},
		{"working Saturday", hol, "2024-01-05 16:00", 120, "2024-01-06 10:00"},
		{"derived: Friday off, base working Saturday", res, "2024-01-04 08:00", 960, "2024-01-08 15:00"},
		{"back over weekend", std, "2024-01-08 09:00", -120, "2024-01-05 16:00"},
		{"back one tick", std, "2024-01-08 08:00", -1, "2024-01-05 16:59"},
		{"back over lunch", std, "2024-01-01 14:00", -120, "2024-01-01 11:00"},
		{"back three weeks", std, "2024-01-19 17:00", -3 * 2400, "2024-01-01 08:00"},
		{"back over holiday", hol, "2024-01-04 17:00", -3 * 480, "2024-01-01 08:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := at(tt.from)
			got := tt.cal.Add(from, tt.d)
			if got != at(tt.want) {
				t.Errorf("Add(%s, %d) = %v, want %s", tt.from, tt.d, TickTime(got), tt.want)
			}
			if w := tt.cal.Work(from, got); w != tt.d && !(tt.d < 0 && w == tt.d) {
				t.Errorf("Work = %d, want %d", w, tt.d)
			}
		})
	}
}

func TestWeekCalendarWorkAndElapsed(t *testing.T) {
	std := mustCal(t, standardWeek(), nil)
	if w := std.Work(at("2024-01-01 08:00"), at("2024-01-19 17:00")); w != 7200 {
		t.Errorf("Work three weeks = %d, want 7200", w)
	}
	if w := std.Work(at("2024-01-01 11:00"), at("2024-01-01 14:00")); w != 120 {
		t.Errorf("Work over lunch = %d, want 120", w)
	}
	// Two elapsed days from Friday 16:00 end on Sunday 16:00; two working
	// days (960 minutes) end on Tuesday 16:00.
	from := at("2024-01-05 16:00")
	if got := from + 2*minutesPerDay; got != at("2024-01-07 16:00") {
		t.Errorf("elapsed = %v", TickTime(got))
	}
	if got := std.Add(from, 960); got != at("2024-01-09 16:00") {
		t.Errorf("working = %v", TickTime(got))
	}
}

func TestWeekCalendarErrors(t *testing.T) {
	if _, err := NewWeekCalendar(Week{}, nil); err == nil {
		t.Error("empty week: no error")
	}
	w := standardWeek()
	w[time.Monday] = []Span{{480, 720}, {700, 800}}
	if _, err := NewWeekCalendar(w, nil); err == nil {
		t.Error("overlap: no error")
	}
	if _, err := NewWeekCalendar(standardWeek(), []Exception{{First: day("2024-01-02"), Last: day("2024-01-01")}}); err == nil {
		t.Error("reversed exception: no error")
	}
	if _, err := NewWeekCalendar(standardWeek(), []Exception{
		{First: day("2024-01-02"), Last: day("2024-01-05")},
		{First: day("2024-01-05"), Last: day("2024-01-05")},
	}); err == nil {
		t.Error("overlapping exceptions: no error")
	}
}

// TestWeekCalendarNaive checks Add and Work against a minute-by-minute walk.
func TestWeekCalendarNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 40 {
		var w Week
		for d := range w {
			if r.IntN(3) > 0 {
				a := r.IntN(600)
				b := a + 1 + r.IntN(300)
				c := b + r.IntN(100)
				w[d] = []Span{{a, b}, {c, c + 1 + r.IntN(200)}}
			}
		}
		w[1] = []Span{{60, 120}}
		exceptions := func() []Exception {
			var ex []Exception
			f := day("2024-01-01").AddDate(0, 0, r.IntN(10))
			for range r.IntN(8) {
				e := Exception{First: f, Last: f.AddDate(0, 0, r.IntN(20))}
				if r.IntN(2) == 0 {
					e.Working = []Span{{r.IntN(100), 200 + r.IntN(100)}}
				}
				ex = append(ex, e)
				f = e.Last.AddDate(0, 0, 1+r.IntN(10))
			}
			return ex
		}
		c := mustCal(t, w, exceptions())
		if r.IntN(2) == 0 {
			var dw Week
			dw[r.IntN(7)] = []Span{{0, 1 + r.IntN(1440)}}
			var err error
			if c, err = c.Derive(dw, exceptions()); err != nil {
				t.Fatal(err)
			}
		}
		working := func(m int64) bool {
			s, _ := c.day(floorDiv(m, minutesPerDay))
			mm := int(m - floorDiv(m, minutesPerDay)*minutesPerDay)
			for _, sp := range s {
				if mm >= sp.From && mm < sp.To {
					return true
				}
			}
			return false
		}
		for range 50 {
			from := at("2024-01-01 00:00") + int64(r.IntN(150*minutesPerDay))
			d := int64(r.IntN(16000)) - 8000
			got := c.Add(from, d)
			want, n := from, d
			for n > 0 {
				if working(want) {
					n--
				}
				want++
			}
			for n < 0 {
				want--
				if working(want) {
					n++
				}
			}
			// naive stops at the first instant; Add ends a forward walk at the end
			// of the d-th tick and a backward walk at the start, as here.
			if d != 0 && got != want {
				t.Fatalf("Add(%v, %d) = %v, want %v", TickTime(from), d, TickTime(got), TickTime(want))
			}
			if wk := c.Work(from, got); wk != d {
				t.Fatalf("Work(%v, %v) = %d, want %d", TickTime(from), TickTime(got), wk, d)
			}
		}
	}
}

// TestWeekCalendarLongException checks that a long exception is crossed in
// one step: a century of holidays must not make Add slow.
func TestWeekCalendarLongException(t *testing.T) {
	c := mustCal(t, standardWeek(), []Exception{{First: day("2024-01-02"), Last: day("2123-12-31")}})
	got := c.Add(at("2024-01-01 08:00"), 960)
	if want := at("2124-01-03 17:00"); got != want {
		t.Errorf("Add = %v, want %v", TickTime(got), TickTime(want))
	}
	if w := c.Work(at("2024-01-01 08:00"), got); w != 960 {
		t.Errorf("Work = %d, want 960", w)
	}
	if back := c.Add(got, -960); back != at("2024-01-01 08:00") {
		t.Errorf("Add back = %v", TickTime(back))
	}
}

func BenchmarkWeekCalendarAdd(b *testing.B) {
	c, _ := NewWeekCalendar(standardWeek(), []Exception{{First: day("2024-12-25"), Last: day("2024-12-26")}})
	t0 := at("2024-01-01 08:00")
	for b.Loop() {
		c.Add(t0, 100*480)
	}
}
