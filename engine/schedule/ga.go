package schedule

import (
	"math/rand/v2"
	"slices"
)

// Tuned on PSPLIB j30 and j120 at 5,000 schedules (docs/PERFORMANCE.md, "Scheduler").
const (
	focusAfter = 0.6 // share of the budget after which half the children descend from the best
	mutateOdds = 20  // each activity of a child moves with probability 1/mutateOdds
	popPerAct  = 1.6 // population = budget / (popPerAct × activities), within [10, 400]
	bpPerAct   = 0.5 // the same for the bi-population scheme (bipop.go)
	bpFrom     = 100 // schedules per activity from which one schedule per child pays
	retryEvery = 50  // after this many repeated lists, decode one anyway
)

// indiv is a member of the population: an activity list and its schedule.
type indiv struct {
	list  []int32
	start []int32
	ms    int32
	hash  uint64  // of the start times
	right bool    // right-justified: decoded backwards (bipop.go)
	back  []int32 // activities by decreasing finish, once needed (bipop.go)
}

// ga is one population of the genetic algorithm.
type ga struct {
	in      *inst
	w       *sgs
	rng     *rand.Rand
	budget  int
	stop    func() bool
	pop     []*indiv // sorted by makespan after survive
	best    *indiv
	taken   []bool
	lists   map[uint64]bool // hashes of the lists decoded so far
	repeats int
	bipop   bool // one schedule per child (bipop.go)
}

func newGA(in *inst, rng *rand.Rand, budget int, stop func() bool) *ga {
	return &ga{in: in, w: newSGS(in), rng: rng, budget: budget, stop: stop,
		taken: make([]bool, in.n), lists: make(map[uint64]bool)}
}

func (g *ga) newIndiv() *indiv {
	return &indiv{list: make([]int32, g.in.n), start: make([]int32, g.in.n)}
}

// spent reports whether another evaluation (three schedules) would exceed
// the budget, or the caller asked to stop.
func (g *ga) spent() bool {
	return g.w.count+3 > g.budget || (g.stop != nil && g.stop())
}

// evaluate decodes x.list with the serial scheme and justifies it.
func (g *ga) evaluate(x *indiv) {
	g.w.serial(&g.in.fwd, g.in.rel, g.in.base, x.list, x.start)
	x.ms = g.w.justify(x.list, x.start)
	h := uint64(14695981039346656037) // FNV-1a
	for _, s := range x.start {
		h = (h ^ uint64(s)) * 1099511628211
	}
	x.hash = h
	if g.best == nil || x.ms < g.best.ms {
		g.best = x
	}
}

// evaluateParallel builds x from the parallel scheme with priorities prio,
// then evaluates the list of its start order.
func (g *ga) evaluateParallel(x *indiv, prio []int32) {
	g.w.parallel(prio, x.start)
	for j := range x.list {
		x.list[j] = int32(j)
	}
	slices.SortStableFunc(x.list, func(a, b int32) int {
		if x.start[a] != x.start[b] {
			return int(x.start[a] - x.start[b])
		}
		return int(g.in.es[a] - g.in.es[b])
	})
	g.fixList(x.list)
	g.evaluate(x)
}

// fixList makes a list sorted by start time precedence-feasible where
// zero-duration activities tie with their successors.
func (g *ga) fixList(list []int32) {
	pos := g.w.left
	for i, j := range list {
		pos[j] = int32(i)
	}
	for i := 0; i < len(list); i++ {
		for _, p := range g.in.fwd.of(list[i]) {
			if k := pos[p]; k > int32(i) {
				copy(list[i+1:k+1], list[i:k])
				list[i] = p
				for m := int32(i); m <= k; m++ {
					pos[list[m]] = m
				}
				i-- // recheck the predecessor moved in
				break
			}
		}
	}
}

// seen reports whether list was decoded before, and records it. Decoding is
// deterministic, so a repeat would only spend budget on a known schedule;
// every retryEvery-th repeat passes so that a converged population cannot
// stall the search.
func (g *ga) seen(list []int32) bool {
	h := uint64(14695981039346656037)
	for _, j := range list {
		h = (h ^ uint64(j)) * 1099511628211
	}
	if g.lists[h] {
		g.repeats++
		return g.repeats%retryEvery != 0
	}
	g.lists[h] = true
	return false
}

func (g *ga) run() *indiv {
	g.init()
	for g.active() {
		g.generation()
	}
	return g.best
}

