package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
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
		overdue, err := rollupTotals(t, w, asOf, r, ragPackLimit)
		if err != nil {
			return err
		}
		return rollupOverdue(t, overdue, asOf, r)
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

// ragSlots packs the four stored ratings of one dimension into one integer
// per project, 16 bits each, so that a single SUM counts them all: green in
// bits 0-15, amber 16-31, red 32-47, blue 48-62. The sums are exact while a
// group holds at most ragPackLimit projects (no slot carries into the next,
// blue stays below the sign bit); grey is what the four leave over.
var ragSlots = []pmo.RAG{pmo.Green, pmo.Amber, pmo.Red, pmo.Blue}

// ragPackLimit is the largest group the packed counts serve.
const ragPackLimit = 1<<15 - 1

// rollupTotals fills the counts by stage and state, the ratings and the
// budgets, and returns the ids of the projects whose status is overdue on
// asOf, from one pass over the projects in the order of the covering index
// projects_rollup_idx, joined to their current status. Grouping by that
// index's leading columns needs no sort, and conditional sums replace the
// grouping by ratings and currencies that made three sorted scans. Amounts
// in another currency than the project's budget are rare; a second query
// adds them when the pass counted any. Groups larger than packLimit have
// their ratings counted by rollupRAG instead.
func rollupTotals(t *tx, w *where, asOf pmo.Date, r *pmo.Rollup, packLimit int) ([]int64, error) {
	cond, args := overdueCond(asOf)
	overdueIDs := "group_concat(CASE WHEN " + cond + " THEN p.id END)"
	if t.db.dialect == postgresDialect {
		overdueIDs = "string_agg(CASE WHEN " + cond + " THEN CAST(p.id AS TEXT) END, ',')"
	}
	var q strings.Builder
	q.WriteString(`SELECT p.state, p.stage, p.budget_currency, COUNT(*), ` + overdueIDs + `, CAST(SUM(p.budget_minor) AS BIGINT),
		CAST(SUM(CASE WHEN c.forecast_cost_currency = p.budget_currency THEN c.forecast_cost_minor
			WHEN c.project_id IS NULL OR c.forecast_cost_currency = '' THEN p.budget_minor ELSE 0 END) AS BIGINT),
		CAST(SUM(CASE WHEN c.actual_cost_currency = p.budget_currency THEN c.actual_cost_minor ELSE 0 END) AS BIGINT),
		COUNT(CASE WHEN c.forecast_cost_currency <> p.budget_currency AND c.forecast_cost_currency <> '' THEN 1
			WHEN c.actual_cost_currency <> p.budget_currency AND c.actual_cost_currency <> '' THEN 1 END)`)
	for _, d := range pmo.Dimensions {
		q.WriteString(", CAST(SUM(CASE c." + d)
		for i, rag := range ragSlots {
			q.WriteString(" WHEN '" + string(rag) + "' THEN " + strconv.FormatInt(1<<(16*i), 10))
		}
		q.WriteString(" ELSE 0 END) AS BIGINT)")
	}
	// SQLite reads the groups in index order without sorting; PostgreSQL
	// would sort all rows on these five keys, but hashes the fewer, larger
	// groups of three in about two thirds of the time.
	groups := "p.portfolio_id, p.state, p.stage, p.program_id, p.budget_currency"
	if t.db.dialect == postgresDialect {
		groups = "p.state, p.stage, p.budget_currency"
	}
	q.WriteString(" FROM projects p JOIN portfolios pf ON pf.id = p.portfolio_id" +
		" LEFT JOIN project_current_status c ON c.project_id = p.id" + w.String() + " GROUP BY " + groups)
	rows, err := t.query(q.String(), append(args, w.args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		state        pmo.State
		stage        pmo.Stage
		cur          string
		n, odd       int
		ids          sql.NullString
		overdue      []int64
		b, f, a      int64
		packed       = make([]int64, len(pmo.Dimensions))
		dest         = []any{&state, &stage, &cur, &n, &ids, &b, &f, &a, &odd}
		byCur        = map[string]*pmo.BudgetTotal{}
		oddRows, big bool
	)
	for i := range packed {
		dest = append(dest, &packed[i])
	}
	for _, d := range pmo.Dimensions {
		r.RAG[d] = map[pmo.RAG]int{}
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		for id := range strings.SplitSeq(ids.String, ",") {
			if id != "" {
				i, err := strconv.ParseInt(id, 10, 64)
				if err != nil {
					return nil, err
				}
				overdue = append(overdue, i)
			}
		}
		r.Projects += n
		r.ByStage[stage] += n
		r.ByState[state] += n
		if state != pmo.Cancelled && cur != "" {
			bt := budgetTotal(byCur, cur)
			bt.Budget += b
			bt.Forecast += f
			bt.Actual += a
		}
		oddRows = oddRows || (odd > 0 && state != pmo.Cancelled)
		if state != pmo.Active && state != pmo.OnHold {
			continue
		}
		if n > packLimit {
			big = true
			continue
		}
		for i, d := range pmo.Dimensions {
			rated := 0
			for j, rag := range ragSlots {
				if k := int(packed[i] >> (16 * j) & 0xffff); k > 0 {
					r.RAG[d][rag] += k
					rated += k
				}
			}
			if n > rated {
				r.RAG[d][pmo.Grey] += n - rated
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if big { // count every rating again, the slow way
		for _, d := range pmo.Dimensions {
			r.RAG[d] = map[pmo.RAG]int{}
		}
		if err := rollupRAG(t, w, r); err != nil {
			return nil, err
		}
	}
	if oddRows {
		if err := rollupOtherCurrencies(t, w, byCur); err != nil {
			return nil, err
		}
	}
	for _, b := range byCur {
		r.Budgets = append(r.Budgets, *b)
	}
	slices.SortFunc(r.Budgets, func(a, b pmo.BudgetTotal) int { return strings.Compare(a.Currency, b.Currency) })
	return overdue, nil
}

// budgetTotal returns the total of currency cur, adding it when missing.
func budgetTotal(byCur map[string]*pmo.BudgetTotal, cur string) *pmo.BudgetTotal {
	if byCur[cur] == nil {
		byCur[cur] = &pmo.BudgetTotal{Currency: cur}
	}
	return byCur[cur]
}

// rollupRAG counts the ratings of active and on-hold projects per
// dimension, grey for those without a report, grouped by all five ratings.
// It sorts every rated project, so rollupTotals uses it only when a group is
// too large for its packed counts.
func rollupRAG(t *tx, w *where, r *pmo.Rollup) error {
	w = w.clone()
	w.add("p.state IN ('active', 'on_hold')")
	cols := make([]string, len(pmo.Dimensions))
	for i, d := range pmo.Dimensions {
		cols[i] = "COALESCE(c." + d + ", 'grey')"
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

// rollupOtherCurrencies adds the forecasts and actuals of current statuses
// whose currency differs from their project's budget, which rollupTotals
// leaves out; each amount counts in its own currency.
func rollupOtherCurrencies(t *tx, w *where, byCur map[string]*pmo.BudgetTotal) error {
	w = w.clone()
	w.add("p.state <> 'cancelled'")
	w.add("(c.forecast_cost_currency NOT IN ('', p.budget_currency) OR c.actual_cost_currency NOT IN ('', p.budget_currency))")
	rows, err := t.query(`SELECT p.budget_currency, c.forecast_cost_currency, c.actual_cost_currency,
		CAST(SUM(c.forecast_cost_minor) AS BIGINT), CAST(SUM(c.actual_cost_minor) AS BIGINT)
		FROM projects p JOIN project_current_status c ON c.project_id = p.id`+w.String()+` GROUP BY 1, 2, 3`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var bc, fc, ac string
		var f, a int64
		if err := rows.Scan(&bc, &fc, &ac, &f, &a); err != nil {
			return err
		}
		if fc != "" && fc != bc {
			budgetTotal(byCur, fc).Forecast += f
		}
		if ac != "" && ac != bc {
			budgetTotal(byCur, ac).Actual += a
		}
	}
	return rows.Err()
}

// overdueChunk is how many ids rollupOverdue looks up per query, well
// below either database's limit on parameters.
const overdueChunk = 500

// rollupOverdue reads the projects with the given ids into r.Overdue,
// oldest first.
func rollupOverdue(t *tx, ids []int64, asOf pmo.Date, r *pmo.Rollup) error {
	for len(ids) > 0 {
		n := min(len(ids), overdueChunk)
		if err := rollupOverdueChunk(t, ids[:n], asOf, r); err != nil {
			return err
		}
		ids = ids[n:]
	}
	// Oldest first: never reported, then by the last period, then by code.
	slices.SortFunc(r.Overdue, func(a, b pmo.OverdueStatus) int {
		if c := a.LastPeriod.Start.Time().Compare(b.LastPeriod.Start.Time()); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	return nil
}

func rollupOverdueChunk(t *tx, ids []int64, asOf pmo.Date, r *pmo.Rollup) error {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := t.query(`SELECT p.id, p.code, p.name, p.manager, pf.cadence, COALESCE(c.period, ''),
		p.actual_start, p.planned_start, p.created_at FROM `+projectFrom+` WHERE p.id IN (`+placeholders(len(ids))+`)`, args...)
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
	return rows.Err()
}
