package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/scheduling"
)

// TestSchedules checks the demo's schedules: some per portfolio, each a
// valid WBS of 25-80 tasks that reschedules without error, with a
// baseline, progress only up to Today and slippage since the baseline.
func TestSchedules(t *testing.T) {
	o := DefaultOptions(referenceDate)
	d := Generate(o)
	if n := len(d.Schedules); n < 10 || n > 20 {
		t.Fatalf("%d schedules, want 10-20", n)
	}
	now := referenceDate.Time().Add(17 * time.Hour)
	projects := map[int64]*pmo.Project{}
	for _, p := range d.Projects {
		projects[p.ID] = p
	}
	slipped := 0
	for i, ds := range d.Schedules {
		s := ds.Schedule
		p := projects[s.ProjectID]
		if p == nil || p.State != pmo.Active || (p.Stage != pmo.Planning && p.Stage != pmo.Execution) {
			t.Fatalf("schedule %d: project %d is not an active project in planning or execution", i, s.ProjectID)
		}
		if n := len(s.Tasks); n < 25 || n > 80 {
			t.Errorf("schedule %d: %d tasks", i, n)
		}
		if len(ds.Baselines) != 1 || len(ds.Baselines[0].Tasks) != len(s.Tasks) {
			t.Errorf("schedule %d: baselines %d", i, len(ds.Baselines))
		}
		c := *s
		c.Tasks = append([]pmo.Task(nil), s.Tasks...)
		if err := c.Prepare(); err != nil {
			t.Fatalf("schedule %d: %v", i, err)
		}
		if _, err := scheduling.Reschedule(&c, now); err != nil {
			t.Fatalf("schedule %d: %v", i, err)
		}
		for _, w := range c.Warnings {
			if strings.Contains(w.Message, "cycle") {
				t.Errorf("schedule %d: %s", i, w.Message)
			}
		}
		kinds, milestones, critical := map[pmo.LinkType]bool{}, 0, 0
		for _, k := range s.Tasks {
			for _, l := range k.Predecessors {
				kinds[l.Type] = true
			}
			if k.Milestone {
				milestones++
			}
			if k.Critical {
				critical++
			}
			if k.ActualStart.After(now) || k.ActualFinish.After(now) {
				t.Errorf("schedule %d task %d: actuals after today", i, k.UID)
			}
		}
		if milestones < 5 || critical == 0 || !kinds[pmo.FinishToStart] {
			t.Errorf("schedule %d: %d milestones, %d critical, links %v", i, milestones, critical, kinds)
		}
		if s.Finish.After(ds.Baselines[0].Finish) {
			slipped++
		}
	}
	if slipped == 0 {
		t.Error("no schedule slipped since its baseline")
	}
	if !reflect.DeepEqual(d.Schedules, Generate(o).Schedules) {
		t.Error("schedules differ for the same seed")
	}
}

// TestSchedulesOverAllocate checks that the shared pool is over-allocated
// across a portfolio's projects, which multi-project levelling resolves.
func TestSchedulesOverAllocate(t *testing.T) {
	d := Generate(DefaultOptions(referenceDate))
	byPortfolio := map[int64][]scheduling.PoolProject{}
	port := map[int64]int64{}
	for _, p := range d.Projects {
		port[p.ID] = p.PortfolioID
	}
	over := 0
	for _, ds := range d.Schedules {
		ls, err := scheduling.Loads(ds.Schedule)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			if l.Overloaded > 0 {
				over++
				break
			}
		}
		pid := port[ds.Schedule.ProjectID]
		byPortfolio[pid] = append(byPortfolio[pid], scheduling.PoolProject{Schedule: ds.Schedule})
	}
	if over == 0 {
		t.Error("no schedule over-allocates a resource")
	}
	shared := 0
	for pid, ps := range byPortfolio {
		r, err := scheduling.LevelProjects(ps, referenceDate.Time(), scheduling.LevelOptions{})
		if err != nil {
			t.Fatalf("portfolio %d: %v", pid, err)
		}
		for _, sr := range r.Shared {
			if len(sr.Projects) > 1 && sr.OverloadedBefore > 0 {
				shared++
			}
		}
	}
	if shared == 0 {
		t.Error("no shared resource is over-allocated across projects")
	}
}
