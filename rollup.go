package pmo

import "context"

// StaleAfterDays is how many days after the end of its last reported period a
// project's status counts as overdue: one cycle plus a grace of two days
// (DOMAIN.md §4, staleness).
func StaleAfterDays(c Cadence) int { return c.Days() + 2 }

// StatusOverdue reports whether an active project whose latest report covers
// last (zero when it has none) is overdue on asOf.
func StatusOverdue(c Cadence, last Period, asOf Date) bool {
	if last.IsZero() {
		return true
	}
	return last.End().AddDays(StaleAfterDays(c)).Before(asOf)
}

// RollupFilter scopes a roll-up to all portfolios, one portfolio or one program.
type RollupFilter struct {
	PortfolioID int64
	ProgramID   int64
	AsOf        Date // zero means today
}

// Rollup aggregates a set of projects for a dashboard or review.
type Rollup struct {
	Projects int           `json:"projects"`
	ByStage  map[Stage]int `json:"by_stage"`
	ByState  map[State]int `json:"by_state"`
	// RAG counts by dimension (schedule, cost, scope, risk, overall) for
	// active and on-hold projects; grey counts those without a report.
	RAG map[string]map[RAG]int `json:"rag"`
	// Budgets sums budget at completion and the latest forecast per currency.
	Budgets []BudgetTotal `json:"budgets"`
	// Overdue lists active projects whose status report is overdue, oldest first.
	Overdue []OverdueStatus `json:"overdue"`
}

// BudgetTotal sums money in one currency. Projects without a forecast count
// their budget as forecast.
type BudgetTotal struct {
	Currency string `json:"currency"`
	Budget   int64  `json:"budget_minor"`
	Forecast int64  `json:"forecast_minor"`
	Actual   int64  `json:"actual_minor"`
}

// OverdueStatus names a project whose status report is overdue.
type OverdueStatus struct {
	ProjectID  int64  `json:"project_id"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	Manager    string `json:"manager"`
	LastPeriod Period `json:"last_period"` // zero when it never reported
	DaysLate   int    `json:"days_late"`
}

// RollupService computes portfolio roll-ups.
type RollupService interface {
	// Rollup returns NotFound for an unknown portfolio or program.
	Rollup(ctx context.Context, f RollupFilter) (*Rollup, error)
}

// Services is the whole domain API that storage provides.
type Services interface {
	PortfolioService
	ProgramService
	ProjectService
	StatusService
	ChangeService
	RollupService
	ImportService
	AccountService
	AuditService
	Milestones() RecordService[Milestone]
	Risks() RecordService[Risk]
	Issues() RecordService[Issue]
	Actions() RecordService[Action]
	Decisions() RecordService[Decision]
	Dependencies() RecordService[Dependency]
}
