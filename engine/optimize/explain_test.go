package optimize

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTimePhased(t *testing.T) {
	p := &Problem{
		Periods: 4,
		Budget:  []float64{10, 10, 10, 10},
		Roles:   []Role{{Name: "dev", Capacity: []float64{1, 1, 1, 1}}},
		Items: []Item{
			{ID: "A", Value: 5, Cost: []float64{8}, EarliestStart: 0, LatestStart: 2},
			{ID: "B", Value: 5, Cost: []float64{8}},
			{ID: "C", Value: 5, Cost: []float64{2, 2}, Demand: map[string][]float64{"dev": {1, 1}}, After: []string{"A"}, EarliestStart: 0, LatestStart: 2},
			{ID: "D", Value: 4, Demand: map[string][]float64{"dev": {1}}, EarliestStart: 1, LatestStart: 3},
		},
	}
	sol, err := Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// B takes period 0, so A moves to 1, C follows A in 2..3 and D, needing
	// the one developer, can only go in period 1.
	want := []Choice{{"A", 1}, {"B", 0}, {"C", 2}, {"D", 1}}
	if diff := cmp.Diff(want, sol.Selected); diff != "" || sol.Status != Optimal || sol.Value != 19 {
		t.Errorf("status %v value %g selection (-want +got):\n%s", sol.Status, sol.Value, diff)
	}
	if diff := cmp.Diff([]float64{8, 8, 2, 2}, sol.Spend); diff != "" {
		t.Errorf("spend (-want +got):\n%s", diff)
	}
}

