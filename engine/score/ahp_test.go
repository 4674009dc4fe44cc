package score

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// Published AHP examples: the matrix, the priorities the source prints
// (to three decimals) and, where it prints them, λmax and CR.
var published = []struct {
	name    string
	source  string
	matrix  [][]float64
	weights []float64
	lambda  float64 // 0: not published
	cr      float64 // -1: not published
	ok      bool    // consistent by CR ≤ 0.10
}{
	{
		name:   "leader",
		source: "Wikipedia, Analytic hierarchy process – leader example: criteria Experience, Education, Charisma, Age",
		matrix: [][]float64{
			{1, 4, 3, 7},
			{1. / 4, 1, 1. / 3, 3},
			{1. / 3, 3, 1, 5},
			{1. / 7, 1. / 3, 1. / 5, 1},
		},
		weights: []float64{0.547, 0.127, 0.270, 0.056},
		cr:      0.044,
		ok:      true,
	},
	{
		name:   "drinks",
		source: "Saaty, Decision making with the analytic hierarchy process, Int. J. Services Sciences 1(1), 2008, Table 2: relative consumption of drinks in the United States",
		matrix: [][]float64{
			{1, 9, 5, 2, 1, 1, 1. / 2},
			{1. / 9, 1, 1. / 3, 1. / 9, 1. / 9, 1. / 9, 1. / 9},
			{1. / 5, 3, 1, 1. / 3, 1. / 4, 1. / 3, 1. / 9},
			{1. / 2, 9, 3, 1, 1. / 2, 1, 1. / 3},
			{1, 9, 4, 2, 1, 2, 1. / 2},
			{1, 9, 3, 1, 1. / 2, 1, 1. / 3},
			{2, 9, 9, 3, 2, 3, 1},
		},
		weights: []float64{0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327},
		cr:      -1,
		ok:      true,
	},
	{
		name:   "house",
		source: "Saaty, How to make a decision: the analytic hierarchy process, EJOR 48, 1990, pp. 9-26: criteria for buying a house (λmax 9.669, CI 0.238, CR 0.169)",
		matrix: [][]float64{
			{1, 5, 3, 7, 6, 6, 1. / 3, 1. / 4},
			{1. / 5, 1, 1. / 3, 5, 3, 3, 1. / 5, 1. / 7},
			{1. / 3, 3, 1, 6, 3, 4, 6, 1. / 5},
			{1. / 7, 1. / 5, 1. / 6, 1, 1. / 3, 1. / 4, 1. / 7, 1. / 8},
			{1. / 6, 1. / 3, 1. / 3, 3, 1, 1. / 2, 1. / 5, 1. / 6},
			{1. / 6, 1. / 3, 1. / 4, 4, 2, 1, 1. / 5, 1. / 6},
			{3, 5, 1. / 6, 7, 5, 5, 1, 1. / 2},
			{4, 7, 5, 8, 6, 6, 2, 1},
		},
		weights: []float64{0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333},
		lambda:  9.669,
		cr:      0.169,
		ok:      false,
	},
}

func TestAHPPublished(t *testing.T) {
	for _, ex := range published {
		t.Run(ex.name, func(t *testing.T) {
			res, err := AHP(ex.matrix)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range ex.weights {
				// The sources print three decimals; Wikipedia rounds
				// 0.54757 down, hence a tolerance of one unit.
				if math.Abs(res.Weights[i]-w) > 0.001 {
					t.Errorf("weight %d = %.4f, %s gives %.3f", i, res.Weights[i], ex.source, w)
				}
			}
			if ex.lambda != 0 && math.Abs(res.LambdaMax-ex.lambda) > 0.0005 {
				t.Errorf("λmax = %.4f, published %.3f", res.LambdaMax, ex.lambda)
			}
			if ex.cr >= 0 && math.Abs(res.CR-ex.cr) > 0.0005 {
				t.Errorf("CR = %.4f, published %.3f", res.CR, ex.cr)
			}
			if res.Consistent != ex.ok {
				t.Errorf("Consistent = %v with CR %.3f, want %v", res.Consistent, res.CR, ex.ok)
			}
		})
	}
}

// TestAHPHouseDeviations: in Saaty's house example the judgement that
// neighbourhood is 6 times as important as general condition, while the
// weights make them nearly equal, is the most inconsistent one.
func TestAHPHouseDeviations(t *testing.T) {
	res, err := AHP(published[2].matrix)
	if err != nil {
		t.Fatal(err)
	}
	d := res.Deviations[0]
	if d.Row != 2 || d.Col != 6 {
		t.Errorf("most inconsistent judgement is [%d][%d] (factor %.2f), want [2][6]", d.Row, d.Col, d.Factor())
	}
	if len(res.Deviations) != 28 {
		t.Errorf("%d deviations, want 28 (one per pair)", len(res.Deviations))
	}
}