// init builds the first population: each rule with the serial and the
// parallel scheme, then biased random samples.
func (g *ga) init() {
	in := g.in
	per := popPerAct
	if g.bipop {
		per = bpPerAct
	}
	size := min(max(int(float64(g.budget)/(per*float64(max(in.n, 1)))), 10), 400)
	rules := []PriorityRule{RuleLFT, RuleLST, RuleMTS, RuleGRPW}
	prios := make([][]int32, len(rules))
	for i, r := range rules {
		prios[i] = in.priorities(r)
	}
	for i := 0; len(g.pop) < size && (len(g.pop) == 0 || !g.spent()); i++ {
		x := g.newIndiv()
		switch {
		case i < len(rules):
			g.w.sampleList(prios[i], nil, x.list)
			g.evaluate(x)
		case i < 2*len(rules):
			g.evaluateParallel(x, prios[i-len(rules)])
		default:
			g.w.sampleList(prios[i%len(rules)], g.rng, x.list)
			g.evaluate(x)
		}
		g.seen(x.list)
		g.pop = append(g.pop, x)
	}
	g.survive(len(g.pop))
}

// active reports whether the search goes on: budget left, a population to
// breed and no proof of optimality (the critical-path bound reached).
func (g *ga) active() bool {
	return !g.spent() && len(g.pop) > 1 && g.best.ms > g.in.cp
}

// generation breeds as many children as the population holds and keeps
// the best.
func (g *ga) generation() {
	if g.bipop {
		g.generationBP()
		return
	}
	n := len(g.pop)
	children := make([]*indiv, 0, n)
	for len(children) < n && !g.spent() {
		a := g.tournament()
		if float64(g.w.count) > focusAfter*float64(g.budget) && g.rng.IntN(2) == 0 {
			a = g.pop[0]
		}
		b := g.tournament()
		for b == a {
			b = g.pop[g.rng.IntN(n)]
		}
		c := g.newIndiv()
		g.crossover(a.list, b.list, c.list)
		g.mutate(c.list)
		if g.seen(c.list) {
			continue
		}
		g.evaluate(c)
		children = append(children, c)
	}
	g.pop = append(g.pop, children...)
	g.survive(n)
}

// receive adds a migrant from another population (individuals are never
// changed once evaluated, so populations may share them).
func (g *ga) receive(x *indiv) {
	n := len(g.pop)
	g.pop = append(g.pop, x)
	g.survive(n)
	if x.ms < g.best.ms {
		g.best = x
	}
}

// tournament picks the better of two random members (the population is
// sorted by makespan, so the lower index).
func (g *ga) tournament() *indiv {
	n := len(g.pop)
	return g.pop[min(g.rng.IntN(n), g.rng.IntN(n))]
}

// survive keeps the best size members, preferring distinct schedules.
func (g *ga) survive(size int) {
	slices.SortStableFunc(g.pop, func(a, b *indiv) int { return int(a.ms - b.ms) })
	out := g.pop[:0]
	seen := make(map[uint64]bool, len(g.pop))
	var dups []*indiv
	for _, x := range g.pop {
		if seen[x.hash] {
			dups = append(dups, x)
			continue
		}
		seen[x.hash] = true
		out = append(out, x)
	}
	out = append(out, dups...) // used only when too few are distinct
	g.pop = out[:min(size, len(out))]
}

// crossover is the two-point crossover of Hartmann (1998): the child takes
// the mother's list up to q1, then the father's order for the next
// activities up to q2, then the mother's order for the rest. The child is
// precedence-feasible when both parents are.
func (g *ga) crossover(mother, father, child []int32) {
	n := len(mother)
	q1, q2 := g.rng.IntN(n+1), g.rng.IntN(n+1)
	if q1 > q2 {
		q1, q2 = q2, q1
	}
	taken := g.taken
	clear(taken)
	k := 0
	for _, j := range mother[:q1] {
		child[k], taken[j] = j, true
		k++
	}
	for _, j := range father {
		if k >= q2 {
			break
		}
		if !taken[j] {
			child[k], taken[j] = j, true
			k++
		}
	}
	for _, j := range mother {
		if !taken[j] {
			child[k], taken[j] = j, true
			k++
		}
	}
}

// mutate moves activities, each with probability 1/mutateOdds, to a random
// position between their last predecessor and first successor in the list.
func (g *ga) mutate(list []int32) { g.mutateDir(list, &g.in.fwd, &g.in.bwd) }

// mutateDir is mutate for a list feasible in the direction whose
// predecessors are pred and successors succ.
func (g *ga) mutateDir(list []int32, pred, succ *csr) {
	pos := g.w.left
	for i, j := range list {
		pos[j] = int32(i)
	}
	for i := 0; i < len(list); i++ {
		if g.rng.IntN(mutateOdds) != 0 {
			continue
		}
		j := list[i]
		lo, hi := int32(0), int32(len(list)-1)
		for _, p := range pred.of(j) {
			lo = max(lo, pos[p]+1)
		}
		for _, s := range succ.of(j) {
			hi = min(hi, pos[s]-1)
		}
		to, from := lo+g.rng.Int32N(hi-lo+1), int32(i)
		if to < from {
			copy(list[to+1:from+1], list[to:from])
		} else {
			copy(list[from:to], list[from+1:to+1])
		}
		list[to] = j
		for k := min(from, to); k <= max(from, to); k++ {
			pos[list[k]] = k
		}
	}
}
