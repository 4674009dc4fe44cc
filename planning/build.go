package planning

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/optimize"
)

// Input is what a plan is built from.
type Input struct {
	Scenario *pmo.Scenario
	// Proposals is the portfolio's pipeline in any state; candidates are
	// those submitted, under review or approved (see Candidate).
	Proposals []*pmo.Proposal
	// Model and Scores rank the proposals; required for the score
	// objective.
	Model  *pmo.ScoringModel
	Scores []*pmo.Score
	// Projects are the existing projects proposals depend on, for their
	// state and finish date.
	Projects []*pmo.Project
	// Committed is the budget and capacity that running work already uses
	// in each period of the horizon.
	Committed Load
}

// Load is time-phased use of budget and roles over the scenario's horizon.
type Load struct {
	Cost   []int64          // minor units per period; shorter means zero after
	Demand []pmo.RoleDemand // FTE per role and period
	// Sources says which running projects the load comes from, when it
	// was derived by CommittedLoad; empty when given explicitly.
	Sources []Commitment `json:"sources,omitempty"`
	// Notes say which running projects CommittedLoad could not count.
	Notes []Note `json:"notes,omitempty"`
}

// Candidate reports whether a proposal in state s competes for funding:
// drafts are not ready, decided proposals are out (rejected, withdrawn) or
// already projects (funded).
func Candidate(s pmo.ProposalState) bool {
	return s == pmo.ProposalSubmitted || s == pmo.ProposalUnderReview || s == pmo.ProposalApproved
}

// Plan is an optimiser problem built from the pipeline, with what is needed
// to read its answers in PMO terms.
type Plan struct {
	Scenario  *pmo.Scenario
	Problem   *optimize.Problem
	Proposals []*pmo.Proposal // candidates, in the order of Problem.Items
	Scores    map[int64]float64
	Notes     []Note // what the PMO should know about the set-up
	Committed Load
	index     map[string]int // proposal code → item
	// Money and values go to the optimiser divided by these powers of ten,
	// so that its numbers stay near 1: its LP tolerances are absolute, and
	// with budgets in cents (1e8) beside FTE (1) it needs twice the
	// iterations on the demo-sized intake (BenchmarkPlanSolve).
	unit, vunit float64
}

// Note is a remark on one proposal's place in the plan, e.g. that it was
// never scored or that a dependency keeps it out.
type Note struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Build validates in and makes the plan. Errors are *pmo.Error values of
// kind Invalid whose fields name the proposal (by code) and the field.
func Build(in Input) (*Plan, error) {
	s := in.Scenario
	if s == nil {
		return nil, pmo.FieldErr("scenario", "is required")
	}
	var cands []*pmo.Proposal
	byID := map[int64]*pmo.Proposal{}
	for _, p := range in.Proposals {
		byID[p.ID] = p
		if Candidate(p.State) {
			cands = append(cands, p)
		}
	}
	if err := s.Check(cands); err != nil {
		return nil, err
	}
	var v pmo.Validator
	for _, p := range cands {
		if p.Case.Currency != "" && s.Currency != "" && p.Case.Currency != s.Currency && len(p.Case.Cost()) > 0 {
			v.Add("proposals."+p.Code+".business_case.currency", "is %s but the scenario's budget is in %s", p.Case.Currency, s.Currency)
		}
	}
	v.Check(len(in.Committed.Cost) <= s.Periods, "committed.cost", "has %d periods, the horizon %d", len(in.Committed.Cost), s.Periods)
	if err := v.Err(); err != nil {
		return nil, err
	}
	pl := &Plan{Scenario: s, Proposals: cands, Committed: in.Committed, index: map[string]int{}}
	if s.Objective == pmo.ObjectiveScore {
		scores, notes, err := rankScores(in.Model, cands, in.Scores)
		if err != nil {
			return nil, err
		}
		pl.Scores, pl.Notes = scores, notes
	}
	pl.unit, pl.vunit = moneyUnit(s, cands, in.Committed), 1
	if s.Objective == pmo.ObjectiveNPV {
		top := 0.0
		for _, p := range cands {
			top = math.Max(top, float64(p.NPV))
		}
		pl.vunit = scale(top)
	}
	prob := &optimize.Problem{Periods: s.Periods}
	if len(s.Budget) > 0 {
		prob.Budget = pl.floats(s.Budget, s.Periods)
		prob.Committed.Cost = pl.floats(in.Committed.Cost, s.Periods)
	}
	for _, c := range s.Capacity {
		prob.Roles = append(prob.Roles, optimize.Role{Name: c.Role, Capacity: slices.Clone(c.FTE)})
	}
	if len(in.Committed.Demand) > 0 {
		prob.Committed.Demand = map[string][]float64{}
		for _, d := range in.Committed.Demand {
			prob.Committed.Demand[d.Role] = d.FTE
		}
	}
	projects := map[int64]*pmo.Project{}
	for _, p := range in.Projects {
		projects[p.ID] = p
	}
	for k, p := range cands {
		pl.index[p.Code] = k
		it, notes := pl.item(p, byID, projects)
		prob.Items = append(prob.Items, it)
		pl.Notes = append(pl.Notes, notes...)
	}
	pl.Notes = append(pl.Notes, in.Committed.Notes...)
	pl.Problem = prob
	if err := prob.Validate(); err != nil {
		return nil, engineError(err)
	}
	return pl, nil
}

