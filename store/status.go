package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/pmohq/pmo"
)

const statusCols = `s.id, s.project_id, s.period, s.revision, s.schedule, s.cost, s.scope, s.risk, s.overall,
	s.override_reason, s.schedule_trend, s.cost_trend, s.scope_trend, s.risk_trend, s.overall_trend, s.summary,
	s.achievements, s.next_steps, s.decisions_needed, s.actual_cost_minor, s.actual_cost_currency,
	s.forecast_cost_minor, s.forecast_cost_currency, s.correction_reason, s.submitted_by, s.submitted_at`

func scanStatus(rs rowScanner, extra ...any) (*pmo.StatusReport, error) {
	r := &pmo.StatusReport{}
	err := rs.Scan(append([]any{&r.ID, &r.ProjectID, periodScan{&r.Period}, &r.Revision, &r.Schedule, &r.Cost,
		&r.Scope, &r.Risk, &r.Overall, &r.OverrideReason, &r.ScheduleTrend, &r.CostTrend, &r.ScopeTrend,
		&r.RiskTrend, &r.OverallTrend, &r.Summary, &r.Achievements, &r.NextSteps, &r.DecisionsNeeded,
		&r.ActualCost.Minor, &r.ActualCost.Currency, &r.ForecastCost.Minor, &r.ForecastCost.Currency,
		&r.CorrectionReason, &r.SubmittedBy, timeScan{&r.SubmittedAt}}, extra...)...)
	return r, err
}

// statusInsertHead and statusTuple make up INSERTs of one or many reports.
const statusInsertHead = `INSERT INTO status_reports (project_id, period, period_start, revision, schedule, cost, scope,
	risk, overall, override_reason, schedule_trend, cost_trend, scope_trend, risk_trend, overall_trend, summary,
	achievements, next_steps, decisions_needed, actual_cost_minor, actual_cost_currency, forecast_cost_minor,
	forecast_cost_currency, correction_reason, submitted_by, submitted_at) VALUES `

const statusTuple = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

const statusInsert = statusInsertHead + statusTuple + " RETURNING id"

func statusArgs(r *pmo.StatusReport) []any {
	return []any{r.ProjectID, r.Period.String(), r.Period.Start.String(), r.Revision, r.Schedule, r.Cost, r.Scope,
		r.Risk, r.Overall, r.OverrideReason, r.ScheduleTrend, r.CostTrend, r.ScopeTrend, r.RiskTrend, r.OverallTrend,
		r.Summary, r.Achievements, r.NextSteps, r.DecisionsNeeded, r.ActualCost.Minor, r.ActualCost.Currency,
		r.ForecastCost.Minor, r.ForecastCost.Currency, r.CorrectionReason, r.SubmittedBy, timeArg(r.SubmittedAt)}
}

// currentUpsert makes a report the project's current status unless the
// project already has one for a later period.
const currentUpsert = `INSERT INTO project_current_status (project_id, report_id, period, period_start, period_end,
	schedule, cost, scope, risk, overall, overall_trend, forecast_cost_minor, forecast_cost_currency,
	actual_cost_minor, actual_cost_currency, schedule_trend, cost_trend, scope_trend, risk_trend)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (project_id) DO UPDATE SET report_id = excluded.report_id, period = excluded.period,
	period_start = excluded.period_start, period_end = excluded.period_end, schedule = excluded.schedule,
	cost = excluded.cost, scope = excluded.scope, risk = excluded.risk, overall = excluded.overall,
	overall_trend = excluded.overall_trend, forecast_cost_minor = excluded.forecast_cost_minor,
	forecast_cost_currency = excluded.forecast_cost_currency, actual_cost_minor = excluded.actual_cost_minor,
	actual_cost_currency = excluded.actual_cost_currency, schedule_trend = excluded.schedule_trend,
	cost_trend = excluded.cost_trend, scope_trend = excluded.scope_trend, risk_trend = excluded.risk_trend
	WHERE excluded.period_start >= project_current_status.period_start`

func currentArgs(r *pmo.StatusReport) []any {
	return []any{r.ProjectID, r.ID, r.Period.String(), r.Period.Start.String(), r.Period.End().String(),
		r.Schedule, r.Cost, r.Scope, r.Risk, r.Overall, r.OverallTrend, r.ForecastCost.Minor,
		r.ForecastCost.Currency, r.ActualCost.Minor, r.ActualCost.Currency, r.ScheduleTrend, r.CostTrend,
		r.ScopeTrend, r.RiskTrend}
}

// FindStatusReportByID returns NotFound when no report has the id.
func (db *DB) FindStatusReportByID(ctx context.Context, id int64) (r *pmo.StatusReport, err error) {
	err = db.read(ctx, func(t *tx) error {
		r, err = t.findStatus(id)
		return err
	})
	return r, err
}

