package optimize

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// randomProblem makes a small problem using every kind of constraint.
// Dependencies point to lower-numbered items, so there are no cycles.
func randomProblem(rng *rand.Rand, nItems int) *Problem {
	p := &Problem{Periods: 1 + rng.IntN(4)}
	p.Budget = make([]float64, p.Periods)
	for t := range p.Budget {
		p.Budget[t] = float64(5 + rng.IntN(20))
	}
	roles := []string{"dev", "ops"}[:rng.IntN(3)]
	for _, r := range roles {
		c := make([]float64, p.Periods)
		for t := range c {
			c[t] = float64(2 + rng.IntN(6))
		}
		p.Roles = append(p.Roles, Role{Name: r, Capacity: c})
	}
	if rng.IntN(3) == 0 {
		p.Committed.Cost = []float64{float64(rng.IntN(5))}
		if len(roles) > 0 {
			p.Committed.Demand = map[string][]float64{roles[0]: {1}}
		}
	}
	for i := range nItems {
		it := Item{ID: fmt.Sprintf("P%d", i), Value: float64(rng.IntN(30))}
		if rng.IntN(4) == 0 {
			it.Value += 0.5
		}
		dur := 1 + rng.IntN(2)
		it.Cost = make([]float64, dur)
		for k := range it.Cost {
			it.Cost[k] = float64(rng.IntN(9))
		}
		for _, r := range roles {
			if rng.IntN(2) == 0 {
				d := make([]float64, 1+rng.IntN(dur))
				for k := range d {
					d[k] = float64(rng.IntN(4))
				}
				if it.Demand == nil {
					it.Demand = map[string][]float64{}
				}
				it.Demand[r] = d
			}
		}
		if p.Periods > 1 && rng.IntN(3) == 0 {
			it.EarliestStart = rng.IntN(p.Periods)
			it.LatestStart = min(p.Periods-1, it.EarliestStart+rng.IntN(3))
		}
		if i > 0 && rng.IntN(5) == 0 {
			it.Requires = []string{fmt.Sprintf("P%d", rng.IntN(i))}
		}
		if i > 0 && rng.IntN(6) == 0 {
			it.After = []string{fmt.Sprintf("P%d", rng.IntN(i))}
		}
		if i > 0 && rng.IntN(5) == 0 {
			it.Excludes = []string{fmt.Sprintf("P%d", rng.IntN(i))}
		}
		switch rng.IntN(12) {
		case 0:
			it.Mandatory = true
		case 1:
			it.Lock = LockIn
		case 2:
			it.Lock = LockOut
		}
		p.Items = append(p.Items, it)
	}
	return p
}

// check verifies a selection against the problem's rules directly, without
// the compiled programme.
func check(p *Problem, sel []Choice) error {
	start := map[string]int{}
	for _, c := range sel {
		if _, dup := start[c.ID]; dup {
			return fmt.Errorf("%s selected twice", c.ID)
		}
		start[c.ID] = c.Start
	}
	spend := make([]float64, p.Periods)
	use := map[string][]float64{}
	for _, r := range p.Roles {
		use[r.Name] = make([]float64, p.Periods)
	}
	for t, c := range p.Committed.Cost {
		spend[t] += c
	}
	for r, v := range p.Committed.Demand {
		for t, c := range v {
			use[r][t] += c
		}
	}
	dur := map[string]int{}
	for _, it := range p.Items {
		dur[it.ID] = it.duration()
	}
	for _, it := range p.Items {
		s, in := start[it.ID]
		if it.forcedIn() && !in {
			return fmt.Errorf("%s forced in but not selected", it.ID)
		}
		if !in {
			continue
		}
		if it.Lock == LockOut {
			return fmt.Errorf("%s locked out but selected", it.ID)
		}
		if s0, s1 := window(&it); s < s0 || s > s1 {
			return fmt.Errorf("%s starts at %d outside %d..%d", it.ID, s, s0, s1)
		}
		for _, o := range it.Requires {
			if _, ok := start[o]; !ok {
				return fmt.Errorf("%s requires %s", it.ID, o)
			}
		}
		for _, o := range it.After {
			if so, ok := start[o]; !ok || so+dur[o] > s {
				return fmt.Errorf("%s must follow %s", it.ID, o)
			}
		}
		for _, o := range it.Excludes {
			if _, ok := start[o]; ok {
				return fmt.Errorf("%s excludes %s", it.ID, o)
			}
		}
		for k, c := range it.Cost {
			if s+k < p.Periods {
				spend[s+k] += c
			}
		}
		for r, v := range it.Demand {
			for k, c := range v {
				if s+k < p.Periods {
					use[r][s+k] += c
				}
			}
		}
	}
	for t := range spend {
		if p.Budget != nil && spend[t] > p.Budget[t]+1e-9 {
			return fmt.Errorf("budget exceeded in period %d: %g > %g", t, spend[t], p.Budget[t])
		}
	}
	for _, r := range p.Roles {
		for t, c := range r.Capacity {
			if use[r.Name][t] > c+1e-9 {
				return fmt.Errorf("role %s over capacity in period %d", r.Name, t)
			}
		}
	}
	return nil
}

// bruteForce returns the best value over all selections and start periods,
// or -Inf if none is feasible.
func bruteForce(p *Problem) float64 {
	best := math.Inf(-1)
	var sel []Choice
	var rec func(i int, v float64)
	rec = func(i int, v float64) {
		if i == len(p.Items) {
			if v > best && check(p, sel) == nil {
				best = v
			}
			return
		}
		it := &p.Items[i]
		rec(i+1, v)
		s0, s1 := window(it)
		for s := s0; s <= s1; s++ {
			sel = append(sel, Choice{ID: it.ID, Start: s})
			rec(i+1, v+it.Value)
			sel = sel[:len(sel)-1]
		}
	}
	rec(0, 0)
	return best
}

func value(p *Problem, sel []Choice) float64 {
	v := 0.0
	for _, c := range sel {
		i := slices.IndexFunc(p.Items, func(it Item) bool { return it.ID == c.ID })
		v += p.Items[i].Value
	}
	return v
}

// raceEnabled is set when the race detector is on, to trim slow tests.
var raceEnabled bool
