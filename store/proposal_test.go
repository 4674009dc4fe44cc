package store

import (
	"testing"

	"github.com/pmohq/pmo"
)

// mustProposal creates a proposal with a small two-quarter business case.
func mustProposal(t testing.TB, db *DB, portfolioID int64, code string, mods ...func(*pmo.Proposal)) *pmo.Proposal {
	t.Helper()
	p := &pmo.Proposal{PortfolioID: portfolioID, Code: code, Title: "Proposal " + code, Requester: "Ana", RequesterID: 7,
		EarliestStart: mustPeriod(t, "2027-Q1"), LatestStart: mustPeriod(t, "2027-Q4"),
		Case: pmo.ProposalCase{Currency: "EUR", Capex: []int64{100000, 50000}, Opex: []int64{0, 10000},
			Benefits: []int64{0, 0, 90000, 90000}, DiscountRate: 0.08,
			Demand: []pmo.RoleDemand{{Role: "Developer", FTE: []float64{2, 1.5}}}}}
	for _, m := range mods {
		m(p)
	}
	must(t, db.CreateProposal(ctx, p))
	return p
}

// auditCount counts the audit records of an entity and id.
func auditCount(t testing.TB, db *DB, entity string, id int64) int {
	t.Helper()
	_, page, err := db.FindAuditRecords(ctx, pmo.AuditFilter{Entity: entity, EntityID: id})
	must(t, err)
	return page.Total
}

func TestProposalCRUD(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		other := mustPortfolio(t, db, "OT")
		prog := mustProgram(t, db, pf.ID, "PG")
		proj := mustProject(t, db, pf.ID, "RUN-1")
		a := mustProposal(t, db, pf.ID, "PRP-A", func(p *pmo.Proposal) { p.State = pmo.ProposalApproved; p.ProjectID = proj.ID })
		if a.State != pmo.ProposalDraft || a.ProjectID != 0 || a.Version != 1 || a.NPV == 0 {
			t.Fatalf("created: state %s project %d version %d npv %d", a.State, a.ProjectID, a.Version, a.NPV)
		}
		b := mustProposal(t, db, pf.ID, "PRP-B", func(p *pmo.Proposal) {
			p.ProgramID = prog.ID
			p.Dependencies = []pmo.ProposalDependency{{ProposalID: a.ID, FinishFirst: true}, {ProjectID: proj.ID}}
		})
		c := mustProposal(t, db, pf.ID, "PRP-C", func(p *pmo.Proposal) { p.Excludes = []int64{b.ID} })
		x := mustProposal(t, db, other.ID, "PRP-X")

		got, err := db.FindProposalByID(ctx, b.ID)
		must(t, err)
		if d := diff(b, got); d != "" {
			t.Errorf("read back (-want +got):\n%s", d)
		}

		bad := []struct {
			name  string
			mod   func(*pmo.Proposal)
			kind  pmo.Kind
			field string
		}{
			{"duplicate code", func(p *pmo.Proposal) { p.Code = "PRP-A" }, pmo.Conflict, "code"},
			{"unknown portfolio", func(p *pmo.Proposal) { p.PortfolioID = 999 }, pmo.Invalid, "portfolio_id"},
			{"program of another portfolio", func(p *pmo.Proposal) { p.PortfolioID = other.ID; p.ProgramID = prog.ID }, pmo.Invalid, "program_id"},
			{"depends on another portfolio's proposal", func(p *pmo.Proposal) {
				p.Dependencies = []pmo.ProposalDependency{{ProposalID: x.ID}}
			}, pmo.Invalid, "dependencies[0].proposal_id"},
			{"unknown project", func(p *pmo.Proposal) { p.Dependencies = []pmo.ProposalDependency{{ProjectID: 999}} }, pmo.Invalid, "dependencies[0].project_id"},
			{"excludes unknown", func(p *pmo.Proposal) { p.Excludes = []int64{999} }, pmo.Invalid, "excludes[0]"},
			{"negative capex", func(p *pmo.Proposal) { p.Case.Capex = []int64{-1} }, pmo.Invalid, "business_case.capex[0]"},
		}
		for _, tt := range bad {
			p := &pmo.Proposal{PortfolioID: pf.ID, Code: "PRP-NEW", Title: "New", Requester: "Ana"}
			tt.mod(p)
			err := db.CreateProposal(ctx, p)
			if pmo.ErrorKind(err) != tt.kind {
				t.Errorf("%s: kind %q, want %q (%v)", tt.name, pmo.ErrorKind(err), tt.kind, err)
				continue
			}
			wantKind(t, err, tt.kind, tt.field)
		}

		// Update keeps state, requester and portfolio; a self-exclusion is refused.
		b.Title, b.PortfolioID, b.RequesterID = "Better title", other.ID, 99
		must(t, db.UpdateProposal(ctx, b))
		if b.Version != 2 || b.PortfolioID != pf.ID || b.RequesterID != 7 {
			t.Errorf("updated: version %d portfolio %d requester %d", b.Version, b.PortfolioID, b.RequesterID)
		}
		stale := *b
		stale.Version = 1
		wantKind(t, db.UpdateProposal(ctx, &stale), pmo.Stale, "")
		self := *b
		self.Excludes = []int64{b.ID}
		wantKind(t, db.UpdateProposal(ctx, &self), pmo.Invalid, "excludes[0]")
		// b needs a; a needing b (or c, which excludes b) would close a cycle.
		cyc := *a
		cyc.Dependencies = []pmo.ProposalDependency{{ProjectID: proj.ID}, {ProposalID: b.ID}}
		err = db.UpdateProposal(ctx, &cyc)
		wantKind(t, err, pmo.Invalid, "dependencies[1].proposal_id")
		if got := pmo.ErrorFields(err)[0].Detail; got != "would make a cycle: PRP-A needs PRP-B, which needs PRP-A" {
			t.Errorf("cycle: %q", got)
		}
		if n := auditCount(t, db, "proposal", b.ID); n != 2 {
			t.Errorf("audit records of b = %d, want 2 (create, update)", n)
		}

		// Lists: filters, search, sort by NPV, keyset pages.
		ps, page, err := db.FindProposals(ctx, pmo.ProposalFilter{PortfolioID: pf.ID, ListOptions: pmo.ListOptions{Sort: "code", Limit: 2}})
		must(t, err)
		if page.Total != 3 || len(ps) != 2 || ps[0].Code != "PRP-A" || page.NextCursor == "" {
			t.Fatalf("first page: total %d, %d rows, next %q", page.Total, len(ps), page.NextCursor)
		}
		ps, page, err = db.FindProposals(ctx, pmo.ProposalFilter{PortfolioID: pf.ID, ListOptions: pmo.ListOptions{Sort: "code", Limit: 2, Cursor: page.NextCursor}})
		must(t, err)
		if len(ps) != 1 || ps[0].Code != "PRP-C" || len(ps[0].Excludes) != 1 || page.NextCursor != "" {
			t.Fatalf("second page: %d rows, next %q", len(ps), page.NextCursor)
		}
		ps, _, err = db.FindProposals(ctx, pmo.ProposalFilter{ProgramID: prog.ID, Query: "better"})
		must(t, err)
		if len(ps) != 1 || ps[0].ID != b.ID || len(ps[0].Dependencies) != 2 {
			t.Fatalf("program filter and search: %v", ps)
		}
		ps, _, err = db.FindProposals(pmo.WithReach(ctx, pmo.Reach{Portfolios: []int64{other.ID}}), pmo.ProposalFilter{})
		must(t, err)
		if len(ps) != 1 || ps[0].ID != x.ID {
			t.Fatalf("reach: %d proposals", len(ps))
		}
		_, _, err = db.FindProposals(ctx, pmo.ProposalFilter{ListOptions: pmo.ListOptions{Sort: "colour"}})
		wantKind(t, err, pmo.Invalid, "sort")

		// Delete: refused while others name it or once submitted.
		wantKind(t, db.DeleteProposal(ctx, a.ID, a.Version), pmo.Conflict, "")
		wantKind(t, db.DeleteProposal(ctx, b.ID, b.Version), pmo.Conflict, "")
		must(t, db.DeleteProposal(ctx, c.ID, c.Version))
		must(t, db.DeleteProposal(ctx, b.ID, b.Version))
		_, err = db.FindProposalByID(ctx, b.ID)
		wantKind(t, err, pmo.NotFound, "")
		wantKind(t, db.DeletePortfolio(ctx, other.ID, other.Version), pmo.Conflict, "")
	})
}

func TestProposalWorkflowStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProposal(t, db, pf.ID, "PRP-1")
		steps := []struct {
			version int
			tr      pmo.ProposalTransition
			kind    pmo.Kind
			field   string
		}{
			{1, pmo.ProposalTransition{To: pmo.ProposalApproved, Actor: "pmo"}, pmo.Invalid, "to"},
			{1, pmo.ProposalTransition{To: pmo.ProposalSubmitted, Actor: "Ana"}, "", ""},
			{1, pmo.ProposalTransition{To: pmo.ProposalUnderReview, Actor: "pmo"}, pmo.Stale, ""},
			{2, pmo.ProposalTransition{To: pmo.ProposalUnderReview, Actor: "pmo"}, "", ""},
			{3, pmo.ProposalTransition{To: pmo.ProposalFunded, Actor: "pmo"}, pmo.Invalid, "to"},
			{3, pmo.ProposalTransition{To: pmo.ProposalApproved, Actor: "board", Comment: "fits strategy"}, "", ""},
		}
		for i, s := range steps {
			got, err := db.TransitionProposal(ctx, p.ID, s.version, s.tr)
			if s.kind != "" {
				wantKind(t, err, s.kind, s.field)
				continue
			}
			must(t, err)
			if got.State != s.tr.To || got.Version != s.version+1 {
				t.Errorf("step %d: state %s version %d", i, got.State, got.Version)
			}
		}
		got, err := db.FindProposalByID(ctx, p.ID)
		must(t, err)
		if len(got.History) != 3 || got.History[2].Comment != "fits strategy" || got.History[0].From != pmo.ProposalDraft {
			t.Errorf("history: %+v", got.History)
		}
		got.Title = "Changed after approval"
		wantKind(t, db.UpdateProposal(ctx, got), pmo.Conflict, "")
		if n := auditCount(t, db, "proposal", p.ID); n != 4 {
			t.Errorf("audit records = %d, want 4 (create and three transitions)", n)
		}
	})
}
