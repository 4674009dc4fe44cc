package store

import (
	"testing"

	"github.com/pmohq/pmo"
)

func TestScoringStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProposal(t, db, pf.ID, "PRP-1")
		sheet := &pmo.ScoreSheet{ProposalID: p.ID, Reviewer: "Kim", Scores: []pmo.Score{{Criterion: "fit", Value: 4}}}
		wantKind(t, db.SaveScoreSheet(ctx, sheet), pmo.NotFound, "")

		m := &pmo.ScoringModel{PortfolioID: pf.ID, Name: "Default", Criteria: []pmo.Criterion{
			{Key: "fit", Name: "Strategic fit", Weight: 60, Max: 5},
			{Key: "risk", Name: "Delivery risk", Weight: 40, Max: 5, Direction: pmo.DirectionCost},
		}}
		must(t, db.CreateScoringModel(ctx, m))
		wantKind(t, db.CreateScoringModel(ctx, &pmo.ScoringModel{PortfolioID: pf.ID, Name: "Second", Criteria: m.Criteria}), pmo.Conflict, "portfolio_id")
		got, err := db.FindScoringModelByPortfolio(ctx, pf.ID)
		must(t, err)
		if d := diff(m, got); d != "" {
			t.Errorf("model (-want +got):\n%s", d)
		}
		m.Criteria[0].Weight = 70
		must(t, db.UpdateScoringModel(ctx, m))
		m.Version = 1
		wantKind(t, db.UpdateScoringModel(ctx, m), pmo.Stale, "")
		m.Version = 2

		sheet.Scores = []pmo.Score{{Criterion: "fit", Value: 6}}
		wantKind(t, db.SaveScoreSheet(ctx, sheet), pmo.Invalid, "scores[0].value")
		sheet.Scores = []pmo.Score{{Criterion: "fit", Value: 4, Comment: "core"}, {Criterion: "risk", Value: 2}}
		must(t, db.SaveScoreSheet(ctx, sheet))
		must(t, db.SaveScoreSheet(ctx, &pmo.ScoreSheet{ProposalID: p.ID, Reviewer: "Lee", Scores: []pmo.Score{{Criterion: "fit", Value: 2}}}))
		// A second sheet from Kim replaces the first.
		sheet.Scores = []pmo.Score{{Criterion: "fit", Value: 5}}
		must(t, db.SaveScoreSheet(ctx, sheet))
		ss, err := db.FindScores(ctx, pmo.ScoreFilter{PortfolioID: pf.ID})
		must(t, err)
		if len(ss) != 2 || ss[0].Reviewer != "Kim" || ss[0].Value != 5 || ss[1].Reviewer != "Lee" {
			t.Fatalf("scores: %+v", ss)
		}
		if n := auditCount(t, db, "proposal_scores", p.ID); n != 3 {
			t.Errorf("audit records of scores = %d, want 3", n)
		}

		// Decided proposals keep their scores.
		for v, to := range []pmo.ProposalState{pmo.ProposalSubmitted, pmo.ProposalUnderReview} {
			_, err := db.TransitionProposal(ctx, p.ID, v+1, pmo.ProposalTransition{To: to, Actor: "pmo"})
			must(t, err)
		}
		_, err = db.TransitionProposal(ctx, p.ID, 3, pmo.ProposalTransition{To: pmo.ProposalRejected, Actor: "pmo", Comment: "low fit"})
		must(t, err)
		wantKind(t, db.SaveScoreSheet(ctx, sheet), pmo.Conflict, "")

		must(t, db.DeleteScoringModel(ctx, m.ID, m.Version))
		_, err = db.FindScoringModelByID(ctx, m.ID)
		wantKind(t, err, pmo.NotFound, "")
	})
}

func testScenario(portfolioID int64, start pmo.Period) *pmo.Scenario {
	return &pmo.Scenario{PortfolioID: portfolioID, Name: "Base", Start: start, Periods: 8, Currency: "EUR",
		Budget:   []int64{200000, 200000, 200000, 200000, 200000, 200000, 200000, 200000},
		Capacity: []pmo.RoleDemand{{Role: "Developer", FTE: []float64{4, 4, 4, 4, 4, 4, 4, 4}}}, Seed: 1}
}

func TestScenarioStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		other := mustPortfolio(t, db, "OT")
		p := mustProposal(t, db, pf.ID, "PRP-1")
		x := mustProposal(t, db, other.ID, "PRP-X")
		s := testScenario(pf.ID, mustPeriod(t, "2027-Q1"))
		s.LockIn, s.LockOut = []int64{p.ID}, []int64{x.ID}
		wantKind(t, db.CreateScenario(ctx, s), pmo.Invalid, "lock_out[0]")
		s.LockOut = nil
		must(t, db.CreateScenario(ctx, s))
		wantKind(t, db.CreateScenario(ctx, testScenario(pf.ID, mustPeriod(t, "2027-Q1"))), pmo.Conflict, "")

		run := &pmo.ScenarioRun{ScenarioID: s.ID, Objective: pmo.ObjectiveScore, Value: 80, Bound: 80, Proven: true,
			Selected: []pmo.Selection{{ProposalID: p.ID, Code: p.Code, Start: mustPeriod(t, "2027-Q2")}}, ElapsedMS: 12}
		must(t, db.RecordScenarioRun(ctx, run))
		wantKind(t, db.RecordScenarioRun(ctx, &pmo.ScenarioRun{ScenarioID: 999, Objective: pmo.ObjectiveNPV}), pmo.NotFound, "")

		got, err := db.FindScenarioByID(ctx, s.ID)
		must(t, err)
		if got.LastRun == nil || got.LastRun.ID != run.ID || got.LastRun.Selected[0].Start.String() != "2027-Q2" {
			t.Fatalf("last run: %+v", got.LastRun)
		}
		got.LastRun = nil
		if d := diff(s, got); d != "" {
			t.Errorf("scenario (-want +got):\n%s", d)
		}

		s.Name, s.Budget[0] = "Budget cut", 180000
		must(t, db.UpdateScenario(ctx, s))
		if s.Version != 2 || s.LastRun == nil {
			t.Errorf("updated: version %d, last run %v", s.Version, s.LastRun)
		}
		list, page, err := db.FindScenarios(ctx, pmo.ScenarioFilter{PortfolioID: pf.ID, Query: "cut"})
		must(t, err)
		if page.Total != 1 || list[0].Name != "Budget cut" || list[0].LastRun == nil {
			t.Fatalf("list: %d, %+v", page.Total, list)
		}
		runs, err := db.FindScenarioRuns(ctx, s.ID, 0)
		must(t, err)
		if len(runs) != 1 {
			t.Fatalf("runs: %d", len(runs))
		}
		must(t, db.DeleteScenario(ctx, s.ID, s.Version))
		_, err = db.FindScenarioRunByID(ctx, run.ID)
		wantKind(t, err, pmo.NotFound, "")
	})
}

// approve moves p from draft to approved.
func approve(t *testing.T, db *DB, p *pmo.Proposal) {
	t.Helper()
	for _, to := range []pmo.ProposalState{pmo.ProposalSubmitted, pmo.ProposalUnderReview, pmo.ProposalApproved} {
		got, err := db.TransitionProposal(ctx, p.ID, p.Version, pmo.ProposalTransition{To: to, Actor: "pmo"})
		must(t, err)
		*p = *got
	}
}

