package store

import (
	"slices"
	"testing"

	"github.com/pmohq/pmo"
)

func TestProjectCRUD(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF", func(p *pmo.Portfolio) {
			p.CustomFields = []pmo.CustomFieldDef{{Key: "tier", Label: "Tier", Type: pmo.NumberField, Required: true}}
		})
		other := mustPortfolio(t, db, "PF2")
		prog := mustProgram(t, db, pf.ID, "PRG")
		otherProg := mustProgram(t, db, other.ID, "PRG2")
		p := &pmo.Project{PortfolioID: pf.ID, ProgramID: prog.ID, Code: "P-1", Name: "Payments", Manager: "Ann",
			Stage: pmo.Execution, State: pmo.Active, Priority: 2, PlannedStart: mustDate(t, "2026-01-05"),
			PlannedEnd: mustDate(t, "2026-12-18"), Budget: pmo.Money{Minor: 500000, Currency: "EUR"},
			Tags: []string{"payments", "cloud"}, CustomFields: map[string]any{"tier": 1.0}}
		must(t, db.CreateProject(ctx, p))
		if p.ID == 0 || p.Version != 1 {
			t.Fatalf("after create: id %d version %d", p.ID, p.Version)
		}
		for _, find := range []func() (*pmo.Project, error){
			func() (*pmo.Project, error) { return db.FindProjectByID(ctx, p.ID) },
			func() (*pmo.Project, error) { return db.FindProjectByCode(ctx, "P-1") },
		} {
			got, err := find()
			must(t, err)
			if d := diff(p, got); d != "" {
				t.Errorf("find (-want +got):\n%s", d)
			}
		}

		tests := []struct {
			name  string
			mod   func(*pmo.Project)
			kind  pmo.Kind
			field string
		}{
			{"duplicate code", func(x *pmo.Project) { x.Code = "P-1" }, pmo.Conflict, "code"},
			{"unknown portfolio", func(x *pmo.Project) { x.PortfolioID = 999 }, pmo.Invalid, "portfolio_id"},
			{"unknown program", func(x *pmo.Project) { x.ProgramID = 999 }, pmo.Invalid, "program_id"},
			{"program of another portfolio", func(x *pmo.Project) { x.ProgramID = otherProg.ID }, pmo.Invalid, "program_id"},
			{"missing required custom field", func(x *pmo.Project) { x.CustomFields = nil }, pmo.Invalid, "custom_fields.tier"},
			{"unknown custom field", func(x *pmo.Project) { x.CustomFields["colour"] = "red" }, pmo.Invalid, "custom_fields.colour"},
			{"bad name", func(x *pmo.Project) { x.Name = "" }, pmo.Invalid, "name"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				x := &pmo.Project{PortfolioID: pf.ID, Code: "P-2", Name: "New", CustomFields: map[string]any{"tier": 2.0}}
				tt.mod(x)
				wantKind(t, db.CreateProject(ctx, x), tt.kind, tt.field)
			})
		}

		before := *p
		p.Name, p.Tags = "Payments v2", []string{"zeta", "alpha"}
		must(t, db.UpdateProject(ctx, p))
		if p.Version != 2 || !slices.Equal(p.Tags, []string{"alpha", "zeta"}) {
			t.Errorf("after update: version %d tags %v", p.Version, p.Tags)
		}
		before.Name = "lost"
		wantKind(t, db.UpdateProject(ctx, &before), pmo.Stale, "")
		got, err := db.FindProjectByID(ctx, p.ID)
		must(t, err)
		if d := diff(p, got); d != "" {
			t.Errorf("after stale update (-want +got):\n%s", d)
		}

		_, err = db.FindProjectByCode(ctx, "nope")
		wantKind(t, err, pmo.NotFound, "")
		wantKind(t, db.DeleteProject(ctx, p.ID, 1), pmo.Stale, "")
		mustReport(t, db, p.ID, "2026-W47", pmo.Green)
		wantKind(t, db.DeleteProject(ctx, p.ID, p.Version), pmo.Conflict, "")

		q := mustProject(t, db, pf.ID, "Q", func(x *pmo.Project) { x.CustomFields = map[string]any{"tier": 3.0} })
		r := mustProject(t, db, pf.ID, "R", func(x *pmo.Project) { x.CustomFields = map[string]any{"tier": 3.0} })
		dep := &pmo.Dependency{Entry: pmo.Entry{ProjectID: r.ID, Title: "API"}, ToProjectID: q.ID, NeedBy: mustDate(t, "2026-12-01")}
		must(t, db.Dependencies().Create(ctx, dep))
		wantKind(t, db.DeleteProject(ctx, q.ID, q.Version), pmo.Conflict, "")
		must(t, db.Dependencies().Delete(ctx, dep.ID, dep.Version))
		must(t, db.Risks().Create(ctx, &pmo.Risk{Entry: pmo.Entry{ProjectID: q.ID, Title: "r"}, Probability: 1, Impact: 1}))
		must(t, db.DeleteProject(ctx, q.ID, q.Version))
		_, err = db.FindProjectByID(ctx, q.ID)
		wantKind(t, err, pmo.NotFound, "")
	})
}

