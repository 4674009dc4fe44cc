package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/pmohq/pmo"
)

// Rollup aggregates the projects of all portfolios, one portfolio or one
// program in a handful of queries; NotFound for an unknown portfolio or
// program. Budgets cover every project in scope except cancelled ones:
// budget is the budget at completion, forecast the current status's
// forecast cost (the budget when there is none), actual the current
// status's actual cost, each summed in its own currency. DaysLate of an
// overdue project counts from the day its status became overdue; for a
// project that never reported, from its actual (else planned) start, else
// its creation.
func (db *DB) Rollup(ctx context.Context, f pmo.RollupFilter) (r *pmo.Rollup, err error) {
	asOf := f.AsOf
	if asOf.IsZero() {
		asOf = db.today()
	}
	err = db.read(ctx, func(t *tx) error {
		w := &where{}
		if f.PortfolioID != 0 {
			if err := t.mustExist("portfolios", "portfolio", f.PortfolioID); err != nil {
				return err
			}
			w.add("p.portfolio_id = ?", f.PortfolioID)
		}
		if f.ProgramID != 0 {
			if err := t.mustExist("programs", "program", f.ProgramID); err != nil {
				return err
			}
			w.add("p.program_id = ?", f.ProgramID)
		}
		reachJoined(ctx, w)
		r = &pmo.Rollup{ByStage: map[pmo.Stage]int{}, ByState: map[pmo.State]int{}, RAG: map[string]map[pmo.RAG]int{},
			Budgets: []pmo.BudgetTotal{}, Overdue: []pmo.OverdueStatus{}}
		for _, step := range []func(*tx, *where, *pmo.Rollup) error{rollupCounts, rollupRAG, rollupBudgets} {
			if err := step(t, w, r); err != nil {
				return err
			}
		}
		return rollupOverdue(t, w, asOf, r)
	})
	return r, err
}

func (t *tx) mustExist(table, what string, id int64) error {
	ok, err := t.exists(table, id)
	if err == nil && !ok {
		err = notFound(what, id)
	}
	return err
}

// rollupCounts counts projects by stage and state, from the covering index.
func rollupCounts(t *tx, w *where, r *pmo.Rollup) error {
	rows, err := t.query("SELECT p.stage, p.state, COUNT(*) FROM projects p"+w.String()+" GROUP BY p.stage, p.state", w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var stage pmo.Stage
		var state pmo.State
		var n int
		if err := rows.Scan(&stage, &state, &n); err != nil {
			return err
		}
		r.Projects += n
		r.ByStage[stage] += n
		r.ByState[state] += n
	}
	return rows.Err()
}

// rollupRAG counts the ratings of active and on-hold projects per
// dimension, grey for those without a report, grouped by all five ratings.
func rollupRAG(t *tx, w *where, r *pmo.Rollup) error {
	w = w.clone()
	w.add("p.state IN ('active', 'on_hold')")
	cols := make([]string, len(pmo.Dimensions))
	for i, d := range pmo.Dimensions {
		cols[i] = "COALESCE(c." + d + ", 'grey')"
		r.RAG[d] = map[pmo.RAG]int{}
	}
	list := strings.Join(cols, ", ")
	rows, err := t.query("SELECT "+list+", COUNT(*) FROM projects p LEFT JOIN project_current_status c ON c.project_id = p.id"+
		w.String()+" GROUP BY "+list, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	rags := make([]pmo.RAG, len(pmo.Dimensions))
	var n int
	dest := make([]any, 0, len(rags)+1)
	for i := range rags {
		dest = append(dest, &rags[i])
	}
	dest = append(dest, &n)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, d := range pmo.Dimensions {
			r.RAG[d][rags[i]] += n
		}
	}
	return rows.Err()
}

// rollupBudgets sums budget, forecast and actual in one grouped scan; each
// amount counts in its own currency.
func rollupBudgets(t *tx, w *where, r *pmo.Rollup) error {
	w = w.clone()
	w.add("p.state <> 'cancelled'")
	rows, err := t.query(`SELECT p.budget_currency, COALESCE(c.forecast_cost_currency, ''), COALESCE(c.actual_cost_currency, ''),
		CAST(SUM(p.budget_minor) AS BIGINT), CAST(SUM(COALESCE(c.forecast_cost_minor, 0)) AS BIGINT),
		CAST(SUM(COALESCE(c.actual_cost_minor, 0)) AS BIGINT)
		FROM projects p LEFT JOIN project_current_status c ON c.project_id = p.id`+w.String()+` GROUP BY 1, 2, 3`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	byCur := map[string]*pmo.BudgetTotal{}
	total := func(cur string) *pmo.BudgetTotal {
		if byCur[cur] == nil {
			byCur[cur] = &pmo.BudgetTotal{Currency: cur}
		}
		return byCur[cur]
	}
	for rows.Next() {
		var bc, fc, ac string
		var b, f, a int64
		if err := rows.Scan(&bc, &fc, &ac, &b, &f, &a); err != nil {
			return err
		}
		if bc != "" {
			total(bc).Budget += b
		}
		switch {
		case fc != "": // the current status forecasts
			total(fc).Forecast += f
		case bc != "": // no forecast: the budget stands
			total(bc).Forecast += b
		}
		if ac != "" {
			total(ac).Actual += a
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, b := range byCur {
		r.Budgets = append(r.Budgets, *b)
	}
	slices.SortFunc(r.Budgets, func(a, b pmo.BudgetTotal) int { return strings.Compare(a.Currency, b.Currency) })
	return nil
}

func rollupOverdue(t *tx, w *where, asOf pmo.Date, r *pmo.Rollup) error {
	w = w.clone()
	cond, args := overdueCond(asOf)
	w.add(cond, args...)
	rows, err := t.query(`SELECT p.id, p.code, p.name, p.manager, pf.cadence, COALESCE(c.period, ''),
		p.actual_start, p.planned_start, p.created_at FROM `+projectFrom+w.String(), w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var o pmo.OverdueStatus
		var cad pmo.Cadence
		var actual, planned pmo.Date
		createdAt := timeScan{new(time.Time)}
		if err := rows.Scan(&o.ProjectID, &o.Code, &o.Name, &o.Manager, &cad, periodScan{&o.LastPeriod},
			dateScan{&actual}, dateScan{&planned}, createdAt); err != nil {
			return err
		}
		created := pmo.DateOf(*createdAt.t)
		since := created
		switch {
		case !o.LastPeriod.IsZero():
			since = o.LastPeriod.End().AddDays(pmo.StaleAfterDays(cad))
		case !actual.IsZero():
			since = actual
		case !planned.IsZero():
			since = planned
		}
		o.DaysLate = max(0, since.DaysUntil(asOf))
		r.Overdue = append(r.Overdue, o)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	// Oldest first: never reported, then by the last period, then by code.
	slices.SortFunc(r.Overdue, func(a, b pmo.OverdueStatus) int {
		if c := strings.Compare(a.LastPeriod.Start.String(), b.LastPeriod.Start.String()); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	return nil
}
