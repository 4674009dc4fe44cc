package score

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// MaxAHP is the largest number of criteria AHP compares at once: Saaty's
// random index is tabulated up to 10, and judgements on more than about
// nine elements stop being reliable anyway (group them in a hierarchy).
const MaxAHP = 10

// randomIndex is Saaty's random consistency index RI for n = 1..10: the
// mean CI of random reciprocal matrices on the 1..9 scale (Saaty 1980).
var randomIndex = [...]float64{0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49}

// ConsistencyLimit is the largest consistency ratio Saaty accepts.
const ConsistencyLimit = 0.10

// reciprocalTolerance is how far a[i][j]·a[j][i] may stray from 1: enough
// for judgements typed as decimals (0.14 for 1/7, 0.33 for 1/3).
const reciprocalTolerance = 0.05

// AHPResult holds the weights derived from a pairwise comparison matrix
// and how consistent the judgements are.
type AHPResult struct {
	Weights    []float64 // principal eigenvector, summing to 1
	LambdaMax  float64   // principal eigenvalue; n for perfectly consistent judgements
	CI         float64   // consistency index (λmax − n)/(n − 1)
	RI         float64   // Saaty's random index for n; 0 for n ≤ 2
	CR         float64   // consistency ratio CI/RI; 0 for n ≤ 2
	Consistent bool      // CR ≤ ConsistencyLimit
	Iterations int       // power iterations used
	// Deviations lists every judgement above the diagonal, the one that
	// disagrees most with the derived weights first: revisit these when
	// the matrix is inconsistent.
	Deviations []Deviation
}

// Deviation compares one judgement with the ratio the weights imply.
type Deviation struct {
	Row, Col  int     // the criteria compared (Row is judged against Col)
	Judgement float64 // a[Row][Col] as given (after symmetrising)
	Implied   float64 // w[Row]/w[Col]
}

// Factor is how many times the judgement exceeds (or falls short of) the
// implied ratio, at least 1.
func (d Deviation) Factor() float64 {
	f := d.Judgement / d.Implied
	return math.Max(f, 1/f)
}

// AHP derives weights from a pairwise comparison matrix a, where a[i][j]
// says how many times criterion i is as important as criterion j on
// Saaty's 1..9 scale (1/2..1/9 when j matters more). The matrix must be square
// with 1 to MaxAHP rows, positive, 1 on the diagonal and reciprocal
// (a[j][i] = 1/a[i][j], within 5 %); the two halves are averaged
// geometrically so that rounded reciprocals do not bias the weights.
// Errors are joined *InputError values naming the cell.
func AHP(a [][]float64) (*AHPResult, error) {
	m, err := reciprocal(a)
	if err != nil {
		return nil, err
	}
	n := len(m)
	w := make([]float64, n)
	for i, row := range m {
		w[i] = 1
		for _, x := range row {
			w[i] *= math.Pow(x, 1/float64(n))
		}
	}
	normalise(w)
	res := &AHPResult{}
	y := make([]float64, n)
	// Power iteration from the geometric means, which are already close to
	// the eigenvector; a positive matrix's dominant eigenvalue is simple
	// and well separated, so this converges in a few dozen steps.
	for res.Iterations < 1000 {
		res.Iterations++
		mul(m, w, y)
		normalise(y)
		diff := 0.0
		for i := range w {
			diff = math.Max(diff, math.Abs(y[i]-w[i]))
		}
		w, y = y, w
		if diff < 1e-13 {
			break
		}
	}
	res.Weights = w
	mul(m, w, y)
	for i := range w {
		res.LambdaMax += y[i] / w[i]
	}
	res.LambdaMax /= float64(n)
	if n > 2 {
		res.CI = math.Max(0, (res.LambdaMax-float64(n))/float64(n-1))
		res.RI = randomIndex[n]
		res.CR = res.CI / res.RI
	}
	res.Consistent = res.CR <= ConsistencyLimit
	for i := range n {
		for j := i + 1; j < n; j++ {
			res.Deviations = append(res.Deviations, Deviation{Row: i, Col: j, Judgement: m[i][j], Implied: w[i] / w[j]})
		}
	}
	slices.SortStableFunc(res.Deviations, func(p, q Deviation) int { return cmp.Compare(q.Factor(), p.Factor()) })
	return res, nil
}

