package optimize

import (
	"math"
	"math/rand/v2"
	"sort"
)

// heur holds a 0-1 point with its row activities and improves it by
// repair, greedy filling and add/swap local search. It never leaves a
// feasible point infeasible.
type heur struct {
	g     *bip
	x     []int8
	act   []float64
	slack []float64 // scratch: row slack after a tentative removal
	limit []float64 // right-hand side plus tolerance
	ops   int64     // work done, to bound effort deterministically
}

func newHeur(g *bip) *heur {
	h := &heur{g: g, x: make([]int8, g.n), act: make([]float64, g.m), slack: make([]float64, g.m), limit: make([]float64, g.m)}
	for i, r := range g.rhs {
		h.limit[i] = r + feasTol(r)
	}
	return h
}

// load sets the point to x (nil: the lower bounds) and recomputes activities.
func (h *heur) load(x []int8) {
	g := h.g
	for j := range h.x {
		if x != nil {
			h.x[j] = x[j]
		} else {
			h.x[j] = int8(g.lo[j])
		}
	}
	clear(h.act)
	for j, v := range h.x {
		if v != 0 {
			h.flip(j, 1)
		}
	}
}

func (h *heur) flip(j int, sign float64) {
	g := h.g
	for k := g.cs[j]; k < g.cs[j+1]; k++ {
		h.act[g.ri[k]] += sign * g.cv[k]
	}
	h.ops += 1 + int64(g.cs[j+1]-g.cs[j])
}

func (h *heur) set(j int, v int8) {
	if h.x[j] != v {
		h.x[j] = v
		h.flip(j, float64(2*int(v)-1))
	}
}

func (h *heur) violation() float64 {
	h.ops += int64(len(h.act))
	s := 0.0
	for i, a := range h.act {
		if d := a - h.g.rhs[i]; d > feasTol(h.g.rhs[i]) {
			s += d
		}
	}
	return s
}

// canAdd reports whether setting x_j = 1 keeps every row it touches within
// its right-hand side (or no worse, for rows already violated).
func (h *heur) canAdd(j int) bool {
	g := h.g
	if h.x[j] != 0 || g.up[j] < 1 {
		return false
	}
	for k := g.cs[j]; k < g.cs[j+1]; k++ {
		if v := g.cv[k]; v > 0 {
			if i := g.ri[k]; h.act[i]+v > h.limit[i] {
				return false
			}
		}
	}
	return true
}

// repair adds variables that reduce the total violation until the point is
// feasible or nothing helps (rows with negative entries, such as "at least
// one start for a mandatory item", can start out violated).
func (h *heur) repair(order []int32) bool {
	for {
		v := h.violation()
		if v == 0 {
			return true
		}
		best, bestV := -1, v
		for _, j32 := range order {
			j := int(j32)
			if h.x[j] != 0 || h.g.up[j] < 1 {
				continue
			}
			h.set(j, 1)
			if nv := h.violation(); nv < bestV-1e-9 {
				best, bestV = j, nv
			}
			h.set(j, 0)
		}
		if best < 0 {
			return false
		}
		h.set(best, 1)
	}
}

// fill adds variables in order while they fit, repeating passes because a
// variable can become addable after another (B needs A).
func (h *heur) fill(order []int32) {
	for changed := true; changed; {
		changed = false
		for _, j := range order {
			if h.canAdd(int(j)) && h.g.obj[j] > 0 {
				h.set(int(j), 1)
				changed = true
			}
		}
	}
}

