package mspdi

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pmohq/pmo"
)

// samples are the test files and, when present, the shared samples.
func samples(t *testing.T) []string {
	files, _ := filepath.Glob("testdata/*.xml")
	shared, _ := filepath.Glob("/work/shared/data/mspdi/*.xml")
	return append(files, shared...)
}

// TestScheduleRoundTrip converts each sample to a pmo.Schedule, checks it
// is valid, writes it back as MSPDI and reads it again: the schedules and
// baselines must be equal, and the engine must match MS Project's dates on
// as many tasks as it does from the original file.
func TestScheduleRoundTrip(t *testing.T) {
	for _, name := range samples(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			p := mustRead(t, name)
			s, bs := p.Schedule(7)
			if err := s.Prepare(); err != nil {
				t.Fatalf("Prepare: %v", err)
			}
			for i := range bs {
				if err := bs[i].Prepare(); err != nil {
					t.Fatalf("baseline %d: %v", bs[i].Number, err)
				}
			}
			var buf bytes.Buffer
			if err := Write(&buf, FromSchedule(s, bs)); err != nil {
				t.Fatal(err)
			}
			q, err := Read(&buf)
			if err != nil {
				t.Fatalf("reading what Write wrote: %v", err)
			}
			s2, bs2 := q.Schedule(7)
			if err := s2.Prepare(); err != nil {
				t.Fatalf("Prepare after the round trip: %v", err)
			}
			opts := []cmp.Option{cmpopts.EquateEmpty(), cmp.AllowUnexported(pmo.Date{})}
			if d := cmp.Diff(s, s2, opts...); d != "" {
				t.Errorf("schedule after the round trip (-first +second):\n%s", d)
			}
			for i := range bs2 {
				_ = bs2[i].Prepare()
			}
			if d := cmp.Diff(bs, bs2, opts...); d != "" {
				t.Errorf("baselines after the round trip (-first +second):\n%s", d)
			}
			n1, m1, _, err1 := p.Check()
			n2, m2, _, err2 := FromSchedule(s, bs).Check()
			if err1 != nil || err2 != nil || n1 != n2 || m1 != m2 {
				t.Errorf("Check: %d/%d %v, from the domain schedule %d/%d %v", m1, n1, err1, m2, n2, err2)
			}
		})
	}
}

// FuzzSchedule checks that any document Read accepts converts to a
// pmo.Schedule without panicking, and that a schedule Prepare accepts
// writes and reads back to the same schedule.
func FuzzSchedule(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<20 {
			return
		}
		p, err := Read(bytes.NewReader(b))
		if err != nil {
			return
		}
		s, bs := p.Schedule(1)
		if s.Prepare() != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, FromSchedule(s, bs)); err != nil {
			t.Fatal(err)
		}
		q, err := Read(&buf)
		if err != nil {
			t.Fatalf("reading what Write wrote: %v", err)
		}
		s2, _ := q.Schedule(1)
		if err := s2.Prepare(); err != nil {
			t.Fatalf("the schedule written is not valid: %v", err)
		}
		if len(s2.Tasks) != len(s.Tasks) || len(s2.Calendars) != len(s.Calendars) {
			t.Fatalf("round trip: %d tasks, %d calendars; want %d, %d", len(s2.Tasks), len(s2.Calendars), len(s.Tasks), len(s.Calendars))
		}
	})
}

// TestScheduleDropsNullTasks leaves blank rows out with their links and
// assignments, so the schedule stays valid.
func TestScheduleDropsNullTasks(t *testing.T) {
	p := mustRead(t, "testdata/mpxj-mspdirelations.xml")
	blank := Task{UID: 99, ID: 99, OutlineLevel: 1, Null: true, Parent: -1, CalendarUID: -1}
	p.Tasks = append(p.Tasks, blank)
	last := &p.Tasks[len(p.Tasks)-2]
	last.Predecessors = append(last.Predecessors, Link{PredecessorUID: 99})
	p.Assignments = append(p.Assignments, Assignment{UID: 99, TaskUID: 99, ResourceUID: 1})
	p.Resources = append(p.Resources, Resource{UID: 1, Name: "R", Type: 1, MaxUnits: 1, CalendarUID: -1})
	s, _ := p.Schedule(1)
	if err := s.Prepare(); err != nil {
		t.Fatalf("a schedule with a blank row: %v", err)
	}
	if s.TaskByUID(99) != nil || len(s.Assignments) != 0 {
		t.Errorf("the blank row stayed: %d tasks, %d assignments", len(s.Tasks), len(s.Assignments))
	}
}
