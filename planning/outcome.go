package planning

import (
	"context"
	"math"
	"slices"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/optimize"
)

// Outcome is an optimiser answer in PMO terms.
type Outcome struct {
	Objective  pmo.Objective `json:"objective"`
	Status     string        `json:"status"` // optimal, feasible, infeasible or no solution
	Proven     bool          `json:"proven"` // optimal, or proven infeasible
	Infeasible bool          `json:"infeasible"`
	// Value is the objective of the selection: the sum of weighted scores
	// (0-100 each) or of NPVs in minor units. No selection is worth more
	// than Bound; Gap is (Bound - Value) / Bound, 0 when proven optimal.
	Value     float64       `json:"value"`
	Bound     float64       `json:"bound"`
	Gap       float64       `json:"gap"`
	Selected  []Chosen      `json:"selected"`
	Rejected  []string      `json:"rejected"` // candidates left out, by code
	TotalCost int64         `json:"total_cost"`
	TotalNPV  int64         `json:"total_npv"`
	Currency  string        `json:"currency"`
	Spend     []PeriodSpend `json:"spend"`
	Capacity  []RoleUse     `json:"capacity"`
	// Commitments are the running projects whose load Spend and Capacity
	// show as committed, when it was derived from the portfolio.
	Commitments []Commitment `json:"commitments,omitempty"`
	Conflicts   []string     `json:"conflicts,omitempty"` // why an infeasible set-up has no selection
	Notes       []Note       `json:"notes,omitempty"`
	Nodes       int64        `json:"nodes"`
}

// Chosen is a selected proposal and when it starts.
type Chosen struct {
	ProposalID int64      `json:"proposal_id"`
	Code       string     `json:"code"`
	Title      string     `json:"title"`
	Start      pmo.Period `json:"start"`
	Value      float64    `json:"value"` // its contribution to the objective
	NPV        int64      `json:"npv"`
	Cost       int64      `json:"cost"` // capex plus opex
	Forced     bool       `json:"forced"`
}

// PeriodSpend is the money in one period: what running work has
// committed, what the selection spends and the budget (when there is one).
type PeriodSpend struct {
	Period    pmo.Period `json:"period"`
	Committed int64      `json:"committed"`
	Selected  int64      `json:"selected"`
	Budget    *int64     `json:"budget"` // nil: no budget limit
}

// RoleUse is one role's FTE per period: committed, used by the selection,
// and its capacity.
type RoleUse struct {
	Role      string    `json:"role"`
	Committed []float64 `json:"committed"`
	Selected  []float64 `json:"selected"`
	Capacity  []float64 `json:"capacity"`
}

// Solve runs the optimiser on the plan with the scenario's seed; ctx
// carries the time limit. It returns the raw solution and its outcome.
func (pl *Plan) Solve(ctx context.Context, opt optimize.Options) (*optimize.Solution, *Outcome, error) {
	sol, err := optimize.Solve(ctx, pl.Problem, opt)
	if err != nil {
		return nil, nil, engineError(err)
	}
	return sol, pl.Outcome(sol), nil
}

