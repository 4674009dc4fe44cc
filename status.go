package pmo

import (
	"context"
	"time"
)

// StatusReport is a project's status for one reporting period. Once submitted
// it never changes; a correction is a new revision of the same period, and
// earlier revisions stay readable.
type StatusReport struct {
	ID        int64  `json:"id"`
	ProjectID int64  `json:"project_id"`
	Period    Period `json:"period"`
	Revision  int    `json:"revision"` // 1 for the first submission of the period

	Schedule RAG `json:"schedule"`
	Cost     RAG `json:"cost"`
	Scope    RAG `json:"scope"`
	Risk     RAG `json:"risk"`
	// Overall defaults to the worst dimension. A better overall rating than
	// the worst dimension needs OverrideReason.
	Overall        RAG    `json:"overall"`
	OverrideReason string `json:"override_reason"`

	// Trends compare each dimension with the previous period's report.
	ScheduleTrend Trend `json:"schedule_trend"`
	CostTrend     Trend `json:"cost_trend"`
	ScopeTrend    Trend `json:"scope_trend"`
	RiskTrend     Trend `json:"risk_trend"`
	OverallTrend  Trend `json:"overall_trend"`

	Summary         string `json:"summary"`
	Achievements    string `json:"achievements"`
	NextSteps       string `json:"next_steps"`
	DecisionsNeeded string `json:"decisions_needed"`

	ActualCost   Money `json:"actual_cost"`   // cumulative actual cost (AC)
	ForecastCost Money `json:"forecast_cost"` // estimate at completion (EAC)

	CorrectionReason string    `json:"correction_reason"` // required from revision 2
	SubmittedBy      string    `json:"submitted_by"`
	SubmittedAt      time.Time `json:"submitted_at"`
}

// Prepare normalises r, defaults the overall rating and validates.
func (r *StatusReport) Prepare() error {
	var v Validator
	v.Check(r.ProjectID > 0, "project_id", "is required")
	v.Check(!r.Period.IsZero(), "period", "is required, e.g. 2026-W48")
	for _, d := range []struct {
		name string
		rag  RAG
	}{{"schedule", r.Schedule}, {"cost", r.Cost}, {"scope", r.Scope}, {"risk", r.Risk}} {
		v.Check(d.rag.Valid(), d.name, "must be one of green, amber, red, blue, grey")
	}
	worst := Worst(r.Schedule, r.Cost, r.Scope, r.Risk)
	if r.Overall == "" {
		r.Overall = worst
	}
	v.Check(r.Overall.Valid(), "overall", "must be one of green, amber, red, blue, grey")
	r.OverrideReason = clean(r.OverrideReason)
	if worst.Worse(r.Overall) {
		v.Check(r.OverrideReason != "", "override_reason",
			"is required when overall (%s) is better than the worst dimension (%s)", r.Overall, worst)
	}
	checkText(&v, "override_reason", r.OverrideReason, 0, 2000)
	checkText(&v, "summary", r.Summary, 1, 5000)
	checkText(&v, "achievements", r.Achievements, 0, 10000)
	checkText(&v, "next_steps", r.NextSteps, 0, 10000)
	checkText(&v, "decisions_needed", r.DecisionsNeeded, 0, 10000)
	r.SubmittedBy = clean(r.SubmittedBy)
	checkText(&v, "submitted_by", r.SubmittedBy, 1, 200)
	checkText(&v, "correction_reason", r.CorrectionReason, 0, 2000)
	v.Check(r.ActualCost.Minor >= 0, "actual_cost.minor", "must not be negative")
	v.Check(r.ForecastCost.Minor >= 0, "forecast_cost.minor", "must not be negative")
	r.ActualCost.Validate("actual_cost", &v)
	r.ForecastCost.Validate("forecast_cost", &v)
	return v.Err()
}

// SetTrends compares r with the previous period's report (nil for the first).
func (r *StatusReport) SetTrends(prev *StatusReport) {
	if prev == nil {
		prev = &StatusReport{}
	}
	r.ScheduleTrend = TrendOf(prev.Schedule, r.Schedule)
	r.CostTrend = TrendOf(prev.Cost, r.Cost)
	r.ScopeTrend = TrendOf(prev.Scope, r.Scope)
	r.RiskTrend = TrendOf(prev.Risk, r.Risk)
	r.OverallTrend = TrendOf(prev.Overall, r.Overall)
}

// StatusFilter selects status reports.
type StatusFilter struct {
	ProjectID int64
	// AllRevisions includes superseded revisions; by default only the latest
	// revision of each period is returned.
	AllRevisions bool
	From, To     Date // period start within [From, To]
	ListOptions       // Sort: period (default "-period")
}

// StatusService records status reports.
type StatusService interface {
	// FindStatusReportByID returns NotFound when no report has the id.
	FindStatusReportByID(ctx context.Context, id int64) (*StatusReport, error)
	// FindStatusReports returns a page of reports and the total matching.
	FindStatusReports(ctx context.Context, f StatusFilter) ([]*StatusReport, Page, error)
	// SubmitStatusReport records r as revision 1 of its period, fills trends
	// and updates the project's current status. Conflict when the period
	// already has a report (submit a correction instead).
	SubmitStatusReport(ctx context.Context, r *StatusReport) error
	// CorrectStatusReport records r as the next revision of the period of the
	// report it corrects (r.ID on entry). Invalid without a correction reason;
	// Stale when a newer revision exists than the one corrected.
	CorrectStatusReport(ctx context.Context, r *StatusReport) error
}
