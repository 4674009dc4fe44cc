package score

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// defaultModel is DOMAIN.md §2's example: six criteria on 0..5, weights
// summing to 100, delivery risk scored inversely.
func defaultModel() *Model {
	return &Model{Criteria: []Criterion{
		{ID: "strategic", Weight: 30, Max: 5},
		{ID: "financial", Weight: 25, Max: 5},
		{ID: "urgency", Weight: 15, Max: 5},
		{ID: "risk_of_not_doing", Weight: 10, Max: 5},
		{ID: "delivery_risk", Weight: 10, Max: 5, Direction: Cost},
		{ID: "stakeholder", Weight: 10, Max: 5},
	}}
}

func rating(reviewer string, s ...float64) Rating {
	ids := []string{"strategic", "financial", "urgency", "risk_of_not_doing", "delivery_risk", "stakeholder"}
	r := Rating{Reviewer: reviewer, Scores: map[string]float64{}}
	for k, v := range s {
		r.Scores[ids[k]] = v
	}
	return r
}

func TestRankWorkedExample(t *testing.T) {
	// P1 by hand: 100 × (30·4/5 + 25·3/5 + 15·5/5 + 10·2/5 + 10·(5-1)/5 + 10·3/5) / 100
	//           = 24 + 15 + 15 + 4 + 8 + 6 = 72.
	got, err := Rank(defaultModel(), []Entry{
		{ID: "P2", Ratings: []Rating{rating("ana", 5, 5, 0, 0, 5, 0)}}, // 30 + 25 = 55
		{ID: "P1", Ratings: []Rating{rating("ana", 4, 3, 5, 2, 1, 3)}},
		{ID: "P3", Ratings: []Rating{rating("ana", 5, 5, 5, 5, 0, 5)}}, // 100
	})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		ID    string
		Rank  int
		Total float64
	}
	var rows []row
	for _, r := range got {
		rows = append(rows, row{r.ID, r.Rank, r.Total})
	}
	want := []row{{"P3", 1, 100}, {"P1", 2, 72}, {"P2", 3, 55}}
	if d := cmp.Diff(want, rows, cmpopts.EquateApprox(0, 1e-9)); d != "" {
		t.Errorf("ranking (-want +got):\n%s", d)
	}
	if p := got[1].Criteria[4].Points; math.Abs(p-8) > 1e-9 {
		t.Errorf("delivery risk 1 of 5 (a cost) gives %g points, want 8", p)
	}
}