// item makes the optimiser item of proposal p.
func (pl *Plan) item(p *pmo.Proposal, byID map[int64]*pmo.Proposal, projects map[int64]*pmo.Project) (optimize.Item, []Note) {
	s := pl.Scenario
	var notes []Note
	note := func(format string, a ...any) { notes = append(notes, Note{p.Code, fmt.Sprintf(format, a...)}) }
	it := optimize.Item{ID: p.Code, Duration: p.Case.Periods(), Mandatory: p.Mandatory,
		Cost: pl.floats(p.Case.Cost(), 0), Demand: map[string][]float64{}}
	for _, d := range p.Case.Demand {
		it.Demand[d.Role] = slices.Clone(d.FTE)
	}
	switch s.Objective {
	case pmo.ObjectiveNPV:
		it.Value = math.Max(0, float64(p.NPV)) / pl.vunit
		if p.NPV < 0 {
			note("its NPV is negative (%s): it adds nothing to the objective and is selected only when forced or needed by another", money(p.NPV, s.Currency))
		}
	default:
		it.Value = pl.Scores[p.ID]
	}
	// The window: from the earliest start (or the horizon's start) to the
	// latest start, or else the last start that still ends in the horizon,
	// so that the whole cost of an open-ended proposal is counted.
	early := 0
	if !p.EarliestStart.IsZero() {
		early = s.Index(p.EarliestStart)
	}
	late := s.Periods - it.Duration
	if !p.LatestStart.IsZero() {
		late = min(s.Index(p.LatestStart), s.Periods-1)
	}
	for _, d := range p.Dependencies {
		switch other := byID[d.ProposalID]; {
		case d.ProposalID != 0 && other != nil && Candidate(other.State):
			if d.FinishFirst {
				it.After = append(it.After, other.Code)
			} else {
				it.Requires = append(it.Requires, other.Code)
			}
		case d.ProposalID != 0 && (other == nil || other.ProjectID == 0):
			name := fmt.Sprintf("proposal %d", d.ProposalID)
			if other != nil {
				name = fmt.Sprintf("proposal %s (%s)", other.Code, other.State)
			}
			it.Lock = optimize.LockOut
			note("it needs %s, which is not in the pipeline and not funded, so it cannot be selected", name)
		default:
			id, funded := d.ProjectID, (*pmo.Proposal)(nil)
			if d.ProposalID != 0 {
				id, funded = other.ProjectID, other
			}
			early = max(early, pl.afterProject(funded, projects[id], id, d.FinishFirst, &it, note))
		}
	}
	for _, id := range p.Excludes {
		if other := byID[id]; other != nil && Candidate(other.State) {
			it.Excludes = append(it.Excludes, other.Code)
		}
	}
	if !s.Timed {
		late = early
	}
	if late < early {
		late = early
	}
	if early >= s.Periods {
		it.Lock = optimize.LockOut
		note("it cannot start inside the horizon (its earliest start is %s)", s.PeriodAt(early))
		early, late = s.Periods-1, s.Periods-1
	}
	if early+it.Duration > s.Periods {
		past := early + it.Duration - s.Periods
		note("it runs %d period%s past the horizon; its cost and demand after %s are not counted", past, plural(past), s.PeriodAt(s.Periods-1))
	}
	it.EarliestStart, it.LatestStart = early, late
	switch {
	case slices.Contains(s.LockIn, p.ID):
		it.Lock = optimize.LockIn
	case slices.Contains(s.LockOut, p.ID):
		it.Lock = optimize.LockOut
	}
	return it, notes
}

