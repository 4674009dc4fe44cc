package score

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Rating is one reviewer's scores of one proposal.
type Rating struct {
	Reviewer string
	Scores   map[string]float64 // criterion ID → score on its scale
}

// Entry is a proposal to score, with its reviewers' ratings.
type Entry struct {
	ID      string
	Ratings []Rating
}

// Spread summarises the reviewers' scores of one proposal on one criterion,
// on the criterion's scale. StdDev is the population standard deviation
// (0 for a single reviewer): how far the panel is from agreeing.
type Spread struct {
	N                      int // reviewers who gave a score
	Mean, Min, Max, StdDev float64
}

// CriterionScore is a proposal's result on one criterion.
type CriterionScore struct {
	ID         string
	Spread     Spread
	Normalised float64 // the mean score mapped to 0..1, 1 best
	Points     float64 // contribution to the 0..100 total
}

// Result is one proposal's score and place in the ranking.
type Result struct {
	ID        string
	Rank      int     // 1 is best; a strict order after tie-breaks
	Total     float64 // 0..100
	Tied      bool    // same total as the proposal just above; the tie-break decided
	Criteria  []CriterionScore
	Missing   []string // criteria nobody scored; they count as the worst score
	Reviewers int      // reviewers who rated the proposal
}

// Complete reports whether every criterion has at least one score.
func (r *Result) Complete() bool { return len(r.Missing) == 0 }

// tieTolerance is how close two totals must be to count as tied.
const tieTolerance = 1e-9

// Rank scores every entry with model m and returns them best first. It
// returns the joined *InputError values for an invalid model, a duplicate
// or empty proposal ID or reviewer, a score for an unknown criterion, or a
// score outside its criterion's scale.
func Rank(m *Model, entries []Entry) ([]Result, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var errs []error
	seen := map[string]bool{}
	out := make([]Result, 0, len(entries))
	for k, e := range entries {
		switch {
		case e.ID == "":
			errs = append(errs, &InputError{Item: fmt.Sprintf("#%d", k), Field: "ID", Message: "is empty"})
			continue
		case seen[e.ID]:
			errs = append(errs, &InputError{Item: e.ID, Field: "ID", Message: "is used by more than one proposal"})
			continue
		}
		seen[e.ID] = true
		r, err := evaluate(m, e)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, r)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	order := heaviestFirst(m)
	slices.SortFunc(out, func(a, b Result) int {
		if math.Abs(a.Total-b.Total) > tieTolerance {
			return cmp.Compare(b.Total, a.Total)
		}
		for _, k := range order {
			if c := cmp.Compare(b.Criteria[k].Normalised, a.Criteria[k].Normalised); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.ID, b.ID)
	})
	for k := range out {
		out[k].Rank = k + 1
		out[k].Tied = k > 0 && math.Abs(out[k].Total-out[k-1].Total) <= tieTolerance
	}
	return out, nil
}

// Evaluate scores one entry with model m, without ranking it.
func Evaluate(m *Model, e Entry) (Result, error) {
	if err := m.Validate(); err != nil {
		return Result{}, err
	}
	return evaluate(m, e)
}

func evaluate(m *Model, e Entry) (Result, error) {
	var errs []error
	bad := func(field, format string, a ...any) {
		errs = append(errs, &InputError{Item: e.ID, Field: field, Message: fmt.Sprintf(format, a...)})
	}
	scores := make([][]float64, len(m.Criteria))
	reviewers := map[string]bool{}
	for k, r := range e.Ratings {
		switch {
		case r.Reviewer == "":
			bad(fmt.Sprintf("Ratings[%d].Reviewer", k), "is empty")
			continue
		case reviewers[r.Reviewer]:
			bad(fmt.Sprintf("Ratings[%s]", r.Reviewer), "the reviewer rated this proposal more than once")
			continue
		}
		reviewers[r.Reviewer] = true
		for _, id := range sortedKeys(r.Scores) {
			s, c := r.Scores[id], m.criterion(id)
			if c >= 0 && finite(s) && s >= m.Criteria[c].Min && s <= m.Criteria[c].Max {
				scores[c] = append(scores[c], s)
				continue
			}
			f := "Ratings[" + r.Reviewer + "]." + id
			switch {
			case c < 0:
				bad(f, "unknown criterion %q", id)
			case !finite(s):
				bad(f, "is not a finite number")
			default:
				bad(f, "%g is outside the scale %g to %g", s, m.Criteria[c].Min, m.Criteria[c].Max)
			}
		}
	}
	if len(errs) > 0 {
		return Result{}, errors.Join(errs...)
	}
	res := Result{ID: e.ID, Reviewers: len(reviewers), Criteria: make([]CriterionScore, len(m.Criteria))}
	wsum := 0.0
	for _, c := range m.Criteria {
		wsum += c.Weight
	}
	for k, c := range m.Criteria {
		cs := CriterionScore{ID: c.ID, Spread: spread(scores[k])}
		if cs.Spread.N == 0 {
			res.Missing = append(res.Missing, c.ID)
		} else {
			cs.Normalised = c.Normalise(cs.Spread.Mean)
		}
		cs.Points = 100 * c.Weight * cs.Normalised / wsum
		res.Total += cs.Points
		res.Criteria[k] = cs
	}
	return res, nil
}

// spread returns the mean, range and population standard deviation of v.
func spread(v []float64) Spread {
	if len(v) == 0 {
		return Spread{}
	}
	s := Spread{N: len(v), Min: v[0], Max: v[0]}
	for _, x := range v {
		s.Mean += x
		s.Min, s.Max = min(s.Min, x), max(s.Max, x)
	}
	s.Mean /= float64(len(v))
	for _, x := range v {
		s.StdDev += (x - s.Mean) * (x - s.Mean)
	}
	s.StdDev = math.Sqrt(s.StdDev / float64(len(v)))
	return s
}

// heaviestFirst returns the criterion indexes by descending weight, model
// order among equal weights: the tie-break order.
func heaviestFirst(m *Model) []int {
	idx := make([]int, len(m.Criteria))
	for k := range idx {
		idx[k] = k
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(m.Criteria[b].Weight, m.Criteria[a].Weight) })
	return idx
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