func TestInfeasibleConflicts(t *testing.T) {
	base := func() *Problem {
		return &Problem{Periods: 2, Budget: []float64{10, 10}, Items: []Item{
			{ID: "A", Value: 1, Cost: []float64{6}, Mandatory: true},
			{ID: "B", Value: 1, Cost: []float64{0, 6}, Mandatory: true},
			{ID: "C", Value: 1, Cost: []float64{6}, Lock: LockIn},
		}}
	}
	for _, tc := range []struct {
		name string
		edit func(p *Problem)
		want Conflict
	}{
		{"budget", func(p *Problem) {}, Conflict{Kind: "budget", Items: []string{"A", "C"}, Period: 0, Need: 12, Limit: 10}},
		{"committed", func(p *Problem) {
			p.Items[2].Lock = LockNone
			p.Committed.Cost = []float64{0, 5}
		}, Conflict{Kind: "budget", Items: []string{"B"}, Period: 1, Need: 11, Limit: 10}},
		{"excludes", func(p *Problem) {
			p.Items[2].Lock = LockNone
			p.Items[1].Excludes = []string{"A"}
		}, Conflict{Kind: "excludes", Items: []string{"B", "A"}, Period: -1}},
		{"lock", func(p *Problem) {
			p.Items[2].Lock = LockOut
			p.Items[0].Requires = []string{"C"}
		}, Conflict{Kind: "lock", Items: []string{"C"}, Period: -1}},
		{"combination", func(p *Problem) {
			for i := range p.Items {
				p.Items[i].Cost = []float64{6}
				p.Items[i].EarliestStart, p.Items[i].LatestStart = 0, 1
			}
		}, Conflict{Kind: "combination", Items: []string{"A", "B", "C"}, Period: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := base()
			tc.edit(p)
			sol, err := Solve(context.Background(), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if sol.Status != Infeasible || len(sol.Conflicts) == 0 {
				t.Fatalf("status %v, conflicts %v", sol.Status, sol.Conflicts)
			}
			got := sol.Conflicts[0]
			if got.Message == "" {
				t.Error("empty message")
			}
			got.Message = ""
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("conflict (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	p := &Problem{
		Periods: 2,
		Budget:  []float64{10, 10},
		Roles:   []Role{{Name: "dev", Capacity: []float64{3, 3}}},
		Items: []Item{
			{ID: "A", Value: 10, Cost: []float64{7, 2}, Demand: map[string][]float64{"dev": {2, 2}}},
			{ID: "B", Value: 4, Cost: []float64{5, 1}, Demand: map[string][]float64{"dev": {1, 2}}},
			{ID: "C", Value: 3, Cost: []float64{1}, Requires: []string{"B"}},
		},
	}
	ctx := context.Background()
	sol, err := Solve(ctx, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Choice{{"A", 0}}, sol.Selected); diff != "" {
		t.Fatalf("selection (-want +got):\n%s", diff)
	}
	e, err := Explain(ctx, p, sol, "B", true, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{
		{Kind: "budget", Period: 0, Need: 5, Slack: 3, Short: 2},
		{Kind: "capacity", Period: 1, Role: "dev", Need: 2, Slack: 1, Short: 1},
	}
	if diff := cmp.Diff(want, e.Blocks); diff != "" || e.Selected {
		t.Errorf("blocks of B (-want +got):\n%s", diff)
	}
	if a := e.Alternative; a == nil || a.Status != Optimal || a.Value != 7 {
		t.Errorf("alternative with B forced in: %+v, want value 7 (B and C)", a)
	}
	e, err = Explain(ctx, p, sol, "C", false, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Blocks) != 1 || e.Blocks[0].Kind != "requires" || e.Blocks[0].Other != "B" {
		t.Errorf("blocks of C: %+v", e.Blocks)
	}
	e, err = Explain(ctx, p, sol, "A", true, Options{})
	if err != nil || !e.Selected || e.Alternative == nil || e.Alternative.Value != 7 {
		t.Errorf("explain A: %+v, %v", e, err)
	}
	if _, err := Explain(ctx, p, sol, "Z", false, Options{}); err == nil {
		t.Error("no error for an unknown item")
	}
}

func TestFrontier(t *testing.T) {
	in := readTestdata(t)[0]
	p := mknapProblem(in)
	levels := FrontierLevels(0.5, 1.5, 5)
	pts, err := Frontier(context.Background(), p, levels, Options{NodeLimit: 4000})
	if err != nil {
		t.Fatal(err)
	}
	for k, pt := range pts {
		if pt.Level != levels[k] || pt.Bound < pt.Value || pt.Status == NoSolution {
			t.Errorf("point %d: %+v", k, pt)
		}
		if k > 0 && pt.Value < pts[k-1].Value {
			t.Errorf("value falls from %g to %g as the budget grows", pts[k-1].Value, pt.Value)
		}
		q := *p
		q.Budget = make([]float64, len(p.Budget))
		for i, b := range p.Budget {
			q.Budget[i] = b * pt.Level
		}
		if err := check(&q, pt.Selected); err != nil {
			t.Errorf("point %d: %v", k, err)
		}
	}
	if _, err := Frontier(context.Background(), &Problem{Periods: 1}, levels, Options{}); err == nil {
		t.Error("no error without a budget")
	}
}

func TestEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     *Problem
		value float64
	}{
		{"no items", &Problem{Periods: 2, Budget: []float64{1, 1}}, 0},
		{"no constraints", &Problem{Periods: 1, Items: []Item{{ID: "A", Value: 2}, {ID: "B", Value: 3.5}}}, 5.5},
		{"zero value", &Problem{Periods: 1, Budget: []float64{1}, Items: []Item{{ID: "A", Cost: []float64{1}}}}, 0},
		{"large non-integer values", &Problem{Periods: 1, Budget: []float64{10}, Items: []Item{
			{ID: "A", Value: 1.5e9 + 0.25, Cost: []float64{6}},
			{ID: "B", Value: 1e9, Cost: []float64{5}},
			{ID: "C", Value: 1e9 + 0.5, Cost: []float64{5}}}}, 2e9 + 0.5},
		{"cost after horizon", &Problem{Periods: 2, Budget: []float64{5, 5}, Items: []Item{
			{ID: "A", Value: 1, Cost: []float64{5, 5, 100}, EarliestStart: 0, LatestStart: 1}}}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sol, err := Solve(context.Background(), tc.p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if sol.Status != Optimal || sol.Value != tc.value {
				t.Errorf("status %v value %v, want optimal %v", sol.Status, sol.Value, tc.value)
			}
			if err := check(tc.p, sol.Selected); err != nil {
				t.Error(err)
			}
		})
	}
}
