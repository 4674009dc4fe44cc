package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/internal/pgtest"
	"github.com/pmohq/pmo/planning"
	"github.com/pmohq/pmo/store"
)

// TestOptimizeCommitted funds a run's selection and re-runs the same
// scenario: the funded proposals come back as committed load, their
// business cases at the periods they were funded to start in, and the
// money left for new work is smaller by exactly their cost.
func TestOptimizeCommitted(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testOptimizeCommitted(t, filepath.Join(t.TempDir(), "pmo.db")) })
	t.Run("postgres", func(t *testing.T) { testOptimizeCommitted(t, pgtest.Schema(t)) })
}

func testOptimizeCommitted(t *testing.T, dsn string) {
	ctx := pmo.WithActor(context.Background(), pmo.Actor{Name: "test"})
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	port := &pmo.Portfolio{Code: "CMT", Name: "Committed load test"}
	must(db.CreatePortfolio(ctx, port))
	q1, _ := pmo.ParsePeriod("2027-Q1")
	props := map[string]*pmo.Proposal{}
	for _, c := range []struct {
		code           string
		capex, benefit int64
	}{{"ONE", 30_000_00, 40_000_00}, {"TWO", 20_000_00, 30_000_00}, {"THREE", 50_000_00, 20_000_00}} {
		p := &pmo.Proposal{PortfolioID: port.ID, Code: c.code, Title: "Proposal " + c.code, Requester: "ana",
			Case: pmo.ProposalCase{Currency: "EUR", PeriodKind: pmo.Quarter, Capex: []int64{c.capex, c.capex},
				Opex: []int64{0, 5_000_00}, Benefits: []int64{0, c.benefit, c.benefit, c.benefit},
				Demand: []pmo.RoleDemand{{Role: "dev", FTE: []float64{1, 2}}}}}
		must(db.CreateProposal(ctx, p))
		for _, to := range []pmo.ProposalState{pmo.ProposalSubmitted, pmo.ProposalUnderReview, pmo.ProposalApproved} {
			p, err = db.TransitionProposal(ctx, p.ID, p.Version, pmo.ProposalTransition{To: to, Actor: "pmo"})
			must(err)
		}
		props[c.code] = p
	}
	sc := &pmo.Scenario{PortfolioID: port.ID, Name: "base", Start: q1, Periods: 4, Currency: "EUR",
		Budget: slices.Repeat([]int64{70_000_00}, 4), Capacity: []pmo.RoleDemand{{Role: "dev", FTE: []float64{4, 4, 4, 4}}},
		Objective: pmo.ObjectiveNPV, Timed: true, Seed: 3}
	must(db.CreateScenario(ctx, sc))

	optimize := func() optimizeResult {
		t.Helper()
		code, out, errs := runCLI(t, "optimize", "--db", dsn, "--portfolio", "CMT", "--node-limit", "5000", "--format", "json", "--record")
		if code != 0 {
			t.Fatalf("code %d: %s", code, errs)
		}
		var res optimizeResult
		must(json.Unmarshal([]byte(out), &res))
		if !res.Outcome.Proven {
			t.Fatalf("status %s", res.Outcome.Status)
		}
		return res
	}
	first := optimize()
	if len(first.Outcome.Commitments) != 0 || len(first.Outcome.Selected) == 0 {
		t.Fatalf("before funding: commitments %+v, selected %+v", first.Outcome.Commitments, first.Outcome.Selected)
	}
	var items []pmo.Selection
	want := make([]int64, sc.Periods) // the funded cases at their starts
	for _, c := range first.Outcome.Selected {
		items = append(items, pmo.Selection{ProposalID: c.ProposalID, Start: c.Start})
		at := sc.Index(c.Start)
		for k, x := range props[c.Code].Case.Cost() {
			if at+k < sc.Periods {
				want[at+k] += x
			}
		}
	}
	_, err = db.FundProposals(ctx, pmo.Funding{PortfolioID: port.ID, RunID: first.RunID, Items: items, Actor: "pmo"})
	must(err)

	second := optimize()
	var funded []string
	for _, c := range second.Outcome.Commitments {
		if c.Source != planning.SourceCase || c.Proposal != c.Code {
			t.Errorf("commitment %+v", c)
		}
		funded = append(funded, c.Code)
	}
	var selected []string
	for _, c := range first.Outcome.Selected {
		selected = append(selected, c.Code)
	}
	slices.Sort(funded)
	slices.Sort(selected)
	if !slices.Equal(funded, selected) {
		t.Errorf("committed %v, funded %v", funded, selected)
	}
	for _, c := range second.Outcome.Selected {
		if slices.Contains(funded, c.Code) {
			t.Errorf("%s selected again after funding", c.Code)
		}
	}
	var leftBefore, leftAfter, cost int64
	for k, ps := range second.Outcome.Spend {
		if ps.Committed != want[k] {
			t.Errorf("%s: committed %d, want %d", ps.Period, ps.Committed, want[k])
		}
		leftBefore += *first.Outcome.Spend[k].Budget - first.Outcome.Spend[k].Committed
		leftAfter += *ps.Budget - ps.Committed
		cost += want[k]
	}
	if leftBefore-leftAfter != cost || cost != first.Outcome.TotalCost {
		t.Errorf("money for new work %d before, %d after funding proposals costing %d (selection's cost %d)", leftBefore, leftAfter, cost, first.Outcome.TotalCost)
	}
	dev := second.Outcome.Capacity[0]
	for k := range dev.Committed {
		if dev.Committed[k] != first.Outcome.Capacity[0].Selected[k] {
			t.Errorf("dev committed %v, the funded selection used %v", dev.Committed, first.Outcome.Capacity[0].Selected)
			break
		}
	}
}
