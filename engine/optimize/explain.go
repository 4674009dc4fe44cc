package optimize

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// Conflict is one reason why the forced decisions (mandatory items and
// locks) cannot all hold.
type Conflict struct {
	Kind    string   // "lock", "excludes", "after", "budget", "capacity" or "combination"
	Items   []string // the forced items involved
	Period  int      // for "budget" and "capacity"; -1 otherwise
	Role    string   // for "capacity"
	Need    float64  // least committed plus forced load in Period
	Limit   float64  // the budget or capacity in Period
	Message string
}

// conflicts explains an infeasible model: first single constraints the
// forced items break on their own, else a minimal set of forced items that
// cannot be scheduled together (found by a deletion filter).
func (md *model) conflicts(ctx context.Context, opt Options) []Conflict {
	p := md.p
	forced := md.forcedClosure()
	var out []Conflict
	for i, f := range forced {
		it := &p.Items[i]
		if f && it.Lock == LockOut {
			out = append(out, Conflict{Kind: "lock", Items: []string{it.ID}, Period: -1,
				Message: fmt.Sprintf("item %q is locked out but is mandatory, locked in or required by such an item", it.ID)})
		}
		if !f {
			continue
		}
		for _, o := range it.Excludes {
			if a := md.ids[o]; forced[a] && (i < a || !slices.Contains(p.Items[a].Excludes, it.ID)) {
				out = append(out, Conflict{Kind: "excludes", Items: []string{it.ID, o}, Period: -1,
					Message: fmt.Sprintf("forced items %q and %q exclude each other", it.ID, o)})
			}
		}
		for _, o := range it.After {
			a := md.ids[o]
			e, _ := window(&p.Items[a])
			if _, l := window(it); forced[a] && e+p.Items[a].duration() > l {
				out = append(out, Conflict{Kind: "after", Items: []string{it.ID, o}, Period: -1,
					Message: fmt.Sprintf("forced item %q must start after %q ends (period %d at the earliest) but must start by period %d", it.ID, o, e+p.Items[a].duration(), l)})
			}
		}
	}
	g := md.g
	for r, info := range md.rows {
		if info.kind != rowBudget && info.kind != rowCapacity {
			continue
		}
		need := 0.0
		var who []string
		for i, f := range forced {
			if !f {
				continue
			}
			least := math.Inf(1)
			for j := md.first[i]; j < md.first[i+1]; j++ {
				least = min(least, g.coef(r, j))
			}
			if least > 0 {
				need += least
				who = append(who, p.Items[i].ID)
			}
		}
		if need > g.rhs[r]+feasTol(g.rhs[r]) {
			committed := md.committed(info)
			out = append(out, Conflict{Kind: kindName(info.kind), Items: who, Period: info.period, Role: info.role,
				Need: need + committed, Limit: g.rhs[r] + committed,
				Message: fmt.Sprintf("%s: committed work and forced items need at least %g, the limit is %g", md.describe(r), need+committed, g.rhs[r]+committed)})
		}
	}
	if len(out) > 0 {
		return out
	}
	// Deletion filter: release forced items one at a time and keep them
	// released while the rest is still infeasible.
	var keep []int
	q := *p
	q.Items = slices.Clone(p.Items)
	for i := range q.Items {
		if !q.Items[i].forcedIn() {
			continue
		}
		q.Items[i].Mandatory, q.Items[i].Lock = false, LockNone
		sub := compile(&q, 1)
		so := sub.searchOptions(opt)
		so.nodeLimit = 2000
		if r := search(ctx, sub.g, so); !r.infeasible {
			q.Items[i].Mandatory = true
			keep = append(keep, i)
		}
	}
	c := Conflict{Kind: "combination", Period: -1}
	for _, i := range keep {
		c.Items = append(c.Items, p.Items[i].ID)
	}
	c.Message = fmt.Sprintf("forced items %q cannot all be scheduled within their windows, budgets and capacities", c.Items)
	return []Conflict{c}
}

func kindName(k rowKind) string {
	if k == rowBudget {
		return "budget"
	}
	return "capacity"
}

// committed returns the committed load in a resource row's period.
func (md *model) committed(info rowInfo) float64 {
	var v []float64
	if info.kind == rowBudget {
		v = md.p.Committed.Cost
	} else {
		v = md.p.Committed.Demand[info.role]
	}
	if info.period < len(v) {
		return v[info.period]
	}
	return 0
}

// forcedClosure marks forced-in items and, transitively, the items they
// require or must follow.
func (md *model) forcedClosure() []bool {
	p := md.p
	forced := make([]bool, len(p.Items))
	var mark func(i int)
	mark = func(i int) {
		if forced[i] {
			return
		}
		forced[i] = true
		for _, o := range append(slices.Clone(p.Items[i].Requires), p.Items[i].After...) {
			mark(md.ids[o])
		}
	}
	for i := range p.Items {
		if p.Items[i].forcedIn() {
			mark(i)
		}
	}
	return forced
}

