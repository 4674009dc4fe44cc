package pmo

import (
	"math"
	"slices"
	"time"
)

// Objective is what a scenario's optimiser run maximises.
type Objective string

// Objectives: the normalised weighted score (0-100) or the NPV.
const (
	ObjectiveScore Objective = "score"
	ObjectiveNPV   Objective = "npv"
)

// Scenario is a named optimiser set-up for a portfolio: the planning
// horizon, the budget and role capacity per period, what to maximise and
// the user's in/out decisions. Saving several (budget cut 10 %, a team
// doubled, a proposal forced in) lets the PMO compare them.
type Scenario struct {
	ID          int64  `json:"id"`
	PortfolioID int64  `json:"portfolio_id"`
	Name        string `json:"name"`
	Notes       string `json:"notes"`
	// Start is the first period of the horizon; its kind is the planning
	// period kind, which the proposals' business cases must share.
	Start   Period `json:"start"`
	Periods int    `json:"periods"` // length of the horizon
	// Currency of Budget; defaults to the portfolio's.
	Currency string `json:"currency"`
	// Budget is the spending limit per period in minor units; empty means
	// no budget limit.
	Budget []int64 `json:"budget"`
	// Capacity is each limited role's FTE per period. Every role a
	// proposal needs must be listed.
	Capacity  []RoleDemand `json:"capacity"`
	Objective Objective    `json:"objective"`
	LockIn    []int64      `json:"lock_in"`  // proposals that must be selected
	LockOut   []int64      `json:"lock_out"` // proposals that must not be
	// TimeLimitMS bounds an optimiser run, in milliseconds (default 10 s).
	TimeLimitMS int   `json:"time_limit_ms"`
	Seed        int64 `json:"seed"`
	// Timed lets the optimiser choose each start inside its window; when
	// false every proposal starts at its earliest start.
	Timed bool `json:"timed"`
	// Committed says how running work's committed load is counted.
	Committed ScenarioCommitted `json:"committed"`
	Version   int               `json:"version"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
	// LastRun is the latest stored run, if any (read-only).
	LastRun *ScenarioRun `json:"last_run"`
}

// Scenario limits.
const (
	MaxHorizon     = 120
	MaxTimeLimitMS = 10 * 60 * 1000
)

// Prepare normalises s and validates it on its own; Check validates it
// against the proposals it plans.
func (s *Scenario) Prepare() error {
	var v Validator
	s.Name = clean(s.Name)
	v.Check(s.PortfolioID > 0, "portfolio_id", "is required")
	checkText(&v, "name", s.Name, 1, 200)
	checkText(&v, "notes", s.Notes, 0, 10000)
	v.Check(!s.Start.IsZero(), "start", "is required, e.g. 2027-Q1")
	v.Check(s.Periods >= 1 && s.Periods <= MaxHorizon, "periods", "must be from 1 to %d", MaxHorizon)
	if s.Currency != "" || len(s.Budget) > 0 {
		v.Check(validCurrency(s.Currency), "currency", "must be a three-letter ISO 4217 code such as EUR")
	}
	v.Check(len(s.Budget) == 0 || len(s.Budget) == s.Periods, "budget", "needs one amount per period (%d) or none", s.Periods)
	checkAmounts(&v, "budget", s.Budget)
	if s.Budget == nil {
		s.Budget = []int64{}
	}
	if s.Capacity == nil {
		s.Capacity = []RoleDemand{}
	}
	roles := map[string]bool{}
	for i := range s.Capacity {
		c := &s.Capacity[i]
		f := fieldIndex("capacity", i)
		c.Role = clean(c.Role)
		checkText(&v, f+".role", c.Role, 1, 100)
		v.Check(!roles[c.Role], f+".role", "role %q is listed twice", c.Role)
		roles[c.Role] = true
		v.Check(len(c.FTE) == s.Periods, f+".fte", "needs one value per period (%d)", s.Periods)
		for k, x := range c.FTE {
			v.Check(x >= 0 && x <= 1e6 && !math.IsNaN(x), fieldIndex(f+".fte", k), "must be from 0 to 1000000 FTE")
		}
	}
	if s.Objective == "" {
		s.Objective = ObjectiveScore
	}
	v.Check(s.Objective == ObjectiveScore || s.Objective == ObjectiveNPV, "objective", "must be score or npv")
	s.LockIn, s.LockOut = ids(s.LockIn), ids(s.LockOut)
	for i, id := range s.LockIn {
		v.Check(id > 0, fieldIndex("lock_in", i), "must be a proposal id")
		v.Check(!slices.Contains(s.LockOut, id), fieldIndex("lock_in", i), "proposal %d is locked both in and out", id)
	}
	if s.TimeLimitMS == 0 {
		s.TimeLimitMS = 10000
	}
	v.Check(s.TimeLimitMS > 0 && s.TimeLimitMS <= MaxTimeLimitMS, "time_limit_ms", "must be from 1 to %d", MaxTimeLimitMS)
	s.Committed.prepare(s, roles, &v)
	return v.Err()
}

// ids drops duplicates, keeping the first order, and never returns nil.
func ids(xs []int64) []int64 {
	out := []int64{}
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Index returns the position of period p in the horizon: 0 for Start,
// negative before it, Periods or more after it. p must be of Start's kind.
func (s *Scenario) Index(p Period) int { return PeriodDistance(s.Start, p) }

// PeriodAt returns the i-th period of the horizon.
func (s *Scenario) PeriodAt(i int) Period { return s.Start.Add(i) }

// Check validates the proposals the scenario plans against it: business
// cases in the horizon's period kind, start windows inside the horizon,
// every role needed having a capacity, locks naming these proposals. Each
// error names the proposal's code and the field.
func (s *Scenario) Check(proposals []*Proposal) error {
	var v Validator
	byID := map[int64]bool{}
	for _, p := range proposals {
		byID[p.ID] = true
		f := "proposals." + p.Code
		if p.Case.PeriodKind != s.Start.Kind {
			v.Add(f+".business_case.period_kind", "is %s but the scenario plans in %ss", p.Case.PeriodKind, s.Start.Kind)
			continue
		}
		if !p.EarliestStart.IsZero() {
			i := s.Index(p.EarliestStart)
			v.Check(i >= 0 && i < s.Periods, f+".earliest_start", "%s is outside the horizon %s to %s",
				p.EarliestStart, s.Start, s.PeriodAt(s.Periods-1))
		}
		if !p.LatestStart.IsZero() {
			v.Check(s.Index(p.LatestStart) >= 0, f+".latest_start", "%s is before the horizon starts (%s)", p.LatestStart, s.Start)
		}
		for i, d := range p.Case.Demand {
			known := slices.ContainsFunc(s.Capacity, func(c RoleDemand) bool { return c.Role == d.Role })
			v.Check(known, fieldIndex(f+".business_case.demand", i)+".role", "role %q has no capacity in the scenario", d.Role)
		}
	}
	for i, id := range s.LockIn {
		v.Check(byID[id], fieldIndex("lock_in", i), "proposal %d is not in this portfolio's pipeline", id)
	}
	for i, id := range s.LockOut {
		v.Check(byID[id], fieldIndex("lock_out", i), "proposal %d is not in this portfolio's pipeline", id)
	}
	return v.Err()
}

// Add returns the period n periods after p (before it when n < 0).
func (p Period) Add(n int) Period {
	switch p.Kind {
	case Week:
		return Period{Week, p.Start.AddDays(7 * n)}
	case Month:
		return Period{Month, Date{p.Start.t.AddDate(0, n, 0)}}
	case Quarter:
		return Period{Quarter, Date{p.Start.t.AddDate(0, 3*n, 0)}}
	}
	return p
}

// PeriodDistance returns how many periods of from's kind lie from the one
// containing from to the one containing to's start: 0 for the same
// period, negative when to is earlier.
func PeriodDistance(from, to Period) int {
	a, b := from.Start.t, to.Start.t
	switch from.Kind {
	case Week:
		return int(math.Floor(b.Sub(a).Hours() / 24 / 7))
	case Month, Quarter:
		months := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
		if from.Kind == Month {
			return months
		}
		return int(math.Floor(float64(months) / 3))
	}
	return 0
}

// CommittedMode is how a scenario counts running work's committed load.
type CommittedMode string

// Committed modes.
const (
	// CommittedDerived works it out from the portfolio's running projects
	// (the default; docs/OPTIMISATION.md, "Committed load").
	CommittedDerived CommittedMode = "derived"
	// CommittedNone plans as if nothing were running.
	CommittedNone CommittedMode = "none"
	// CommittedOverride uses the scenario's own Cost and Demand.
	CommittedOverride CommittedMode = "override"
)

// ScenarioCommitted is a scenario's choice of committed load; Cost and
// Demand (per period of the horizon) are used only when Mode is override.
type ScenarioCommitted struct {
	Mode   CommittedMode `json:"mode"`
	Cost   []int64       `json:"cost,omitempty"`   // minor units per period
	Demand []RoleDemand  `json:"demand,omitempty"` // FTE per limited role and period
}

// prepare normalises c and validates it against scenario s, whose
// limited roles are roles.
func (c *ScenarioCommitted) prepare(s *Scenario, roles map[string]bool, v *Validator) {
	if c.Mode == "" {
		c.Mode = CommittedDerived
	}
	v.Check(c.Mode == CommittedDerived || c.Mode == CommittedNone || c.Mode == CommittedOverride,
		"committed.mode", "must be derived, none or override")
	if c.Mode != CommittedOverride {
		v.Check(len(c.Cost) == 0 && len(c.Demand) == 0, "committed.mode", "must be override to give committed cost or demand")
		return
	}
	v.Check(len(c.Cost) == 0 || len(c.Cost) == s.Periods, "committed.cost", "needs one amount per period (%d) or none", s.Periods)
	v.Check(len(c.Cost) == 0 || len(s.Budget) > 0, "committed.cost", "needs a budget to count against")
	checkAmounts(v, "committed.cost", c.Cost)
	seen := map[string]bool{}
	for i := range c.Demand {
		d := &c.Demand[i]
		f := fieldIndex("committed.demand", i)
		d.Role = clean(d.Role)
		v.Check(roles[d.Role], f+".role", "role %q has no capacity in the scenario", d.Role)
		v.Check(!seen[d.Role], f+".role", "role %q is listed twice", d.Role)
		seen[d.Role] = true
		v.Check(len(d.FTE) == s.Periods, f+".fte", "needs one value per period (%d)", s.Periods)
		for k, x := range d.FTE {
			v.Check(x >= 0 && x <= 1e6 && !math.IsNaN(x), fieldIndex(f+".fte", k), "must be from 0 to 1000000 FTE")
		}
	}
}