// reciprocal checks a and returns a copy in which a[i][j] and a[j][i] are
// exact reciprocals.
func reciprocal(a [][]float64) ([][]float64, error) {
	n := len(a)
	if n == 0 || n > MaxAHP {
		return nil, &InputError{Field: "Matrix", Message: fmt.Sprintf("has %d rows; AHP compares 1 to %d criteria", n, MaxAHP)}
	}
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &InputError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	for i, row := range a {
		if len(row) != n {
			bad(fmt.Sprintf("Matrix[%d]", i), "has %d columns, want %d (the matrix must be square)", len(row), n)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for i := range n {
		for j := range n {
			x, f := a[i][j], fmt.Sprintf("Matrix[%d][%d]", i, j)
			switch {
			case !finite(x) || x <= 0:
				bad(f, "must be a positive number, got %g", x)
			case i == j && math.Abs(x-1) > 1e-9:
				bad(f, "a criterion compared with itself must be 1, got %g", x)
			case math.Max(x, 1/x) > 9*(1+reciprocalTolerance):
				bad(f, "%g is outside Saaty's scale 1/9 to 9", x)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if p := a[i][j] * a[j][i]; math.Abs(p-1) > reciprocalTolerance {
				bad(fmt.Sprintf("Matrix[%d][%d]", j, i), "must be the reciprocal of Matrix[%d][%d] (1/%g), got %g", i, j, a[i][j], a[j][i])
			}
			m[i][j] = math.Sqrt(a[i][j] / a[j][i])
			m[j][i] = 1 / m[i][j]
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}

// Judgement is one pairwise comparison: criterion A is Value times as
// important as criterion B (Value below 1 means B is more important).
type Judgement struct {
	A, B  int
	Value float64
}

// Matrix builds the n×n comparison matrix from n(n-1)/2 judgements, one
// per pair of criteria in either order; it reports missing, repeated and
// self comparisons.
func Matrix(n int, js []Judgement) ([][]float64, error) {
	if n < 1 || n > MaxAHP {
		return nil, &InputError{Field: "Judgements", Message: fmt.Sprintf("AHP compares 1 to %d criteria, got %d", MaxAHP, n)}
	}
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	var errs []error
	for k, j := range js {
		f := fmt.Sprintf("Judgements[%d]", k)
		switch {
		case j.A < 0 || j.A >= n || j.B < 0 || j.B >= n:
			errs = append(errs, &InputError{Field: f, Message: fmt.Sprintf("compares criteria %d and %d; there are %d", j.A, j.B, n)})
		case j.A == j.B:
			errs = append(errs, &InputError{Field: f, Message: "compares a criterion with itself"})
		case m[j.A][j.B] != 0:
			errs = append(errs, &InputError{Field: f, Message: fmt.Sprintf("criteria %d and %d are compared more than once", j.A, j.B)})
		case !finite(j.Value) || j.Value <= 0:
			errs = append(errs, &InputError{Field: f + ".Value", Message: fmt.Sprintf("must be a positive number, got %g", j.Value)})
		default:
			m[j.A][j.B], m[j.B][j.A] = j.Value, 1/j.Value
		}
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if m[i][j] == 0 {
				errs = append(errs, &InputError{Field: "Judgements", Message: fmt.Sprintf("criteria %d and %d are not compared", i, j)})
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return m, nil
}

func mul(m [][]float64, w, y []float64) {
	for i, row := range m {
		y[i] = 0
		for j, x := range row {
			y[i] += x * w[j]
		}
	}
}

func normalise(v []float64) {
	s := 0.0
	for _, x := range v {
		s += x
	}
	for i := range v {
		v[i] /= s
	}
}
