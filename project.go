package pmo

import (
	"context"
	"time"
)

// State is where a project stands administratively.
type State string

// Project states.
const (
	Proposed  State = "proposed"
	Active    State = "active"
	OnHold    State = "on_hold"
	Closed    State = "closed"
	Cancelled State = "cancelled"
)

// States lists the project states in display order.
var States = []State{Proposed, Active, OnHold, Closed, Cancelled}

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	switch s {
	case Proposed, Active, OnHold, Closed, Cancelled:
		return true
	}
	return false
}

// Stage is a lifecycle stage of the delivery framework.
type Stage string

// The default lifecycle (../shared/DOMAIN.md §3). A framework may add others.
const (
	Idea           Stage = "idea"
	BusinessCase   Stage = "business_case"
	Approved       Stage = "approved"
	Planning       Stage = "planning"
	Execution      Stage = "execution"
	Closure        Stage = "closure"
	BenefitsReview Stage = "benefits_review"
)

// Stages lists the default lifecycle in order.
var Stages = []Stage{Idea, BusinessCase, Approved, Planning, Execution, Closure, BenefitsReview}

// Valid reports whether s is a stage of the default lifecycle.
func (s Stage) Valid() bool {
	for _, x := range Stages {
		if s == x {
			return true
		}
	}
	return false
}

// Project is a temporary endeavour in a portfolio, optionally inside a program.
type Project struct {
	ID            int64          `json:"id"`
	PortfolioID   int64          `json:"portfolio_id"`
	ProgramID     int64          `json:"program_id,omitempty"` // 0: directly under the portfolio
	Code          string         `json:"code"`                 // unique across pmo
	Name          string         `json:"name"`
	Description   string         `json:"description"`
	Sponsor       string         `json:"sponsor"`
	Manager       string         `json:"manager"`
	Stage         Stage          `json:"stage"`
	State         State          `json:"state"`
	Priority      int            `json:"priority"` // 1 (highest) .. 5
	PlannedStart  Date           `json:"planned_start"`
	PlannedEnd    Date           `json:"planned_finish"`
	ForecastEnd   Date           `json:"forecast_finish"`
	ForecastStart Date           `json:"forecast_start"`
	ActualStart   Date           `json:"actual_start"`
	ActualEnd     Date           `json:"actual_finish"`
	Budget        Money          `json:"budget_at_completion"`
	Tags          []string       `json:"tags"`
	CustomFields  map[string]any `json:"custom_fields"`
	Version       int            `json:"version"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`

	// Status is the latest submitted status report's ratings; read-only,
	// maintained by StatusService.
	Status *CurrentStatus `json:"current_status"`
}

// CurrentStatus summarises a project's latest status report.
type CurrentStatus struct {
	ReportID     int64  `json:"report_id"`
	Period       Period `json:"period"`
	Schedule     RAG    `json:"schedule"`
	Cost         RAG    `json:"cost"`
	Scope        RAG    `json:"scope"`
	Risk         RAG    `json:"risk"`
	Overall      RAG    `json:"overall"`
	OverallTrend Trend  `json:"overall_trend"`
	// Trends of each dimension against the previous report.
	ScheduleTrend Trend `json:"schedule_trend"`
	CostTrend     Trend `json:"cost_trend"`
	ScopeTrend    Trend `json:"scope_trend"`
	RiskTrend     Trend `json:"risk_trend"`
	ForecastCost  Money `json:"forecast_cost"`
}

// Trend returns the trend of a dimension ("schedule", ..., "overall").
func (s *CurrentStatus) Trend(dim string) Trend {
	switch dim {
	case "schedule":
		return s.ScheduleTrend
	case "cost":
		return s.CostTrend
	case "scope":
		return s.ScopeTrend
	case "risk":
		return s.RiskTrend
	case "overall":
		return s.OverallTrend
	}
	return ""
}

// Rating returns the rating of a dimension ("schedule", ..., "overall").
func (s *CurrentStatus) Rating(dim string) RAG {
	switch dim {
	case "schedule":
		return s.Schedule
	case "cost":
		return s.Cost
	case "scope":
		return s.Scope
	case "risk":
		return s.Risk
	case "overall":
		return s.Overall
	}
	return ""
}

