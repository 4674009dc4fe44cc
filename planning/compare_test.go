package planning

import (
	"context"
	"slices"
	"testing"

	"github.com/pmohq/pmo/engine/optimize"
)

// TestCompare sets the base scenario beside a 30 % budget cut from a
// quarter later: what is dropped, what moves, spend side by side.
func TestCompare(t *testing.T) {
	solve := func(in Input) *Outcome {
		t.Helper()
		pl, err := Build(in)
		if err != nil {
			t.Fatal(err)
		}
		_, o, err := pl.Solve(context.Background(), optimize.Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	base := solve(pipeline(t))
	in := pipeline(t)
	in.Scenario.Start = period(t, "2027-Q2")
	in.Scenario.Periods = 7
	in.Scenario.Budget = in.Scenario.Budget[:7]
	for k := range in.Scenario.Budget {
		in.Scenario.Budget[k] = 70_000_00
	}
	in.Scenario.Capacity[0].FTE = in.Scenario.Capacity[0].FTE[:7]
	in.Committed = Load{}
	cut := solve(in)
	c := Compare(base, cut)
	if !c.Comparable || c.ValueA != base.Value || c.ValueB != cut.Value {
		t.Errorf("values %g %g comparable %v", c.ValueA, c.ValueB, c.Comparable)
	}
	if n := len(c.Added) + len(c.Moved) + len(c.Kept); n != len(cut.Selected) {
		t.Errorf("added+moved+kept %d, B selects %d", n, len(cut.Selected))
	}
	if n := len(c.Removed) + len(c.Moved) + len(c.Kept); n != len(base.Selected) {
		t.Errorf("removed+moved+kept %d, A selects %d", n, len(base.Selected))
	}
	if len(c.Spend) != 8 || c.Spend[0].Period.String() != "2027-Q1" || c.Spend[0].BudgetB != nil || *c.Spend[1].BudgetB != 70_000_00 {
		t.Fatalf("spend %+v", c.Spend)
	}
	var a, b int64
	for _, s := range c.Spend {
		a, b = a+s.A, b+s.B
	}
	if a != base.TotalCost || b != cut.TotalCost {
		t.Errorf("spend sums %d %d, totals %d %d", a, b, base.TotalCost, cut.TotalCost)
	}
	if len(c.Capacity) != 1 || c.Capacity[0].Role != "dev" || c.Capacity[0].B[0] != 0 {
		t.Errorf("capacity %+v", c.Capacity)
	}
	if slices.Equal(c.Kept, []string{}) && len(c.Moved) == 0 && len(c.Removed) == 0 {
		t.Error("a 30 % cut changed nothing")
	}
}
