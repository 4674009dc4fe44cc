package optimize

import "math"

// slackBasis resets to the all-slack basis, which is always nonsingular and,
// with boxed structurals, always dual feasible.
func (l *lp) slackBasis() {
	for j := range l.pos {
		l.pos[j] = -1
	}
	clear(l.binv)
	for i := 0; i < l.m; i++ {
		l.head[i] = int32(l.n + i)
		l.pos[l.n+i] = int32(i)
		l.binv[i*l.m+i] = 1
	}
	l.npiv = 0
	l.computeD()
	l.placeNonbasic()
	l.computeXB()
}

// refactorise inverts the basis afresh and recomputes values and reduced
// costs, limiting the drift of product-form updates. Basic slacks make B
// block triangular, so only the square block of basic structural columns
// on the rows whose slack is nonbasic is inverted (Gauss-Jordan); the slack
// rows of the inverse follow by substitution.
func (l *lp) refactorise() {
	m := l.m
	tIndex := make([]int, m) // row → position among rows with nonbasic slack, or -1
	var tRows, cols, colPos []int
	for i := 0; i < m; i++ {
		tIndex[i] = -1
		if l.pos[l.n+i] < 0 {
			tIndex[i] = len(tRows)
			tRows = append(tRows, i)
		}
	}
	for k, j := range l.head {
		if int(j) < l.n {
			cols = append(cols, int(j))
			colPos = append(colPos, k)
		}
	}
	K := len(cols)
	if K != len(tRows) {
		l.slackBasis()
		return
	}
	a := make([]float64, K*K)
	inv := make([]float64, K*K)
	g := l.g
	for p, j := range cols {
		for q := g.cs[j]; q < g.cs[j+1]; q++ {
			if t := tIndex[g.ri[q]]; t >= 0 {
				a[t*K+p] = g.cv[q]
			}
		}
	}
	for i := 0; i < K; i++ {
		inv[i*K+i] = 1
	}
	for c := 0; c < K; c++ {
		p, best := -1, 1e-11
		for r := c; r < K; r++ {
			if v := math.Abs(a[r*K+c]); v > best {
				p, best = r, v
			}
		}
		if p < 0 {
			l.slackBasis()
			return
		}
		if p != c {
			for k := 0; k < K; k++ {
				a[p*K+k], a[c*K+k] = a[c*K+k], a[p*K+k]
				inv[p*K+k], inv[c*K+k] = inv[c*K+k], inv[p*K+k]
			}
		}
		f := 1 / a[c*K+c]
		for k := 0; k < K; k++ {
			a[c*K+k] *= f
			inv[c*K+k] *= f
		}
		for r := 0; r < K; r++ {
			if f := a[r*K+c]; r != c && f != 0 {
				for k := 0; k < K; k++ {
					a[r*K+k] -= f * a[c*K+k]
					inv[r*K+k] -= f * inv[c*K+k]
				}
			}
		}
	}
	// inv = A_TC⁻¹ with rows indexed by structural p and columns by T rows.
	clear(l.binv)
	for p, k := range colPos {
		row := l.binv[k*m : k*m+m]
		for q, i := range tRows {
			row[i] = inv[p*K+q]
		}
	}
	for i := 0; i < m; i++ {
		if k := l.pos[l.n+i]; k >= 0 {
			l.binv[int(k)*m+i] = 1
		}
	}
	for p, j := range cols {
		for q := g.cs[j]; q < g.cs[j+1]; q++ {
			i := int(g.ri[q])
			k := l.pos[l.n+i]
			if k < 0 {
				continue
			}
			row := l.binv[int(k)*m : int(k)*m+m]
			v := g.cv[q]
			for t, r := range tRows {
				row[r] -= v * inv[p*K+t]
			}
		}
	}
	l.npiv = 0
	l.computeD()
	if !l.placeNonbasic() {
		l.slackBasis()
		return
	}
	l.computeXB()
}
