package store

import (
	"slices"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/demo"
)

func TestRollup(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		weekly, monthly, prog := projectFixture(t, db)
		// Costs: A1 reports forecast/actual in EUR; B2 in USD though budgeted in EUR.
		a1, err := db.FindProjectByCode(ctx, "A1")
		must(t, err)
		r := &pmo.StatusReport{ProjectID: a1.ID, Period: mustPeriod(t, "2026-W48"), Schedule: pmo.Green, Cost: pmo.Amber,
			Scope: pmo.Green, Risk: pmo.Green, Summary: "s", SubmittedBy: "pm",
			ForecastCost: pmo.Money{Minor: 1500, Currency: "EUR"}, ActualCost: pmo.Money{Minor: 400, Currency: "EUR"}}
		must(t, db.SubmitStatusReport(ctx, r))
		b2, err := db.FindProjectByCode(ctx, "B2")
		must(t, err)
		b2.Budget = pmo.Money{Minor: 2000, Currency: "EUR"}
		must(t, db.UpdateProject(ctx, b2))
		r = &pmo.StatusReport{ProjectID: b2.ID, Period: mustPeriod(t, "2026-11"), Schedule: pmo.Green, Cost: pmo.Green,
			Scope: pmo.Green, Risk: pmo.Green, Summary: "s", SubmittedBy: "pm",
			ForecastCost: pmo.Money{Minor: 3000, Currency: "USD"}, ActualCost: pmo.Money{Minor: 700, Currency: "USD"}}
		must(t, db.SubmitStatusReport(ctx, r))
		mustProject(t, db, monthly.ID, "X", func(p *pmo.Project) {
			p.State, p.Budget = pmo.Cancelled, pmo.Money{Minor: 99999, Currency: "EUR"}
		})

		asOf := mustDate(t, "2026-11-27")
		all := map[string]map[pmo.RAG]int{
			// active/on-hold: A1 (cost amber, rest green), A2 (none), A3 (red), A4 (amber), B2 (green)
			"schedule": {pmo.Green: 2, pmo.Grey: 1, pmo.Red: 1, pmo.Amber: 1},
			"cost":     {pmo.Amber: 2, pmo.Grey: 1, pmo.Red: 1, pmo.Green: 1},
			"scope":    {pmo.Green: 2, pmo.Grey: 1, pmo.Red: 1, pmo.Amber: 1},
			"risk":     {pmo.Green: 2, pmo.Grey: 1, pmo.Red: 1, pmo.Amber: 1},
			"overall":  {pmo.Amber: 2, pmo.Grey: 1, pmo.Red: 1, pmo.Green: 1},
		}
		tests := []struct {
			name string
			f    pmo.RollupFilter
			want *pmo.Rollup
		}{
			{"everything", pmo.RollupFilter{AsOf: asOf}, &pmo.Rollup{
				Projects: 7,
				ByStage:  map[pmo.Stage]int{pmo.Execution: 3, pmo.Planning: 1, pmo.Closure: 1, pmo.Idea: 2},
				ByState:  map[pmo.State]int{pmo.Active: 4, pmo.OnHold: 1, pmo.Proposed: 1, pmo.Cancelled: 1},
				RAG:      all,
				Budgets: []pmo.BudgetTotal{
					// budgets: A1 1000 + A2 1000 + B2 2000; forecasts: A1 1500, A2 1000 (its budget), B2 in USD
					{Currency: "EUR", Budget: 4000, Forecast: 2500, Actual: 400},
					{Currency: "USD", Budget: 0, Forecast: 3000, Actual: 700},
				},
				Overdue: []pmo.OverdueStatus{
					{ProjectID: 2, Code: "A2", Name: "Project A2", Manager: "bob", DaysLate: 0},
					{ProjectID: 4, Code: "A4", Name: "Zebra ÉCOLE", Manager: "ÉMILE", LastPeriod: mustPeriod(t, "2026-W44"), DaysLate: 17},
				},
			}},
			{"program", pmo.RollupFilter{ProgramID: prog.ID, AsOf: asOf}, &pmo.Rollup{
				Projects: 1,
				ByStage:  map[pmo.Stage]int{pmo.Execution: 1},
				ByState:  map[pmo.State]int{pmo.Active: 1},
				RAG: map[string]map[pmo.RAG]int{"schedule": {pmo.Green: 1}, "cost": {pmo.Amber: 1}, "scope": {pmo.Green: 1},
					"risk": {pmo.Green: 1}, "overall": {pmo.Amber: 1}},
				Budgets: []pmo.BudgetTotal{{Currency: "EUR", Budget: 1000, Forecast: 1500, Actual: 400}},
			}},
			{"portfolio later", pmo.RollupFilter{PortfolioID: weekly.ID, AsOf: mustDate(t, "2026-12-20")}, &pmo.Rollup{
				Projects: 4,
				ByStage:  map[pmo.Stage]int{pmo.Execution: 2, pmo.Planning: 1, pmo.Closure: 1},
				ByState:  map[pmo.State]int{pmo.Active: 3, pmo.OnHold: 1},
				RAG: map[string]map[pmo.RAG]int{
					"schedule": {pmo.Green: 1, pmo.Grey: 1, pmo.Red: 1, pmo.Amber: 1},
					"cost":     {pmo.Amber: 2, pmo.Grey: 1, pmo.Red: 1},
					"scope":    {pmo.Green: 1, pmo.Grey: 1, pmo.Red: 1, pmo.Amber: 1},
					"risk":     {pmo.Green: 1, pmo.Grey: 1, pmo.Red: 1, pmo.Amber: 1},
					"overall":  {pmo.Amber: 2, pmo.Grey: 1, pmo.Red: 1},
				},
				Budgets: []pmo.BudgetTotal{{Currency: "EUR", Budget: 2000, Forecast: 2500, Actual: 400}},
				Overdue: []pmo.OverdueStatus{
					{ProjectID: 2, Code: "A2", Name: "Project A2", Manager: "bob", DaysLate: 23}, // since creation on 2026-11-27
					{ProjectID: 4, Code: "A4", Name: "Zebra ÉCOLE", Manager: "ÉMILE", LastPeriod: mustPeriod(t, "2026-W44"), DaysLate: 40},
					// W48 ends 2026-11-29; overdue after 2026-12-08.
					{ProjectID: 1, Code: "A1", Name: "Project A1", Manager: "Ann", LastPeriod: mustPeriod(t, "2026-W48"), DaysLate: 12},
				},
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.Rollup(ctx, tt.f)
				must(t, err)
				for i := range tt.want.Overdue {
					tt.want.Overdue[i].ProjectID = idByCode(t, db, tt.want.Overdue[i].Code)
				}
				if d := diff(tt.want, got); d != "" {
					t.Errorf("Rollup (-want +got):\n%s", d)
				}
			})
		}
		_, err = db.Rollup(ctx, pmo.RollupFilter{PortfolioID: 999})
		wantKind(t, err, pmo.NotFound, "")
		_, err = db.Rollup(ctx, pmo.RollupFilter{ProgramID: 999})
		wantKind(t, err, pmo.NotFound, "")
	})
}

