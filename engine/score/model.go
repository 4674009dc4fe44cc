package score

import (
	"errors"
	"fmt"
	"math"
)

// Direction says whether a high score is good or bad.
type Direction int

// Directions of a criterion.
const (
	Benefit Direction = iota // higher is better (strategic alignment, value)
	Cost                     // lower is better (delivery risk, complexity)
)

// String returns "benefit" or "cost".
func (d Direction) String() string {
	if d == Cost {
		return "cost"
	}
	return "benefit"
}

// Criterion is one thing proposals are scored on.
type Criterion struct {
	ID        string  // short key, unique within the model, e.g. "strategic"
	Weight    float64 // relative importance; weights need not sum to 1 or 100
	Min, Max  float64 // the scale, e.g. 0 and 5
	Direction Direction
}

// Model is a weighted scoring model: the criteria proposals are scored on.
type Model struct {
	Criteria []Criterion
}

// InputError is a problem with one field of the input, naming the
// proposal (if any) and the field.
type InputError struct {
	Item    string // proposal ID; empty for fields of the model
	Field   string // e.g. "Criteria[2].Weight" or "Ratings[ana].risk"
	Message string
}

// Error names the proposal, the field and the problem.
func (e *InputError) Error() string {
	if e.Item == "" {
		return fmt.Sprintf("score: %s: %s", e.Field, e.Message)
	}
	return fmt.Sprintf("score: proposal %q: %s: %s", e.Item, e.Field, e.Message)
}

// Validate checks the model and returns every error found, joined; each is
// an *InputError naming the field.
func (m *Model) Validate() error {
	var errs []error
	bad := func(field, format string, a ...any) {
		errs = append(errs, &InputError{Field: field, Message: fmt.Sprintf(format, a...)})
	}
	if len(m.Criteria) == 0 {
		bad("Criteria", "a scoring model needs at least one criterion")
	}
	seen := map[string]bool{}
	total := 0.0
	for k, c := range m.Criteria {
		f := fmt.Sprintf("Criteria[%d]", k)
		switch {
		case c.ID == "":
			bad(f+".ID", "is empty")
		case seen[c.ID]:
			bad(f+".ID", "duplicate criterion %q", c.ID)
		}
		seen[c.ID] = true
		switch {
		case !finite(c.Weight):
			bad(f+".Weight", "is not a finite number")
		case c.Weight < 0:
			bad(f+".Weight", "is negative (%g)", c.Weight)
		default:
			total += c.Weight
		}
		switch {
		case !finite(c.Min) || !finite(c.Max):
			bad(f+".Min/Max", "the scale must be finite numbers")
		case c.Max <= c.Min:
			bad(f+".Max", "the scale's maximum (%g) must be above its minimum (%g)", c.Max, c.Min)
		}
		if c.Direction != Benefit && c.Direction != Cost {
			bad(f+".Direction", "must be benefit or cost")
		}
	}
	switch {
	case len(m.Criteria) == 0 || len(errs) > 0:
	case total <= 0:
		bad("Criteria", "at least one weight must be above zero")
	case math.IsInf(total, 0):
		bad("Criteria", "the weights are too large to add up")
	}
	return errors.Join(errs...)
}

// Normalise maps score s on c's scale to 0..1, where 1 is best: a benefit's
// maximum or a cost's minimum. Scores outside the scale are clamped.
func (c Criterion) Normalise(s float64) float64 {
	n := (s - c.Min) / (c.Max - c.Min)
	if c.Direction == Cost {
		n = 1 - n
	}
	return math.Min(1, math.Max(0, n))
}

// criterion returns the index of the criterion with the given ID, or -1.
func (m *Model) criterion(id string) int {
	for k, c := range m.Criteria {
		if c.ID == id {
			return k
		}
	}
	return -1
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