// afterProject handles a dependency on an existing project (funded names
// the proposal it came from, if any): it is met unless the project was
// cancelled, and with finishFirst the proposal starts in the period after
// the project's (forecast) finish.
func (pl *Plan) afterProject(funded *pmo.Proposal, prj *pmo.Project, id int64, finishFirst bool, it *optimize.Item, note func(string, ...any)) int {
	switch {
	case prj == nil && funded != nil:
		// A funded proposal's project exists; without it in the input its
		// finish is unknown, so the dependency counts as met.
		if finishFirst {
			note("it follows %s, funded as project %d, whose finish date was not given: it is taken as finished", funded.Code, id)
		}
		return 0
	case prj == nil:
		it.Lock = optimize.LockOut
		note("it needs project %d, which was not found, so it cannot be selected", id)
		return 0
	}
	if prj.State == pmo.Cancelled {
		it.Lock = optimize.LockOut
		note("it needs project %s, which was cancelled, so it cannot be selected", prj.Code)
		return 0
	}
	end := prj.ForecastEnd
	if end.IsZero() {
		end = prj.PlannedEnd
	}
	if !prj.ActualEnd.IsZero() {
		end = prj.ActualEnd
	}
	if !finishFirst || end.IsZero() {
		return 0
	}
	k := pl.Scenario.Index(periodOf(pl.Scenario.Start.Kind, end)) + 1
	if k > 0 {
		note("it starts after project %s finishes (%s), in %s at the earliest", prj.Code, end, pl.Scenario.PeriodAt(k))
	}
	return k
}

func periodOf(k pmo.PeriodKind, d pmo.Date) pmo.Period {
	switch k {
	case pmo.Week:
		return pmo.WeekOf(d)
	case pmo.Month:
		return pmo.MonthOf(d)
	}
	return pmo.QuarterOf(d)
}

// floats converts amounts to optimiser units, padded to n entries.
func (pl *Plan) floats(xs []int64, n int) []float64 {
	out := make([]float64, max(n, len(xs)))
	for k, x := range xs {
		out[k] = float64(x) / pl.unit
	}
	return out
}

// moneyUnit picks the money unit of the optimiser from the largest amount
// in one period: a budget, a committed cost or a proposal's cost.
func moneyUnit(s *pmo.Scenario, cands []*pmo.Proposal, c Load) float64 {
	var top int64
	for _, xs := range [][]int64{s.Budget, c.Cost} {
		for _, x := range xs {
			top = max(top, x)
		}
	}
	for _, p := range cands {
		for _, x := range p.Case.Cost() {
			top = max(top, x)
		}
	}
	return scale(float64(top))
}

// scale returns the power of ten that brings top to at most 1000.
func scale(top float64) float64 {
	u := 1.0
	for top/u > 1000 {
		u *= 10
	}
	return u
}

// engineError turns the optimiser's input errors into a domain error whose
// fields name the proposal by code.
func engineError(err error) error {
	e := &pmo.Error{Kind: pmo.Invalid, Message: "the plan is not valid"}
	for _, x := range unjoin(err) {
		var ie *optimize.InputError
		if errors.As(x, &ie) {
			f := ie.Field
			if ie.Item != "" {
				f = "proposals." + ie.Item + "." + ie.Field
			}
			e.Fields = append(e.Fields, pmo.FieldError{Field: f, Detail: ie.Message})
		}
	}
	if len(e.Fields) == 0 {
		return err
	}
	return e
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// money formats an amount in minor units, e.g. "EUR 1,250.00".
func money(minor int64, currency string) string {
	if currency == "" {
		return strings.TrimSpace(pmo.Money{Minor: minor, Currency: "XXX"}.String()[4:])
	}
	return pmo.Money{Minor: minor, Currency: currency}.String()
}
