package schedule

import (
	"math/rand/v2"
	"sync"
)

// LevelOptions bound and seed Level.
type LevelOptions struct {
	// Schedules is the budget: the number of schedules generated, counting
	// every pass of a schedule generation scheme (a forward-backward
	// improvement counts two). 0 means 5,000.
	Schedules int
	// Seed makes the search reproducible: the same problem, seed, budget and
	// workers give the same schedule.
	Seed uint64
	// Workers is the number of independent populations searched in
	// parallel, each with an equal share of the budget; the best result wins
	// (ties to the lowest worker). 0 means 1.
	Workers int
	// Stop, when set, is polled before each evaluation; returning true ends
	// the search early (a time budget; results then depend on timing).
	Stop func() bool
}

// Leveled is the result of Level.
type Leveled struct {
	Start     []int // start period of each activity
	Makespan  int
	Schedules int // schedules generated
}

// Level solves the RCPSP p heuristically. It seeds a population with
// priority-rule schedules (LFT, LST, MTS and GRPW with the serial and the
// parallel scheme, then regret-based biased random sampling), improves every
// schedule by forward-backward improvement, and evolves activity lists with
// a genetic algorithm until the budget is spent: two-point crossover of
// tournament-selected parents (late in the search, often with the best as
// one parent), shift mutation, and survival of the best distinct schedules.
// Each child is decoded with the serial scheme and justified, and its list
// becomes the order of the justified schedule; lists already decoded are
// not decoded again. The search stops early at the critical-path bound.
func Level(p *Problem, opt LevelOptions) (*Leveled, error) {
	in, err := compile(p)
	if err != nil {
		return nil, err
	}
	budget := opt.Schedules
	if budget <= 0 {
		budget = 5000
	}
	workers := max(opt.Workers, 1)
	res := make([]*indiv, workers)
	counts := make([]int, workers)
	var wg sync.WaitGroup
	for i := range workers {
		share := budget / workers
		if i < budget%workers {
			share++
		}
		wg.Go(func() {
			g := newGA(in, rand.New(rand.NewPCG(opt.Seed, uint64(i)+0x9e3779b97f4a7c15)), share, opt.Stop)
			res[i] = g.run()
			counts[i] = g.w.count
		})
	}
	wg.Wait()
	best := res[0]
	total := 0
	for i, r := range res {
		if r.ms < best.ms {
			best = r
		}
		total += counts[i]
	}
	return &Leveled{Start: ints(best.start), Makespan: int(best.ms), Schedules: total}, nil
}
