package optimize

import (
	"context"
	"math"
)

// worker runs depth-first dives from the nodes it is handed in a round. It
// has its own LP, incumbent and bounds, so workers share nothing during a
// round; the driver merges their results between rounds in a fixed order.
type worker struct {
	g              *bip
	lp             *lp
	h              *heur
	order          []int32
	rootLo, rootUp []float64
	cur            *node
	incVal         float64
	incX           []int8
	stack, out     []*node
	path           []*node
	nodes          int64
	ids            uint64
	cardRow        int // first of the two cardinality rows, -1 if none
	ps             *pseudo
	st             lpState
	unsafe         bool // an LP gave up: the tree was not fully explored
}

func newWorker(g *bip, idx, cardRow int) *worker {
	return &worker{g: g, lp: newLP(g), h: newHeur(g), incVal: math.Inf(-1), cardRow: cardRow,
		rootLo: append([]float64(nil), g.lo...), rootUp: append([]float64(nil), g.up...),
		ids: uint64(idx+1) << 48, ps: newPseudo(g.n)}
}

// reset applies the root bounds and every decision on nd's path.
func (w *worker) reset(nd *node) {
	l := w.lp
	n := w.g.n
	copy(l.lo[:n], w.rootLo)
	copy(l.up[:n], w.rootUp)
	w.path = w.path[:0]
	for p := nd; p != nil; p = p.parent {
		w.path = append(w.path, p)
	}
	if r := w.cardRow; r >= 0 {
		l.rhs[r], l.rhs[r+1] = w.g.rhs[r], w.g.rhs[r+1]
	}
	for k := len(w.path) - 1; k >= 0; k-- {
		p := w.path[k]
		if p.card > 0 {
			l.rhs[w.cardRow], l.rhs[w.cardRow+1] = float64(p.card-1), -float64(p.card-1)
		}
		if p.v >= 0 {
			l.lo[p.v], l.up[p.v] = float64(p.val), float64(p.val)
		}
		if k > 0 {
			for _, f := range p.fix {
				v := float64(f & 1)
				l.lo[f>>1], l.up[f>>1] = v, v
			}
		}
	}
	l.computeD()
	if !l.placeNonbasic() {
		l.slackBasis()
	}
	l.computeXB()
}

// process solves nd's LP and either prunes it, records an integral
// solution, or pushes its two children onto the stack.
func (w *worker) process(nd *node) {
	w.nodes++
	g, l := w.g, w.lp
	if nd.parent != nil && nd.parent == w.cur && nd.v >= 0 {
		if l.setBounds(int(nd.v), float64(nd.val), float64(nd.val)) {
			l.computeXB()
		}
	} else {
		w.reset(nd)
	}
	w.cur = nd
	cut := g.pruneAt(w.incVal)
	for again := 0; ; again++ {
		st := l.solve(cut, 20*(g.n+g.m)+1000)
		if st == lpIterLimit {
			l.slackBasis()
			w.reset(nd)
			st = l.solve(cut, 100*(g.n+g.m)+1000)
		}
		switch st {
		case lpInfeasible, lpCutoff:
			return
		case lpIterLimit:
			w.unsafe = true
			return
		}
		z := l.value()
		if nd.v >= 0 && again == 0 && nd.pf > 0 {
			w.ps.add(int(nd.v), nd.val, (nd.pz-z)/nd.pf)
		}
		if g.roundBound(z) < cut {
			return
		}
		if !math.IsInf(cut, -1) {
			w.fixByReducedCost(nd, z, cut)
		}
		if w.nodes%roundEvery == 0 {
			w.roundLP()
		}
		c := w.choose(z, cut, nd)
		if c.fixed {
			if c.zDown < cut && c.zUp < cut {
				return
			}
			continue
		}
		if c.j < 0 {
			w.integral()
			return
		}
		b := g.roundBound(z)
		if nd.parent == nil && w.cardRow >= 0 {
			w.branchCardinality(nd, b)
			return
		}
		xj := l.x[c.j]
		w.ids += 2
		down := &node{parent: nd, v: int32(c.j), val: 0, bound: min(b, g.roundBound(c.zDown)), depth: nd.depth + 1, id: w.ids, pz: z, pf: xj}
		up := &node{parent: nd, v: int32(c.j), val: 1, bound: min(b, g.roundBound(c.zUp)), depth: nd.depth + 1, id: w.ids + 1, pz: z, pf: 1 - xj}
		if c.up {
			w.stack = append(w.stack, down, up)
		} else {
			w.stack = append(w.stack, up, down)
		}
		return
	}
}

