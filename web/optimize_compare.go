package web

import (
	"net/http"
	"slices"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/planning"
)

// explain says why proposal pid is in or out of a stored run, against the
// scenario's current pipeline, and prices the decision by solving again
// with it reversed (within the scenario's time limit).
func (s *Server) explain(r *http.Request, sc *pmo.Scenario, run *pmo.ScenarioRun, pid int64) (*planning.Explanation, error) {
	ctx := r.Context()
	p, err := s.intake().FindProposalByID(ctx, pid)
	switch {
	case pmo.ErrorKind(err) == pmo.NotFound || err == nil && p.PortfolioID != sc.PortfolioID:
		return nil, pmo.FieldErr("proposal", "proposal %d is not in this scenario's portfolio", pid)
	case err != nil:
		return nil, err
	}
	if run.Infeasible {
		return nil, pmo.FieldErr("proposal", "run %d found no feasible selection, so nothing was chosen or rejected; see the scenario's conflicts", run.ID)
	}
	pl, sol, _, err := s.runOutcome(ctx, sc, run)
	if err != nil {
		return nil, err
	}
	ectx, cancel := withTimeLimit(ctx, sc)
	defer cancel()
	return pl.Explain(ectx, sol, p.Code, solveOptions(sc))
}

// comparison sets the latest runs of two scenarios side by side.
type comparison struct {
	Left    comparedRun       `json:"left"`    // the scenario of the path
	Right   comparedRun       `json:"right"`   // the one it is compared with
	Added   []planning.Chosen `json:"added"`   // selected on the right only
	Removed []planning.Chosen `json:"removed"` // selected on the left only
	Moved   []movedStart      `json:"moved"`   // selected in both, starting at different periods
	Kept    []string          `json:"kept"`    // selected in both at the same start, by code
	// ValueChange is right minus left (meaningful when the objectives match).
	ValueChange float64       `json:"value_change"`
	Spend       []spendPair   `json:"spend"`
	Capacity    []capacityUse `json:"capacity"`
}

// comparedRun is one side of a comparison.
type comparedRun struct {
	ScenarioID int64         `json:"scenario_id"`
	Name       string        `json:"name"`
	RunID      int64         `json:"run_id"`
	Objective  pmo.Objective `json:"objective"`
	Value      float64       `json:"value"`
	Bound      float64       `json:"bound"`
	Gap        float64       `json:"gap"`
	Proven     bool          `json:"proven"`
	Infeasible bool          `json:"infeasible"`
	Selected   int           `json:"selected"`
	TotalCost  int64         `json:"total_cost"`
	Currency   string        `json:"currency"`
	ValueText  string        `json:"value_text"`

	outcome *planning.Outcome
}

// movedStart is a proposal both sides select, starting at different periods.
type movedStart struct {
	Code  string     `json:"code"`
	Title string     `json:"title"`
	Left  pmo.Period `json:"left"`
	Right pmo.Period `json:"right"`
}

// spendPair is the money of one period on both sides: running work plus
// selection, and the budget (nil where a side has none or the period is
// outside its horizon).
type spendPair struct {
	Period      pmo.Period `json:"period"`
	Left        int64      `json:"left"`
	Right       int64      `json:"right"`
	LeftBudget  *int64     `json:"left_budget"`
	RightBudget *int64     `json:"right_budget"`
}

// capacityUse is one role's use (running work plus selection) and
// capacity per period on both sides, over the union of both horizons.
type capacityUse struct {
	Role          string       `json:"role"`
	Periods       []pmo.Period `json:"periods"`
	Left          []float64    `json:"left"`
	Right         []float64    `json:"right"`
	LeftCapacity  []float64    `json:"left_capacity"`
	RightCapacity []float64    `json:"right_capacity"`
}

