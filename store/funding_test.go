package store

import (
	"sync"
	"testing"

	"github.com/pmohq/pmo"
)

// TestFundConcurrently funds the same approved proposal from several
// requests at once: one project results, and every other request either
// returns it (already funded) or fails with Conflict or Stale.
func TestFundConcurrently(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProposal(t, db, pf.ID, "PRP-1")
		approve(t, db, p)
		q2 := mustPeriod(t, "2027-Q2")
		var wg sync.WaitGroup
		errs := make([]error, 4)
		outs := make([][]pmo.Funded, 4)
		for i := range errs {
			wg.Go(func() {
				outs[i], errs[i] = db.FundProposals(ctx, pmo.Funding{PortfolioID: pf.ID, Actor: "pmo",
					Items: []pmo.Selection{{ProposalID: p.ID, Start: q2}}})
			})
		}
		wg.Wait()
		projects := map[int64]bool{}
		for i, err := range errs {
			switch pmo.ErrorKind(err) {
			case "":
				projects[outs[i][0].Project.ID] = true
			case pmo.Conflict, pmo.Stale:
			default:
				t.Errorf("request %d: %v", i, err)
			}
		}
		if _, page, _ := db.FindProjects(ctx, pmo.ProjectFilter{}); page.Total != 1 || len(projects) != 1 {
			t.Errorf("%d projects stored, %d returned; want one", page.Total, len(projects))
		}
	})
}
