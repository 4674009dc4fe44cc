package planning

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/optimize"
)

// Explanation says in PMO words why a proposal is in or out of a selection.
type Explanation struct {
	Code     string     `json:"code"`
	Title    string     `json:"title"`
	Selected bool       `json:"selected"`
	Start    pmo.Period `json:"start"` // the selected start or, if rejected, the start that needs least change
	// Reasons are what keeps a rejected proposal out at Start, the rest of
	// the selection kept as it is.
	Reasons []string `json:"reasons"`
	Notes   []string `json:"notes"` // remarks from building the plan
	// Price compares the best selection with the decision reversed.
	Price string `json:"price"`
	// Alternative is that best selection, when computed.
	Alternative *Outcome `json:"alternative,omitempty"`
}

// Explain says why the proposal with the given code is in or out of sol,
// a solution of the plan, and prices the decision by solving again with it
// reversed (forced in if rejected, out if selected), with ctx and opt.
func (pl *Plan) Explain(ctx context.Context, sol *optimize.Solution, code string, opt optimize.Options) (*Explanation, error) {
	k, ok := pl.index[code]
	if !ok {
		return nil, pmo.FieldErr("proposal", "%q is not a candidate in this plan (unknown, draft or decided)", code)
	}
	e, err := optimize.Explain(ctx, pl.Problem, sol, code, true, opt)
	if err != nil {
		return nil, engineError(err)
	}
	p := pl.Proposals[k]
	x := &Explanation{Code: code, Title: p.Title, Selected: e.Selected, Reasons: []string{}, Notes: []string{}}
	if e.Start >= 0 {
		x.Start = pl.Scenario.PeriodAt(e.Start)
	}
	for _, n := range pl.Notes {
		if n.Code == code {
			x.Notes = append(x.Notes, n.Message)
		}
	}
	for _, b := range e.Blocks {
		x.Reasons = append(x.Reasons, pl.block(p, b))
	}
	if !e.Selected && len(x.Reasons) == 0 {
		// Nothing blocks it on its own: it fits, but the optimiser found
		// better uses of the same money or people once everything is weighed.
		x.Reasons = append(x.Reasons, "it would fit beside the current selection, but adding it does not pay: the value is no higher with it")
	}
	if alt := e.Alternative; alt != nil {
		x.Alternative = pl.Outcome(alt)
		verb := "Forcing it in"
		if e.Selected {
			verb = "Leaving it out"
		}
		switch alt.Status {
		case optimize.Infeasible:
			x.Price = verb + " leaves no feasible selection."
		case optimize.NoSolution:
			x.Price = verb + ": no selection was found in the time allowed."
		default:
			diff := (sol.Value - alt.Value) * pl.vunit
			x.Price = fmt.Sprintf("%s gives a best value of %s, %s than now", verb, pl.value(alt.Value*pl.vunit), pl.change(diff))
			if alt.Status != optimize.Optimal {
				x.Price += " (not proven best)"
			}
			x.Price += "."
		}
	}
	return x, nil
}

// block words one constraint that keeps proposal p out.
func (pl *Plan) block(p *pmo.Proposal, b optimize.Block) string {
	s := pl.Scenario
	switch b.Kind {
	case "budget":
		return fmt.Sprintf("budget in %s: it needs %s, the selection leaves %s; %s more would fit it without dropping anything",
			s.PeriodAt(b.Period), pl.money(b.Need), pl.money(math.Max(0, b.Slack)), pl.money(b.Short))
	case "capacity":
		return fmt.Sprintf("%s capacity in %s: it needs %s FTE, %s FTE are free; %s FTE more would fit it",
			b.Role, s.PeriodAt(b.Period), fte(b.Need), fte(math.Max(0, b.Slack)), fte(b.Short))
	case "requires":
		return fmt.Sprintf("it needs %s, which is not selected", b.Other)
	case "after":
		return fmt.Sprintf("it must start after %s finishes, which is not selected or does not finish in time", b.Other)
	case "excludes":
		return fmt.Sprintf("it is an alternative to %s, which is selected", b.Other)
	case "locked":
		if pl.locked(p.ID) {
			return "the scenario locks it out"
		}
		return "it cannot be selected (see the notes)"
	}
	return b.Kind
}

func (pl *Plan) locked(id int64) bool {
	for _, x := range pl.Scenario.LockOut {
		if x == id {
			return true
		}
	}
	return false
}

// conflicts words why the forced decisions cannot all hold.
func (pl *Plan) conflicts(cs []optimize.Conflict) []string {
	s := pl.Scenario
	var out []string
	for _, c := range cs {
		items := strings.Join(c.Items, ", ")
		switch c.Kind {
		case "lock":
			msg := fmt.Sprintf("%s must be selected (mandatory, locked in or needed by a forced proposal) but cannot be", items)
			for _, n := range pl.Notes {
				if n.Code == c.Items[0] {
					msg += ": " + n.Message
				}
			}
			if pl.locked(pl.Proposals[pl.index[c.Items[0]]].ID) {
				msg += ": the scenario locks it out"
			}
			out = append(out, msg)
		case "excludes":
			out = append(out, fmt.Sprintf("%s are alternatives (at most one can be selected) but both are forced in", strings.Join(c.Items, " and ")))
		case "after":
			a, b := c.Items[0], c.Items[1]
			out = append(out, fmt.Sprintf("%s must start after %s finishes, but its latest start comes before that; both are forced in", a, b))
		case "budget":
			out = append(out, fmt.Sprintf("budget in %s: running work and the forced proposals (%s) need at least %s, the budget is %s",
				s.PeriodAt(c.Period), items, pl.money(c.Need), pl.money(c.Limit)))
		case "capacity":
			out = append(out, fmt.Sprintf("%s capacity in %s: running work and the forced proposals (%s) need at least %s FTE, the capacity is %s FTE",
				c.Role, s.PeriodAt(c.Period), items, fte(c.Need), fte(c.Limit)))
		default:
			out = append(out, fmt.Sprintf("the forced proposals %s cannot all be scheduled within their start windows, the budget and the capacity", items))
		}
	}
	return out
}

// value formats an objective value: score points or money.
func (pl *Plan) value(v float64) string {
	if pl.Scenario.Objective == pmo.ObjectiveNPV {
		return money(round(v), pl.Scenario.Currency)
	}
	return fmt.Sprintf("%.1f points", v)
}

// change words a value difference: "12.5 points less" or "... more".
func (pl *Plan) change(diff float64) string {
	if math.Abs(diff) < 1e-9 {
		return "no less"
	}
	if diff > 0 {
		return pl.value(diff) + " less"
	}
	return pl.value(-diff) + " more"
}

func round(x float64) int64 { return int64(math.Round(x)) }

// money formats an amount in optimiser units as money.
func (pl *Plan) money(x float64) string { return money(round(x*pl.unit), pl.Scenario.Currency) }

func fte(x float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}