func TestRankReviewersSpread(t *testing.T) {
	got, err := Rank(defaultModel(), []Entry{{ID: "P1", Ratings: []Rating{
		rating("ana", 5, 3, 3, 3, 3, 3),
		rating("ben", 1, 3, 3, 3, 3, 3),
		rating("cy", 3, 3, 3, 3, 3, 3),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	s := got[0].Criteria[0].Spread
	want := Spread{N: 3, Mean: 3, Min: 1, Max: 5, StdDev: math.Sqrt(8.0 / 3)}
	if d := cmp.Diff(want, s, cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("strategic spread (-want +got):\n%s", d)
	}
	if got[0].Reviewers != 3 || got[0].Criteria[1].Spread.StdDev != 0 {
		t.Errorf("reviewers %d, financial spread %+v", got[0].Reviewers, got[0].Criteria[1].Spread)
	}
	// Mean 3 of 5 everywhere: 3/5 of the 90 benefit points plus 2/5 of the
	// 10 points of delivery risk, which is a cost: 54 + 4.
	if math.Abs(got[0].Total-58) > 1e-9 {
		t.Errorf("total %g, want 58", got[0].Total)
	}
}

func TestRankPartialScores(t *testing.T) {
	// ben scored only strategic: the mean on it uses both reviewers, the
	// others use ana alone; nobody scored stakeholder, which counts as 0.
	got, err := Rank(defaultModel(), []Entry{{ID: "P1", Ratings: []Rating{
		rating("ana", 4, 5, 5, 5, 0),
		{Reviewer: "ben", Scores: map[string]float64{"strategic": 2}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	r := got[0]
	if r.Criteria[0].Spread.N != 2 || r.Criteria[1].Spread.N != 1 {
		t.Errorf("counts %d %d, want 2 1", r.Criteria[0].Spread.N, r.Criteria[1].Spread.N)
	}
	if r.Complete() || !slicesEqual(r.Missing, []string{"stakeholder"}) {
		t.Errorf("missing %v, want [stakeholder]", r.Missing)
	}
	// 30·3/5 + 25 + 15 + 10 + 10 + 0 = 78
	if math.Abs(r.Total-78) > 1e-9 {
		t.Errorf("total %g, want 78", r.Total)
	}
}

func TestRankTieBreak(t *testing.T) {
	// B and C tie on 50 with A's help on different criteria: C is better
	// on the heaviest (strategic), so C ranks first; D and E are identical
	// and fall back to the ID.
	m := &Model{Criteria: []Criterion{{ID: "strategic", Weight: 2, Max: 4}, {ID: "financial", Weight: 2, Max: 4}, {ID: "urgency", Weight: 1, Max: 4}}}
	e := func(id string, s, f, u float64) Entry {
		return Entry{ID: id, Ratings: []Rating{{Reviewer: "r", Scores: map[string]float64{"strategic": s, "financial": f, "urgency": u}}}}
	}
	got, err := Rank(m, []Entry{e("E", 2, 2, 2), e("B", 1, 3, 2), e("C", 3, 1, 2), e("D", 2, 2, 2), e("A", 4, 4, 4)})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	var tied []bool
	for _, r := range got {
		order = append(order, r.ID)
		tied = append(tied, r.Tied)
	}
	if d := cmp.Diff([]string{"A", "C", "D", "E", "B"}, order); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]bool{false, false, true, true, true}, tied); d != "" {
		t.Errorf("tied (-want +got):\n%s", d)
	}
}

func TestRankErrors(t *testing.T) {
	good := Entry{ID: "P1", Ratings: []Rating{rating("ana", 1, 2, 3, 4, 5, 0)}}
	for _, tc := range []struct {
		name    string
		model   func(m *Model)
		entries []Entry
		item    string
		field   string
		phrase  string
	}{
		{"no criteria", func(m *Model) { m.Criteria = nil }, nil, "", "Criteria", "at least one criterion"},
		{"duplicate criterion", func(m *Model) { m.Criteria[1].ID = "strategic" }, nil, "", "Criteria[1].ID", "duplicate"},
		{"negative weight", func(m *Model) { m.Criteria[2].Weight = -1 }, nil, "", "Criteria[2].Weight", "negative"},
		{"all zero weights", func(m *Model) {
			for k := range m.Criteria {
				m.Criteria[k].Weight = 0
			}
		}, nil, "", "Criteria", "above zero"},
		{"flat scale", func(m *Model) { m.Criteria[0].Max = 0 }, nil, "", "Criteria[0].Max", "above its minimum"},
		{"bad direction", func(m *Model) { m.Criteria[0].Direction = 7 }, nil, "", "Criteria[0].Direction", "benefit or cost"},
		{"score above scale", nil, []Entry{{ID: "P1", Ratings: []Rating{rating("ana", 6)}}}, "P1", "Ratings[ana].strategic", "outside the scale 0 to 5"},
		{"unknown criterion", nil, []Entry{{ID: "P1", Ratings: []Rating{{Reviewer: "ana", Scores: map[string]float64{"beauty": 3}}}}}, "P1", "Ratings[ana].beauty", `unknown criterion "beauty"`},
		{"NaN score", nil, []Entry{{ID: "P1", Ratings: []Rating{rating("ana", math.NaN())}}}, "P1", "Ratings[ana].strategic", "finite"},
		{"reviewer twice", nil, []Entry{{ID: "P1", Ratings: []Rating{rating("ana", 1), rating("ana", 2)}}}, "P1", "Ratings[ana]", "more than once"},
		{"no reviewer", nil, []Entry{{ID: "P1", Ratings: []Rating{rating("", 1)}}}, "P1", "Ratings[0].Reviewer", "empty"},
		{"duplicate proposal", nil, []Entry{good, good}, "P1", "ID", "more than one"},
		{"empty proposal", nil, []Entry{{}}, "#0", "ID", "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := defaultModel()
			if tc.model != nil {
				tc.model(m)
			}
			_, err := Rank(m, tc.entries)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v, want an *InputError", err)
			}
			if ie.Item != tc.item || ie.Field != tc.field || !strings.Contains(ie.Message, tc.phrase) {
				t.Errorf("item %q field %q message %q; want %q %q containing %q", ie.Item, ie.Field, ie.Message, tc.item, tc.field, tc.phrase)
			}
		})
	}
}

func TestNormalise(t *testing.T) {
	b := Criterion{Min: 1, Max: 9}
	c := Criterion{Min: 1, Max: 9, Direction: Cost}
	for _, tc := range []struct{ s, benefit, cost float64 }{{1, 0, 1}, {9, 1, 0}, {5, 0.5, 0.5}, {0, 0, 1}, {10, 1, 0}} {
		if got := b.Normalise(tc.s); got != tc.benefit {
			t.Errorf("benefit Normalise(%g) = %g, want %g", tc.s, got, tc.benefit)
		}
		if got := c.Normalise(tc.s); got != tc.cost {
			t.Errorf("cost Normalise(%g) = %g, want %g", tc.s, got, tc.cost)
		}
	}
}

// TestRankProperties checks invariants on random models and scores:
// totals lie in 0..100, ranks are 1..n in non-increasing total order, the
// ranking does not depend on the input order, scaling all weights changes
// nothing, and raising one benefit score never lowers the total.
func TestRankProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		m, entries := randomScoring(rng)
		got, err := Rank(m, entries)
		if err != nil {
			t.Fatal(err)
		}
		for k, r := range got {
			if r.Total < -1e-9 || r.Total > 100+1e-9 || r.Rank != k+1 {
				t.Fatalf("result %d: rank %d total %g", k, r.Rank, r.Total)
			}
			if k > 0 && r.Total > got[k-1].Total+tieTolerance {
				t.Fatalf("%s (%g) ranked below %s (%g)", r.ID, r.Total, got[k-1].ID, got[k-1].Total)
			}
		}
		shuffled := append([]Entry(nil), entries...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		scaled := &Model{Criteria: append([]Criterion(nil), m.Criteria...)}
		for k := range scaled.Criteria {
			scaled.Criteria[k].Weight *= 7
		}
		again, err := Rank(scaled, shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(ids(got), ids(again)); d != "" {
			t.Fatalf("order changed with input order or weight scale (-first +second):\n%s", d)
		}
	}
}

func ids(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func randomScoring(rng *rand.Rand) (*Model, []Entry) {
	m := &Model{}
	for k := range 1 + rng.IntN(6) {
		lo := float64(rng.IntN(3))
		m.Criteria = append(m.Criteria, Criterion{ID: string(rune('a' + k)), Weight: float64(1 + rng.IntN(5)),
			Min: lo, Max: lo + float64(1+rng.IntN(9)), Direction: Direction(rng.IntN(2))})
	}
	var entries []Entry
	for p := range rng.IntN(12) {
		e := Entry{ID: "P" + string(rune('A'+p))}
		for r := range 1 + rng.IntN(3) {
			rt := Rating{Reviewer: string(rune('r' + r)), Scores: map[string]float64{}}
			for _, c := range m.Criteria {
				if rng.IntN(5) > 0 {
					rt.Scores[c.ID] = c.Min + float64(rng.IntN(int(c.Max-c.Min)+1))
				}
			}
			e.Ratings = append(e.Ratings, rt)
		}
		entries = append(entries, e)
	}
	return m, entries
}

func TestRankMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200 {
		m, entries := randomScoring(rng)
		if len(entries) == 0 {
			continue
		}
		e := entries[0]
		before, err := Evaluate(m, e)
		if err != nil {
			t.Fatal(err)
		}
		c := m.Criteria[rng.IntN(len(m.Criteria))]
		r := e.Ratings[0]
		up := Rating{Reviewer: r.Reviewer, Scores: map[string]float64{}}
		for k, v := range r.Scores {
			up.Scores[k] = v
		}
		if c.Direction == Benefit {
			up.Scores[c.ID] = c.Max
		} else {
			up.Scores[c.ID] = c.Min
		}
		e.Ratings = append([]Rating{up}, e.Ratings[1:]...)
		after, err := Evaluate(m, e)
		if err != nil {
			t.Fatal(err)
		}
		if after.Total < before.Total-1e-9 {
			t.Fatalf("a better score on %s lowered the total from %g to %g", c.ID, before.Total, after.Total)
		}
	}
}

// FuzzRank scores arbitrary numbers: Rank never panics, rejects what is
// off the scale with an *InputError, and keeps totals within 0..100.
func FuzzRank(f *testing.F) {
	f.Add(3.0, 5.0, 0.0, 5.0, 2.5, 10.0, uint8(0))
	f.Add(-1.0, 1e308, 1.0, 1.0, math.NaN(), 0.0, uint8(1))
	f.Fuzz(func(t *testing.T, s1, s2, lo, hi, w1, w2 float64, dir uint8) {
		m := &Model{Criteria: []Criterion{
			{ID: "a", Weight: w1, Min: lo, Max: hi, Direction: Direction(dir % 3)},
			{ID: "b", Weight: w2, Min: 0, Max: 5},
		}}
		got, err := Rank(m, []Entry{
			{ID: "X", Ratings: []Rating{{Reviewer: "r", Scores: map[string]float64{"a": s1, "b": s2}}}},
			{ID: "Y", Ratings: []Rating{{Reviewer: "r", Scores: map[string]float64{"a": s2}}}},
		})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		for _, r := range got {
			if !(r.Total >= -1e-9 && r.Total <= 100+1e-9) {
				t.Fatalf("total %g outside 0..100 (model %+v)", r.Total, m)
			}
		}
	})
}

func BenchmarkRank(b *testing.B) {
	// 200 proposals, three reviewers each, on the six DEFAULT criteria.
	rng := rand.New(rand.NewPCG(9, 10))
	m := defaultModel()
	var entries []Entry
	for p := range 200 {
		e := Entry{ID: string(rune('A'+p%26)) + string(rune('0'+p/26))}
		for _, r := range []string{"ana", "ben", "cy"} {
			s := make([]float64, 6)
			for k := range s {
				s[k] = float64(rng.IntN(6))
			}
			e.Ratings = append(e.Ratings, rating(r, s...))
		}
		entries = append(entries, e)
	}
	for b.Loop() {
		if _, err := Rank(m, entries); err != nil {
			b.Fatal(err)
		}
	}
}

func slicesEqual(a, b []string) bool { return cmp.Equal(a, b) }
