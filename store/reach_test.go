package store

import (
	"testing"

	"github.com/pmohq/pmo"
)

// TestReach checks that a reach in the context narrows every list and the
// roll-up to the portfolios, programs and projects it names.
func TestReach(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		a, b := mustPortfolio(t, db, "A"), mustPortfolio(t, db, "B")
		pgA := mustProgram(t, db, a.ID, "PGA")
		inProgram := mustProject(t, db, a.ID, "A1", func(p *pmo.Project) { p.ProgramID = pgA.ID })
		loose := mustProject(t, db, a.ID, "A2")
		other := mustProject(t, db, b.ID, "B1")
		for _, p := range []*pmo.Project{inProgram, loose, other} {
			must(t, db.Risks().Create(ctx, &pmo.Risk{Entry: pmo.Entry{ProjectID: p.ID, Title: "R " + p.Code, Owner: "Ada"}, Probability: 1, Impact: 1}))
			must(t, db.CreateChangeRequest(ctx, &pmo.ChangeRequest{ProjectID: p.ID, Title: "C " + p.Code, RequestedBy: "Ada"}))
			mustReport(t, db, p.ID, "2026-W47", pmo.Green)
		}
		tests := []struct {
			name                 string
			reach                pmo.Reach
			projects, portfolios int
			programs             int
		}{
			{"a program", pmo.Reach{Programs: []int64{pgA.ID}}, 1, 1, 1},
			{"a portfolio", pmo.Reach{Portfolios: []int64{a.ID}}, 2, 1, 1},
			{"a project", pmo.Reach{Projects: []int64{other.ID}}, 1, 1, 0},
			{"a project and a portfolio", pmo.Reach{Projects: []int64{other.ID}, Portfolios: []int64{a.ID}}, 3, 2, 1},
			{"nothing", pmo.Reach{}, 0, 0, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rctx := pmo.WithReach(ctx, tt.reach)
				_, page, err := db.FindProjects(rctx, pmo.ProjectFilter{})
				must(t, err)
				_, risks, err := db.Risks().Find(rctx, pmo.RecordFilter{})
				must(t, err)
				_, changes, err := db.FindChangeRequests(rctx, pmo.ChangeFilter{})
				must(t, err)
				_, reports, err := db.FindStatusReports(rctx, pmo.StatusFilter{})
				must(t, err)
				roll, err := db.Rollup(rctx, pmo.RollupFilter{})
				must(t, err)
				if page.Total != tt.projects || risks.Total != tt.projects || changes.Total != tt.projects ||
					reports.Total != tt.projects || roll.Projects != tt.projects {
					t.Errorf("projects %d, risks %d, changes %d, reports %d, roll-up %d; want %d each",
						page.Total, risks.Total, changes.Total, reports.Total, roll.Projects, tt.projects)
				}
				_, pfs, err := db.FindPortfolios(rctx, pmo.PortfolioFilter{})
				must(t, err)
				_, pgs, err := db.FindPrograms(rctx, pmo.ProgramFilter{})
				must(t, err)
				if pfs.Total != tt.portfolios || pgs.Total != tt.programs {
					t.Errorf("portfolios %d, programs %d; want %d, %d", pfs.Total, pgs.Total, tt.portfolios, tt.programs)
				}
			})
		}
		// Without a reach, everything.
		_, page, err := db.FindProjects(ctx, pmo.ProjectFilter{})
		must(t, err)
		if page.Total != 3 {
			t.Errorf("unrestricted: %d projects", page.Total)
		}
	})
}
