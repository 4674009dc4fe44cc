package pmo

import (
	"context"
	"time"
)

// ScenarioRun is a stored optimiser result for a scenario: the selection
// and how good it is proven to be.
type ScenarioRun struct {
	ID         int64       `json:"id"`
	ScenarioID int64       `json:"scenario_id"`
	Objective  Objective   `json:"objective"`
	Selected   []Selection `json:"selected"`
	Value      float64     `json:"value"`  // objective value of the selection
	Bound      float64     `json:"bound"`  // proven upper bound on any selection's value
	Gap        float64     `json:"gap"`    // (bound - value) / bound; 0 when proven
	Proven     bool        `json:"proven"` // optimal, or proven infeasible
	Infeasible bool        `json:"infeasible"`
	ElapsedMS  int64       `json:"elapsed_ms"`
	Message    string      `json:"message"` // e.g. why the set-up is infeasible
	Actor      string      `json:"actor"`
	At         time.Time   `json:"at"`
}

// Selection is one chosen proposal and the period it starts in.
type Selection struct {
	ProposalID int64  `json:"proposal_id"`
	Code       string `json:"code"`
	Start      Period `json:"start"`
}

// Validate checks r's own fields.
func (r *ScenarioRun) Validate() error {
	var v Validator
	v.Check(r.ScenarioID > 0, "scenario_id", "is required")
	v.Check(r.Objective == ObjectiveScore || r.Objective == ObjectiveNPV, "objective", "must be score or npv")
	v.Check(finite(r.Value) && finite(r.Bound) && finite(r.Gap), "value", "value, bound and gap must be numbers")
	v.Check(r.ElapsedMS >= 0, "elapsed_ms", "must not be negative")
	checkText(&v, "message", r.Message, 0, 10000)
	seen := map[int64]bool{}
	for i, s := range r.Selected {
		f := fieldIndex("selected", i)
		v.Check(s.ProposalID > 0 && !seen[s.ProposalID], f+".proposal_id", "must be a proposal id, once")
		seen[s.ProposalID] = true
		v.Check(!s.Start.IsZero(), f+".start", "is required")
	}
	if r.Selected == nil {
		r.Selected = []Selection{}
	}
	return v.Err()
}

// ScenarioFilter selects scenarios.
type ScenarioFilter struct {
	PortfolioID int64
	Query       string // free text on the name
	ListOptions
}

// ScenarioService manages scenarios and their stored runs.
type ScenarioService interface {
	// FindScenarioByID returns NotFound; the result carries its last run.
	FindScenarioByID(ctx context.Context, id int64) (*Scenario, error)
	// FindScenarios returns a page (with last runs) and the total.
	FindScenarios(ctx context.Context, f ScenarioFilter) ([]*Scenario, Page, error)
	// CreateScenario returns Invalid (also for locks naming proposals of
	// another portfolio) or Conflict on a duplicate name in the portfolio.
	CreateScenario(ctx context.Context, s *Scenario) error
	// UpdateScenario replaces s; Stale for an old version.
	UpdateScenario(ctx context.Context, s *Scenario) error
	// DeleteScenario removes it with its runs; Stale for an old version.
	DeleteScenario(ctx context.Context, id int64, version int) error
	// RecordScenarioRun stores a run; Invalid, NotFound for an unknown scenario.
	RecordScenarioRun(ctx context.Context, r *ScenarioRun) error
	// FindScenarioRunByID returns NotFound.
	FindScenarioRunByID(ctx context.Context, id int64) (*ScenarioRun, error)
	// FindScenarioRuns lists a scenario's runs, newest first; limit 0 means all.
	FindScenarioRuns(ctx context.Context, scenarioID int64, limit int) ([]*ScenarioRun, error)
}

// Funding asks to turn approved proposals into projects: the selection
// the PMO accepts, each with its start period.
type Funding struct {
	PortfolioID int64       `json:"portfolio_id"`
	RunID       int64       `json:"run_id,omitempty"` // the scenario run it came from, if any
	Items       []Selection `json:"items"`
	Actor       string      `json:"actor"`
	Comment     string      `json:"comment"`
}

// Validate checks f's own fields.
func (f *Funding) Validate() error {
	var v Validator
	f.Actor = clean(f.Actor)
	v.Check(f.PortfolioID > 0, "portfolio_id", "is required")
	checkText(&v, "actor", f.Actor, 1, 200)
	checkText(&v, "comment", f.Comment, 0, 5000)
	v.Check(len(f.Items) >= 1 && len(f.Items) <= 500, "items", "needs 1 to 500 proposals")
	seen := map[int64]bool{}
	for i, it := range f.Items {
		fi := fieldIndex("items", i)
		v.Check(it.ProposalID > 0 && !seen[it.ProposalID], fi+".proposal_id", "must be a proposal id, once")
		seen[it.ProposalID] = true
		v.Check(!it.Start.IsZero(), fi+".start", "is required")
	}
	return v.Err()
}

// Funded is the outcome of funding one proposal.
type Funded struct {
	ProposalID int64    `json:"proposal_id"`
	Project    *Project `json:"project"`
	// Already is true when the proposal had been funded before; funding is
	// idempotent and returns the same project.
	Already bool `json:"already"`
}

// FundingService turns approved proposals into projects.
type FundingService interface {
	// FundProposals, in one transaction, creates for each approved
	// proposal a project in the approved stage (code and name from the
	// proposal, budget the business case's total cost, planned start and
	// finish from the chosen period and the duration), links it to the
	// proposal and marks the proposal funded. A proposal already funded
	// yields its project again. Invalid when a proposal is not approved,
	// belongs to another portfolio or starts outside its window; Conflict
	// when a project already uses its code.
	FundProposals(ctx context.Context, f Funding) ([]Funded, error)
}

// IntakeServices is the storage side of intake, scoring, scenarios and
// funding (issue 6). It is apart from Services so that fakes of Services
// need not implement it; web finds it by a type assertion.
type IntakeServices interface {
	ProposalService
	ScoringService
	ScenarioService
	FundingService
}
