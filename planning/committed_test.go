package planning

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/optimize"
)

// committedScenario is eight quarters from 2027-Q1 with a dev limit.
func committedScenario(t *testing.T) *pmo.Scenario {
	t.Helper()
	s := &pmo.Scenario{ID: 1, PortfolioID: 1, Name: "base", Start: period(t, "2027-Q1"), Periods: 8, Currency: "EUR",
		Budget:    slices.Repeat([]int64{100_000_00}, 8),
		Capacity:  []pmo.RoleDemand{{Role: "dev", FTE: slices.Repeat([]float64{4}, 8)}},
		Objective: pmo.ObjectiveNPV, Timed: true}
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	return s
}

func project(id int64, code string, st pmo.State, sg pmo.Stage, budget int64, start, end pmo.Date) *pmo.Project {
	return &pmo.Project{ID: id, PortfolioID: 1, Code: code, Name: "Project " + code, State: st, Stage: sg,
		Budget: pmo.Money{Minor: budget, Currency: "EUR"}, PlannedStart: start, PlannedEnd: end}
}

func day(y int, m time.Month, d int) pmo.Date { return pmo.NewDate(y, m, d) }

func TestCommittedLoad(t *testing.T) {
	s := committedScenario(t)
	// A funded proposal: EUR 10k, 20k, 30k and 1, 2, 3 devs from its start.
	funded := proposal(t, 1, "F", 0, 0, 0, 0)
	funded.Case.Capex, funded.Case.Opex = []int64{10_000_00, 10_000_00, 20_000_00}, []int64{0, 10_000_00, 10_000_00}
	funded.Case.Demand = []pmo.RoleDemand{{Role: "dev", FTE: []float64{1, 2, 3}}, {Role: "ops", FTE: []float64{9}}}
	funded.State, funded.ProjectID = pmo.ProposalFunded, 10
	early := *funded
	early.ID, early.Code, early.ProjectID = 2, "E", 11

	cases := []struct {
		name     string
		projects []*pmo.Project
		spent    map[int64]int64
		cost     []int64
		dev      []float64
		notes    int
	}{{
		name: "funded case shifted to its actual start",
		projects: []*pmo.Project{func() *pmo.Project {
			p := project(10, "P10", pmo.Active, pmo.Execution, 999, day(2027, 1, 1), day(2027, 12, 31))
			p.ActualStart = day(2027, 5, 15) // 2027-Q2
			return p
		}()},
		cost: []int64{0, 10_000_00, 20_000_00, 30_000_00, 0, 0, 0, 0},
		dev:  []float64{0, 1, 2, 3, 0, 0, 0, 0},
	}, {
		name:     "funded case started before the horizon is cut",
		projects: []*pmo.Project{project(11, "P11", pmo.Active, pmo.Execution, 0, day(2026, 10, 1), pmo.Date{})},
		cost:     []int64{20_000_00, 30_000_00, 0, 0, 0, 0, 0, 0},
		dev:      []float64{2, 3, 0, 0, 0, 0, 0, 0},
	}, {
		name: "remaining budget spread evenly over the remaining periods",
		// EUR 100k budget, 40k spent, running 2026-Q3 .. 2027-Q3: the
		// 60k left falls on the three quarters from the horizon's start.
		projects: []*pmo.Project{project(20, "R", pmo.Active, pmo.Execution, 100_000_00, day(2026, 7, 1), day(2027, 9, 30))},
		spent:    map[int64]int64{20: 40_000_00},
		cost:     []int64{20_000_00, 20_000_00, 20_000_00, 0, 0, 0, 0, 0},
	}, {
		name: "remaining budget past the horizon is not charged; remainder to the first periods",
		// 2028-Q3 .. 2029-Q2: two of four quarters inside; 102 minor
		// units over four quarters are 26, 26, 25, 25.
		projects: []*pmo.Project{project(21, "L", pmo.Proposed, pmo.Approved, 102, day(2028, 7, 1), day(2029, 6, 30))},
		cost:     []int64{0, 0, 0, 0, 0, 0, 26, 26},
	}, {
		name: "closed, cancelled, finished and unapproved projects hold nothing",
		projects: []*pmo.Project{
			project(30, "C1", pmo.Closed, pmo.Execution, 100, day(2027, 1, 1), day(2027, 12, 31)),
			project(31, "C2", pmo.Cancelled, pmo.Planning, 100, day(2027, 1, 1), day(2027, 12, 31)),
			project(32, "C3", pmo.Active, pmo.Closure, 100, day(2027, 1, 1), day(2027, 12, 31)),
			project(33, "C4", pmo.Proposed, pmo.Idea, 100, day(2027, 1, 1), day(2027, 12, 31)),
			project(10, "P10", pmo.Closed, pmo.BenefitsReview, 0, day(2027, 1, 1), day(2027, 12, 31)),
		},
	}, {
		name:     "overspent projects hold nothing more",
		projects: []*pmo.Project{project(40, "O", pmo.Active, pmo.Execution, 100, day(2027, 1, 1), day(2027, 12, 31))},
		spent:    map[int64]int64{40: 150},
	}, {
		name:     "no finish date: noted, not counted",
		projects: []*pmo.Project{project(41, "N", pmo.Active, pmo.Execution, 100, day(2027, 1, 1), pmo.Date{})},
		notes:    1,
	}, {
		name:     "open past its finish before the horizon: noted, not counted",
		projects: []*pmo.Project{project(42, "D", pmo.Active, pmo.Execution, 500, day(2026, 1, 1), day(2026, 6, 30))},
		notes:    1,
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := CommittedLoad(s, Running{Proposals: []*pmo.Proposal{funded, &early}, Projects: c.projects, Spent: c.spent})
			if diff := cmp.Diff(c.cost, l.Cost); diff != "" {
				t.Errorf("cost (-want +got):\n%s", diff)
			}
			var dev []float64
			for _, d := range l.Demand {
				if d.Role != "dev" {
					t.Errorf("demand for role %q, which the scenario does not limit", d.Role)
				}
				dev = d.FTE
			}
			if diff := cmp.Diff(c.dev, dev); diff != "" {
				t.Errorf("dev (-want +got):\n%s", diff)
			}
			var sum int64
			for _, src := range l.Sources {
				sum += src.Cost
			}
			var want int64
			for _, x := range c.cost {
				want += x
			}
			if sum != want {
				t.Errorf("sources sum to %d, load to %d", sum, want)
			}
			if len(l.Notes) != c.notes {
				t.Errorf("notes %v, want %d", l.Notes, c.notes)
			}
		})
	}
}

