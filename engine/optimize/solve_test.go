package optimize

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo/internal/orlib"
)

func TestSolveMatchesBruteForce(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	infeasible, checked := 0, 0
	cases := 400
	if raceEnabled {
		cases = 150
	}
	for k := range cases {
		n := 1 + rng.IntN(10)
		if k%50 == 0 {
			n = 14
		}
		p := randomProblem(rng, n)
		if combos(p) > 1<<16 {
			continue
		}
		want := bruteForce(p)
		checked++
		sol, err := Solve(ctx, p, Options{Seed: uint64(k)})
		if err != nil {
			t.Fatalf("case %d: %v", k, err)
		}
		if math.IsInf(want, -1) {
			infeasible++
			if sol.Status != Infeasible || len(sol.Conflicts) == 0 {
				t.Errorf("case %d: status %v with %d conflicts, want infeasible with conflicts", k, sol.Status, len(sol.Conflicts))
			}
			continue
		}
		if sol.Status != Optimal {
			t.Errorf("case %d: status %v, want optimal", k, sol.Status)
		}
		if err := check(p, sol.Selected); err != nil {
			t.Errorf("case %d: infeasible selection: %v", k, err)
		}
		if got := value(p, sol.Selected); math.Abs(got-want) > 1e-9 || math.Abs(sol.Value-want) > 1e-9 {
			t.Errorf("case %d: value %g (reported %g), brute force %g", k, got, sol.Value, want)
		}
	}
	t.Logf("%d cases checked, %d infeasible", checked, infeasible)
	if infeasible == 0 {
		t.Error("no infeasible case was generated; the generator needs more forced items")
	}
}

// combos is the number of selections bruteForce enumerates.
func combos(p *Problem) int {
	c := 1
	for _, it := range p.Items {
		s0, s1 := window(&it)
		c *= 2 + s1 - s0
	}
	return c
}

func readTestdata(tb testing.TB) []orlib.Instance {
	tb.Helper()
	f, err := os.Open("../../internal/orlib/testdata/mknapcb1-first2.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	ins, err := orlib.ReadMKnapCB(f)
	if err != nil {
		tb.Fatal(err)
	}
	return ins
}

// mknapProblem maps an MKP instance onto a Problem: one budget period per
// knapsack constraint.
func mknapProblem(in orlib.Instance) *Problem {
	p := &Problem{Periods: in.M(), Budget: in.Capacity}
	for j, v := range in.Profit {
		it := Item{ID: "x" + itoa(j), Value: v, Cost: make([]float64, in.M())}
		for i := range in.Weight {
			it.Cost[i] = in.Weight[i][j]
		}
		p.Items = append(p.Items, it)
	}
	return p
}

func itoa(j int) string {
	const digits = "0123456789"
	if j < 10 {
		return digits[j : j+1]
	}
	return itoa(j/10) + digits[j%10:j%10+1]
}

func TestORLibKnownOptima(t *testing.T) {
	if testing.Short() {
		t.Skip("solves two 5×100 instances to optimality")
	}
	want := map[string]float64{"5.100-00": 24381, "5.100-01": 24274}
	ins := readTestdata(t)
	if raceEnabled {
		ins = ins[1:] // the race detector makes 5.100-00 slow
	}
	for _, in := range ins {
		sol, err := Solve(context.Background(), mknapProblem(in), Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if sol.Status != Optimal || sol.Value != want[in.Name] {
			t.Errorf("%s: %v value %g, want optimal %g", in.Name, sol.Status, sol.Value, want[in.Name])
		}
		if sol.RootBound < sol.Value {
			t.Errorf("%s: root bound %g below value %g", in.Name, sol.RootBound, sol.Value)
		}
	}
}

func TestDeterministic(t *testing.T) {
	problems := map[string]*Problem{
		"5.100-00":  mknapProblem(readTestdata(t)[0]),
		"portfolio": largePortfolio(2, 40, 8),
	}
	for name, p := range problems {
		t.Run(name, func(t *testing.T) {
			var first *Solution
			for range 3 {
				sol, err := Solve(context.Background(), p, Options{Seed: 7, NodeLimit: 200})
				if err != nil {
					t.Fatal(err)
				}
				if first == nil {
					first = sol
					t.Logf("%v, value %g, bound %g, %d nodes", sol.Status, sol.Value, sol.Bound, sol.Nodes)
					continue
				}
				if diff := cmp.Diff(first, sol); diff != "" {
					t.Fatalf("runs differ (-first +again):\n%s", diff)
				}
			}
		})
	}
}

func TestCancelledReturnsBest(t *testing.T) {
	in := readTestdata(t)[0]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sol, err := Solve(ctx, mknapProblem(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sol.Status != Feasible || sol.Bound < sol.Value || sol.Gap <= 0 {
		t.Errorf("status %v value %g bound %g gap %g; want a feasible answer with a positive gap", sol.Status, sol.Value, sol.Bound, sol.Gap)
	}
	if err := check(mknapProblem(in), sol.Selected); err != nil {
		t.Error(err)
	}
}

func FuzzSolveInvariants(f *testing.F) {
	for _, s := range []uint64{1, 2, 3, 42} {
		f.Add(s, uint8(8))
	}
	f.Fuzz(func(t *testing.T, seed uint64, n uint8) {
		rng := rand.New(rand.NewPCG(seed, 99))
		p := randomProblem(rng, 1+int(n%24))
		sol, err := Solve(context.Background(), p, Options{Seed: seed, NodeLimit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if sol.Status == Infeasible {
			if len(sol.Conflicts) == 0 {
				t.Fatal("infeasible without conflicts")
			}
			return
		}
		if sol.Status == NoSolution {
			return
		}
		if err := check(p, sol.Selected); err != nil {
			t.Fatalf("infeasible selection: %v", err)
		}
		if sol.Bound < sol.Value-1e-9 || sol.Gap < 0 {
			t.Fatalf("bound %g below value %g", sol.Bound, sol.Value)
		}
	})
}
