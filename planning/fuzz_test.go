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

// randomInput makes a small random pipeline: up to 8 proposals over up to
// 6 quarters, with windows, links, mandatory items, locks and committed
// load.
func randomInput(t testing.TB, rng *rand.Rand) Input {
	n := 1 + rng.IntN(6)
	s := &pmo.Scenario{ID: 1, PortfolioID: 1, Name: "fuzz", Start: period(t, "2027-Q1"), Periods: n, Currency: "EUR",
		Capacity: []pmo.RoleDemand{{Role: "dev", FTE: make([]float64, n)}}, Objective: pmo.ObjectiveNPV, Timed: rng.IntN(3) > 0}
	if rng.IntN(4) > 0 {
		s.Budget = make([]int64, n)
	}
	for k := range n {
		if s.Budget != nil {
			s.Budget[k] = int64(rng.IntN(100)) * 1000_00
		}
		s.Capacity[0].FTE[k] = float64(rng.IntN(6))
	}
	in := Input{Scenario: s, Committed: Load{Cost: []int64{int64(rng.IntN(20)) * 1000_00}, Demand: []pmo.RoleDemand{{Role: "dev", FTE: []float64{float64(rng.IntN(2))}}}}}
	for k := range 1 + rng.IntN(8) {
		p := proposal(t, int64(k+1), fmt.Sprintf("P%d", k+1), int64(rng.IntN(60))*1000_00, 1+rng.IntN(3), float64(rng.IntN(3)), int64(rng.IntN(50))*1000_00)
		p.Mandatory, p.LegalBasis = rng.IntN(10) == 0, "law"
		if e := rng.IntN(n); rng.IntN(2) == 0 {
			p.EarliestStart = s.PeriodAt(e)
			p.LatestStart = s.PeriodAt(e + rng.IntN(n-e))
		}
		if k > 0 && rng.IntN(3) == 0 {
			p.Dependencies = []pmo.ProposalDependency{{ProposalID: int64(1 + rng.IntN(k)), FinishFirst: rng.IntN(2) == 0}}
		}
		if k > 0 && rng.IntN(4) == 0 {
			o := int64(1 + rng.IntN(k))
			if !slices.ContainsFunc(p.Dependencies, func(d pmo.ProposalDependency) bool { return d.ProposalID == o }) {
				p.Excludes = []int64{o}
			}
		}
		if err := p.Prepare(); err != nil {
			t.Fatal(err)
		}
		switch rng.IntN(12) {
		case 0:
			s.LockIn = append(s.LockIn, p.ID)
		case 1:
			s.LockOut = append(s.LockOut, p.ID)
		}
		in.Proposals = append(in.Proposals, p)
	}
	return in
}

// FuzzPlanInvariants solves random pipelines and checks the outcome
// against the rules in PMO terms: budget and capacity with committed load,
// windows, forced and locked proposals, alternatives and dependencies.
func FuzzPlanInvariants(f *testing.F) {
	for s := range uint64(8) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		in := randomInput(t, rand.New(rand.NewPCG(seed, 99)))
		pl, err := Build(in)
		if err != nil {
			t.Fatal(err)
		}
		_, o, err := pl.Solve(context.Background(), optimize.Options{Seed: seed, NodeLimit: 2000})
		if err != nil {
			t.Fatal(err)
		}
		if o.Infeasible {
			if len(o.Conflicts) == 0 {
				t.Fatal("infeasible without conflicts")
			}
			return
		}
		checkOutcome(t, pl, o)
	})
}

func checkOutcome(t *testing.T, pl *Plan, o *Outcome) {
	t.Helper()
	s := pl.Scenario
	for _, p := range o.Spend {
		if p.Budget != nil && p.Committed+p.Selected > *p.Budget {
			t.Fatalf("%s: committed %d + selected %d over budget %d", p.Period, p.Committed, p.Selected, *p.Budget)
		}
	}
	for _, r := range o.Capacity {
		for k := range r.Capacity {
			if r.Committed[k]+r.Selected[k] > r.Capacity[k]+1e-9 {
				t.Fatalf("%s in %s: %g + %g over %g", r.Role, s.PeriodAt(k), r.Committed[k], r.Selected[k], r.Capacity[k])
			}
		}
	}
	start := map[int64]int{}
	for _, c := range o.Selected {
		start[c.ProposalID] = s.Index(c.Start)
	}
	for k, p := range pl.Proposals {
		it := pl.Problem.Items[k]
		st, in := start[p.ID]
		switch {
		case (p.Mandatory || slices.Contains(s.LockIn, p.ID)) && !in:
			t.Fatalf("forced %s not selected", p.Code)
		case slices.Contains(s.LockOut, p.ID) && in && !p.Mandatory:
			t.Fatalf("locked-out %s selected", p.Code)
		case !in:
			continue
		case st < it.EarliestStart || st > it.LatestStart:
			t.Fatalf("%s starts at %d outside [%d, %d]", p.Code, st, it.EarliestStart, it.LatestStart)
		}
		for _, x := range p.Excludes {
			if _, both := start[x]; both {
				t.Fatalf("%s and its alternative %d both selected", p.Code, x)
			}
		}
		for _, d := range p.Dependencies {
			ds, ok := start[d.ProposalID]
			if !ok {
				t.Fatalf("%s selected without %d", p.Code, d.ProposalID)
			}
			if d.FinishFirst && ds+pl.Proposals[d.ProposalID-1].Case.Periods() > st {
				t.Fatalf("%s starts at %d before %d finishes", p.Code, st, d.ProposalID)
			}
		}
	}
}
