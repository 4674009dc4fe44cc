package optimize

import "math"

// ratio is a candidate of the dual ratio test: entering j would let the
// dual step reach t; a is |alpha_rj|.
type ratio struct {
	j    int32
	t, a float64
}

// lpStatus is the outcome of a dual simplex run.
type lpStatus int

const (
	lpOptimal    lpStatus = iota
	lpInfeasible          // the LP has no solution under the current bounds
	lpCutoff              // the LP value fell below the cutoff: the node can be pruned
	lpIterLimit           // gave up; the caller treats the node as unsolved
)

// lp is a bounded-variable dual simplex for
//
//	max obj·x  s.t.  A x + s = b,  lo ≤ x ≤ up,  s ≥ 0
//
// kept in minimisation form (cost = -obj) with an explicit dense basis
// inverse. All structural variables are boxed, so any basis can be made dual
// feasible by moving nonbasic variables to the right bound; that is what
// lets branch and bound reuse one basis across every node it visits.
type lp struct {
	m, n   int // rows; structural columns (slack of row i is column n+i)
	g      *bip
	cost   []float64 // minimisation costs, n+m
	rhs    []float64 // right-hand sides; a copy, as the search changes some
	lo, up []float64 // current bounds, n+m
	x      []float64 // current values, n+m
	d      []float64 // reduced costs, n+m
	head   []int32   // basic variable of each row
	pos    []int32   // row of a basic variable, -1 if nonbasic
	binv   []float64 // m×m row-major basis inverse
	alphaR []float64 // pivot row over all columns
	alphaQ []float64 // entering column B⁻¹a_q
	work   []float64
	cands  []ratio // ratio-test candidates
	flips  []int32 // variables moved to their other bound in this iteration
	nb     []int32 // free nonbasic columns of the current iteration
	npiv   int     // pivots since the last refactorisation
	iters  int64
}

const (
	tolPrimal = 1e-7
	tolDual   = 1e-9
	tolPivot  = 1e-9
	refactor  = 64
)

func newLP(g *bip) *lp {
	m, n := g.m, g.n
	l := &lp{m: m, n: n, g: g,
		cost: make([]float64, n+m), lo: make([]float64, n+m), up: make([]float64, n+m),
		x: make([]float64, n+m), d: make([]float64, n+m),
		head: make([]int32, m), pos: make([]int32, n+m), binv: make([]float64, m*m),
		alphaR: make([]float64, n+m), alphaQ: make([]float64, m), work: make([]float64, m),
	}
	l.rhs = append([]float64(nil), g.rhs...)
	for j := 0; j < n; j++ {
		l.cost[j] = -g.obj[j]
		l.lo[j], l.up[j] = g.lo[j], g.up[j]
	}
	for i := 0; i < m; i++ {
		l.up[n+i] = math.Inf(1)
	}
	l.slackBasis()
	return l
}

// column calls f for each nonzero of column j of [A I].
func (l *lp) column(j int, f func(i int, v float64)) {
	if j >= l.n {
		f(j-l.n, 1)
		return
	}
	g := l.g
	for k := g.cs[j]; k < g.cs[j+1]; k++ {
		f(int(g.ri[k]), g.cv[k])
	}
}

// computeXB sets the basic variables from the nonbasic ones.
func (l *lp) computeXB() {
	r := l.work
	copy(r, l.rhs)
	g := l.g
	for j := 0; j < l.n; j++ {
		if l.pos[j] >= 0 || l.x[j] == 0 {
			continue
		}
		xj := l.x[j]
		for k := g.cs[j]; k < g.cs[j+1]; k++ {
			r[g.ri[k]] -= g.cv[k] * xj
		}
	}
	for i := 0; i < l.m; i++ {
		if j := l.n + i; l.pos[j] < 0 {
			r[i] -= l.x[j]
		}
	}
	m := l.m
	for k := 0; k < m; k++ {
		row := l.binv[k*m : k*m+m]
		s := 0.0
		for i, v := range row {
			s += v * r[i]
		}
		l.x[l.head[k]] = s
	}
}

// computeD recomputes the reduced costs d = c - (c_B B⁻¹) A.
func (l *lp) computeD() {
	m := l.m
	y := l.work
	clear(y)
	for k := 0; k < m; k++ {
		if c := l.cost[l.head[k]]; c != 0 {
			row := l.binv[k*m : k*m+m]
			for i, v := range row {
				y[i] += c * v
			}
		}
	}
	g := l.g
	for j := 0; j < l.n; j++ {
		s := l.cost[j]
		for k := g.cs[j]; k < g.cs[j+1]; k++ {
			s -= g.cv[k] * y[g.ri[k]]
		}
		l.d[j] = s
	}
	for i := 0; i < m; i++ {
		l.d[l.n+i] = -y[i]
	}
	for _, j := range l.head {
		l.d[j] = 0
	}
}

