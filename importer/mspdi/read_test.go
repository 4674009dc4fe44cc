package mspdi

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pmohq/pmo/engine/schedule"
)

// TestTestdataMatch reschedules the test files and checks the leaf tasks
// against the values MS Project stored (see docs/SCHEDULING.md).
func TestTestdataMatch(t *testing.T) {
	tests := []struct {
		file           string
		tasks, matched int
	}{
		{"mpxj-mspdirelations.xml", 5, 5},
		// Tasks on their resources' calendars, one on the union of two.
		{"mpxj-sample1.xml", 18, 18},
		// Two tasks differ in total slack: see docs/SCHEDULING.md.
		{"mpxj-task-links-project2019-mspdi.xml", 16, 14},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := mustRead(t, filepath.Join("testdata", tt.file))
			n, m, diffs, err := p.Check()
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.tasks || m != tt.matched {
				t.Errorf("tasks %d matched %d, want %d and %d; diffs %+v", n, m, tt.tasks, tt.matched, diffs)
			}
		})
	}
}

func TestReadModel(t *testing.T) {
	p := mustRead(t, "testdata/mpxj-mspdirelations.xml")
	if p.Name != "mspdirelations.xml" || !p.StartDate.Equal(time.Date(2006, 9, 21, 8, 0, 0, 0, time.UTC)) || p.CalendarUID != 1 {
		t.Errorf("project = %q %v %d", p.Name, p.StartDate, p.CalendarUID)
	}
	if len(p.Tasks) != 6 || p.Tasks[0].OutlineLevel != 0 || p.Tasks[1].Parent != 0 || p.Tasks[0].Parent != -1 {
		t.Fatalf("tasks: %d, hierarchy %+v", len(p.Tasks), p.Tasks[:2])
	}
	t1 := p.Tasks[1]
	if t1.Duration != 8*time.Hour || t1.Summary || !p.Tasks[0].Summary {
		t.Errorf("task 1 duration %v summary %v", t1.Duration, t1.Summary)
	}
	var types []schedule.LinkType
	for _, task := range p.Tasks {
		for _, l := range task.Predecessors {
			types = append(types, l.Type)
		}
	}
	if len(types) != 4 {
		t.Errorf("links = %v, want 4", types)
	}
	c := p.Calendars[0]
	if c.Name != "Standard" || len(c.Week[time.Monday]) != 2 || c.Week[time.Monday][1] != (schedule.Span{From: 780, To: 1020}) || len(c.Week[time.Sunday]) != 0 {
		t.Errorf("calendar = %+v", c)
	}
}

func TestReadLinksAndCalendars(t *testing.T) {
	p := mustRead(t, "testdata/mpxj-task-links-project2019-mspdi.xml")
	lags := map[int64]bool{}
	for _, task := range p.Tasks {
		for _, l := range task.Predecessors {
			lags[l.Lag] = true
		}
	}
	// LinkLag 4800 tenths of minutes is one day of 480 minutes.
	if !lags[480] || !lags[2400] {
		t.Errorf("lags = %v, want 480 and 2400 among them", lags)
	}
	p = mustRead(t, "testdata/mpxj-sample1.xml")
	s, err := p.Network()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Calendars) != 4 || p.Calendars[1].Name != "Night Shift" || p.Calendars[1].Week[time.Monday][0] != (schedule.Span{From: 23 * 60, To: 24 * 60}) {
		t.Errorf("calendars = %+v", p.Calendars)
	}
	if s.Project == nil || s.Calendars[p.CalendarUID] != s.Project {
		t.Errorf("project calendar %d not built", p.CalendarUID)
	}
	if len(p.Calendars) != 4 || p.Calendars[1].Name != "Night Shift" || p.Calendars[1].Week[time.Monday][0] != (schedule.Span{From: 23 * 60, To: 24 * 60}) {
		t.Errorf("calendars = %+v", p.Calendars)
	}
}

// calendarDoc has a base calendar with a holiday and a derived calendar
// that works Saturday mornings and has a working exception.
const calendarDoc = `<Project xmlns="http://schemas.microsoft.com/project">
<StartDate>2024-01-01T08:00:00</StartDate><CalendarUID>1</CalendarUID>
<Calendars>
<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>-1</BaseCalendarUID><WeekDays>
 <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
 <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>
 <WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>2024-01-03T00:00:00</FromDate><ToDate>2024-01-03T23:59:00</ToDate></TimePeriod></WeekDay>
</WeekDays></Calendar>
<Calendar><UID>2</UID><Name>Night</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID><WeekDays>
 <WeekDay><DayType>7</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>20:00:00</FromTime><ToTime>00:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>
 <WeekDay><DayType>0</DayType><DayWorking>1</DayWorking><TimePeriod><FromDate>2024-01-07T00:00:00</FromDate><ToDate>2024-01-07T23:59:00</ToDate></TimePeriod><WorkingTimes><WorkingTime><FromTime>10:00:00</FromTime><ToTime>11:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>
</WeekDays></Calendar>
</Calendars>
<Tasks>
<Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel><Duration>PT24H0M0S</Duration></Task>
<Task><UID>2</UID><ID>2</ID><Name>B</Name><OutlineLevel>1</OutlineLevel><Duration>PT13H0M0S</Duration><CalendarUID>2</CalendarUID>
 <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type><LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
</Tasks></Project>`