// projectFixture builds projects across two portfolios with known
// attributes and statuses (see TestFindProjectsFilters).
func projectFixture(t *testing.T, db *DB) (weekly, monthly *pmo.Portfolio, prog *pmo.Program) {
	weekly = mustPortfolio(t, db, "W")
	monthly = mustPortfolio(t, db, "M", func(p *pmo.Portfolio) { p.Cadence = pmo.Monthly })
	prog = mustProgram(t, db, weekly.ID, "PRG")
	a1 := mustProject(t, db, weekly.ID, "A1", func(p *pmo.Project) {
		p.ProgramID, p.Stage, p.Manager, p.Sponsor, p.Tags, p.Priority = prog.ID, pmo.Execution, "Ann", "Sam", []string{"infra", "cloud"}, 1
		p.Budget, p.PlannedEnd = pmo.Money{Minor: 1000, Currency: "EUR"}, mustDate(t, "2027-01-01")
	})
	mustProject(t, db, weekly.ID, "A2", func(p *pmo.Project) {
		p.Stage, p.Manager, p.Tags, p.Priority = pmo.Planning, "bob", []string{"cloud"}, 2
		p.Budget = pmo.Money{Minor: 1000, Currency: "EUR"}
	})
	a3 := mustProject(t, db, weekly.ID, "A3", func(p *pmo.Project) {
		p.Stage, p.State, p.Priority, p.PlannedEnd = pmo.Execution, pmo.OnHold, 2, mustDate(t, "2026-06-30")
	})
	a4 := mustProject(t, db, weekly.ID, "A4", func(p *pmo.Project) { p.Stage, p.Name, p.Manager = pmo.Closure, "Zebra ÉCOLE", "ÉMILE" })
	mustProject(t, db, monthly.ID, "B1", func(p *pmo.Project) {
		p.Stage, p.State, p.Description = pmo.Idea, pmo.Proposed, "reach 100%_done"
	})
	b2 := mustProject(t, db, monthly.ID, "B2", func(p *pmo.Project) { p.Stage = pmo.Execution })
	mustReport(t, db, a1.ID, "2026-W47", pmo.Green)
	mustReport(t, db, a3.ID, "2026-W40", pmo.Red)
	mustReport(t, db, a4.ID, "2026-W44", pmo.Amber)
	mustReport(t, db, b2.ID, "2026-10", pmo.Green)
	return weekly, monthly, prog
}