// TestCommittedLoadInPlan checks the derived load reaches the optimiser:
// a running project taking the whole budget of a quarter keeps every
// proposal needing that quarter out, and the outcome shows it.
func TestCommittedLoadInPlan(t *testing.T) {
	in := pipeline(t)
	in.Committed = CommittedLoad(in.Scenario, Running{Projects: []*pmo.Project{
		project(50, "BIG", pmo.Active, pmo.Execution, 8*100_000_00, day(2027, 1, 1), day(2028, 12, 31))}})
	pl, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	_, out, err := pl.Solve(context.Background(), optimize.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Infeasible {
		t.Fatalf("status %s with the whole budget committed and a mandatory proposal", out.Status)
	}
	if len(out.Commitments) != 1 || out.Commitments[0].Code != "BIG" || out.Commitments[0].Cost != 8*100_000_00 {
		t.Errorf("commitments %+v", out.Commitments)
	}
	for _, ps := range out.Spend {
		if ps.Committed != 100_000_00 {
			t.Errorf("%s: committed %d", ps.Period, ps.Committed)
		}
	}
}

// TestCommittedLoadScenarioChoice checks a scenario can switch the
// derived load off or give its own.
func TestCommittedLoadScenarioChoice(t *testing.T) {
	run := Running{Projects: []*pmo.Project{project(60, "R", pmo.Active, pmo.Execution, 800, day(2027, 1, 1), day(2028, 12, 31))}}
	s := committedScenario(t)
	if l := CommittedLoad(s, run); len(l.Sources) != 1 || l.Cost[0] != 100 {
		t.Fatalf("derived: %+v", l)
	}
	s.Committed = pmo.ScenarioCommitted{Mode: pmo.CommittedNone}
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	if l := CommittedLoad(s, run); l.Cost != nil || l.Demand != nil || l.Sources != nil {
		t.Errorf("none: %+v", l)
	}
	s.Committed = pmo.ScenarioCommitted{Mode: pmo.CommittedOverride, Cost: []int64{1, 2, 3, 4, 5, 6, 7, 8},
		Demand: []pmo.RoleDemand{{Role: "dev", FTE: []float64{1, 1, 1, 1, 0, 0, 0, 0}}}}
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	want := Load{Cost: []int64{1, 2, 3, 4, 5, 6, 7, 8}, Demand: []pmo.RoleDemand{{Role: "dev", FTE: []float64{1, 1, 1, 1, 0, 0, 0, 0}}}}
	if diff := cmp.Diff(want, CommittedLoad(s, run)); diff != "" {
		t.Errorf("override (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		c     pmo.ScenarioCommitted
		field string
	}{
		{pmo.ScenarioCommitted{Mode: "some"}, "committed.mode"},
		{pmo.ScenarioCommitted{Mode: pmo.CommittedNone, Cost: []int64{1}}, "committed.mode"},
		{pmo.ScenarioCommitted{Mode: pmo.CommittedOverride, Cost: []int64{1}}, "committed.cost"},
		{pmo.ScenarioCommitted{Mode: pmo.CommittedOverride, Demand: []pmo.RoleDemand{{Role: "ops", FTE: make([]float64, 8)}}}, "committed.demand[0].role"},
	} {
		s.Committed = c.c
		err := s.Prepare()
		if !slices.ContainsFunc(pmo.ErrorFields(err), func(f pmo.FieldError) bool { return f.Field == c.field }) {
			t.Errorf("%+v: %v, want an error on %s", c.c, err, c.field)
		}
	}
}