func TestCalendarsAndNetwork(t *testing.T) {
	p, err := Read(strings.NewReader(calendarDoc))
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Network()
	if err != nil {
		t.Fatal(err)
	}
	r, err := schedule.Compute(s.Network)
	if err != nil {
		t.Fatal(err)
	}
	at := func(tick int64) string { return schedule.TickTime(tick).Format("2006-01-02 15:04") }
	// A: 3 days from Monday 1 January with Wednesday 3 a holiday (weekdays
	// other than Monday default to 08:00-12:00, 13:00-17:00).
	if got := at(r.Tasks[0].EarlyFinish); got != "2024-01-04 17:00" {
		t.Errorf("A finishes %s, want 2024-01-04 17:00", got)
	}
	// B on the derived calendar: Friday 5 08:00-17:00 (8 h), Saturday 6
	// 20:00-24:00 (4 h), Sunday 7 10:00-11:00 (1 h, a working exception).
	if got := at(r.Tasks[1].EarlyFinish); got != "2024-01-07 11:00" {
		t.Errorf("B finishes %s, want 2024-01-07 11:00", got)
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"PT8H0M0S", 8 * time.Hour, true},
		{"PT7H30M0S", 7*time.Hour + 30*time.Minute, true},
		{"PT0.5H", 30 * time.Minute, true},
		{"-PT1H0M0S", -time.Hour, true},
		{"P1DT2H", 26 * time.Hour, true},
		{"PT", 0, false},
		{"8H", 0, false},
		{"PT8X", 0, false},
		{"PT99999999999H", 0, false},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseDuration(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestReadErrors(t *testing.T) {
	good, err := os.ReadFile("testdata/mpxj-mspdirelations.xml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(good)
	tests := []struct {
		name, doc, want string
	}{
		{"not XML", "hello", "no root element"},
		{"not MSPDI", `<Project xmlns="urn:other"/>`, "not an MSPDI document"},
		{"other root", `<Workbook/>`, "root element <Workbook>"},
		{"truncated", s[:len(s)/2], "truncated XML"},
		{"missing predecessor", strings.Replace(s, "<PredecessorUID>4</PredecessorUID>", "<PredecessorUID>99</PredecessorUID>", 1), "Task UID 5: <PredecessorLink> to missing task UID 99"},
		{"bad duration", strings.Replace(s, "<Duration>PT8H0M0S</Duration>", "<Duration>8 hours</Duration>", 1), "<Duration> \"8 hours\""},
		{"bad date", strings.Replace(s, "<Start>2006-09-21T08:00:00</Start>", "<Start>yesterday</Start>", 1), "<Start> \"yesterday\""},
		{"duplicate UID", strings.Replace(s, "<UID>2</UID>\n\t\t\t<ID>2</ID>", "<UID>1</UID>\n\t\t\t<ID>2</ID>", 1), "Task UID 1: duplicate UID"},
		{"trailing element", s + "<Project/>", "after </Project>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Read(strings.NewReader(tt.doc))
			if err == nil || p != nil {
				t.Fatalf("Read = %v, %v; want an error and no project", p, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestReadTooLarge(t *testing.T) {
	doc := `<Project xmlns="http://schemas.microsoft.com/project"><Name>` + strings.Repeat("x", 5000) + `</Name></Project>`
	if _, err := read(strings.NewReader(doc), 5000); err == nil || !strings.Contains(err.Error(), "larger than 5000") {
		t.Errorf("err = %v, want too large", err)
	}
}

func TestReadBOM(t *testing.T) {
	doc := "\xEF\xBB\xBF" + `<?xml version="1.0" encoding="utf-8"?><Project xmlns="http://schemas.microsoft.com/project"><Name>x</Name></Project>`
	p, err := Read(strings.NewReader(doc))
	if err != nil || p.Name != "x" {
		t.Fatalf("Read = %v, %v", p, err)
	}
	if _, err := p.Network(); err != nil {
		t.Errorf("Network of an empty project: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<Project xmlns="http://schemas.microsoft.com/project"><Tasks><Task><UID>1</UID><OutlineLevel>3</OutlineLevel></Task></Tasks></Project>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<20 {
			return // bound memory: MaxSize is tested apart
		}
		p, err := Read(bytes.NewReader(b))
		if err != nil {
			if p != nil {
				t.Fatal("error with a partial project")
			}
			return
		}
		s, err := p.Network()
		if err != nil {
			return
		}
		if len(s.Network.Tasks) > 5000 || len(s.Network.Links) > 20000 {
			return
		}
		if _, err := schedule.Compute(s.Network); err != nil {
			return
		}
	})
}

// TestWriteRoundTrip reads each test file, writes it and reads it again:
// the two projects must be equal, and so must their schedules.
func TestWriteRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			p := mustRead(t, name)
			var buf bytes.Buffer
			if err := Write(&buf, p); err != nil {
				t.Fatal(err)
			}
			q, err := Read(&buf)
			if err != nil {
				t.Fatalf("reading what Write wrote: %v", err)
			}
			if !reflect.DeepEqual(p, q) {
				t.Errorf("round trip differs:\n%+v\n%+v", p, q)
			}
			_, m1, _, err1 := p.Check()
			_, m2, _, err2 := q.Check()
			if err1 != nil || err2 != nil || m1 != m2 {
				t.Errorf("Check: %d %v, after round trip %d %v", m1, err1, m2, err2)
			}
		})
	}
}