// improve runs add and swap moves until no move raises the value or the
// work limit is reached.
func (h *heur) improve(order []int32, limit int64) {
	g := h.g
	for h.ops < limit {
		h.ops += int64(g.n)
		h.fill(order)
		moved := false
		for i := 0; i < g.n && !moved && h.ops < limit; i++ {
			if h.x[i] == 0 || g.lo[i] > 0 {
				continue
			}
			// Slack per row once i is out; skip i if removing it breaks a row.
			copy(h.slack, g.rhs)
			for r, a := range h.act {
				h.slack[r] -= a
			}
			ok := true
			for k := g.cs[i]; k < g.cs[i+1]; k++ {
				r := g.ri[k]
				h.slack[r] += g.cv[k]
				if h.slack[r] < -feasTol(g.rhs[r]) {
					ok = false
				}
			}
			h.ops += int64(g.m)
			if !ok {
				continue
			}
			for _, j32 := range order {
				j := int(j32)
				if h.x[j] != 0 || g.up[j] < 1 || g.obj[j] <= g.obj[i] {
					continue
				}
				fits := true
				for k := g.cs[j]; k < g.cs[j+1]; k++ {
					r := g.ri[k]
					if g.cv[k] > h.slack[r]+feasTol(g.rhs[r]) && g.cv[k] > 0 {
						fits = false
						break
					}
				}
				h.ops += int64(g.cs[j+1] - g.cs[j])
				if fits {
					h.set(i, 0)
					h.set(j, 1)
					if h.violation() > 0 { // a negative entry of j interacting with i; undo
						h.set(j, 0)
						h.set(i, 1)
						continue
					}
					moved = true
					break
				}
			}
		}
		if !moved {
			h.fill(order)
			return
		}
	}
}

// ratioOrder sorts variables by value per unit of priced resource use,
// pricing rows by the LP duals (a surrogate relaxation, as in Chu and
// Beasley) or, without duals, by the inverse of the right-hand side.
func ratioOrder(g *bip, duals []float64) []int32 {
	price := make([]float64, g.m)
	for i := range price {
		if duals != nil {
			price[i] = duals[i]
		}
		price[i] += 1e-6 / math.Max(1, math.Abs(g.rhs[i]))
	}
	eff := make([]float64, g.n)
	for j := 0; j < g.n; j++ {
		w := 0.0
		for k := g.cs[j]; k < g.cs[j+1]; k++ {
			if v := g.cv[k]; v > 0 {
				w += price[g.ri[k]] * v
			}
		}
		eff[j] = g.obj[j] / math.Max(w, 1e-12)
	}
	order := make([]int32, g.n)
	for j := range order {
		order[j] = int32(j)
	}
	sort.SliceStable(order, func(a, b int) bool { return eff[order[a]] > eff[order[b]] })
	return order
}

// lpOrder sorts variables by LP value, then by the ratio order.
func lpOrder(ratio []int32, x []float64) []int32 {
	order := append([]int32(nil), ratio...)
	sort.SliceStable(order, func(a, b int) bool { return x[order[a]] > x[order[b]]+1e-9 })
	return order
}

// construct builds a point from the lower bounds by repair, fill and
// improve; it returns nil if it cannot make the point feasible.
func (h *heur) construct(order []int32, limit int64) []int8 {
	h.load(nil)
	if !h.repair(order) {
		return nil
	}
	h.fill(order)
	h.improve(order, h.ops+limit)
	if !h.g.feasible(h.x) {
		return nil
	}
	return append([]int8(nil), h.x...)
}

// iterated perturbs the best point (dropping a few random chosen variables
// and refilling in a shuffled-near-ratio order) and keeps improvements;
// it is deterministic for a seed and work limit.
func (h *heur) iterated(best []int8, order []int32, seed uint64, limit int64) []int8 {
	g := h.g
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	bestV := g.value(best)
	stop := h.ops + limit
	var in []int
	perm := append([]int32(nil), order...)
	for h.ops < stop {
		h.ops += int64(g.n + g.m)
		h.load(best)
		in = in[:0]
		for j, v := range h.x {
			if v != 0 && g.lo[j] == 0 {
				in = append(in, j)
			}
		}
		if len(in) == 0 {
			return best
		}
		k := 1 + rng.IntN(min(4, len(in)))
		for range k {
			h.set(in[rng.IntN(len(in))], 0)
		}
		// Perturb the order a little: swap random neighbours.
		copy(perm, order)
		for range len(perm) / 8 {
			a := rng.IntN(len(perm))
			b := min(len(perm)-1, a+1+rng.IntN(4))
			perm[a], perm[b] = perm[b], perm[a]
		}
		h.improve(perm, h.ops+limit/20+1)
		if v := g.value(h.x); v > bestV && g.feasible(h.x) {
			bestV = v
			best = append(best[:0:0], h.x...)
		}
	}
	return best
}
