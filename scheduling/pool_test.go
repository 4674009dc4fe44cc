package scheduling

import (
	"testing"
	"time"

	"github.com/pmohq/pmo"
)

// oneTask is a project of one two-day task on a full-time resource called
// dev, and a milestone after it.
func oneTask(id int64, dev string) *pmo.Schedule {
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC) // a Monday
	s := &pmo.Schedule{ProjectID: id, Start: start, Calendar: -1, Tasks: []pmo.Task{
		{UID: 1, Name: "Build", OutlineLevel: 1, Duration: 960, Calendar: -1},
		{UID: 2, Name: "Done", OutlineLevel: 1, Milestone: true, Calendar: -1, Predecessors: []pmo.Link{{Predecessor: 1}}},
	},
		Resources:   []pmo.Resource{{UID: 7, Name: dev, MaxUnits: 1, Calendar: -1}},
		Assignments: []pmo.Assignment{{UID: 1, Task: 1, Resource: 7, Units: 1, Work: 960}},
	}
	if err := s.Prepare(); err != nil {
		panic(err)
	}
	return s
}

func TestLevelProjects(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, 5+d, 17, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name         string
		prioA, prioB int
		late         int64 // the project that waits
	}{
		{"A first", 1, 3, 2},
		{"B first", 4, 2, 1},
		{"equal: order given", 3, 3, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := oneTask(1, "Dev"), oneTask(2, " dev ")
			res, err := LevelProjects([]PoolProject{{a, "A", tc.prioA}, {b, "B", tc.prioB}}, now, LevelOptions{Seed: 1, Schedules: 100})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Shared) != 1 || res.Shared[0].OverloadedBefore != 2 || res.Shared[0].OverloadedAfter != 0 {
				t.Fatalf("shared %+v, want one resource overloaded 2 days before, none after", res.Shared)
			}
			if sh := res.Shared[0]; sh.PeakBefore != 2 || sh.PeakAfter != 1 || len(sh.Projects) != 2 {
				t.Errorf("peak %v -> %v, projects %v", sh.PeakBefore, sh.PeakAfter, sh.Projects)
			}
			if res.Projects[1].ProjectID != tc.late {
				t.Errorf("levelled %d first, want %d to wait", res.Projects[0].ProjectID, tc.late)
			}
			for _, s := range []*pmo.Schedule{a, b} {
				want := day(1)
				if s.ProjectID == tc.late {
					want = day(3)
				}
				if !s.Finish.Equal(want) {
					t.Errorf("project %d finishes %v, want %v", s.ProjectID, s.Finish, want)
				}
				if s.Resources[0].MaxUnits != 1 {
					t.Errorf("project %d: max units %v", s.ProjectID, s.Resources[0].MaxUnits)
				}
			}
			if !res.FinishBefore.Equal(day(1)) || !res.FinishAfter.Equal(day(3)) {
				t.Errorf("finish %v -> %v", res.FinishBefore, res.FinishAfter)
			}
		})
	}
}

// TestLevelProjectsPoolCapacity: the pool's capacity is the smallest a
// project gives; a resource only one project uses is not shared.
func TestLevelProjectsPoolCapacity(t *testing.T) {
	a, b, c := oneTask(1, "Dev"), oneTask(2, "Dev"), oneTask(3, "Tester")
	b.Resources[0].MaxUnits = 2
	res, err := LevelProjects([]PoolProject{{a, "A", 3}, {b, "B", 3}, {c, "C", 1}}, now, LevelOptions{Seed: 1, Schedules: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Shared) != 1 || res.Shared[0].MaxUnits != 1 || res.Shared[0].OverloadedAfter != 0 {
		t.Fatalf("shared %+v", res.Shared)
	}
	if res.Projects[0].Code != "C" || !c.Finish.Equal(a.Finish) || !b.Finish.After(a.Finish) {
		t.Errorf("order %v; finishes A %v B %v C %v", res.Projects[0].Code, a.Finish, b.Finish, c.Finish)
	}
	if b.Resources[0].MaxUnits != 2 {
		t.Errorf("B's own capacity became %v", b.Resources[0].MaxUnits)
	}
	if _, err := LevelProjects(nil, now, LevelOptions{}); pmo.ErrorKind(err) != pmo.Invalid {
		t.Errorf("no projects: %v", err)
	}
}

// TestLevelProjectsKeepsConstraints: a lower-priority project's own
// start-no-earlier-than and its fixed (priority 1000) task hold in the pool.
func TestLevelProjectsKeepsConstraints(t *testing.T) {
	a, b := oneTask(1, "Dev"), oneTask(2, "Dev")
	// B's task may not start before Wednesday: its constraint holds in the
	// pool as it does alone.
	b.Tasks[0].Constraint = pmo.SNET
	b.Tasks[0].ConstraintDate = time.Date(2026, 1, 7, 8, 0, 0, 0, time.UTC)
	c := oneTask(3, "Dev")
	c.Tasks[0].Priority = 1000 // never moved, even at the lowest project priority
	for _, s := range []*pmo.Schedule{b, c} {
		if err := s.Prepare(); err != nil {
			t.Fatal(err)
		}
	}
	res, err := LevelProjects([]PoolProject{{a, "A", 1}, {b, "B", 2}, {c, "C", 5}}, now, LevelOptions{Seed: 1, Schedules: 100})
	if err != nil {
		t.Fatal(err)
	}
	wed := time.Date(2026, 1, 7, 8, 0, 0, 0, time.UTC)
	if !a.Tasks[0].Start.Equal(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)) || b.Tasks[0].Start.Before(wed) {
		t.Errorf("A starts %v, B starts %v (not before %v)", a.Tasks[0].Start, b.Tasks[0].Start, wed)
	}
	if c.Tasks[0].LevelingDelay != 0 || !c.Tasks[0].Start.Equal(a.Tasks[0].Start) {
		t.Errorf("the fixed task of C moved: delay %d, start %v", c.Tasks[0].LevelingDelay, c.Tasks[0].Start)
	}
	if res.Shared[0].OverloadedAfter == 0 {
		t.Errorf("C's fixed task overlaps A's: the overload must be reported, got %+v", res.Shared[0])
	}
}