// branchCardinality splits the root into one subtree per number k of
// selected variables, nearest the LP's Σx first. Each subtree's LP is much
// tighter than the root's; most are pruned by their first LP.
func (w *worker) branchCardinality(root *node, b float64) {
	n := w.g.n
	s := 0.0
	for j := 0; j < n; j++ {
		s += w.lp.x[j]
	}
	lo, hi := int(math.Floor(s)), int(math.Floor(s))+1
	var order []int
	for lo >= 0 || hi <= n {
		if lo >= 0 {
			order = append(order, lo)
			lo--
		}
		if hi <= n {
			order = append(order, hi)
			hi++
		}
	}
	// The stack is popped from the end and the pool prefers low ids: push
	// the farthest first, with the highest id.
	base := w.ids
	w.ids += uint64(len(order))
	for k := len(order) - 1; k >= 0; k-- {
		w.stack = append(w.stack, &node{parent: root, v: -1, bound: b, depth: 1, id: base + uint64(k) + 1, card: int32(order[k] + 1)})
	}
}

// fixByReducedCost fixes nonbasic variables whose move to the other bound
// would lose more than z - cut, for nd's subtree.
func (w *worker) fixByReducedCost(nd *node, z, cut float64) {
	l := w.lp
	for j := 0; j < w.g.n; j++ {
		if l.pos[j] >= 0 || l.lo[j] == l.up[j] {
			continue
		}
		if l.x[j] == l.lo[j] {
			if z-l.d[j] < cut {
				l.up[j] = l.lo[j]
				nd.fix = append(nd.fix, int32(j)<<1|int32(l.lo[j]))
			}
		} else if z+l.d[j] < cut {
			l.lo[j] = l.up[j]
			nd.fix = append(nd.fix, int32(j)<<1|int32(l.up[j]))
		}
	}
}

// roundEvery is how often (in nodes) a worker rounds the node LP into a
// feasible point.
const roundEvery = 2

// roundLP keeps the variables at 1 in the node's LP solution, fills up in
// ratio order and polishes the point by local search; a better feasible
// point becomes the incumbent.
func (w *worker) roundLP() {
	g, h := w.g, w.h
	for j := range h.x {
		h.x[j] = 0
		if w.lp.x[j] > 1-1e-6 {
			h.x[j] = 1
		}
	}
	h.load(h.x)
	if h.violation() > 0 {
		return
	}
	h.fill(w.order)
	if v := g.value(h.x); v > w.incVal {
		h.improve(w.order, h.ops+int64(20*(g.n+g.m)))
		if v = g.value(h.x); v > w.incVal && g.feasible(h.x) {
			w.incVal, w.incX = v, append([]int8(nil), h.x...)
		}
	}
}

// integral records the LP's integral point as incumbent if it is better,
// after a short local search.
func (w *worker) integral() {
	g := w.g
	x := make([]int8, g.n)
	for j := range x {
		if w.lp.x[j] > 0.5 {
			x[j] = 1
		}
	}
	if !g.feasible(x) {
		return
	}
	if v := g.value(x); v > w.incVal {
		w.h.load(x)
		w.h.improve(w.order, w.h.ops+int64(50*(g.n+g.m)))
		if g.feasible(w.h.x) && g.value(w.h.x) > v {
			copy(x, w.h.x)
			v = g.value(x)
		}
		w.incVal, w.incX = v, x
	}
}

// runRound dives from each assigned node until budget nodes are processed;
// open nodes go to w.out.
// Rounds also end after iters dual simplex iterations, so that rounds stay
// short on large programmes whatever the node count, and when ctx ends, so
// that a time limit holds even when a round is slow (on a loaded machine a
// round could otherwise run seconds past it). Without a deadline ctx never
// ends a round and the search stays deterministic.
func (w *worker) runRound(ctx context.Context, assigned []*node, budget, iters int64) {
	w.out = w.out[:0]
	stop, stopIters := w.nodes+budget, w.lp.iters+iters
	more := func() bool { return w.nodes < stop && w.lp.iters < stopIters && ctx.Err() == nil }
	for k, nd := range assigned {
		if !more() {
			w.out = append(w.out, assigned[k:]...)
			break
		}
		w.stack = append(w.stack[:0], nd)
		for len(w.stack) > 0 && more() {
			top := w.stack[len(w.stack)-1]
			w.stack = w.stack[:len(w.stack)-1]
			if top.bound < w.g.pruneAt(w.incVal) {
				continue
			}
			w.process(top)
		}
		w.out = append(w.out, w.stack...)
		w.stack = w.stack[:0]
	}
}