// compareScenarios compares the latest run of a with that of the scenario
// otherID, which the caller must be allowed to read (else it is unknown).
func (s *Server) compareScenarios(r *http.Request, a *pmo.Scenario, otherID int64) (*comparison, error) {
	ctx := r.Context()
	if otherID == 0 {
		return nil, missingParam("with", "the id of the scenario to compare with")
	}
	b, err := s.intake().FindScenarioByID(ctx, otherID)
	if pmo.ErrorKind(err) == pmo.NotFound || err == nil && !may(r, auth.Read, auth.Target{Portfolio: b.PortfolioID}) {
		return nil, pmo.FieldErr("with", "no scenario %d that you may read", otherID)
	}
	if err != nil {
		return nil, err
	}
	c := &comparison{}
	for _, side := range []struct {
		sc    *pmo.Scenario
		into  *comparedRun
		field string
	}{{a, &c.Left, "id"}, {b, &c.Right, "with"}} {
		if side.sc.LastRun == nil {
			return nil, pmo.FieldErr(side.field, "scenario %q has no run yet: run the optimiser on it first", side.sc.Name)
		}
		_, _, out, err := s.runOutcome(ctx, side.sc, side.sc.LastRun)
		if err != nil {
			return nil, err
		}
		run := side.sc.LastRun
		*side.into = comparedRun{ScenarioID: side.sc.ID, Name: side.sc.Name, RunID: run.ID, Objective: run.Objective,
			Value: run.Value, Bound: run.Bound, Gap: run.Gap, Proven: run.Proven, Infeasible: run.Infeasible,
			Selected: len(out.Selected), TotalCost: out.TotalCost, Currency: side.sc.Currency,
			ValueText: formatValue(side.sc, run.Value), outcome: out}
	}
	c.ValueChange = c.Right.Value - c.Left.Value
	c.diffSelection()
	c.diffLoad()
	return c, nil
}

// diffSelection splits the proposals into added, removed, moved and kept.
func (c *comparison) diffSelection() {
	left := map[string]planning.Chosen{}
	for _, ch := range c.Left.outcome.Selected {
		left[ch.Code] = ch
	}
	c.Added, c.Removed, c.Moved, c.Kept = []planning.Chosen{}, []planning.Chosen{}, []movedStart{}, []string{}
	for _, ch := range c.Right.outcome.Selected {
		l, ok := left[ch.Code]
		switch {
		case !ok:
			c.Added = append(c.Added, ch)
		case l.Start != ch.Start:
			c.Moved = append(c.Moved, movedStart{Code: ch.Code, Title: ch.Title, Left: l.Start, Right: ch.Start})
		default:
			c.Kept = append(c.Kept, ch.Code)
		}
		delete(left, ch.Code)
	}
	for _, ch := range c.Left.outcome.Selected {
		if _, gone := left[ch.Code]; gone {
			c.Removed = append(c.Removed, ch)
		}
	}
}

// diffLoad lines up spend and capacity use period by period over the
// union of both horizons.
func (c *comparison) diffLoad() {
	periods := map[pmo.Period]bool{}
	for _, o := range []*planning.Outcome{c.Left.outcome, c.Right.outcome} {
		for _, ps := range o.Spend {
			periods[ps.Period] = true
		}
	}
	order := make([]pmo.Period, 0, len(periods))
	for p := range periods {
		order = append(order, p)
	}
	slices.SortFunc(order, func(x, y pmo.Period) int {
		switch {
		case x.Start.Before(y.Start):
			return -1
		case y.Start.Before(x.Start):
			return 1
		}
		return 0
	})
	index := map[pmo.Period]int{}
	for k, p := range order {
		index[p] = k
		c.Spend = append(c.Spend, spendPair{Period: p})
	}
	for _, ps := range c.Left.outcome.Spend {
		sp := &c.Spend[index[ps.Period]]
		sp.Left, sp.LeftBudget = ps.Committed+ps.Selected, ps.Budget
	}
	for _, ps := range c.Right.outcome.Spend {
		sp := &c.Spend[index[ps.Period]]
		sp.Right, sp.RightBudget = ps.Committed+ps.Selected, ps.Budget
	}
	roles := map[string]*capacityUse{}
	var names []string
	use := func(ru planning.RoleUse, spend []planning.PeriodSpend, left bool) {
		cu := roles[ru.Role]
		if cu == nil {
			n := len(order)
			cu = &capacityUse{Role: ru.Role, Periods: order, Left: make([]float64, n), Right: make([]float64, n),
				LeftCapacity: make([]float64, n), RightCapacity: make([]float64, n)}
			roles[ru.Role] = cu
			names = append(names, ru.Role)
		}
		for t, ps := range spend {
			k := index[ps.Period]
			u := at(ru.Committed, t) + at(ru.Selected, t)
			if left {
				cu.Left[k], cu.LeftCapacity[k] = u, at(ru.Capacity, t)
			} else {
				cu.Right[k], cu.RightCapacity[k] = u, at(ru.Capacity, t)
			}
		}
	}
	for _, ru := range c.Left.outcome.Capacity {
		use(ru, c.Left.outcome.Spend, true)
	}
	for _, ru := range c.Right.outcome.Capacity {
		use(ru, c.Right.outcome.Spend, false)
	}
	c.Capacity = []capacityUse{}
	for _, n := range names {
		c.Capacity = append(c.Capacity, *roles[n])
	}
}

func at(v []float64, i int) float64 {
	if i < len(v) {
		return v[i]
	}
	return 0
}
