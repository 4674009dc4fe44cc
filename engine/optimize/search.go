package optimize

import (
	"container/heap"
	"context"
	"math"
	"slices"
	"sync"
)

// node is a subproblem of the branch-and-bound tree: its parent's bounds
// plus one fixed variable. Nodes form a tree through parent pointers, so an
// open node costs a few words whatever its depth.
type node struct {
	parent *node
	fix    []int32 // j<<1|value: fixed by reduced costs once this node's LP was solved
	bound  float64 // parent's bound on any solution in this subtree
	id     uint64  // creation order, for deterministic tie-breaks
	pz     float64 // parent's LP value, for pseudocosts
	pf     float64 // change of the branching variable from the parent's LP value
	v      int32   // branching variable, -1 at the root and for cardinality nodes
	val    int8
	depth  int32
	card   int32 // 1 + the number of selected variables this subtree fixes; 0 if none
}

type searchOptions struct {
	workers    int
	nodeLimit  int64
	roundNodes int64
	seed       uint64
	heurWork   int64  // work units for the root heuristics
	start      []int8 // a known feasible point, or nil
	card       bool   // branch on the number of selected variables at the root
	rins       bool   // search neighbourhoods of the incumbent between rounds
}

type searchResult struct {
	x          []int8 // best point found, nil if none
	value      float64
	bound      float64
	optimal    bool
	infeasible bool // proven: no feasible point exists
	nodes      int64
	lpIters    int64
	rootBound  float64
	rootX      []float64 // LP relaxation at the root, nil if infeasible
	duals      []float64 // row prices at the root
}

// rins searches the neighbourhood where the incumbent and the root LP
// agree (relaxation induced neighbourhood search): variables with the same
// value in both are fixed and a small branch and bound explores the rest.
// It returns a better point or nil, and the nodes it explored.
func rins(ctx context.Context, g *bip, lpX []float64, inc []int8, seed uint64) ([]int8, int64) {
	sub := *g
	sub.lo, sub.up = slices.Clone(g.lo), slices.Clone(g.up)
	free := 0
	for j := range inc {
		if math.Abs(lpX[j]-float64(inc[j])) < 1e-6 {
			sub.lo[j], sub.up[j] = float64(inc[j]), float64(inc[j])
		} else if g.lo[j] < g.up[j] {
			free++
		}
	}
	if free < 4 || free > g.n*3/4 {
		return nil, 0
	}
	// About 3·10⁷ flops of LP work per node budget unit, capped.
	limit := min(rinsNodes, max(50, 30_000_000/int64(g.m*g.m+len(g.cv)+g.n+1)))
	r := search(ctx, &sub, searchOptions{workers: 1, nodeLimit: limit, roundNodes: 1024,
		seed: seed, heurWork: int64(len(g.cv)+g.n) * 50, start: inc})
	if r.x == nil || r.value <= g.value(inc) || !g.feasible(r.x) {
		return nil, r.nodes
	}
	return r.x, r.nodes
}

// rinsNodes bounds each neighbourhood search.
var rinsNodes int64 = 10000

// nodeHeap orders open nodes best bound first, then deepest, then oldest.
type nodeHeap []*node

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(a, b int) bool {
	x, y := h[a], h[b]
	if x.bound != y.bound {
		return x.bound > y.bound
	}
	if x.depth != y.depth {
		return x.depth > y.depth
	}
	return x.id < y.id
}
func (h nodeHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *nodeHeap) Push(x any)   { *h = append(*h, x.(*node)) }
func (h *nodeHeap) Pop() any {
	old := *h
	nd := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return nd
}

