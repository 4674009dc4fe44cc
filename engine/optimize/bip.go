package optimize

import "math"

// bip is a 0-1 integer programme: max obj·x s.t. A x ≤ rhs, lo ≤ x ≤ up,
// x binary. It is what Problem compiles to and what the search solves.
type bip struct {
	n, m   int
	obj    []float64
	cs     []int32 // column starts into ri/cv, n+1
	ri     []int32 // row of each nonzero
	cv     []float64
	rs     []int32 // row starts into rc/rv, m+1
	rc     []int32 // column of each nonzero, row-wise
	rv     []float64
	rhs    []float64
	lo, up []float64 // 0/1 bounds; lo = up fixes a variable
	intObj bool      // every objective coefficient is an integer
}

// bipBuilder collects rows of a bip.
type bipBuilder struct {
	n    int
	rows [][]entry
	rhs  []float64
}

type entry struct {
	j int32
	v float64
}

func (b *bipBuilder) addRow(e []entry, rhs float64) int {
	b.rows = append(b.rows, e)
	b.rhs = append(b.rhs, rhs)
	return len(b.rows) - 1
}

// build returns the programme with the given objective and bounds.
func (b *bipBuilder) build(obj, lo, up []float64) *bip {
	g := &bip{n: b.n, m: len(b.rows), obj: obj, lo: lo, up: up, rhs: b.rhs, intObj: true}
	for _, v := range obj {
		if v != math.Trunc(v) || math.Abs(v) > 1<<40 {
			g.intObj = false
		}
	}
	count := make([]int32, g.n+1)
	g.rs = make([]int32, 1, g.m+1)
	for _, row := range b.rows {
		for _, e := range row {
			count[e.j+1]++
			g.rc = append(g.rc, e.j)
			g.rv = append(g.rv, e.v)
		}
		g.rs = append(g.rs, int32(len(g.rc)))
	}
	for j := 1; j <= g.n; j++ {
		count[j] += count[j-1]
	}
	g.cs = append([]int32(nil), count...)
	g.ri = make([]int32, len(g.rc))
	g.cv = make([]float64, len(g.rc))
	next := count[:g.n]
	for i, row := range b.rows {
		for _, e := range row {
			k := next[e.j]
			g.ri[k], g.cv[k] = int32(i), e.v
			next[e.j]++
		}
	}
	return g
}

// feasTol is the slack allowed when checking a 0-1 point against a row.
func feasTol(rhs float64) float64 { return 1e-9 * math.Max(1, math.Abs(rhs)) }

// feasible reports whether the 0-1 point x satisfies all rows and bounds.
func (g *bip) feasible(x []int8) bool {
	for j := 0; j < g.n; j++ {
		if float64(x[j]) < g.lo[j] || float64(x[j]) > g.up[j] {
			return false
		}
	}
	for i := 0; i < g.m; i++ {
		s := 0.0
		for k := g.rs[i]; k < g.rs[i+1]; k++ {
			if x[g.rc[k]] != 0 {
				s += g.rv[k]
			}
		}
		if s > g.rhs[i]+feasTol(g.rhs[i]) {
			return false
		}
	}
	return true
}

// value is obj·x.
func (g *bip) value(x []int8) float64 {
	s := 0.0
	for j, v := range x {
		if v != 0 {
			s += g.obj[j]
		}
	}
	return s
}

// pruneAt is the smallest bound a node needs to be worth exploring given an
// incumbent value inc; with integer objectives a bound below inc+1 cannot hold
// a better solution.
func (g *bip) pruneAt(inc float64) float64 {
	if math.IsInf(inc, -1) {
		return math.Inf(-1)
	}
	if g.intObj {
		return inc + 1 - 1e-6
	}
	return inc + 1e-9*math.Max(1, math.Abs(inc))
}

// roundBound turns an LP value into a bound on integer solutions.
func (g *bip) roundBound(z float64) float64 {
	if g.intObj {
		return math.Floor(z + 1e-6)
	}
	return z
}

// withCardinality returns a copy of g with two more rows, Σx ≤ n and
// -Σx ≤ 0, whose right-hand sides the search changes per subtree to fix the
// number of selected variables (branching on the cardinality).
func (g *bip) withCardinality() *bip {
	b := &bipBuilder{n: g.n}
	for i := 0; i < g.m; i++ {
		var row []entry
		for k := g.rs[i]; k < g.rs[i+1]; k++ {
			row = append(row, entry{g.rc[k], g.rv[k]})
		}
		b.addRow(row, g.rhs[i])
	}
	up, down := make([]entry, g.n), make([]entry, g.n)
	for j := range up {
		up[j], down[j] = entry{int32(j), 1}, entry{int32(j), -1}
	}
	b.addRow(up, float64(g.n))
	b.addRow(down, 0)
	return b.build(g.obj, g.lo, g.up)
}
