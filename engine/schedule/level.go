package schedule

import (
	"math/rand/v2"
	"slices"
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
	// Stop, when set, is polled between generations; returning true ends
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
// priority-rule schedules (regret-based biased random sampling on LFT, LST,
// MTS and GRPW; serial and parallel schemes), improves every schedule by
// forward-backward improvement, and evolves activity lists with a genetic
// algorithm (two-point crossover, precedence-preserving mutation, ranking
// selection without duplicates) until the budget is spent. Each child is
// decoded with the serial scheme and justified; its list becomes the order
// of the justified schedule.
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

// indiv is a member of the population: an activity list and its schedule.
type indiv struct {
	list  []int32
	start []int32
	ms    int32
	hash  uint64
}

type ga struct {
	in     *inst
	w      *sgs
	rng    *rand.Rand
	budget int
	stop   func() bool
	pop    []*indiv
	best   *indiv
	taken  []bool
	cost   int // schedules per evaluation
}

func newGA(in *inst, rng *rand.Rand, budget int, stop func() bool) *ga {
	cost := 3
	if twoPass {
		cost = 2
	}
	return &ga{in: in, w: newSGS(in), rng: rng, budget: budget, stop: stop, taken: make([]bool, in.n), cost: cost}
}

func (g *ga) newIndiv() *indiv {
	return &indiv{list: make([]int32, g.in.n), start: make([]int32, g.in.n)}
}

// evaluate decodes x.list with the serial scheme and justifies it.
func (g *ga) evaluate(x *indiv) {
	if twoPass {
		x.ms = g.w.backForth(x.list, x.start)
	} else {
		g.w.serial(&g.in.fwd, x.list, x.start)
		x.ms = g.w.justify(x.list, x.start)
	}
	// FNV-1a over start times: equal schedules hash equal.
	h := uint64(14695981039346656037)
	for _, s := range x.start {
		h = (h ^ uint64(s)) * 1099511628211
	}
	x.hash = h
	if g.best == nil || x.ms < g.best.ms {
		g.best = x
	}
}

// evaluateParallel builds x from the parallel scheme with priorities prio.
func (g *ga) evaluateParallel(x *indiv, prio []int32) {
	g.w.parallel(prio, x.start)
	// The list is the order of start times, which the serial scheme maps
	// back to the same (non-delay) schedule or a better one.
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

// fixList makes a list sorted by start time precedence-feasible when
// zero-duration activities tie with their successors.
func (g *ga) fixList(list []int32) {
	pos := g.w.left
	for i, j := range list {
		pos[j] = int32(i)
	}
	for i := 0; i < len(list); i++ {
		j := list[i]
		for _, p := range g.in.fwd.of(j) {
			if pos[p] > int32(i) {
				// Move p just before j.
				k := pos[p]
				copy(list[i+1:k+1], list[i:k])
				list[i] = p
				for m := int32(i); m <= k; m++ {
					pos[list[m]] = m
				}
				i-- // recheck the predecessor we moved in
				break
			}
		}
	}
}

func (g *ga) spent() bool {
	return g.w.count+g.cost > g.budget || (g.stop != nil && g.stop())
}

func (g *ga) run() *indiv {
	in := g.in
	size := min(max(g.budget/popDiv, 10), 400)
	if in.n <= 2 {
		size = 1
	}
	rules := []PriorityRule{RuleLFT, RuleLST, RuleMTS, RuleGRPW}
	prios := make([][]int32, len(rules))
	for i, r := range rules {
		prios[i] = in.priorities(r)
	}
	// Start from each rule, deterministic, serial and parallel; then sample.
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
		g.pop = append(g.pop, x)
	}
	g.select_(len(g.pop))
	for !g.spent() && len(g.pop) > 1 && g.best.ms > in.cp {
		n := len(g.pop)
		children := make([]*indiv, 0, n)
		for len(children) < n && !g.spent() {
			a := g.tournament()
			if float64(g.w.count) > focus*float64(g.budget) && g.rng.IntN(2) == 0 {
				a = g.pop[0] // late in the search, work around the best
			}
			b := g.tournament()
			for b == a {
				b = g.pop[g.rng.IntN(n)]
			}
			c := g.newIndiv()
			g.crossover(a.list, b.list, c.list)
			g.mutate(c.list)
			g.evaluate(c)
			children = append(children, c)
		}
		g.pop = append(g.pop, children...)
		g.select_(n)
	}
	return g.best
}

// tournament picks the better of two random members (the population is
// sorted by makespan, so the lower index).
func (g *ga) tournament() *indiv {
	n := len(g.pop)
	a, b := g.rng.IntN(n), g.rng.IntN(n)
	if !tourn {
		return g.pop[a]
	}
	return g.pop[min(a, b)]
}

var (
	popDiv   = 100
	tourn    = true
	mutShift = true
	twoPass  = false
	focus    = 2.0
)

// select_ keeps the best size individuals, dropping duplicate schedules.
func (g *ga) select_(size int) {
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
	out = append(out, dups...) // only if too few distinct ones
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

// mutate moves activities, each with probability 5%, to a random position
// between its last predecessor and its first successor in the list.
func (g *ga) mutate(list []int32) {
	if !mutShift {
		g.mutateSwap(list)
		return
	}
	pos := g.w.left
	for i, j := range list {
		pos[j] = int32(i)
	}
	for i := 0; i < len(list); i++ {
		if g.rng.IntN(20) != 0 {
			continue
		}
		j := list[i]
		lo, hi := int32(0), int32(len(list)-1)
		for _, p := range g.in.fwd.of(j) {
			lo = max(lo, pos[p]+1)
		}
		for _, s := range g.in.bwd.of(j) {
			hi = min(hi, pos[s]-1)
		}
		to := lo + g.rng.Int32N(hi-lo+1)
		from := int32(i)
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

// mutateSwap swaps neighbours that are not linked, each with probability 5%.
func (g *ga) mutateSwap(list []int32) {
	for i := 0; i+1 < len(list); i++ {
		if g.rng.IntN(20) != 0 {
			continue
		}
		if !slices.Contains(g.in.fwd.of(list[i+1]), list[i]) {
			list[i], list[i+1] = list[i+1], list[i]
		}
	}
}