func TestFindProjectsFilters(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		weekly, monthly, prog := projectFixture(t, db)
		asOf := mustDate(t, "2026-11-27")
		tests := []struct {
			name string
			f    pmo.ProjectFilter
			want []string
		}{
			{"all", pmo.ProjectFilter{}, []string{"A1", "A2", "A3", "A4", "B1", "B2"}},
			{"portfolio", pmo.ProjectFilter{PortfolioID: monthly.ID}, []string{"B1", "B2"}},
			{"program", pmo.ProjectFilter{ProgramID: prog.ID}, []string{"A1"}},
			{"stages", pmo.ProjectFilter{Stages: []pmo.Stage{pmo.Execution, pmo.Idea}}, []string{"A1", "A3", "B1", "B2"}},
			{"states", pmo.ProjectFilter{States: []pmo.State{pmo.OnHold, pmo.Proposed}}, []string{"A3", "B1"}},
			{"manager ignores case", pmo.ProjectFilter{Manager: "ann"}, []string{"A1"}},
			{"sponsor", pmo.ProjectFilter{Sponsor: "Sam"}, []string{"A1"}},
			{"tag", pmo.ProjectFilter{Tag: "cloud"}, []string{"A1", "A2"}},
			{"query ignores case", pmo.ProjectFilter{Query: "ZEBRA"}, []string{"A4"}},
			{"query lowers ASCII only", pmo.ProjectFilter{Query: "Écol"}, []string{"A4"}},
			{"query keeps non-ASCII case", pmo.ProjectFilter{Query: "écol"}, nil},
			{"manager non-ASCII", pmo.ProjectFilter{Manager: "Émile"}, []string{"A4"}},
			{"query percent is literal", pmo.ProjectFilter{Query: "%"}, []string{"B1"}},
			{"query underscore is literal", pmo.ProjectFilter{Query: "0%_d"}, []string{"B1"}},
			{"overall green", pmo.ProjectFilter{RAG: map[string][]pmo.RAG{"overall": {pmo.Green}}}, []string{"A1", "B2"}},
			{"no report counts as grey", pmo.ProjectFilter{RAG: map[string][]pmo.RAG{"overall": {pmo.Grey}}}, []string{"A2", "B1"}},
			{"schedule red or amber", pmo.ProjectFilter{RAG: map[string][]pmo.RAG{"schedule": {pmo.Red, pmo.Amber}}}, []string{"A3", "A4"}},
			{"two dimensions", pmo.ProjectFilter{RAG: map[string][]pmo.RAG{"cost": {pmo.Green}, "risk": {pmo.Green, pmo.Red}}}, []string{"A1", "B2"}},
			{"overdue", pmo.ProjectFilter{Overdue: true, AsOf: asOf}, []string{"A2", "A4"}},
			{"overdue later", pmo.ProjectFilter{Overdue: true, AsOf: mustDate(t, "2026-12-05")}, []string{"A1", "A2", "A4", "B2"}},
			{"combined", pmo.ProjectFilter{PortfolioID: weekly.ID, RAG: map[string][]pmo.RAG{"overall": {pmo.Grey}}}, []string{"A2"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ps, page, err := db.FindProjects(ctx, tt.f)
				must(t, err)
				var got []string
				for _, p := range ps {
					got = append(got, p.Code)
				}
				if d := diff(tt.want, got); d != "" {
					t.Errorf("codes (-want +got):\n%s", d)
				}
				if page.Total != len(tt.want) {
					t.Errorf("total = %d, want %d", page.Total, len(tt.want))
				}
			})
		}
		_, _, err := db.FindProjects(ctx, pmo.ProjectFilter{RAG: map[string][]pmo.RAG{"colour": {pmo.Red}}})
		wantKind(t, err, pmo.Invalid, "rag")
		_, _, err = db.FindProjects(ctx, pmo.ProjectFilter{RAG: map[string][]pmo.RAG{"overall": {"pink"}}})
		wantKind(t, err, pmo.Invalid, "rag.overall")

		a1, err := db.FindProjectByCode(ctx, "A1")
		must(t, err)
		want := &pmo.CurrentStatus{ReportID: a1.Status.ReportID, Period: mustPeriod(t, "2026-W47"), Schedule: pmo.Green,
			Cost: pmo.Green, Scope: pmo.Green, Risk: pmo.Green, Overall: pmo.Green, OverallTrend: pmo.NewTrend,
			ScheduleTrend: pmo.NewTrend, CostTrend: pmo.NewTrend, ScopeTrend: pmo.NewTrend, RiskTrend: pmo.NewTrend}
		if d := diff(want, a1.Status); d != "" {
			t.Errorf("current status (-want +got):\n%s", d)
		}
		if d := diff([]string{"cloud", "infra"}, a1.Tags); d != "" {
			t.Errorf("tags (-want +got):\n%s", d)
		}
	})
}

func TestFindProjectsSortAndPaging(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		projectFixture(t, db)
		rank := func(s string, order []string) sortValue { return int64(slices.Index(order, s)) }
		overall := []string{"red", "amber", "green", "blue", "grey"}
		keys := map[string]func(*pmo.Project) sortValue{
			"code":     func(p *pmo.Project) sortValue { return p.Code },
			"name":     func(p *pmo.Project) sortValue { return p.Name },
			"priority": func(p *pmo.Project) sortValue { return int64(p.Priority) },
			"stage": func(p *pmo.Project) sortValue {
				return int64(slices.Index(pmo.Stages, p.Stage))
			},
			"state":           func(p *pmo.Project) sortValue { return int64(slices.Index(pmo.States, p.State)) },
			"budget":          func(p *pmo.Project) sortValue { return p.Budget.Minor },
			"planned_finish":  func(p *pmo.Project) sortValue { return dateKey(p.PlannedEnd) },
			"forecast_finish": func(p *pmo.Project) sortValue { return dateKey(p.ForecastEnd) },
			"updated_at":      func(p *pmo.Project) sortValue { return p.UpdatedAt.Format(timeLayout) },
			"overall": func(p *pmo.Project) sortValue {
				if p.Status == nil {
					return rank("grey", overall)
				}
				return rank(string(p.Status.Overall), overall)
			},
		}
		id := func(p *pmo.Project) int64 { return p.ID }
		for name, key := range keys {
			for _, desc := range []bool{false, true} {
				sort := name
				if desc {
					sort = "-" + name
				}
				t.Run(sort, func(t *testing.T) {
					for _, limit := range []int{1, 2, 4} {
						rows := walk(t, limit, id, func(o pmo.ListOptions) ([]*pmo.Project, pmo.Page, error) {
							o.Sort = sort
							return db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: o})
						})
						if len(rows) != 6 {
							t.Fatalf("walked %d rows, want 6", len(rows))
						}
						checkOrder(t, rows, key, id, desc)
					}
				})
			}
		}
	})
}