// search solves g by branch and bound. Work is split into rounds: the
// driver hands each worker the best open nodes, the workers dive in
// parallel for a fixed number of nodes, and the driver merges incumbents
// (lowest worker index wins ties) and open nodes. Nothing depends on timing
// except how many rounds run before ctx ends, so a node limit gives the same
// answer on every run.
func search(ctx context.Context, g *bip, opt searchOptions) searchResult {
	res := searchResult{value: math.Inf(-1), bound: math.Inf(1)}
	nw := max(1, opt.workers)
	cardRow := -1
	if opt.card && g.n >= 8 {
		g = g.withCardinality()
		cardRow = g.m - 2
	}
	ws := make([]*worker, nw)
	for k := range ws {
		ws[k] = newWorker(g, k, cardRow)
	}
	w0 := ws[0]
	root := &node{v: -1}
	w0.reset(root)
	switch w0.lp.solve(math.Inf(-1), 100*(g.n+g.m)+1000) {
	case lpInfeasible:
		res.infeasible, res.optimal = true, true
		return res
	case lpIterLimit:
		w0.unsafe = true
	}
	l := w0.lp
	z := l.value()
	res.rootBound = g.roundBound(z)
	res.rootX = append([]float64(nil), l.x[:g.n]...)
	res.duals = append([]float64(nil), l.d[g.n:]...)
	rootD := append([]float64(nil), l.d[:g.n]...)
	rootX := append([]float64(nil), l.x[:g.n]...)
	rootBasic := make([]bool, g.n)
	for _, j := range l.head {
		if int(j) < g.n {
			rootBasic[j] = true
		}
	}
	// refix applies reduced-cost fixing from the root LP to every worker's
	// root bounds: with a better incumbent more variables can be fixed.
	refix := func(cut float64) {
		for j := 0; j < g.n; j++ {
			if rootBasic[j] || w0.rootLo[j] == w0.rootUp[j] {
				continue
			}
			lo, up := w0.rootLo[j], w0.rootUp[j]
			if rootX[j] == 0 && z-rootD[j] < cut {
				up = 0
			} else if rootX[j] == 1 && z+rootD[j] < cut {
				lo = 1
			} else {
				continue
			}
			for _, w := range ws {
				w.rootLo[j], w.rootUp[j] = lo, up
			}
		}
	}
	// Root heuristics.
	ratio := ratioOrder(g, res.duals)
	for _, w := range ws {
		w.order = ratio
	}
	inc, incX := math.Inf(-1), []int8(nil)
	offer := func(x []int8) {
		if x != nil && g.feasible(x) {
			if v := g.value(x); v > inc {
				inc, incX = v, append([]int8(nil), x...)
			}
		}
	}
	offer(opt.start)
	h := w0.h
	budget := opt.heurWork
	offer(h.construct(ratio, budget/8))
	offer(h.construct(lpOrder(ratio, res.rootX), budget/8))
	if opt.start != nil && g.feasible(opt.start) {
		h.load(opt.start)
		h.improve(ratio, h.ops+budget/8)
		offer(h.x)
	}
	if incX != nil {
		incX = h.iterated(incX, ratio, opt.seed, budget/2)
		inc = g.value(incX)
	}
	res.lpIters = 0
	// Root node, with reduced-cost fixing against the heuristic incumbent.
	w0.incVal, w0.incX = inc, incX
	w0.cur = nil
	w0.process(root)
	pool := &nodeHeap{}
	for _, nd := range w0.stack {
		heap.Push(pool, nd)
	}
	w0.stack = w0.stack[:0]
	inc, incX = w0.incVal, w0.incX
	unsafe := w0.unsafe
	nodes := w0.nodes
	per := int64(32)
	budgetNodes := max(16, opt.roundNodes)
	// About 3·10⁷ flops per worker and round: a few milliseconds.
	budgetIters := max(50, 30_000_000/int64(g.m*g.m+len(g.cv)+g.n+1))
	var wg sync.WaitGroup
	assign := make([][]*node, nw)
	round := 0
	var rinsFrom []int8
	subNodes := int64(0) // nodes of neighbourhood searches
	for ctx.Err() == nil && (opt.nodeLimit <= 0 || nodes < opt.nodeLimit) {
		cut := g.pruneAt(inc)
		if !w0.unsafe {
			refix(cut)
		}
		for k := range assign {
			assign[k] = assign[k][:0]
		}
		for k := 0; k < nw*int(per) && pool.Len() > 0; {
			nd := heap.Pop(pool).(*node)
			if nd.bound < cut {
				continue
			}
			assign[k%nw] = append(assign[k%nw], nd)
			k++
		}
		if len(assign[0]) == 0 {
			break
		}
		for k, w := range ws {
			w.incVal, w.incX = inc, incX
			if len(assign[k]) == 0 {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.runRound(ctx, assign[k], budgetNodes, budgetIters)
			}()
		}
		wg.Wait()
		nodes = 0
		for _, w := range ws {
			nodes += w.nodes
			unsafe = unsafe || w.unsafe
			if w.incVal > inc {
				inc, incX = w.incVal, w.incX
			}
			for _, nd := range w.out {
				heap.Push(pool, nd)
			}
		}
		round++
		if opt.rins && incX != nil && (round == 1 || round%16 == 0) && !slices.Equal(incX, rinsFrom) {
			rinsFrom = incX
			x, used := rins(ctx, g, res.rootX, incX, opt.seed+uint64(round))
			subNodes += used
			if x != nil {
				inc, incX = g.value(x), x
			}
		}
	}
	cut := g.pruneAt(inc)
	for pool.Len() > 0 && (*pool)[0].bound < cut {
		heap.Pop(pool)
	}
	res.x, res.value, res.nodes = incX, inc, nodes+subNodes
	for _, w := range ws {
		res.lpIters += w.lp.iters
	}
	switch {
	case unsafe:
		res.bound = res.rootBound
	case pool.Len() > 0:
		res.bound = (*pool)[0].bound
	case incX != nil:
		res.bound = inc
	default:
		res.infeasible = true
		res.bound = math.Inf(-1)
	}
	if incX != nil {
		res.bound = max(res.bound, inc)
		res.optimal = pool.Len() == 0 && !unsafe
	} else {
		res.optimal = res.infeasible && !unsafe
	}
	if res.infeasible && unsafe {
		res.infeasible = false
	}
	return res
}