func (t *tx) findStatus(id int64) (*pmo.StatusReport, error) {
	r, err := scanStatus(t.queryRow("SELECT "+statusCols+" FROM status_reports s WHERE s.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("status report", id)
	}
	return r, err
}

var statusSorts = map[string]sortKey{"period": {expr: "s.period_start"}}

// FindStatusReports returns a page of reports and the total matching. Sort
// accepts period only (default "-period"); reports of one period are
// ordered by id, that is by revision.
func (db *DB) FindStatusReports(ctx context.Context, f pmo.StatusFilter) (rs []*pmo.StatusReport, page pmo.Page, err error) {
	pg, err := newPager(f.ListOptions, statusSorts, "-period", "s.id")
	if err != nil {
		return nil, page, err
	}
	w := &where{}
	if f.ProjectID != 0 {
		w.add("s.project_id = ?", f.ProjectID)
	}
	if !f.AllRevisions {
		w.add(`NOT EXISTS (SELECT 1 FROM status_reports n WHERE n.project_id = s.project_id
			AND n.period = s.period AND n.revision > s.revision)`)
	}
	if !f.From.IsZero() {
		w.add("s.period_start >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("s.period_start <= ?", f.To.String())
	}
	if r, ok := pmo.ReachFrom(ctx); ok {
		reachProjects(w, r, "s.project_id")
	}
	err = db.read(ctx, func(t *tx) error {
		rs, page, err = findPage(t, listQuery{cols: statusCols, from: "status_reports s", w: w, pg: pg}, scanStatus,
			func(r *pmo.StatusReport) int64 { return r.ID })
		return err
	})
	return rs, page, err
}

// SubmitStatusReport records r as revision 1 of its period, fills trends
// and updates the project's current status. Invalid for bad input or an
// unknown project; Conflict when the period already has a report.
func (db *DB) SubmitStatusReport(ctx context.Context, r *pmo.StatusReport) error {
	if err := r.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.checkRef("projects", "project_id", r.ProjectID); err != nil {
			return err
		}
		var n int
		if err := t.queryRow("SELECT COUNT(*) FROM status_reports WHERE project_id = ? AND period = ?",
			r.ProjectID, r.Period.String()).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &pmo.Error{Kind: pmo.Conflict, Message: "period " + r.Period.String() + " already has a status report; submit a correction instead",
				Fields: []pmo.FieldError{{Field: "period", Detail: "already reported"}}}
		}
		r.Revision = 1
		if err := t.recordStatus(r); err != nil {
			return err
		}
		return t.audit("status_report", r.ID, r.ProjectID, pmo.AuditCreate, nil, r)
	})
}

// CorrectStatusReport records r as the next revision of the period of the
// report it corrects (r.ID on entry); r must name the same project and
// period. Invalid without a correction reason; NotFound for an unknown
// report; Stale when a newer revision exists than the one corrected.
func (db *DB) CorrectStatusReport(ctx context.Context, r *pmo.StatusReport) error {
	if err := r.Prepare(); err != nil {
		return err
	}
	if strings.TrimSpace(r.CorrectionReason) == "" {
		return pmo.FieldErr("correction_reason", "is required to correct a status report")
	}
	return db.write(ctx, func(t *tx) error {
		orig, err := t.findStatus(r.ID)
		if err != nil {
			return err
		}
		if r.ProjectID != orig.ProjectID {
			return pmo.FieldErr("project_id", "must be the project of the corrected report (%d)", orig.ProjectID)
		}
		if r.Period != orig.Period {
			return pmo.FieldErr("period", "must be the period of the corrected report (%s)", orig.Period)
		}
		var latest int
		if err := t.queryRow("SELECT MAX(revision) FROM status_reports WHERE project_id = ? AND period = ?",
			orig.ProjectID, orig.Period.String()).Scan(&latest); err != nil {
			return err
		}
		if latest != orig.Revision {
			return pmo.Errorf(pmo.Stale, "someone else saved a newer revision (%d) of %s first; correct that one instead", latest, orig.Period)
		}
		r.Revision = orig.Revision + 1
		err = t.recordStatus(r)
		if pmo.ErrorKind(t.db.mapError(err)) == pmo.Conflict {
			// A concurrent correction took this revision number first.
			return pmo.Errorf(pmo.Stale, "someone else saved a newer revision of %s first; correct that one instead", orig.Period)
		}
		if err != nil {
			return err
		}
		return t.audit("status_report", r.ID, r.ProjectID, "correct", orig, r)
	})
}

// recordStatus sets trends against the previous reported period, inserts r
// and updates the current status when r is for the latest period.
func (t *tx) recordStatus(r *pmo.StatusReport) error {
	prev, err := scanStatus(t.queryRow("SELECT "+statusCols+` FROM status_reports s WHERE s.project_id = ?
		AND s.period_start < ? ORDER BY s.period_start DESC, s.revision DESC LIMIT 1`,
		r.ProjectID, r.Period.Start.String()))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		prev = nil
	case err != nil:
		return err
	}
	r.SetTrends(prev)
	r.SubmittedAt = t.now
	if err := t.queryRow(statusInsert, statusArgs(r)...).Scan(&r.ID); err != nil {
		return err
	}
	_, err = t.exec(currentUpsert, currentArgs(r)...)
	return err
}
