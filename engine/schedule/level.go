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
	// Workers is the number of populations searched in parallel, each with
	// an equal share of the budget, passing their best to the next after
	// every generation; the best result wins (ties to the lowest worker).
	// 0 means 1. Two workers halve the time on two cores at a small cost in
	// quality (PSPLIB j30 0.055 % instead of 0.022 %, j120 33.25 % instead
	// of 33.04 %). The result is the same for the same seed,
	// budget and workers, whatever the timing.
	Workers int
	// Stop, when set, is polled before each evaluation; returning true ends
	// the search early (a time budget; results then depend on timing). With
	// several Workers it is called from several goroutines.
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
// not decoded again. With at least 100 schedules per activity in the whole
// budget (small projects), constant capacity and no releases, children
// cost one schedule each instead (bi-population scheme, bipop.go). The
// search stops early at the critical-path bound.
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
	gs := make([]*ga, workers)
	for i := range gs {
		share := budget / workers
		if i < budget%workers {
			share++
		}
		gs[i] = newGA(in, rand.New(rand.NewPCG(opt.Seed, uint64(i)+0x9e3779b97f4a7c15)), share, opt.Stop)
		gs[i].bipop = in.bipopFor(budget)
	}
	if workers == 1 {
		gs[0].run()
	} else {
		islands(gs)
	}
	best, total := gs[0].best, 0
	for _, g := range gs {
		if g.best.ms < best.ms {
			best = g.best
		}
		total += g.w.count
	}
	return &Leveled{Start: ints(best.start), Makespan: int(best.ms), Schedules: total}, nil
}

// migrateEvery is the number of generations between migrations; every
// generation keeps the populations closest to one (measured on PSPLIB: the
// best of 1, 2 and 5).
const migrateEvery = 1

// islands runs the populations in parallel, a generation at a time, and
// every few generations passes each one's best to the next (a ring). The
// populations meet only between generations, in a fixed order, so the
// result does not depend on timing.
func islands(gs []*ga) {
	var wg sync.WaitGroup
	for _, g := range gs {
		wg.Go(g.init)
	}
	wg.Wait()
	for gen := 1; ; gen++ {
		// Decide before launching: a running generation changes its island.
		var run []*ga
		for _, g := range gs {
			if g.best.ms <= g.in.cp {
				return // optimal: no island can do better
			}
			if g.active() {
				run = append(run, g)
			}
		}
		if len(run) == 0 {
			return
		}
		for _, g := range run {
			wg.Go(g.generation)
		}
		wg.Wait()
		if gen%migrateEvery == 0 {
			bests := make([]*indiv, len(gs))
			for i, g := range gs {
				bests[i] = g.pop[0]
			}
			for i, b := range bests {
				gs[(i+1)%len(gs)].receive(b)
			}
		}
	}
}