func idByCode(t *testing.T, db *DB, code string) int64 {
	t.Helper()
	p, err := db.FindProjectByCode(ctx, code)
	must(t, err)
	return p.ID
}

// TestRollupTotals checks the one-pass totals against a plain reading of
// every project on a generated portfolio, with amounts in a currency other
// than the budget's, and with the packed rating counts turned off.
func TestRollupTotals(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		today := pmo.NewDate(2026, 11, 27)
		d := demo.Generate(demo.Options{Seed: 11, Portfolios: 3, Projects: 120, Weeks: 8, Today: today})
		must(t, db.ImportDataset(ctx, d))
		ps, _, err := db.FindProjects(ctx, pmo.ProjectFilter{States: []pmo.State{pmo.Active}, ListOptions: pmo.ListOptions{Limit: 3}})
		must(t, err)
		for i, p := range ps { // forecast, actual or both in another currency
			r := &pmo.StatusReport{ProjectID: p.ID, Period: pmo.WeekOf(today.AddDays(7)), Schedule: pmo.Red, Cost: pmo.Blue,
				Scope: pmo.Grey, Risk: pmo.Amber, Summary: "s", SubmittedBy: "pm",
				ForecastCost: pmo.Money{Minor: 100, Currency: p.Budget.Currency},
				ActualCost:   pmo.Money{Minor: 10, Currency: p.Budget.Currency}}
			if i != 1 {
				r.ForecastCost.Currency = "CHF"
			}
			if i != 0 {
				r.ActualCost.Currency = "JPY"
			}
			must(t, db.SubmitStatusReport(ctx, r))
		}
		pfs, _, err := db.FindPortfolios(ctx, pmo.PortfolioFilter{})
		must(t, err)
		progs, _, err := db.FindPrograms(ctx, pmo.ProgramFilter{})
		must(t, err)
		for _, tt := range []struct {
			name string
			cond string
			arg  int64
		}{{"all", "", 0}, {"portfolio", "p.portfolio_id = ?", pfs[1].ID}, {"program", "p.program_id = ?", progs[2].ID}} {
			t.Run(tt.name, func(t *testing.T) {
				w := &where{}
				if tt.cond != "" {
					w.add(tt.cond, tt.arg)
				}
				want, wantOverdue := rollupReference(t, db, w, today)
				if tt.name == "all" && len(wantOverdue) == 0 {
					t.Fatal("no overdue projects to check")
				}
				for _, limit := range []int{ragPackLimit, 0} {
					got := &pmo.Rollup{ByStage: map[pmo.Stage]int{}, ByState: map[pmo.State]int{}, RAG: map[string]map[pmo.RAG]int{},
						Budgets: []pmo.BudgetTotal{}, Overdue: []pmo.OverdueStatus{}}
					var overdue []int64
					must(t, db.read(ctx, func(t *tx) (err error) {
						overdue, err = rollupTotals(t, w, today, got, limit)
						return err
					}))
					if d := diff(want, got); d != "" {
						t.Errorf("rollupTotals with pack limit %d (-want +got):\n%s", limit, d)
					}
					slices.Sort(overdue)
					if d := diff(wantOverdue, overdue); d != "" {
						t.Errorf("overdue ids (-want +got):\n%s", d)
					}
				}
			})
		}
	})
}

