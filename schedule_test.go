package pmo

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// sampleSchedule is a small valid schedule: a summary with two linked
// tasks and a milestone after it.
func sampleSchedule() *Schedule {
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	return &Schedule{
		ProjectID: 1, Name: "Plan", Start: start, Calendar: 1,
		Calendars: []Calendar{{UID: 1, Name: "Standard", Base: -1, Week: StandardWeek(),
			Exceptions: []CalendarException{{Name: "Holiday", First: NewDate(2026, 1, 6)}}}},
		Tasks: []Task{
			{UID: 1, Name: "Build", OutlineLevel: 1, Calendar: -1},
			{UID: 2, Name: "Design", OutlineLevel: 2, Duration: 960, Calendar: -1},
			{UID: 3, Name: "Code", OutlineLevel: 2, Duration: 2400, Calendar: -1,
				Predecessors: []Link{{Predecessor: 2, Lag: -480}}},
			{UID: 4, Name: "Done", OutlineLevel: 1, Milestone: true, Calendar: -1,
				Predecessors: []Link{{Predecessor: 1, Type: FinishToStart}}},
		},
		Resources:   []Resource{{UID: 1, Name: "Dev", MaxUnits: 2, Calendar: -1}},
		Assignments: []Assignment{{UID: 1, Task: 3, Resource: 1, Units: 1, Work: 2400}},
	}
}

func TestSchedulePrepare(t *testing.T) {
	s := sampleSchedule()
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, t := range s.Tasks {
		got = append(got, strings.Join([]string{t.Name, itoa(t.Parent), map[bool]string{true: "summary"}[t.Summary]}, "/"))
	}
	want := []string{"Build/-1/summary", "Design/1/", "Code/1/", "Done/-1/"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outline (-want +got):\n%s", diff)
	}
	if s.Tasks[3].Priority != 500 || s.Tasks[3].Constraint != ASAP || s.Resources[0].Type != WorkResource {
		t.Errorf("defaults not set: %+v %+v", s.Tasks[3], s.Resources[0])
	}
	if s.Calendars[0].Exceptions[0].Last != NewDate(2026, 1, 6) {
		t.Errorf("a one-day exception ends on its first day, got %v", s.Calendars[0].Exceptions[0].Last)
	}
}

func TestSchedulePrepareRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *Schedule)
		fields []string
	}{
		{"missing start", func(s *Schedule) { s.Start = time.Time{} }, []string{"start"}},
		{"duplicate task", func(s *Schedule) { s.Tasks[2].UID = 2 }, []string{"tasks[2].uid", "tasks[2].predecessors[0].predecessor", "assignments[0].task"}},
		{"outline jump", func(s *Schedule) { s.Tasks[1].OutlineLevel = 3 }, []string{"tasks[1].outline_level"}},
		{"link to missing task", func(s *Schedule) { s.Tasks[2].Predecessors[0].Predecessor = 9 }, []string{"tasks[2].predecessors[0].predecessor"}},
		{"bad link type", func(s *Schedule) { s.Tasks[2].Predecessors[0].Type = "XX" }, []string{"tasks[2].predecessors[0].type"}},
		{"summary linked to its child", func(s *Schedule) {
			s.Tasks[1].Predecessors = []Link{{Predecessor: 1}}
		}, []string{"tasks[1].predecessors[0].predecessor"}},
		{"cycle", func(s *Schedule) { s.Tasks[1].Predecessors = []Link{{Predecessor: 3}} }, []string{"tasks"}},
		{"constraint without date", func(s *Schedule) { s.Tasks[2].Constraint = MSO }, []string{"tasks[2].constraint_date"}},
		{"percent", func(s *Schedule) { s.Tasks[2].PercentComplete = 101 }, []string{"tasks[2].percent_complete"}},
		{"actual finish alone", func(s *Schedule) { s.Tasks[2].ActualFinish = s.Start }, []string{"tasks[2].actual_finish"}},
		{"unknown calendar", func(s *Schedule) { s.Tasks[2].Calendar = 7 }, []string{"tasks[2].calendar"}},
		{"calendar base cycle", func(s *Schedule) { s.Calendars[0].Base = 1 }, []string{"calendars[0].base"}},
		{"overlapping spans", func(s *Schedule) { s.Calendars[0].Week[1] = []Span{{480, 800}, {700, 900}} }, []string{"calendars[0].week[1]"}},
		{"assignment to missing resource", func(s *Schedule) { s.Assignments[0].Resource = 5 }, []string{"assignments[0].resource"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sampleSchedule()
			tt.change(s)
			err := s.Prepare()
			var e *Error
			if !errors.As(err, &e) || e.Kind != Invalid {
				t.Fatalf("Prepare = %v, want Invalid", err)
			}
			var got []string
			for _, f := range e.Fields {
				got = append(got, f.Field)
			}
			if diff := cmp.Diff(tt.fields, got); diff != "" {
				t.Errorf("fields (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}

func TestCompareBaseline(t *testing.T) {
	s := sampleSchedule()
	day := func(d int) time.Time { return s.Start.AddDate(0, 0, d) }
	s.Tasks[1].Start, s.Tasks[1].Finish = day(0), day(2)
	s.Tasks[2].Start, s.Tasks[2].Finish = day(1), day(7)
	b := BaselineOf(s, 0, "approved")
	s.Tasks[2].Finish = day(8)
	s.Tasks = append(s.Tasks[:3], Task{UID: 9, Name: "New", OutlineLevel: 1, TaskDates: TaskDates{Start: day(8), Finish: day(9)}})
	c := CompareBaseline(s, b)
	if c.FinishVariance != 2*24*60 || c.Late != 1 || c.Added != 1 {
		t.Errorf("comparison = finish %d late %d added %d, want 2880, 1, 1", c.FinishVariance, c.Late, c.Added)
	}
	if got := c.Tasks[len(c.Tasks)-1]; got.UID != 4 || got.Status != "removed" {
		t.Errorf("last variance = %+v, want the removed task 4", got)
	}
}