// placeNonbasic puts every nonbasic variable at the bound its reduced cost
// asks for. It reports false if a slack is dual infeasible (it cannot move).
func (l *lp) placeNonbasic() bool {
	ok := true
	for j := range l.x {
		if l.pos[j] >= 0 {
			continue
		}
		lo, up, d := l.lo[j], l.up[j], l.d[j]
		switch {
		case lo == up:
			l.x[j] = lo
		case d < -tolDual:
			if math.IsInf(up, 1) {
				ok = ok && d > -1e-6
				l.x[j] = lo
			} else {
				l.x[j] = up
			}
		case d > tolDual:
			l.x[j] = lo
		case l.x[j] != up || math.IsInf(up, 1):
			l.x[j] = lo
		}
	}
	return ok
}

// value is the objective (maximisation form) at the current point.
func (l *lp) value() float64 {
	s := 0.0
	for j := 0; j < l.n; j++ {
		s -= l.cost[j] * l.x[j]
	}
	return s
}

// solve runs the dual simplex from the current (dual feasible) basis. It
// stops early when the value, which only falls, drops below cutoff.
func (l *lp) solve(cutoff float64, maxIter int) lpStatus {
	m := l.m
	retried := false
	for it := 0; it < maxIter; it++ {
		// Leaving row: largest infeasibility² / ‖row of B⁻¹‖² (dual steepest edge).
		r, best, delta := -1, 0.0, 0.0
		for k := 0; k < m; k++ {
			j := l.head[k]
			xv := l.x[j]
			var inf float64
			if xv < l.lo[j]-tolPrimal {
				inf = xv - l.lo[j]
			} else if xv > l.up[j]+tolPrimal {
				inf = xv - l.up[j]
			} else {
				continue
			}
			w := 0.0
			for _, v := range l.binv[k*m : k*m+m] {
				w += v * v
			}
			if s := inf * inf / w; s > best {
				r, best, delta = k, s, inf
			}
		}
		if r < 0 {
			return lpOptimal
		}
		if l.value() < cutoff {
			return lpCutoff
		}
		// Pivot row alpha_r = e_r B⁻¹ [A I] over nonbasic columns.
		rho := l.binv[r*m : r*m+m]
		g := l.g
		q, theta1 := -1, math.Inf(1)
		l.cands = l.cands[:0]
		// Pass 0 computes alpha_r over the free nonbasic columns and the
		// Harris bound theta1; pass 1 picks, among ratios within theta1,
		// the largest pivot.
		l.nb = l.nb[:0]
		for j := 0; j < l.n+m; j++ {
			if l.pos[j] >= 0 || l.lo[j] == l.up[j] {
				continue
			}
			l.nb = append(l.nb, int32(j))
			var a float64
			if j < l.n {
				for k := g.cs[j]; k < g.cs[j+1]; k++ {
					a += g.cv[k] * rho[g.ri[k]]
				}
			} else {
				a = rho[j-l.n]
			}
			l.alphaR[j] = a
			if dd, a, ok := l.eligible(j, a, delta); ok {
				if t := (dd + tolDual) / a; t < theta1 {
					theta1 = t
				}
				l.cands = append(l.cands, ratio{int32(j), dd / a, a})
			}
		}
		bestA := 0.0
		for _, c := range l.cands {
			if c.t <= theta1 && c.a > bestA {
				q, bestA = int(c.j), c.a
			}
		}
		if q < 0 {
			if !retried {
				retried = true
				l.refactorise()
				continue
			}
			return lpInfeasible
		}
		if bq := l.boundFlips(math.Abs(delta)); bq >= 0 {
			// Move the flipped variables and update the basic values.
			r0 := l.work
			clear(r0)
			for _, j := range l.flips {
				old := l.x[j]
				if old == l.lo[j] {
					l.x[j] = l.up[j]
				} else {
					l.x[j] = l.lo[j]
				}
				step := l.x[j] - old
				l.column(int(j), func(i int, v float64) { r0[i] += v * step })
			}
			for k := 0; k < m; k++ {
				row := l.binv[k*m : k*m+m]
				sum := 0.0
				for i, v := range row {
					sum += v * r0[i]
				}
				l.x[l.head[k]] -= sum
			}
			q = bq
			jr := l.head[r]
			if delta < 0 {
				delta = l.x[jr] - l.lo[jr]
			} else {
				delta = l.x[jr] - l.up[jr]
			}
		}
		// Entering column.
		clear(l.alphaQ)
		l.column(q, func(i int, v float64) {
			for k := 0; k < m; k++ {
				l.alphaQ[k] += l.binv[k*m+i] * v
			}
		})
		arq := l.alphaQ[r]
		if math.Abs(arq) < tolPivot || math.Abs(arq-l.alphaR[q]) > 1e-6*(1+math.Abs(arq)) {
			if !retried {
				retried = true
				l.refactorise()
				continue
			}
			return lpIterLimit
		}
		retried = false
		thetaD := l.d[q] / arq
		leave := int(l.head[r])
		for _, j := range l.nb {
			l.d[j] -= thetaD * l.alphaR[j]
		}
		l.d[q] = 0
		l.d[leave] = -thetaD
		bound := l.lo[leave]
		if delta > 0 {
			bound = l.up[leave]
		}
		thetaP := delta / arq
		for k := 0; k < m; k++ {
			l.x[l.head[k]] -= thetaP * l.alphaQ[k]
		}
		l.x[q] += thetaP
		l.x[leave] = bound
		// Update the inverse.
		pr := l.binv[r*m : r*m+m]
		f := 1 / arq
		for i := range pr {
			pr[i] *= f
		}
		for k := 0; k < m; k++ {
			if c := l.alphaQ[k]; k != r && c != 0 {
				row := l.binv[k*m : k*m+m]
				for i, v := range pr {
					row[i] -= c * v
				}
			}
		}
		l.head[r] = int32(q)
		l.pos[q] = int32(r)
		l.pos[leave] = -1
		l.iters++
		if l.npiv++; l.npiv >= refactor {
			l.refactorise()
		}
	}
	return lpIterLimit
}

