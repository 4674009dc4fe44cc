package planning

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/optimize"
)

// demoInput is a demo-sized intake: 40 proposals over 12 quarters with
// three roles, windows, a few dependencies and alternatives.
func demoInput(tb testing.TB) Input {
	rng := rand.New(rand.NewPCG(11, 12))
	s := &pmo.Scenario{ID: 1, PortfolioID: 1, Name: "demo", Start: period(tb, "2027-Q1"), Periods: 12, Currency: "EUR",
		Budget: slices.Repeat([]int64{600_000_00}, 12), Objective: pmo.ObjectiveNPV, Timed: true}
	for _, r := range []string{"dev", "analyst", "architect"} {
		s.Capacity = append(s.Capacity, pmo.RoleDemand{Role: r, FTE: slices.Repeat([]float64{6}, 12)})
	}
	if err := s.Prepare(); err != nil {
		tb.Fatal(err)
	}
	in := Input{Scenario: s}
	for k := range 40 {
		n := 2 + rng.IntN(4)
		p := proposal(tb, int64(k+1), fmt.Sprintf("P-%02d", k+1), int64(50_000_00+rng.IntN(150_000_00)), n, 0, int64(20_000_00+rng.IntN(80_000_00)))
		for _, r := range []string{"dev", "analyst", "architect"} {
			if rng.IntN(2) == 0 {
				p.Case.Demand = append(p.Case.Demand, pmo.RoleDemand{Role: r, FTE: slices.Repeat([]float64{0.5 + float64(rng.IntN(4))}, n)})
			}
		}
		p.LatestStart = s.PeriodAt(rng.IntN(12 - n))
		if k > 0 && rng.IntN(6) == 0 {
			p.Dependencies = []pmo.ProposalDependency{{ProposalID: int64(rng.IntN(k) + 1), FinishFirst: rng.IntN(2) == 0}}
		}
		if k > 0 && rng.IntN(8) == 0 {
			p.Excludes = []int64{int64(k)}
		}
		if err := p.Prepare(); err != nil {
			tb.Fatal(err)
		}
		in.Proposals = append(in.Proposals, p)
	}
	return in
}

// BenchmarkPlanSolve builds the plan of a demo-sized intake and solves it
// with a fixed node limit, the path a scenario run takes.
func BenchmarkPlanSolve(b *testing.B) {
	in := demoInput(b)
	for b.Loop() {
		pl, err := Build(in)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := pl.Solve(context.Background(), optimize.Options{Seed: 1, NodeLimit: 1000}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDemoInputSolves(t *testing.T) {
	pl, err := Build(demoInput(t))
	if err != nil {
		t.Fatal(err)
	}
	_, o, err := pl.Solve(context.Background(), optimize.Options{Seed: 1, NodeLimit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Selected) == 0 || o.Value <= 0 || o.Bound < o.Value {
		t.Errorf("%s: %d selected, value %g bound %g", o.Status, len(o.Selected), o.Value, o.Bound)
	}
	t.Logf("%s: %d of 40 selected, value %g, bound %g, gap %.4f, %d nodes", o.Status, len(o.Selected), o.Value, o.Bound, o.Gap, o.Nodes)
}
