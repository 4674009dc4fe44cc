package schedule

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// smallProblem: source 0, sink 5; activities 1..4 each need 1 of a resource
// with capacity 2 (durations 3, 2, 2, 3); 1 precedes 3. Without resources
// the critical path is 1->3: 5. With them, at most two run at once; total
// work 10 over capacity 2 gives 5, reached by {1,2} then {3,4} only if 2
// and 4 fit: 1 (0..3), 2 (0..2), 4 (2..5), 3 (3..5). Optimum 5.
func smallProblem() *Problem {
	return &Problem{
		Durations: []int{0, 3, 2, 2, 3, 0},
		Succ:      [][]int{{1, 2, 4}, {3}, {5}, {5}, {5}, {}},
		Demand:    [][]int{{0}, {1}, {1}, {1}, {1}, {0}},
		Capacity:  []int{2},
	}
}

func TestLevelSmall(t *testing.T) {
	p := smallProblem()
	sol, err := Level(p, LevelOptions{Schedules: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := p.Check(sol.Start)
	if err != nil {
		t.Fatal(err)
	}
	if ms != 5 || sol.Makespan != 5 {
		t.Errorf("makespan %d (reported %d), want 5", ms, sol.Makespan)
	}
	if lb, _ := p.CriticalPathBound(); lb != 5 {
		t.Errorf("critical path bound %d, want 5", lb)
	}
}

func TestHeuristicRules(t *testing.T) {
	for _, parallel := range []bool{false, true} {
		for r := RuleLFT; r <= RuleSPT; r++ {
			for seed := uint64(0); seed < 20; seed++ {
				p := randomProblem(seed, 30, 3)
				if seed%2 == 1 {
					calendarize(p, seed)
				}
				start, ms, err := Heuristic(p, r, parallel)
				if err != nil {
					t.Fatal(err)
				}
				got, err := p.Check(start)
				if err != nil || got != ms {
					t.Fatalf("%v parallel=%v seed %d: makespan %d, check %d, %v", r, parallel, seed, ms, got, err)
				}
			}
		}
	}
}

func TestCheck(t *testing.T) {
	p := smallProblem()
	tests := []struct {
		name  string
		start []int
		ok    bool
	}{
		{"optimal", []int{0, 0, 0, 3, 2, 5}, true},
		{"precedence", []int{0, 0, 0, 2, 3, 5}, false},
		{"capacity", []int{0, 0, 0, 3, 0, 5}, false},
		{"negative", []int{-1, 0, 0, 3, 2, 5}, false},
		{"short", []int{0}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Check(tt.start)
			if (err == nil) != tt.ok {
				t.Errorf("Check = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestLevelBadProblem(t *testing.T) {
	over := smallProblem()
	over.Demand[2] = []int{3}
	cyc := smallProblem()
	cyc.Succ[3] = []int{1}
	bad := smallProblem()
	bad.Succ[1] = []int{9}
	short := smallProblem()
	short.Demand = short.Demand[:2]
	for name, p := range map[string]*Problem{"over capacity": over, "cycle": cyc, "bad successor": bad, "short demand": short} {
		t.Run(name, func(t *testing.T) {
			if _, err := Level(p, LevelOptions{Schedules: 10}); err == nil {
				t.Error("Level succeeded, want an error")
			}
		})
	}
	var ce *CycleError
	if _, err := Level(cyc, LevelOptions{}); !errors.As(err, &ce) {
		t.Errorf("cycle: err = %v, want a CycleError", err)
	}
}

func TestLevelDeterministic(t *testing.T) {
	p := randomProblem(42, 60, 4)
	for _, workers := range []int{1, 2} {
		opt := LevelOptions{Schedules: 600, Seed: 9, Workers: workers}
		a, err := Level(p, opt)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Level(p, opt)
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("workers %d: two runs differ (-first +second):\n%s", workers, diff)
		}
		if a.Schedules > opt.Schedules {
			t.Errorf("workers %d: %d schedules, budget %d", workers, a.Schedules, opt.Schedules)
		}
	}
}

func TestLevelStop(t *testing.T) {
	p := randomProblem(3, 40, 2)
	calls := 0
	sol, err := Level(p, LevelOptions{Schedules: 1 << 30, Stop: func() bool { calls++; return calls > 5 }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Check(sol.Start); err != nil {
		t.Fatal(err)
	}
}

// randomProblem builds a random RCPSP with a source 0 and a sink n+1.
func randomProblem(seed uint64, n, nr int) *Problem {
	rng := rand.New(rand.NewPCG(seed, 11))
	p := &Problem{Durations: make([]int, n+2), Succ: make([][]int, n+2), Demand: make([][]int, n+2), Capacity: make([]int, nr)}
	for k := range p.Capacity {
		p.Capacity[k] = 1 + rng.IntN(10)
	}
	hasPred := make([]bool, n+2)
	for j := 1; j <= n; j++ {
		p.Durations[j] = rng.IntN(11)
		p.Demand[j] = make([]int, nr)
		for k := range p.Demand[j] {
			if rng.IntN(2) == 0 {
				p.Demand[j][k] = rng.IntN(p.Capacity[k] + 1)
			}
		}
		for s := j + 1; s <= n; s++ {
			if rng.IntN(n) < 3 {
				p.Succ[j] = append(p.Succ[j], s)
				hasPred[s] = true
			}
		}
		if len(p.Succ[j]) == 0 {
			p.Succ[j] = []int{n + 1}
		}
	}
	p.Demand[0], p.Demand[n+1] = make([]int, nr), make([]int, nr)
	for j := 1; j <= n; j++ {
		if !hasPred[j] {
			p.Succ[0] = append(p.Succ[0], j)
		}
	}
	return p
}

// calendarize gives p random releases, capacity profiles with dips and
// lags on a third of the links.
func calendarize(p *Problem, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 12))
	p.Lag = make([][]int, len(p.Succ))
	for j, ss := range p.Succ {
		if rng.IntN(3) == 0 {
			continue // a nil list: no lags
		}
		p.Lag[j] = make([]int, len(ss))
		for i := range ss {
			if rng.IntN(3) == 0 {
				p.Lag[j][i] = rng.IntN(6)
			}
		}
	}
	p.Release = make([]int, len(p.Durations))
	for j := range p.Release {
		if rng.IntN(4) == 0 {
			p.Release[j] = rng.IntN(30)
		}
	}
	p.Profile = make([][]int, len(p.Capacity))
	for k := range p.Profile {
		p.Profile[k] = make([]int, rng.IntN(60))
		for t := range p.Profile[k] {
			p.Profile[k][t] = p.Capacity[k]
			if rng.IntN(5) == 0 {
				p.Profile[k][t] = rng.IntN(p.Capacity[k] + 1)
			}
		}
	}
}

func TestLevelCalendar(t *testing.T) {
	// smallProblem with the resource down to 1 unit in periods 0..2 and
	// activity 4 released at period 1. The engine must find a valid
	// schedule no shorter than the resource bound, and the checker must
	// reject the old optimum.
	p := smallProblem()
	p.Profile = [][]int{{1, 1, 1}}
	p.Release = []int{0, 0, 0, 0, 1, 0}
	sol, err := Level(p, LevelOptions{Schedules: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := p.Check(sol.Start)
	if err != nil || ms != sol.Makespan {
		t.Fatalf("makespan %d, check %d, %v", sol.Makespan, ms, err)
	}
	// Three units of work fit in periods 0..2, seven remain for capacity 2.
	if ms < 7 {
		t.Errorf("makespan %d below the resource bound 7", ms)
	}
	for _, parallel := range []bool{false, true} {
		start, hm, err := Heuristic(p, RuleLFT, parallel)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := p.Check(start); err != nil || got != hm {
			t.Errorf("parallel=%v: makespan %d, check %d, %v", parallel, hm, got, err)
		}
	}
	if _, err := p.Check([]int{0, 0, 0, 3, 2, 5}); err == nil {
		t.Error("Check accepted a schedule over the reduced capacity")
	}
}

func TestLevelLag(t *testing.T) {
	// smallProblem with 2 days between 1 and 3: the critical path becomes
	// 1 (3) + 2 + 3 (2) = 7, and 7 is reachable: 2 and 4 fit beside 1 and 3.
	p := smallProblem()
	p.Lag = [][]int{nil, {2}, nil, nil, nil, nil}
	if lb, err := p.CriticalPathBound(); err != nil || lb != 7 {
		t.Fatalf("bound %d, %v; want 7", lb, err)
	}
	sol, err := Level(p, LevelOptions{Schedules: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if ms, err := p.Check(sol.Start); err != nil || ms != 7 {
		t.Errorf("makespan %d, %v; want 7", ms, err)
	}
	if _, err := p.Check([]int{0, 0, 0, 3, 2, 5}); err == nil {
		t.Error("Check ignored the lag")
	}
	p.Lag[1][0] = -1
	if _, err := Level(p, LevelOptions{}); err == nil {
		t.Error("a negative lag was accepted")
	}
}

// FuzzLevelValid checks that levelled schedules respect precedence,
// releases and capacity, never beat the critical path, and repeat for a
// given seed.
func FuzzLevelValid(f *testing.F) {
	f.Add(uint64(1), uint8(10), uint8(2), uint16(50), false)
	f.Add(uint64(2), uint8(40), uint8(4), uint16(300), false)
	f.Add(uint64(3), uint8(30), uint8(3), uint16(200), true)
	f.Fuzz(func(t *testing.T, seed uint64, n, nr uint8, budget uint16, cal bool) {
		p := randomProblem(seed, int(n%80), 1+int(nr%5))
		if cal {
			calendarize(p, seed)
		}
		opt := LevelOptions{Schedules: int(budget % 400), Seed: seed}
		sol, err := Level(p, opt)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := p.Check(sol.Start)
		if err != nil || ms != sol.Makespan {
			t.Fatalf("makespan %d, check %d, %v", sol.Makespan, ms, err)
		}
		if lb, _ := p.CriticalPathBound(); ms < lb {
			t.Fatalf("makespan %d below the critical path %d", ms, lb)
		}
		again, _ := Level(p, opt)
		if again.Makespan != sol.Makespan {
			t.Fatalf("not deterministic: %d then %d", sol.Makespan, again.Makespan)
		}
	})
}

func BenchmarkLevelJ30Like(b *testing.B) {
	p := randomProblem(5, 30, 4)
	for b.Loop() {
		if _, err := Level(p, LevelOptions{Schedules: 5000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLevelTiny(t *testing.T) {
	for name, p := range map[string]*Problem{
		"empty": {},
		"one":   {Durations: []int{4}, Succ: [][]int{nil}, Demand: [][]int{{}}},
		"two":   {Durations: []int{4, 2}, Succ: [][]int{{1}, nil}, Demand: [][]int{{1}, {1}}, Capacity: []int{1}},
	} {
		t.Run(name, func(t *testing.T) {
			sol, err := Level(p, LevelOptions{Schedules: 50, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			if ms, err := p.Check(sol.Start); err != nil || ms != sol.Makespan {
				t.Errorf("makespan %d, check %d, %v", sol.Makespan, ms, err)
			}
		})
	}
}

// TestLevelBiPopulation runs the one-schedule-per-child scheme (many
// schedules per activity) on random projects, with zero durations, for odd
// seeds lags, and tiny ones: schedules must be valid, within budget and repeat.
func TestLevelBiPopulation(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		p := randomProblem(seed, 20, 3)
		if seed > 6 {
			p = randomProblem(seed, int(seed-7), 2) // tiny: 2 to 5 activities
		}
		if seed%2 == 1 {
			rng := rand.New(rand.NewPCG(seed, 5))
			p.Lag = make([][]int, len(p.Succ))
			for j, ss := range p.Succ {
				for range ss {
					p.Lag[j] = append(p.Lag[j], rng.IntN(4))
				}
			}
		}
		opt := LevelOptions{Schedules: 3000, Seed: seed}
		in, err := compile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !in.bipopFor(opt.Schedules) {
			t.Fatalf("seed %d: %d schedules for %d activities should use the bi-population scheme", seed, opt.Schedules, in.n)
		}
		sol, err := Level(p, opt)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := p.Check(sol.Start)
		if err != nil || ms != sol.Makespan {
			t.Fatalf("seed %d: makespan %d, check %d, %v", seed, sol.Makespan, ms, err)
		}
		if sol.Schedules > opt.Schedules {
			t.Errorf("seed %d: %d schedules, budget %d", seed, sol.Schedules, opt.Schedules)
		}
		again, _ := Level(p, opt)
		if diff := cmp.Diff(sol, again); diff != "" {
			t.Errorf("seed %d: two runs differ (-first +second):\n%s", seed, diff)
		}
	}
}