// eligible reports whether nonbasic j with pivot-row entry a can enter
// when the leaving variable is off its bound by delta, with its reduced
// cost dd ≥ 0 and |a| in the ratio dd/|a|.
func (l *lp) eligible(j int, a, delta float64) (dd, absA float64, ok bool) {
	if delta < 0 {
		a = -a
	}
	if l.x[j] == l.lo[j] {
		if a <= tolPivot {
			return 0, 0, false
		}
		dd = l.d[j]
	} else {
		if a >= -tolPivot {
			return 0, 0, false
		}
		dd, a = -l.d[j], -a
	}
	return max(dd, 0), a, true
}

// boundFlips runs the bound-flipping ratio test: walking the candidates by
// increasing ratio, a boxed variable whose move to its other bound still
// leaves the leaving row infeasible (slope stays positive) is flipped rather
// than entered. It returns the entering variable, or -1 to keep the plain
// (Harris) choice: when nothing flips, or the pivot would be small.
func (l *lp) boundFlips(slope float64) int {
	l.flips = l.flips[:0]
	c := l.cands
	for len(c) > 0 {
		k := 0
		for i := 1; i < len(c); i++ {
			if c[i].t < c[k].t || c[i].t == c[k].t && c[i].a > c[k].a {
				k = i
			}
		}
		j := c[k].j
		width := l.up[j] - l.lo[j]
		if math.IsInf(width, 1) || slope-c[k].a*width <= 0 {
			if len(l.flips) == 0 || c[k].a < 1e-7 {
				l.flips = l.flips[:0]
				return -1
			}
			return int(j)
		}
		slope -= c[k].a * width
		l.flips = append(l.flips, j)
		c[k] = c[len(c)-1]
		c = c[:len(c)-1]
	}
	l.flips = l.flips[:0]
	return -1
}

// setBounds changes the bounds of structural j; a nonbasic variable moves
// to the bound its reduced cost asks for. Call computeXB afterwards if it
// reports that a nonbasic value changed.
func (l *lp) setBounds(j int, lo, up float64) (moved bool) {
	l.lo[j], l.up[j] = lo, up
	if l.pos[j] >= 0 {
		return false
	}
	old := l.x[j]
	switch {
	case lo == up:
		l.x[j] = lo
	case l.d[j] < 0:
		l.x[j] = up
	default:
		l.x[j] = lo
	}
	return l.x[j] != old
}