// coef returns A[r][j].
func (g *bip) coef(r, j int) float64 {
	for k := g.cs[j]; k < g.cs[j+1]; k++ {
		if int(g.ri[k]) == r {
			return g.cv[k]
		}
	}
	return 0
}

// Explanation says what keeps an item out of (or in) a selection.
type Explanation struct {
	ID       string
	Selected bool
	Start    int     // the selected start or, if rejected, the start that needs least change
	Blocks   []Block // for a rejected item: what stops it at Start, the rest of the selection kept
	// Alternative is the best selection found with the decision on this
	// item reversed (forced in if rejected, out if selected); the value
	// difference is the price of the decision. Nil if not computed.
	Alternative *Solution
}

// Block is one constraint that stops a rejected item.
type Block struct {
	Kind   string  // "budget", "capacity", "requires", "after", "excludes" or "locked"
	Period int     // for budget and capacity; -1 otherwise
	Role   string  // for capacity
	Other  string  // the other item, for requires, after and excludes
	Need   float64 // the item's cost or demand in Period
	Slack  float64 // what the selection leaves free in Period
	Short  float64 // Need - Slack: extra budget or capacity needed to add the item without dropping any
}

// Explain says why item id is or is not in sol, a solution of p. If
// alternative is true it also re-solves p with the decision on the item
// reversed, with opt and ctx.
func Explain(ctx context.Context, p *Problem, sol *Solution, id string, alternative bool, opt Options) (*Explanation, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	md := compile(p, 1)
	i, ok := md.ids[id]
	if !ok {
		return nil, &InputError{Field: "ID", Message: fmt.Sprintf("unknown item %q", id)}
	}
	x := md.point(sol.Selected)
	e := &Explanation{ID: id, Start: -1}
	for j := md.first[i]; j < md.first[i+1]; j++ {
		if x[j] != 0 {
			e.Selected, e.Start = true, int(md.varStart[j])
		}
	}
	if !e.Selected {
		best, bestShort := -1, math.Inf(1)
		for j := md.first[i]; j < md.first[i+1]; j++ {
			blocks := md.blocks(x, j)
			short := 0.0
			for _, b := range blocks {
				short += b.Short
			}
			if best < 0 || len(blocks) < len(e.Blocks) || len(blocks) == len(e.Blocks) && short < bestShort {
				best, bestShort, e.Blocks, e.Start = j, short, blocks, int(md.varStart[j])
			}
		}
	}
	if alternative {
		q := *p
		q.Items = slices.Clone(p.Items)
		if e.Selected {
			q.Items[i].Mandatory, q.Items[i].Lock = false, LockOut
		} else {
			q.Items[i].Lock = LockIn
		}
		alt := compile(&q, 1)
		e.Alternative = alt.solve(ctx, opt, nil)
	}
	return e, nil
}

// blocks lists the constraints that adding variable j to x would break.
func (md *model) blocks(x []int8, j int) []Block {
	p, g := md.p, md.g
	it := &p.Items[md.varItem[j]]
	var out []Block
	if it.Lock == LockOut || g.up[j] == 0 {
		out = append(out, Block{Kind: "locked", Period: -1})
	}
	selStart := func(a int) int {
		for t := md.first[a]; t < md.first[a+1]; t++ {
			if x[t] != 0 {
				return int(md.varStart[t])
			}
		}
		return -1
	}
	for _, o := range it.Requires {
		if selStart(md.ids[o]) < 0 {
			out = append(out, Block{Kind: "requires", Period: -1, Other: o})
		}
	}
	for _, o := range it.After {
		a := md.ids[o]
		if s := selStart(a); s < 0 || s+p.Items[a].duration() > int(md.varStart[j]) {
			out = append(out, Block{Kind: "after", Period: -1, Other: o})
		}
	}
	for _, o := range it.Excludes {
		if selStart(md.ids[o]) >= 0 {
			out = append(out, Block{Kind: "excludes", Period: -1, Other: o})
		}
	}
	for _, q := range p.Items {
		if selStart(md.ids[q.ID]) >= 0 && slices.Contains(q.Excludes, it.ID) && !slices.Contains(it.Excludes, q.ID) {
			out = append(out, Block{Kind: "excludes", Period: -1, Other: q.ID})
		}
	}
	for k := g.cs[j]; k < g.cs[j+1]; k++ {
		r := int(g.ri[k])
		info := md.rows[r]
		if info.kind != rowBudget && info.kind != rowCapacity {
			continue
		}
		act := 0.0
		for q := g.rs[r]; q < g.rs[r+1]; q++ {
			if x[g.rc[q]] != 0 {
				act += g.rv[q]
			}
		}
		slack := g.rhs[r] - act
		if need := g.cv[k]; need > slack+feasTol(g.rhs[r]) {
			out = append(out, Block{Kind: kindName(info.kind), Period: info.period, Role: info.role,
				Need: need, Slack: slack, Short: need - slack})
		}
	}
	return out
}
