package planning

import (
	"context"
	"slices"

	"github.com/pmohq/pmo/engine/optimize"
)

// ForcedPrice is what one forced decision costs: the best value with the
// decision released, against the value with it.
type ForcedPrice struct {
	Code string `json:"code"`
	// Decision is "mandatory", "locked in" or "locked out".
	Decision string `json:"decision"`
	// Released is the best value found with the decision left to the
	// optimiser; Lost = Released - the outcome's value, never below 0
	// when both are proven.
	Released float64 `json:"released"`
	Lost     float64 `json:"lost"`
	Proven   bool    `json:"proven"` // the released solve was proven optimal
}

// ForcedPrices prices every forced decision of the plan (DOMAIN.md §2:
// "show the value lost by each forced decision") by solving once per
// decision with it released, starting from sol. ctx bounds all the solves
// together; opt applies to each.
func (pl *Plan) ForcedPrices(ctx context.Context, sol *optimize.Solution, opt optimize.Options) []ForcedPrice {
	out := []ForcedPrice{}
	for k, p := range pl.Proposals {
		it := pl.Problem.Items[k]
		var decision string
		switch {
		case it.Mandatory:
			decision = "mandatory"
		case it.Lock == optimize.LockIn:
			decision = "locked in"
		case it.Lock == optimize.LockOut && slices.Contains(pl.Scenario.LockOut, p.ID):
			decision = "locked out"
		default:
			continue // not forced, or kept out by a dependency rather than a decision
		}
		q := *pl.Problem
		q.Items = slices.Clone(pl.Problem.Items)
		q.Items[k].Mandatory, q.Items[k].Lock = false, optimize.LockNone
		o := opt
		if sol != nil && sol.Status != optimize.Infeasible {
			o.Start = sol.Selected // still feasible: releasing only widens the choice
		}
		alt, err := optimize.Solve(ctx, &q, o)
		if err != nil || alt.Status == optimize.Infeasible || alt.Status == optimize.NoSolution {
			continue
		}
		fp := ForcedPrice{Code: p.Code, Decision: decision, Released: alt.Value * pl.vunit, Proven: alt.Status == optimize.Optimal}
		if sol != nil {
			fp.Lost = max(0, (alt.Value-sol.Value)*pl.vunit)
		}
		out = append(out, fp)
	}
	return out
}
