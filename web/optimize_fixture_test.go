package web_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
)

// pipeline is a small intake pipeline in the fixture's portfolio: a
// scoring model, six proposals under review with two reviewers' scores,
// and a base scenario over four quarters.
type pipeline struct {
	proposals map[string]*pmo.Proposal // by code
	model     *pmo.ScoringModel
	scenario  *pmo.Scenario
}

func mustPeriod(tb testing.TB, s string) pmo.Period {
	tb.Helper()
	p, err := pmo.ParsePeriod(s)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// mustPipeline writes the pipeline. Money is in EUR cents: the budget is
// EUR 100,000 a quarter and four developers; the mandatory REG-1 always
// fits, the others compete (DATA-2 needs LAKE-1; APP-1 and APP-2 are
// alternatives).
func mustPipeline(tb testing.TB, db *store.DB, portfolioID int64) pipeline {
	tb.Helper()
	ctx := context.Background()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("pipeline: %v", err)
		}
	}
	q1 := mustPeriod(tb, "2027-Q1")
	k := func(x ...int64) []int64 {
		out := slices.Clone(x)
		for i := range out {
			out[i] *= 1000_00
		}
		return out
	}
	dev := func(f ...float64) []pmo.RoleDemand { return []pmo.RoleDemand{{Role: "Developer", FTE: f}} }
	pl := pipeline{proposals: map[string]*pmo.Proposal{}}
	pl.model = &pmo.ScoringModel{PortfolioID: portfolioID, Name: "Digital scoring", Criteria: []pmo.Criterion{
		{Key: "value", Name: "Business value", Weight: 60, Max: 5}, {Key: "risk", Name: "Delivery risk", Weight: 40, Max: 5, Direction: pmo.DirectionCost}}}
	must(db.CreateScoringModel(ctx, pl.model))
	specs := []struct {
		code, title         string
		capex, benefits     []int64
		demand              []pmo.RoleDemand
		mandatory           bool
		value, risk, value2 float64
	}{
		{"REG-1", "Regulatory reporting", k(20, 20), k(0, 0, 10, 10), dev(1, 1), true, 2, 2, 3},
		{"CRM-1", "CRM renewal", k(60, 60), k(0, 0, 90, 90, 90, 90), dev(2, 2), false, 4, 3, 4},
		{"LAKE-1", "Data lake", k(40, 40), k(0, 0, 40, 40, 40), dev(1, 1), false, 3, 2, 3},
		{"DATA-2", "Analytics on the lake", k(10, 10), k(0, 0, 60, 60, 60), dev(1, 1), false, 5, 1, 4},
		{"APP-1", "Mobile app (native)", k(50, 30), k(0, 0, 70, 70, 70), dev(2, 1), false, 4, 4, 5},
		{"APP-2", "Mobile app (web)", k(30, 20), k(0, 0, 50, 50, 50), dev(1, 1), false, 3, 1, 3},
	}
	for _, sp := range specs {
		p := &pmo.Proposal{PortfolioID: portfolioID, Code: sp.code, Title: sp.title, Requester: "Rita", Sponsor: "Sam",
			Mandatory: sp.mandatory, Alignment: 3, Risk: 2, EarliestStart: q1,
			Case: pmo.ProposalCase{Currency: "EUR", Capex: sp.capex, Benefits: sp.benefits, Demand: sp.demand, DiscountRate: 0.08}}
		if sp.mandatory {
			p.LegalBasis = "Reporting directive 2026/12"
		}
		switch sp.code {
		case "DATA-2":
			p.Dependencies = []pmo.ProposalDependency{{ProposalID: pl.proposals["LAKE-1"].ID}}
		case "APP-2":
			p.Excludes = []int64{pl.proposals["APP-1"].ID}
		}
		must(db.CreateProposal(ctx, p))
		var err error
		for _, to := range []pmo.ProposalState{pmo.ProposalSubmitted, pmo.ProposalUnderReview} {
			p, err = db.TransitionProposal(ctx, p.ID, p.Version, pmo.ProposalTransition{To: to, Actor: "Rita"})
			must(err)
		}
		for i, v := range []float64{sp.value, sp.value2} {
			sheet := &pmo.ScoreSheet{ProposalID: p.ID, Reviewer: []string{"Pat", "Quinn"}[i], Scores: []pmo.Score{
				{Criterion: "value", Value: v}, {Criterion: "risk", Value: sp.risk}}}
			must(db.SaveScoreSheet(ctx, sheet))
		}
		pl.proposals[sp.code] = p
	}
	pl.scenario = &pmo.Scenario{PortfolioID: portfolioID, Name: "Base plan", Start: q1, Periods: 4, Currency: "EUR",
		Budget: k(100, 100, 100, 100), Capacity: []pmo.RoleDemand{{Role: "Developer", FTE: []float64{4, 4, 4, 4}}},
		Objective: pmo.ObjectiveNPV, TimeLimitMS: 20000, Seed: 1}
	must(db.CreateScenario(ctx, pl.scenario))
	return pl
}

// mustScenario saves a variant of the base scenario.
func mustScenario(tb testing.TB, db *store.DB, base *pmo.Scenario, name string, edit func(s *pmo.Scenario)) *pmo.Scenario {
	tb.Helper()
	s := *base
	s.ID, s.Version, s.Name, s.LastRun = 0, 0, name, nil
	s.Budget = slices.Clone(base.Budget)
	s.Capacity = slices.Clone(base.Capacity)
	edit(&s)
	if err := db.CreateScenario(context.Background(), &s); err != nil {
		tb.Fatal(err)
	}
	return &s
}
