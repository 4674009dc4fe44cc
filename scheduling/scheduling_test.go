package scheduling

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/schedule"
	"github.com/pmohq/pmo/importer/mspdi"
)

func mustSchedule(t *testing.T, name string) *pmo.Schedule {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := mspdi.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := p.Schedule(1)
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	return s
}

var now = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

// TestRescheduleMatchesMSProject reschedules sample1, on which the engine
// matches MS Project on every task, and compares the dates the domain
// schedule gets with those MS Project stored.
func TestRescheduleMatchesMSProject(t *testing.T) {
	s := mustSchedule(t, "../importer/mspdi/testdata/mpxj-sample1.xml")
	want := map[int][2]time.Time{}
	for _, k := range s.Tasks {
		want[k.UID] = [2]time.Time{k.Start, k.Finish}
	}
	r, err := Reschedule(s, now)
	if err != nil {
		t.Fatal(err)
	}
	// MS Project may show a finish at the start of the next working time
	// rather than the end of the last: both are the same working instant.
	ms, err := mspdi.FromSchedule(s, nil).Network()
	if err != nil {
		t.Fatal(err)
	}
	same := func(a, b time.Time) bool {
		return ms.Project.Work(schedule.TimeTick(a), schedule.TimeTick(b)) == 0
	}
	for _, k := range s.Tasks {
		w := want[k.UID]
		if !same(w[0], k.Start) || !same(w[1], k.Finish) {
			t.Errorf("task %d %q: MS Project %v - %v, rescheduled %v - %v", k.UID, k.Name, w[0], w[1], k.Start, k.Finish)
		}
	}
	if !s.ComputedAt.Equal(now) || s.Finish.IsZero() || !r.Finish.Equal(s.Finish) || len(r.CriticalPaths) == 0 {
		t.Errorf("result: finish %v, computed %v, paths %v", r.Finish, s.ComputedAt, r.CriticalPaths)
	}
	for _, p := range r.CriticalPaths {
		for _, uid := range p {
			if k := s.TaskByUID(uid); k == nil || !k.Critical {
				t.Errorf("task %d on a critical path is not critical", uid)
			}
		}
	}
}

// TestRescheduleCycleThroughSummary finds a cycle that only appears once
// links to a summary task reach its subtasks.
func TestRescheduleCycleThroughSummary(t *testing.T) {
	s := &pmo.Schedule{ProjectID: 1, Start: now, Calendar: -1, Tasks: []pmo.Task{
		{UID: 1, Name: "Phase", OutlineLevel: 1, Calendar: -1},
		{UID: 2, Name: "Inside", OutlineLevel: 2, Duration: 480, Calendar: -1, Predecessors: []pmo.Link{{Predecessor: 3}}},
		{UID: 3, Name: "After", OutlineLevel: 1, Duration: 480, Calendar: -1, Predecessors: []pmo.Link{{Predecessor: 1}}},
	}}
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	_, err := Reschedule(s, now)
	if pmo.ErrorKind(err) != pmo.Invalid || len(pmo.ErrorFields(err)) != 1 {
		t.Fatalf("Reschedule = %v, want Invalid naming the cycle", err)
	}
	if got := pmo.ErrorFields(err)[0].Detail; got != "dependencies form a cycle through tasks (UIDs) [2 3]" && got != "dependencies form a cycle through tasks (UIDs) [3 2]" {
		t.Errorf("detail = %q", got)
	}
}

// twoOnOne is two independent tasks of two days that each need the one
// developer full time, and a milestone after both.
func twoOnOne() *pmo.Schedule {
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC) // a Monday
	s := &pmo.Schedule{ProjectID: 1, Start: start, Calendar: -1, Tasks: []pmo.Task{
		{UID: 1, Name: "A", OutlineLevel: 1, Duration: 960, Calendar: -1},
		{UID: 2, Name: "B", OutlineLevel: 1, Duration: 960, Calendar: -1, Priority: 600},
		{UID: 3, Name: "Done", OutlineLevel: 1, Milestone: true, Calendar: -1,
			Predecessors: []pmo.Link{{Predecessor: 1}, {Predecessor: 2}}},
	},
		Resources:   []pmo.Resource{{UID: 1, Name: "Dev", MaxUnits: 1, Calendar: -1}},
		Assignments: []pmo.Assignment{{UID: 1, Task: 1, Resource: 1, Units: 1, Work: 960}, {UID: 2, Task: 2, Resource: 1, Units: 1, Work: 960}},
	}
	if err := s.Prepare(); err != nil {
		panic(err)
	}
	return s
}

func TestLevel(t *testing.T) {
	s := twoOnOne()
	res, err := Level(s, now, LevelOptions{Seed: 1, Schedules: 200})
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int, h int) time.Time { return time.Date(2026, 1, 5+d, h, 0, 0, 0, time.UTC) }
	if !res.FinishBefore.Equal(day(1, 17)) || !res.FinishAfter.Equal(day(3, 17)) {
		t.Errorf("finish before %v after %v, want Tuesday and Thursday 17:00", res.FinishBefore, res.FinishAfter)
	}
	if res.OverloadedBefore != 2 || res.OverloadedAfter != 0 || res.Delayed != 1 {
		t.Errorf("overloaded days %d -> %d, delayed %d; want 2 -> 0, 1", res.OverloadedBefore, res.OverloadedAfter, res.Delayed)
	}
	delayed := 0
	for _, k := range s.Tasks {
		if k.LevelingDelay > 0 {
			delayed = k.UID
		}
	}
	if delayed == 0 || s.TaskByUID(3).Start.Before(day(3, 17)) {
		t.Errorf("delays %+v; the milestone starts %v", s.Tasks, s.TaskByUID(3).Start)
	}
	// Rescheduling keeps the levelled dates; levelling again gives the same.
	if _, err := Reschedule(s, now); err != nil || !s.Finish.Equal(day(3, 17)) {
		t.Errorf("rescheduled finish %v (%v)", s.Finish, err)
	}
	s2 := twoOnOne()
	res2, err := Level(s2, now, LevelOptions{Seed: 1, Schedules: 200})
	if err != nil || res2.Delayed != 1 || s2.TaskByUID(delayed).LevelingDelay == 0 {
		t.Errorf("the same seed levelled differently: %+v %v", res2, err)
	}
}

// TestLevelSamples levels every sample: no overload remains and the finish
// does not move earlier.
func TestLevelSamples(t *testing.T) {
	files, _ := filepath.Glob("../importer/mspdi/testdata/*.xml")
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			s := mustSchedule(t, name)
			res, err := Level(s, now, LevelOptions{Seed: 7, Schedules: 500})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("finish %v -> %v, overloaded days %d -> %d, %d delayed", res.FinishBefore, res.FinishAfter,
				res.OverloadedBefore, res.OverloadedAfter, res.Delayed)
			// No sample assigns a resource beyond its capacity on one task,
			// so levelling removes every overload, even on night shifts.
			if res.OverloadedAfter != 0 {
				t.Errorf("overloaded resource-days after levelling: %d -> %d", res.OverloadedBefore, res.OverloadedAfter)
			}
			if res.FinishAfter.Before(res.FinishBefore) {
				t.Errorf("levelling moved the finish earlier: %v -> %v", res.FinishBefore, res.FinishAfter)
			}
		})
	}
}
