package optimize

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

// largePortfolio is a PMO-sized problem: items proposals (200 in the
// benchmark) over periods periods (24) with five roles, start windows of up
// to four periods and some links.
func largePortfolio(seed uint64, items, periods int) *Problem {
	rng := rand.New(rand.NewPCG(seed, 1))
	p := &Problem{Periods: periods, Budget: make([]float64, periods)}
	for t := range p.Budget {
		p.Budget[t] = 1000
	}
	for k := range 5 {
		c := make([]float64, periods)
		for t := range c {
			c[t] = 10
		}
		p.Roles = append(p.Roles, Role{Name: fmt.Sprintf("role%d", k), Capacity: c})
	}
	for i := range items {
		dur := 3 + rng.IntN(9)
		it := Item{ID: fmt.Sprintf("P%03d", i), Value: float64(10 + rng.IntN(90)), Cost: make([]float64, dur),
			Demand: map[string][]float64{}}
		for k := range it.Cost {
			it.Cost[k] = float64(20 + rng.IntN(80))
		}
		for k := range 5 {
			if rng.IntN(3) == 0 {
				d := make([]float64, dur)
				for q := range d {
					d[q] = float64(1 + rng.IntN(3))
				}
				it.Demand[fmt.Sprintf("role%d", k)] = d
			}
		}
		it.EarliestStart = rng.IntN(max(1, periods-4))
		it.LatestStart = it.EarliestStart + rng.IntN(4)
		if i > 0 && rng.IntN(10) == 0 {
			it.Requires = []string{fmt.Sprintf("P%03d", rng.IntN(i))}
		}
		if i > 0 && rng.IntN(15) == 0 {
			it.Excludes = []string{fmt.Sprintf("P%03d", rng.IntN(i))}
		}
		if rng.IntN(40) == 0 {
			it.Mandatory = true
		}
		p.Items = append(p.Items, it)
	}
	return p
}

// TestLargePortfolio solves a PMO-sized problem under a time limit
// (PMO_LARGE_TIME, default 2s) and checks the answer is feasible.
func TestLargePortfolio(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("slow")
	}
	p := largePortfolio(1, 200, 24)
	limit := 2 * time.Second
	if d, err := time.ParseDuration(os.Getenv("PMO_LARGE_TIME")); err == nil {
		limit = d
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	sol, err := Solve(ctx, p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := check(p, sol.Selected); err != nil {
		t.Fatal(err)
	}
	t.Logf("%v value %g bound %g root %g gap %.4f nodes %d iters %d", sol.Status, sol.Value, sol.Bound, sol.RootBound, sol.Gap, sol.Nodes, sol.LPIters)
}