func TestFundProposals(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		a := mustProposal(t, db, pf.ID, "PRP-A", func(p *pmo.Proposal) { p.Sponsor = "CFO"; p.Category = pmo.CategoryTransform })
		b := mustProposal(t, db, pf.ID, "PRP-B")
		c := mustProposal(t, db, pf.ID, "PRP-C")
		approve(t, db, a)
		approve(t, db, b)
		s := testScenario(pf.ID, mustPeriod(t, "2027-Q1"))
		must(t, db.CreateScenario(ctx, s))
		run := &pmo.ScenarioRun{ScenarioID: s.ID, Objective: pmo.ObjectiveNPV, Value: 1, Bound: 1, Proven: true}
		must(t, db.RecordScenarioRun(ctx, run))

		fund := func(items ...pmo.Selection) ([]pmo.Funded, error) {
			return db.FundProposals(ctx, pmo.Funding{PortfolioID: pf.ID, RunID: run.ID, Items: items, Actor: "PMO lead"})
		}
		q2 := mustPeriod(t, "2027-Q2")
		// One bad item fails the whole request: nothing is created.
		_, err := fund(pmo.Selection{ProposalID: a.ID, Start: q2}, pmo.Selection{ProposalID: c.ID, Start: q2})
		wantKind(t, err, pmo.Invalid, "items[1].proposal_id")
		_, err = fund(pmo.Selection{ProposalID: b.ID, Start: mustPeriod(t, "2028-Q1")})
		wantKind(t, err, pmo.Invalid, "items[0].start")
		_, err = fund(pmo.Selection{ProposalID: b.ID, Start: mustPeriod(t, "2027-05")})
		wantKind(t, err, pmo.Invalid, "items[0].start")
		if _, page, _ := db.FindProjects(ctx, pmo.ProjectFilter{}); page.Total != 0 {
			t.Fatalf("%d projects after failed funding", page.Total)
		}

		out, err := fund(pmo.Selection{ProposalID: a.ID, Start: q2}, pmo.Selection{ProposalID: b.ID, Start: mustPeriod(t, "2027-Q1")})
		must(t, err)
		if len(out) != 2 || out[0].Already || out[0].Project == nil {
			t.Fatalf("funded: %+v", out)
		}
		pj := out[0].Project
		want := &pmo.Project{ID: pj.ID, PortfolioID: pf.ID, Code: "PRP-A", Name: "Proposal PRP-A", Sponsor: "CFO",
			Stage: pmo.Approved, State: pmo.Active, Priority: 3, Version: 1,
			PlannedStart: mustDate(t, "2027-04-01"), PlannedEnd: mustDate(t, "2027-09-30"),
			Budget: pmo.Money{Minor: 160000, Currency: "EUR"}, Tags: []string{"intake", "transform"}, CustomFields: map[string]any{}}
		if d := diff(want, pj, ignoreTimes); d != "" {
			t.Errorf("project (-want +got):\n%s", d)
		}
		got, err := db.FindProposalByID(ctx, a.ID)
		must(t, err)
		last := got.History[len(got.History)-1]
		if got.State != pmo.ProposalFunded || got.ProjectID != pj.ID || last.To != pmo.ProposalFunded || last.Actor != "PMO lead" {
			t.Errorf("proposal after funding: state %s project %d last event %+v", got.State, got.ProjectID, last)
		}
		linked, _, err := db.FindProposals(ctx, pmo.ProposalFilter{ProjectID: pj.ID})
		must(t, err)
		if len(linked) != 1 || linked[0].ID != a.ID {
			t.Errorf("proposal of the project: %v", linked)
		}

		// Again: the same projects, nothing new.
		again, err := fund(pmo.Selection{ProposalID: a.ID, Start: q2})
		must(t, err)
		if len(again) != 1 || !again[0].Already || again[0].Project.ID != pj.ID {
			t.Errorf("second funding: %+v", again)
		}
		if _, page, _ := db.FindProjects(ctx, pmo.ProjectFilter{}); page.Total != 2 {
			t.Errorf("%d projects, want 2", page.Total)
		}
		if n := auditCount(t, db, "project", pj.ID); n != 1 {
			t.Errorf("project audit records = %d, want 1", n)
		}

		// A code already taken by a project is a conflict.
		d := mustProposal(t, db, pf.ID, "PRP-D")
		approve(t, db, d)
		mustProject(t, db, pf.ID, "PRP-D")
		_, err = fund(pmo.Selection{ProposalID: d.ID, Start: q2})
		wantKind(t, err, pmo.Conflict, "")
		_, err = db.FundProposals(ctx, pmo.Funding{PortfolioID: pf.ID, RunID: 999, Items: []pmo.Selection{{ProposalID: b.ID, Start: q2}}, Actor: "x"})
		wantKind(t, err, pmo.Invalid, "run_id")
	})
}