// Prepare normalises p and validates the fields that need no lookup.
// Custom fields are checked against the portfolio with CheckCustomFields.
func (p *Project) Prepare() error {
	var v Validator
	p.Code, p.Name, p.Sponsor, p.Manager = clean(p.Code), clean(p.Name), clean(p.Sponsor), clean(p.Manager)
	v.Check(p.PortfolioID > 0, "portfolio_id", "is required")
	v.Check(p.ProgramID >= 0, "program_id", "must be a program id")
	checkCode(&v, "code", p.Code)
	checkText(&v, "name", p.Name, 1, 200)
	checkText(&v, "description", p.Description, 0, 10000)
	checkText(&v, "sponsor", p.Sponsor, 0, 200)
	checkText(&v, "manager", p.Manager, 0, 200)
	if p.Stage == "" {
		p.Stage = Idea
	}
	v.Check(p.Stage.Valid(), "stage", "must be one of idea, business_case, approved, planning, execution, closure, benefits_review")
	if p.State == "" {
		p.State = Proposed
	}
	v.Check(p.State.Valid(), "state", "must be one of proposed, active, on_hold, closed, cancelled")
	if p.Priority == 0 {
		p.Priority = 3
	}
	checkRange(&v, "priority", p.Priority, 1, 5)
	checkDates(&v, "planned_start", p.PlannedStart, "planned_finish", p.PlannedEnd)
	checkDates(&v, "forecast_start", p.ForecastStart, "forecast_finish", p.ForecastEnd)
	checkDates(&v, "actual_start", p.ActualStart, "actual_finish", p.ActualEnd)
	v.Check(p.ActualEnd.IsZero() || !p.ActualStart.IsZero(), "actual_start", "is required when actual_finish is set")
	v.Check(p.Budget.Minor >= 0, "budget_at_completion.minor", "must not be negative")
	p.Budget.Validate("budget_at_completion", &v)
	p.Tags = normaliseTags(p.Tags, &v)
	if p.CustomFields == nil {
		p.CustomFields = map[string]any{}
	}
	return v.Err()
}

func normaliseTags(tags []string, v *Validator) []string {
	out := []string{}
	seen := map[string]bool{}
	for i, t := range tags {
		t = clean(t)
		checkText(v, fieldIndex("tags", i), t, 1, 50)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	v.Check(len(out) <= 20, "tags", "at most 20 tags")
	return out
}

// ProjectFilter selects projects. Sort accepts code, name, priority, stage,
// state, budget, planned_finish, forecast_finish, updated_at and overall
// (worst first), each optionally prefixed with "-".
type ProjectFilter struct {
	// IDs keeps only the projects with these ids (e.g. to name the projects
	// of a page of records in one query).
	IDs         []int64
	PortfolioID int64
	ProgramID   int64
	Stages      []Stage
	States      []State
	Manager     string
	Sponsor     string
	Tag         string
	Query       string // free text on code, name and description
	// RAG filters on the current status, by dimension ("overall", "schedule", ...).
	RAG map[string][]RAG
	// Overdue keeps only projects whose status report is overdue.
	Overdue bool
	// AsOf is the date against which overdue is judged; zero means today.
	AsOf Date
	ListOptions
}

// ProjectService manages projects.
type ProjectService interface {
	// FindProjectByID returns NotFound when no project has the id.
	FindProjectByID(ctx context.Context, id int64) (*Project, error)
	// FindProjectByCode returns NotFound when no project has the code.
	FindProjectByCode(ctx context.Context, code string) (*Project, error)
	// FindProjects returns a page of projects with their current status, and the total matching.
	FindProjects(ctx context.Context, f ProjectFilter) ([]*Project, Page, error)
	// CreateProject returns Invalid (bad fields, unknown portfolio or program)
	// or Conflict on a duplicate code.
	CreateProject(ctx context.Context, p *Project) error
	// UpdateProject replaces p; Stale when p.Version is not current.
	UpdateProject(ctx context.Context, p *Project) error
	// DeleteProject removes a project that has no status history;
	// Conflict otherwise (close or cancel it instead).
	DeleteProject(ctx context.Context, id int64, version int) error
}
