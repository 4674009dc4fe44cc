package optimize

import "math"

// lpState is a copy of the LP's basis and values, to undo a strong-branching
// trial.
type lpState struct {
	x, d []float64
	head []int32
	pos  []int32
	binv []float64
	npiv int
}

func (l *lp) save(s *lpState) {
	s.x = append(s.x[:0], l.x...)
	s.d = append(s.d[:0], l.d...)
	s.head = append(s.head[:0], l.head...)
	s.pos = append(s.pos[:0], l.pos...)
	s.binv = append(s.binv[:0], l.binv...)
	s.npiv = l.npiv
}

func (l *lp) restore(s *lpState) {
	copy(l.x, s.x)
	copy(l.d, s.d)
	copy(l.head, s.head)
	copy(l.pos, s.pos)
	copy(l.binv, s.binv)
	l.npiv = s.npiv
}

// pseudo keeps pseudocosts: the mean LP value lost per unit of change when
// a variable is rounded down (0) or up (1).
type pseudo struct {
	sum [2][]float64
	cnt [2][]int32
}

func newPseudo(n int) *pseudo {
	return &pseudo{sum: [2][]float64{make([]float64, n), make([]float64, n)},
		cnt: [2][]int32{make([]int32, n), make([]int32, n)}}
}

func (p *pseudo) add(j int, dir int8, perUnit float64) {
	p.sum[dir][j] += max(perUnit, 0)
	p.cnt[dir][j]++
}

// mean returns the pseudocost, falling back to the average over variables.
func (p *pseudo) mean(j int, dir int8, avg float64) float64 {
	if c := p.cnt[dir][j]; c > 0 {
		return p.sum[dir][j] / float64(c)
	}
	return avg
}

func (p *pseudo) average(dir int8) float64 {
	s, c := 0.0, 0
	for j, k := range p.cnt[dir] {
		if k > 0 {
			s += p.sum[dir][j] / float64(k)
			c++
		}
	}
	if c == 0 {
		return 1
	}
	return s / float64(c)
}

var (
	reliable    int32 = 2  // trials before a pseudocost is trusted
	maxStrong         = 8  // candidates strong-branched per node
	strongIters       = 25 // dual simplex iterations per strong-branching trial
)

// choice is the result of branching-variable selection.
type choice struct {
	j          int
	up         bool    // explore x_j = 1 first
	zDown, zUp float64 // bounds on each child (LP value), +Inf if unknown
	fixed      bool    // a trial proved a child empty and fixed j; re-solve
}

// choose picks the branching variable by reliability branching: product
// score of estimated losses, using strong branching on variables whose
// pseudocosts are not yet reliable. cut is the prune threshold.
func (w *worker) choose(z, cut float64, nd *node) choice {
	g, l := w.g, w.lp
	type cand struct {
		j int
		f float64
	}
	var cands []cand
	for _, j := range l.head {
		if int(j) >= g.n || l.lo[j] == l.up[j] {
			continue
		}
		if f := l.x[j] - math.Floor(l.x[j]); f > 1e-6 && f < 1-1e-6 {
			cands = append(cands, cand{int(j), f})
		}
	}
	if len(cands) == 0 {
		return choice{j: -1}
	}
	avg := [2]float64{w.ps.average(0), w.ps.average(1)}
	best := choice{j: -1}
	bestScore := -1.0
	strong := 0
	saved := false
	maxStrong := maxStrong
	if g.m > 100 {
		maxStrong = min(maxStrong, 2) // each trial costs O(m²) per iteration
	}
	for _, c := range cands {
		dn, up := w.ps.mean(c.j, 0, avg[0])*c.f, w.ps.mean(c.j, 1, avg[1])*(1-c.f)
		zd, zu := math.Inf(1), math.Inf(1)
		if (w.ps.cnt[0][c.j] < reliable || w.ps.cnt[1][c.j] < reliable) && strong < maxStrong {
			strong++
			if !saved {
				l.save(&w.st)
				saved = true
			}
			zd = w.trial(c.j, 0, cut)
			zu = w.trial(c.j, 1, cut)
			if zd < cut || zu < cut {
				// One side holds nothing better than the incumbent: fix j to
				// the other side for this whole subtree.
				v := int8(1)
				if zu < cut {
					v = 0
				}
				if zd < cut && zu < cut {
					return choice{j: c.j, fixed: true, zDown: zd, zUp: zu}
				}
				l.lo[c.j], l.up[c.j] = float64(v), float64(v)
				nd.fix = append(nd.fix, int32(c.j)<<1|int32(v))
				return choice{j: c.j, fixed: true, zDown: math.Inf(1), zUp: math.Inf(1)}
			}
			dn, up = z-zd, z-zu
			w.ps.add(c.j, 0, dn/c.f)
			w.ps.add(c.j, 1, up/(1-c.f))
		}
		s := max(dn, 1e-6) * max(up, 1e-6)
		if s > bestScore {
			bestScore = s
			best = choice{j: c.j, up: up <= dn, zDown: zd, zUp: zu}
		}
	}
	return best
}

// trial bounds the LP value with x_j fixed to v by a few dual simplex
// iterations (the dual value is a valid bound even when not optimal), then
// restores the LP.
func (w *worker) trial(j int, v int8, cut float64) float64 {
	l := w.lp
	lo, up := l.lo[j], l.up[j]
	l.lo[j], l.up[j] = float64(v), float64(v)
	iters := strongIters
	if w.g.m > 100 {
		iters = 8 // each iteration costs O(m²)
	}
	st := l.solve(cut, iters)
	z := l.value()
	switch st {
	case lpInfeasible, lpCutoff:
		z = math.Inf(-1)
	}
	l.lo[j], l.up[j] = lo, up
	l.restore(&w.st)
	return z
}
