package planning

import (
	"cmp"
	"slices"

	"github.com/pmohq/pmo"
)

// Comparison sets two scenarios' outcomes side by side: what changes in
// the selection, the value, spend per period and capacity use.
type Comparison struct {
	Added   []Chosen `json:"added"`   // selected in B only
	Removed []Chosen `json:"removed"` // selected in A only
	Moved   []Move   `json:"moved"`   // selected in both, starting in different periods
	Kept    []string `json:"kept"`    // selected in both at the same start, by code
	ValueA  float64  `json:"value_a"`
	ValueB  float64  `json:"value_b"`
	// Comparable is false when the two outcomes maximise different
	// objectives, so that their values cannot be compared.
	Comparable bool        `json:"comparable"`
	Spend      []SpendPair `json:"spend"`    // every period of either horizon, in order
	Capacity   []RolePairs `json:"capacity"` // every role of either scenario, by name
}

// Move is a proposal selected in both outcomes with different starts.
type Move struct {
	Code string     `json:"code"`
	From pmo.Period `json:"from"`
	To   pmo.Period `json:"to"`
}

// SpendPair is one period's spend on the selection in A and in B, with
// each scenario's budget (nil: no limit, or outside that horizon).
type SpendPair struct {
	Period  pmo.Period `json:"period"`
	A       int64      `json:"a"`
	B       int64      `json:"b"`
	BudgetA *int64     `json:"budget_a"`
	BudgetB *int64     `json:"budget_b"`
}

// RolePairs is one role's FTE used by the selection per period, in A and
// in B, over the periods of Comparison.Spend.
type RolePairs struct {
	Role string    `json:"role"`
	A    []float64 `json:"a"` // per period of Spend; 0 where a horizon does not reach
	B    []float64 `json:"b"`
}

// Compare sets outcome b beside outcome a.
func Compare(a, b *Outcome) *Comparison {
	c := &Comparison{ValueA: a.Value, ValueB: b.Value, Comparable: a.Objective == b.Objective,
		Added: []Chosen{}, Removed: []Chosen{}, Moved: []Move{}, Kept: []string{}}
	inA := map[string]Chosen{}
	for _, x := range a.Selected {
		inA[x.Code] = x
	}
	inB := map[string]bool{}
	for _, y := range b.Selected {
		inB[y.Code] = true
		x, ok := inA[y.Code]
		switch {
		case !ok:
			c.Added = append(c.Added, y)
		case x.Start != y.Start:
			c.Moved = append(c.Moved, Move{Code: y.Code, From: x.Start, To: y.Start})
		default:
			c.Kept = append(c.Kept, y.Code)
		}
	}
	for _, x := range a.Selected {
		if !inB[x.Code] {
			c.Removed = append(c.Removed, x)
		}
	}
	// The union of both horizons' periods, in time order.
	idx := map[pmo.Period]int{}
	var periods []pmo.Period
	for _, o := range []*Outcome{a, b} {
		for _, s := range o.Spend {
			if _, ok := idx[s.Period]; !ok {
				idx[s.Period] = 0
				periods = append(periods, s.Period)
			}
		}
	}
	slices.SortFunc(periods, func(p, q pmo.Period) int { return cmp.Compare(p.Start.Time().Unix(), q.Start.Time().Unix()) })
	c.Spend = make([]SpendPair, len(periods))
	for k, p := range periods {
		idx[p] = k
		c.Spend[k].Period = p
	}
	for _, s := range a.Spend {
		c.Spend[idx[s.Period]].A, c.Spend[idx[s.Period]].BudgetA = s.Selected, s.Budget
	}
	for _, s := range b.Spend {
		c.Spend[idx[s.Period]].B, c.Spend[idx[s.Period]].BudgetB = s.Selected, s.Budget
	}
	roles := map[string]*RolePairs{}
	var names []string
	for side, o := range []*Outcome{a, b} {
		for _, r := range o.Capacity {
			rp := roles[r.Role]
			if rp == nil {
				rp = &RolePairs{Role: r.Role, A: make([]float64, len(periods)), B: make([]float64, len(periods))}
				roles[r.Role] = rp
				names = append(names, r.Role)
			}
			dst := rp.A
			if side == 1 {
				dst = rp.B
			}
			for k, u := range r.Selected {
				dst[idx[o.Spend[k].Period]] = u
			}
		}
	}
	slices.Sort(names)
	for _, n := range names {
		c.Capacity = append(c.Capacity, *roles[n])
	}
	return c
}