// Outcome maps sol, a solution of pl.Problem, to PMO terms.
func (pl *Plan) Outcome(sol *optimize.Solution) *Outcome {
	s := pl.Scenario
	o := &Outcome{Objective: s.Objective, Status: sol.Status.String(), Currency: s.Currency,
		Proven:     sol.Status == optimize.Optimal || sol.Status == optimize.Infeasible,
		Infeasible: sol.Status == optimize.Infeasible, Value: sol.Value * pl.vunit, Bound: sol.Bound * pl.vunit,
		Nodes: sol.Nodes, Notes: pl.Notes, Selected: []Chosen{}, Rejected: []string{},
		Commitments: pl.Committed.Sources}
	if sol.Status == optimize.Feasible && sol.Bound > 0 {
		o.Gap = math.Max(0, (sol.Bound-sol.Value)/sol.Bound)
	}
	if s.Objective == pmo.ObjectiveNPV {
		// Exact sums in minor units, not the scaled optimiser's floats.
		o.Value = 0
	}
	if o.Infeasible {
		o.Conflicts = pl.conflicts(sol.Conflicts)
	}
	chosen := map[string]int{}
	for _, c := range sol.Selected {
		chosen[c.ID] = c.Start
	}
	spend := make([]int64, s.Periods)
	for k, p := range pl.Proposals {
		it := &pl.Problem.Items[k]
		start, ok := chosen[p.Code]
		if !ok {
			o.Rejected = append(o.Rejected, p.Code)
			continue
		}
		ch := Chosen{ProposalID: p.ID, Code: p.Code, Title: p.Title, Start: s.PeriodAt(start),
			Value: it.Value * pl.vunit, NPV: p.NPV, Forced: it.Mandatory || it.Lock == optimize.LockIn}
		if s.Objective == pmo.ObjectiveNPV {
			ch.Value = float64(max(0, p.NPV))
			o.Value += ch.Value
		}
		for j, c := range p.Case.Cost() {
			if start+j < s.Periods {
				spend[start+j] += c
				ch.Cost += c
			}
		}
		o.TotalCost += ch.Cost
		o.TotalNPV += p.NPV
		o.Selected = append(o.Selected, ch)
	}
	for t := range s.Periods {
		ps := PeriodSpend{Period: s.PeriodAt(t), Selected: spend[t]}
		if t < len(pl.Committed.Cost) {
			ps.Committed = pl.Committed.Cost[t]
		}
		if len(s.Budget) > 0 {
			b := s.Budget[t]
			ps.Budget = &b
		}
		o.Spend = append(o.Spend, ps)
	}
	for _, r := range s.Capacity {
		ru := RoleUse{Role: r.Role, Capacity: slices.Clone(r.FTE), Committed: make([]float64, s.Periods), Selected: make([]float64, s.Periods)}
		for _, d := range pl.Committed.Demand {
			if d.Role == r.Role {
				copy(ru.Committed, d.FTE)
			}
		}
		if u := sol.Use[r.Role]; u != nil {
			copy(ru.Selected, u)
		}
		o.Capacity = append(o.Capacity, ru)
	}
	return o
}

// Run is the outcome as a scenario run to store.
func (pl *Plan) Run(o *Outcome, elapsedMS int64, actor string) *pmo.ScenarioRun {
	r := &pmo.ScenarioRun{ScenarioID: pl.Scenario.ID, Objective: o.Objective, Value: o.Value, Bound: o.Bound,
		Gap: o.Gap, Proven: o.Proven, Infeasible: o.Infeasible, ElapsedMS: elapsedMS, Actor: actor,
		Selected: []pmo.Selection{}}
	for _, c := range o.Selected {
		r.Selected = append(r.Selected, pmo.Selection{ProposalID: c.ProposalID, Code: c.Code, Start: c.Start})
	}
	if o.Infeasible {
		r.Message = joinSentences(o.Conflicts)
	}
	return r
}

// FrontierPoint is the best selection at one budget level.
type FrontierPoint struct {
	Level  float64 `json:"level"`  // multiplier of every period's budget
	Budget int64   `json:"budget"` // total over the horizon at this level
	Value  float64 `json:"value"`
	Bound  float64 `json:"bound"`
	Proven bool    `json:"proven"`
	// Infeasible: running work and forced proposals alone exceed this budget.
	Infeasible bool     `json:"infeasible"`
	Selected   []string `json:"selected"` // codes
}

// Frontier solves the plan at each budget level (for example
// optimize.FrontierLevels(0.5, 1.5, 11)); the scenario needs a budget.
func (pl *Plan) Frontier(ctx context.Context, levels []float64, opt optimize.Options) ([]FrontierPoint, error) {
	if len(pl.Scenario.Budget) == 0 {
		return nil, pmo.FieldErr("budget", "a frontier varies the budget; the scenario has none")
	}
	pts, err := optimize.Frontier(ctx, pl.Problem, levels, opt)
	if err != nil {
		return nil, engineError(err)
	}
	out := make([]FrontierPoint, len(pts))
	for k, p := range pts {
		fp := FrontierPoint{Level: p.Level, Budget: int64(math.Round(p.Budget * pl.unit)), Value: p.Value * pl.vunit, Bound: p.Bound * pl.vunit,
			Proven: p.Status == optimize.Optimal || p.Status == optimize.Infeasible, Infeasible: p.Status == optimize.Infeasible,
			Selected: []string{}}
		for _, c := range p.Selected {
			fp.Selected = append(fp.Selected, c.ID)
		}
		out[k] = fp
	}
	return out, nil
}

func joinSentences(xs []string) string {
	out := ""
	for k, x := range xs {
		if k > 0 {
			out += " "
		}
		out += x
		if n := len(x); n > 0 && x[n-1] != '.' {
			out += "."
		}
	}
	return out
}