// consistentMatrix returns a[i][j] = w[i]/w[j] for random weights.
func consistentMatrix(rng *rand.Rand, n int) ([][]float64, []float64) {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 + 2*rng.Float64()
	}
	normalise(w)
	a := make([][]float64, n)
	for i := range a {
		a[i] = make([]float64, n)
		for j := range a[i] {
			a[i][j] = w[i] / w[j]
		}
	}
	return a, w
}

// randomMatrix returns a reciprocal matrix of random Saaty judgements.
func randomMatrix(rng *rand.Rand, n int) [][]float64 {
	a := make([][]float64, n)
	for i := range a {
		a[i] = make([]float64, n)
		a[i][i] = 1
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			v := float64(1 + rng.IntN(9))
			if rng.IntN(2) == 0 {
				v = 1 / v
			}
			a[i][j], a[j][i] = v, 1/v
		}
	}
	return a
}

func TestAHPConsistentRecoversWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= MaxAHP; n++ {
		a, w := consistentMatrix(rng, n)
		res, err := AHP(a)
		if err != nil {
			t.Fatal(err)
		}
		for i := range w {
			if math.Abs(res.Weights[i]-w[i]) > 1e-9 {
				t.Errorf("n=%d weight %d = %g, want %g", n, i, res.Weights[i], w[i])
			}
		}
		if math.Abs(res.LambdaMax-float64(n)) > 1e-9 || res.CR > 1e-9 || !res.Consistent {
			t.Errorf("n=%d: λmax %g CR %g consistent %v; want n, 0, true", n, res.LambdaMax, res.CR, res.Consistent)
		}
	}
}

// TestAHPProperties checks invariants on random judgements: weights are
// positive and sum to 1, λmax ≥ n (Perron-Frobenius for reciprocal
// matrices), w is an eigenvector, and relabelling the criteria permutes the
// weights.
func TestAHPProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		n := 1 + rng.IntN(MaxAHP)
		a := randomMatrix(rng, n)
		res, err := AHP(a)
		if err != nil {
			t.Fatal(err)
		}
		checkAHP(t, a, res)
		perm := rng.Perm(n)
		b := make([][]float64, n)
		for i := range b {
			b[i] = make([]float64, n)
			for j := range b[i] {
				b[i][j] = a[perm[i]][perm[j]]
			}
		}
		pres, err := AHP(b)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if math.Abs(pres.Weights[i]-res.Weights[perm[i]]) > 1e-9 {
				t.Fatalf("permuted weight %d = %g, want %g", i, pres.Weights[i], res.Weights[perm[i]])
			}
		}
		if math.Abs(pres.CR-res.CR) > 1e-9 {
			t.Fatalf("permuted CR %g, want %g", pres.CR, res.CR)
		}
	}
}

func checkAHP(t *testing.T, a [][]float64, res *AHPResult) {
	t.Helper()
	n := len(a)
	sum := 0.0
	for _, w := range res.Weights {
		if !(w > 0) {
			t.Fatalf("weight %g is not positive", w)
		}
		sum += w
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Fatalf("weights sum to %g", sum)
	}
	if res.LambdaMax < float64(n)-1e-9 {
		t.Fatalf("λmax %g below n = %d", res.LambdaMax, n)
	}
	m, err := reciprocal(a) // the matrix AHP used, halves averaged
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float64, n)
	mul(m, res.Weights, y)
	for i := range y {
		if math.Abs(y[i]-res.LambdaMax*res.Weights[i]) > 1e-6*res.LambdaMax {
			t.Fatalf("(A·w)_%d = %g, λmax·w = %g: not an eigenvector", i, y[i], res.LambdaMax*res.Weights[i])
		}
	}
	if res.Consistent != (res.CR <= ConsistencyLimit) {
		t.Fatalf("Consistent %v with CR %g", res.Consistent, res.CR)
	}
}

func TestAHPRoundedReciprocals(t *testing.T) {
	// 1/3 typed as 0.33 and 1/7 as 0.14: accepted, and the same weights
	// (to the precision of the typing) as the exact matrix.
	a := [][]float64{{1, 3, 7}, {0.33, 1, 3}, {0.14, 0.33, 1}}
	res, err := AHP(a)
	if err != nil {
		t.Fatal(err)
	}
	exact, _ := AHP([][]float64{{1, 3, 7}, {1. / 3, 1, 3}, {1. / 7, 1. / 3, 1}})
	for i := range res.Weights {
		if math.Abs(res.Weights[i]-exact.Weights[i]) > 0.005 {
			t.Errorf("weight %d = %g, exact %g", i, res.Weights[i], exact.Weights[i])
		}
	}
}