// rollupReference computes the totals of a roll-up from every project row,
// and lists the ids of the overdue projects in order.
func rollupReference(t *testing.T, db *DB, w *where, asOf pmo.Date) (*pmo.Rollup, []int64) {
	t.Helper()
	r := &pmo.Rollup{ByStage: map[pmo.Stage]int{}, ByState: map[pmo.State]int{}, RAG: map[string]map[pmo.RAG]int{},
		Budgets: []pmo.BudgetTotal{}, Overdue: []pmo.OverdueStatus{}}
	for _, d := range pmo.Dimensions {
		r.RAG[d] = map[pmo.RAG]int{}
	}
	byCur := map[string]*pmo.BudgetTotal{}
	var overdue []int64
	must(t, db.read(ctx, func(t *tx) error {
		ow := w.clone()
		cond, args := overdueCond(asOf)
		ow.add(cond, args...)
		rows, err := t.query("SELECT p.id FROM "+projectFrom+ow.String()+" ORDER BY p.id", ow.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			overdue = append(overdue, id)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = t.query(`SELECT p.state, p.stage, p.budget_currency, p.budget_minor, COALESCE(c.schedule, 'grey'),
			COALESCE(c.cost, 'grey'), COALESCE(c.scope, 'grey'), COALESCE(c.risk, 'grey'), COALESCE(c.overall, 'grey'),
			COALESCE(c.forecast_cost_currency, ''), COALESCE(c.forecast_cost_minor, 0),
			COALESCE(c.actual_cost_currency, ''), COALESCE(c.actual_cost_minor, 0)
			FROM projects p LEFT JOIN project_current_status c ON c.project_id = p.id`+w.String(), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var state pmo.State
			var stage pmo.Stage
			var bc, fc, ac string
			var b, f, a int64
			rags := make([]pmo.RAG, len(pmo.Dimensions))
			if err := rows.Scan(&state, &stage, &bc, &b, &rags[0], &rags[1], &rags[2], &rags[3], &rags[4],
				&fc, &f, &ac, &a); err != nil {
				return err
			}
			r.Projects++
			r.ByStage[stage]++
			r.ByState[state]++
			if state == pmo.Active || state == pmo.OnHold {
				for i, d := range pmo.Dimensions {
					r.RAG[d][rags[i]]++
				}
			}
			if state == pmo.Cancelled {
				continue
			}
			if bc != "" {
				budgetTotal(byCur, bc).Budget += b
			}
			switch {
			case fc != "":
				budgetTotal(byCur, fc).Forecast += f
			case bc != "":
				budgetTotal(byCur, bc).Forecast += b
			}
			if ac != "" {
				budgetTotal(byCur, ac).Actual += a
			}
		}
		return rows.Err()
	}))
	for _, b := range byCur {
		r.Budgets = append(r.Budgets, *b)
	}
	slices.SortFunc(r.Budgets, func(a, b pmo.BudgetTotal) int { return strings.Compare(a.Currency, b.Currency) })
	return r, overdue
}
