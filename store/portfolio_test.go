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