func TestAHPBadMatrix(t *testing.T) {
	for _, tc := range []struct {
		name   string
		a      [][]float64
		field  string
		phrase string
	}{
		{"empty", nil, "Matrix", "has 0 rows"},
		{"too big", make([][]float64, 11), "Matrix", "1 to 10"},
		{"not square", [][]float64{{1, 2}, {0.5}}, "Matrix[1]", "has 1 columns, want 2"},
		{"zero", [][]float64{{1, 0}, {0, 1}}, "Matrix[0][1]", "positive"},
		{"negative", [][]float64{{1, -2}, {-0.5, 1}}, "Matrix[0][1]", "positive"},
		{"NaN", [][]float64{{1, math.NaN()}, {1, 1}}, "Matrix[0][1]", "positive"},
		{"diagonal", [][]float64{{2, 1}, {1, 1}}, "Matrix[0][0]", "must be 1"},
		{"not reciprocal", [][]float64{{1, 3, 1}, {3, 1, 1}, {1, 1, 1}}, "Matrix[1][0]", "reciprocal of Matrix[0][1]"},
		{"off scale", [][]float64{{1, 20}, {0.05, 1}}, "Matrix[0][1]", "outside Saaty's scale"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := AHP(tc.a)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v, want an *InputError", err)
			}
			if ie.Field != tc.field || !strings.Contains(ie.Message, tc.phrase) {
				t.Errorf("field %q message %q; want field %q containing %q", ie.Field, ie.Message, tc.field, tc.phrase)
			}
		})
	}
}

func TestMatrix(t *testing.T) {
	m, err := Matrix(3, []Judgement{{0, 1, 3}, {2, 0, 1. / 5}, {1, 2, 2}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{1, 3, 5}, {1. / 3, 1, 2}, {1. / 5, 1. / 2, 1}}
	for i := range want {
		for j := range want[i] {
			if math.Abs(m[i][j]-want[i][j]) > 1e-12 {
				t.Errorf("m[%d][%d] = %g, want %g", i, j, m[i][j], want[i][j])
			}
		}
	}
	for _, tc := range []struct {
		name   string
		js     []Judgement
		phrase string
	}{
		{"missing pair", []Judgement{{0, 1, 3}, {0, 2, 5}}, "criteria 1 and 2 are not compared"},
		{"repeated pair", []Judgement{{0, 1, 3}, {1, 0, 1. / 3}, {0, 2, 5}, {1, 2, 1}}, "more than once"},
		{"self", []Judgement{{1, 1, 1}}, "with itself"},
		{"out of range", []Judgement{{0, 3, 2}}, "there are 3"},
		{"zero", []Judgement{{0, 1, 0}}, "positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Matrix(3, tc.js); err == nil || !strings.Contains(err.Error(), tc.phrase) {
				t.Errorf("error %v, want one containing %q", err, tc.phrase)
			}
		})
	}
}

// FuzzAHP feeds arbitrary matrices: AHP never panics, and whatever it
// accepts satisfies the invariants.
func FuzzAHP(f *testing.F) {
	f.Add(uint8(3), 3.0, 5.0, 2.0, 0.2)
	f.Add(uint8(4), 9.0, 1.0/9, 1.0, 7.0)
	f.Add(uint8(2), 0.0, -1.0, math.NaN(), math.Inf(1))
	f.Fuzz(func(t *testing.T, n uint8, x, y, z, u float64) {
		size := int(n % 12)
		vals := []float64{x, y, z, u}
		a := make([][]float64, size)
		k := 0
		for i := range a {
			a[i] = make([]float64, size)
			a[i][i] = 1
		}
		for i := range size {
			for j := i + 1; j < size; j++ {
				v := vals[k%len(vals)]
				k++
				a[i][j] = v
				a[j][i] = 1 / v
				if k%5 == 0 {
					a[j][i] = v // sometimes not reciprocal
				}
			}
		}
		res, err := AHP(a)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		checkAHP(t, a, res)
	})
}

func BenchmarkAHP(b *testing.B) {
	a := published[2].matrix
	for b.Loop() {
		if _, err := AHP(a); err != nil {
			b.Fatal(err)
		}
	}
}
