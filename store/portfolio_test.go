package store

import (
	"testing"

	"github.com/pmohq/pmo"
)

func TestPortfolioCRUD(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		p := &pmo.Portfolio{Code: "OPS", Name: "Operations", Cadence: pmo.Monthly,
			CustomFields: []pmo.CustomFieldDef{{Key: "region", Label: "Region", Type: pmo.ChoiceField, Choices: []string{"EU", "US"}}}}
		must(t, db.CreatePortfolio(ctx, p))
		if p.ID == 0 || p.Version != 1 {
			t.Fatalf("after create: id %d version %d", p.ID, p.Version)
		}
		got, err := db.FindPortfolioByID(ctx, p.ID)
		must(t, err)
		if d := diff(p, got); d != "" {
			t.Errorf("FindPortfolioByID (-want +got):\n%s", d)
		}

		p.Name = "Operations EU"
		must(t, db.UpdatePortfolio(ctx, p))
		if p.Version != 2 {
			t.Errorf("version after update = %d, want 2", p.Version)
		}
		stale := *got
		stale.Name = "lost update"
		wantKind(t, db.UpdatePortfolio(ctx, &stale), pmo.Stale, "")
		got, err = db.FindPortfolioByID(ctx, p.ID)
		must(t, err)
		if d := diff(p, got); d != "" {
			t.Errorf("stale update changed the row (-want +got):\n%s", d)
		}

		dup := &pmo.Portfolio{Code: "OPS", Name: "Other"}
		wantKind(t, db.CreatePortfolio(ctx, dup), pmo.Conflict, "code")
		wantKind(t, db.CreatePortfolio(ctx, &pmo.Portfolio{Code: "", Name: "x"}), pmo.Invalid, "code")

		prog := mustProgram(t, db, p.ID, "PRG")
		wantKind(t, db.DeletePortfolio(ctx, p.ID, p.Version), pmo.Conflict, "")
		wantKind(t, db.DeleteProgram(ctx, prog.ID, 9), pmo.Stale, "")
		must(t, db.DeleteProgram(ctx, prog.ID, prog.Version))
		wantKind(t, db.DeletePortfolio(ctx, p.ID, 1), pmo.Stale, "")
		must(t, db.DeletePortfolio(ctx, p.ID, p.Version))
		_, err = db.FindPortfolioByID(ctx, p.ID)
		wantKind(t, err, pmo.NotFound, "")
		wantKind(t, db.DeletePortfolio(ctx, p.ID, p.Version), pmo.NotFound, "")
		wantKind(t, db.UpdatePortfolio(ctx, p), pmo.NotFound, "")
	})
}

func TestProgramCRUD(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		other := mustPortfolio(t, db, "PF2")
		wantKind(t, db.CreateProgram(ctx, &pmo.Program{PortfolioID: 999, Code: "X", Name: "X"}), pmo.Invalid, "portfolio_id")
		p := mustProgram(t, db, pf.ID, "PRG")
		got, err := db.FindProgramByID(ctx, p.ID)
		must(t, err)
		if d := diff(p, got); d != "" {
			t.Errorf("FindProgramByID (-want +got):\n%s", d)
		}
		wantKind(t, db.CreateProgram(ctx, &pmo.Program{PortfolioID: pf.ID, Code: "PRG", Name: "dup"}), pmo.Conflict, "code")
		p.Manager = "Ann"
		must(t, db.UpdateProgram(ctx, p))
		stale := *got
		wantKind(t, db.UpdateProgram(ctx, &stale), pmo.Stale, "")
		mustProject(t, db, pf.ID, "P1", func(x *pmo.Project) { x.ProgramID = p.ID })
		moved := *p
		moved.PortfolioID = other.ID
		wantKind(t, db.UpdateProgram(ctx, &moved), pmo.Invalid, "portfolio_id")
		wantKind(t, db.DeleteProgram(ctx, p.ID, p.Version), pmo.Conflict, "")
		_, err = db.FindProgramByID(ctx, 12345)
		wantKind(t, err, pmo.NotFound, "")

		list, page, err := db.FindPrograms(ctx, pmo.ProgramFilter{PortfolioID: pf.ID})
		must(t, err)
		if len(list) != 1 || page.Total != 1 || list[0].Manager != "Ann" {
			t.Errorf("FindPrograms = %v, %+v", list, page)
		}
	})
}

func TestFindPortfoliosAndPrograms(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		var pfs []*pmo.Portfolio
		for _, c := range []struct{ code, name string }{{"C", "Alpha"}, {"A", "alpha"}, {"B", "Beta_1"}, {"D", "Gamma"}, {"E", "Alpha"}} {
			pfs = append(pfs, mustPortfolio(t, db, c.code, func(p *pmo.Portfolio) { p.Name = c.name }))
		}
		for i, pf := range pfs {
			mustProgram(t, db, pfs[i%2].ID, "PR-"+pf.Code)
		}
		for _, tt := range []struct {
			q    string
			want []string
		}{{"ALPHA", []string{"A", "C", "E"}}, {"_", []string{"B"}}, {"b", []string{"B"}}, {"", []string{"A", "B", "C", "D", "E"}}} {
			got, page, err := db.FindPortfolios(ctx, pmo.PortfolioFilter{Query: tt.q})
			must(t, err)
			var codes []string
			for _, p := range got {
				codes = append(codes, p.Code)
			}
			if d := diff(tt.want, codes); d != "" || page.Total != len(tt.want) {
				t.Errorf("query %q: total %d (-want +got):\n%s", tt.q, page.Total, d)
			}
		}
		pid := func(p *pmo.Portfolio) int64 { return p.ID }
		keys := map[string]func(*pmo.Portfolio) sortValue{
			"code":       func(p *pmo.Portfolio) sortValue { return p.Code },
			"name":       func(p *pmo.Portfolio) sortValue { return p.Name },
			"created_at": func(p *pmo.Portfolio) sortValue { return p.CreatedAt.Format(timeLayout) },
			"updated_at": func(p *pmo.Portfolio) sortValue { return p.UpdatedAt.Format(timeLayout) },
		}
		for name, key := range keys {
			for _, sort := range []string{name, "-" + name} {
				rows := walk(t, 2, pid, func(o pmo.ListOptions) ([]*pmo.Portfolio, pmo.Page, error) {
					o.Sort = sort
					return db.FindPortfolios(ctx, pmo.PortfolioFilter{ListOptions: o})
				})
				if len(rows) != 5 {
					t.Fatalf("%s: %d rows", sort, len(rows))
				}
				checkOrder(t, rows, key, pid, sort[0] == '-')
			}
		}
		progID := func(p *pmo.Program) int64 { return p.ID }
		rows := walk(t, 1, progID, func(o pmo.ListOptions) ([]*pmo.Program, pmo.Page, error) {
			o.Sort = "-code"
			return db.FindPrograms(ctx, pmo.ProgramFilter{PortfolioID: pfs[0].ID, ListOptions: o})
		})
		checkOrder(t, rows, func(p *pmo.Program) sortValue { return p.Code }, progID, true)
		if len(rows) != 3 {
			t.Errorf("programs of the first portfolio: %d, want 3", len(rows))
		}
		got, _, err := db.FindPrograms(ctx, pmo.ProgramFilter{Query: "pr-d"})
		must(t, err)
		if len(got) != 1 || got[0].Code != "PR-D" {
			t.Errorf("program query: %v", got)
		}
	})
}
