package store

import (
	"testing"

	"github.com/pmohq/pmo"
)

// TestScenarioCommitted stores a scenario's committed-load choice and
// reads it back, on both databases; older scenarios read as derived.
func TestScenarioCommitted(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		s := testScenario(pf.ID, mustPeriod(t, "2027-Q1"))
		must(t, db.CreateScenario(ctx, s))
		got, err := db.FindScenarioByID(ctx, s.ID)
		must(t, err)
		if got.Committed.Mode != pmo.CommittedDerived {
			t.Errorf("default mode %q", got.Committed.Mode)
		}
		got.Committed = pmo.ScenarioCommitted{Mode: pmo.CommittedOverride, Cost: []int64{1, 2, 3, 4, 5, 6, 7, 8},
			Demand: []pmo.RoleDemand{{Role: "Developer", FTE: []float64{1, 1, 1, 1, 0, 0, 0, 0.5}}}}
		must(t, db.UpdateScenario(ctx, got))
		again, err := db.FindScenarioByID(ctx, s.ID)
		must(t, err)
		if d := diff(got.Committed, again.Committed); d != "" {
			t.Errorf("committed (-want +got):\n%s", d)
		}
	})
}
