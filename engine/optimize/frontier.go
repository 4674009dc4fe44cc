package optimize

import (
	"context"
	"errors"
	"slices"
)

// FrontierPoint is the best selection at one budget level.
type FrontierPoint struct {
	Level    float64 // budget multiplier, e.g. 1 for the budget as given
	Budget   float64 // total budget over the horizon at this level
	Status   Status
	Value    float64
	Bound    float64 // proven upper bound; max value never exceeds it
	Selected []Choice
	Nodes    int64
}

// FrontierLevels returns n levels evenly spaced from lo to hi (n ≥ 2).
func FrontierLevels(lo, hi float64, n int) []float64 {
	if n < 2 {
		return []float64{lo}
	}
	out := make([]float64, n)
	for k := range out {
		out[k] = lo + (hi-lo)*float64(k)/float64(n-1)
	}
	return out
}

// Frontier solves p with every period's budget multiplied by each level
// (for instance FrontierLevels(0.5, 1.5, 11)) and returns the points in
// ascending level order. Work is reused: each point starts from the
// previous point's selection, which stays feasible with more budget, and
// each point's bound is tightened by the bound of any higher level. opt
// applies to every point (a NodeLimit is per point); when ctx ends, the
// remaining points still get their heuristic answer and root bound.
func Frontier(ctx context.Context, p *Problem, levels []float64, opt Options) ([]FrontierPoint, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.Budget == nil {
		return nil, &InputError{Field: "Budget", Message: "a frontier needs a budget to vary"}
	}
	for _, l := range levels {
		if !(l >= 0) {
			return nil, errors.New("optimize: frontier levels must be non-negative numbers")
		}
	}
	levels = slices.Clone(levels)
	slices.Sort(levels)
	total := 0.0
	for _, b := range p.Budget {
		total += b
	}
	out := make([]FrontierPoint, len(levels))
	var prev []Choice
	for k, level := range levels {
		md := compile(p, level)
		sol := md.solveDiag(ctx, opt, md.point(prev), false)
		out[k] = FrontierPoint{Level: level, Budget: total * level, Status: sol.Status,
			Value: sol.Value, Bound: sol.Bound, Selected: sol.Selected, Nodes: sol.Nodes}
		if sol.Status == Optimal || sol.Status == Feasible {
			prev = sol.Selected
		}
	}
	// More budget never lowers the best value, so a bound at a higher level
	// also bounds every lower one.
	for k := len(out) - 2; k >= 0; k-- {
		if out[k].Status == Feasible && out[k+1].Bound < out[k].Bound && out[k+1].Status != Infeasible {
			out[k].Bound = max(out[k].Value, out[k+1].Bound)
			if out[k].Bound == out[k].Value {
				out[k].Status = Optimal
			}
		}
	}
	return out, nil
}
