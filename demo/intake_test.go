package demo

import (
	"reflect"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/score"
	"github.com/pmohq/pmo/planning"
)

// TestIntakePipeline checks what a PMO lead needs from the demo's
// pipeline in every portfolio: proposals across the workflow, two
// mandatory ones, dependencies and alternatives, reviewers who disagree,
// and a base scenario whose budget and one role's capacity bind.
func TestIntakePipeline(t *testing.T) {
	d := Generate(DefaultOptions(today))
	if !reflect.DeepEqual(d.Proposals, Generate(DefaultOptions(today)).Proposals) {
		t.Fatal("the pipeline differs between two runs of the same seed")
	}
	for _, pf := range d.Portfolios {
		t.Run(pf.Code, func(t *testing.T) {
			var ps []*pmo.Proposal
			states := map[pmo.ProposalState]int{}
			mandatory, deps, excludes := 0, 0, 0
			for _, p := range d.Proposals {
				if p.PortfolioID != pf.ID {
					continue
				}
				c := *p
				if err := c.Prepare(); err != nil {
					t.Fatalf("%s: %v", p.Code, err)
				}
				ps = append(ps, p)
				states[p.State]++
				deps += len(p.Dependencies)
				excludes += len(p.Excludes)
				if p.Mandatory {
					mandatory++
				}
			}
			if len(ps) < 25 || len(ps) > 40 || mandatory != 2 || deps < 3 || excludes != 1 {
				t.Errorf("%d proposals, %d mandatory, %d dependencies, %d exclusions", len(ps), mandatory, deps, excludes)
			}
			for _, s := range []pmo.ProposalState{pmo.ProposalDraft, pmo.ProposalSubmitted, pmo.ProposalUnderReview, pmo.ProposalApproved} {
				if states[s] == 0 {
					t.Errorf("no proposal is %s: %v", s, states)
				}
			}
			if states[pmo.ProposalRejected]+states[pmo.ProposalWithdrawn] == 0 {
				t.Errorf("none rejected or withdrawn: %v", states)
			}
			checkIntakeScores(t, d, pf, ps)
			checkBaseScenario(t, d, pf, ps)
		})
	}
}

// checkIntakeScores ranks the scored proposals with the portfolio's model
// and requires that reviewers disagree by two points somewhere.
func checkIntakeScores(t *testing.T, d *pmo.Dataset, pf *pmo.Portfolio, ps []*pmo.Proposal) {
	t.Helper()
	var m *pmo.ScoringModel
	for _, x := range d.ScoringModels {
		if x.PortfolioID == pf.ID {
			m = x
		}
	}
	if m == nil || m.Prepare() != nil || len(m.Criteria) != 6 {
		t.Fatalf("scoring model: %+v", m)
	}
	model := &score.Model{}
	for _, c := range m.Criteria {
		dir := score.Benefit
		if c.Direction == pmo.DirectionCost {
			dir = score.Cost
		}
		model.Criteria = append(model.Criteria, score.Criterion{ID: c.Key, Weight: c.Weight, Min: c.Min, Max: c.Max, Direction: dir})
	}
	ratings := map[int64]map[string]map[string]float64{}
	for _, s := range d.Scores {
		if ratings[s.ProposalID] == nil {
			ratings[s.ProposalID] = map[string]map[string]float64{}
		}
		if ratings[s.ProposalID][s.Reviewer] == nil {
			ratings[s.ProposalID][s.Reviewer] = map[string]float64{}
		}
		ratings[s.ProposalID][s.Reviewer][s.Criterion] = s.Value
	}
	var entries []score.Entry
	for _, p := range ps {
		if rs := ratings[p.ID]; rs != nil {
			e := score.Entry{ID: p.Code}
			for who, sc := range rs {
				e.Ratings = append(e.Ratings, score.Rating{Reviewer: who, Scores: sc})
			}
			entries = append(entries, e)
		}
	}
	res, err := score.Rank(model, entries)
	if err != nil {
		t.Fatal(err)
	}
	wide := 0
	for _, r := range res {
		if r.Reviewers < 2 {
			t.Errorf("%s: %d reviewers", r.ID, r.Reviewers)
		}
		for _, c := range r.Criteria {
			if c.Spread.Max-c.Spread.Min >= 2 {
				wide++
			}
		}
	}
	if len(res) < 10 || wide == 0 || res[0].Total-res[len(res)-1].Total < 20 {
		t.Errorf("%d scored proposals, %d wide spreads, totals %.1f..%.1f", len(res), wide, res[len(res)-1].Total, res[0].Total)
	}
}

// checkBaseScenario requires the live proposals to fit the base
// scenario's horizon and roles, and its budget and a role to bind.
func checkBaseScenario(t *testing.T, d *pmo.Dataset, pf *pmo.Portfolio, ps []*pmo.Proposal) {
	t.Helper()
	var base *pmo.Scenario
	n := 0
	for _, s := range d.Scenarios {
		if s.PortfolioID == pf.ID {
			n++
			if base == nil {
				base = s
			}
		}
	}
	if n < 3 || base.Prepare() != nil {
		t.Fatalf("%d scenarios; base %+v", n, base)
	}
	var live []*pmo.Proposal
	var cost int64
	for _, p := range ps {
		if p.State == pmo.ProposalSubmitted || p.State == pmo.ProposalUnderReview || p.State == pmo.ProposalApproved {
			live = append(live, p)
			cost += p.Case.TotalCost()
		}
	}
	if err := base.Check(live); err != nil {
		t.Errorf("the base scenario rejects the live pipeline: %v", err)
	}
	// What binds is the money left for new work once running projects'
	// committed load is taken off.
	run := planning.Running{Proposals: ps, Spent: map[int64]int64{}}
	for _, p := range d.Projects {
		if p.PortfolioID == pf.ID {
			run.Projects = append(run.Projects, p)
		}
	}
	latest := map[int64]pmo.Period{}
	for _, r := range d.StatusReports {
		if !r.Period.Start.Before(latest[r.ProjectID].Start) {
			latest[r.ProjectID], run.Spent[r.ProjectID] = r.Period, r.ActualCost.Minor
		}
	}
	committed := planning.CommittedLoad(base, run)
	if len(committed.Sources) == 0 {
		t.Errorf("no running project commits anything to the base scenario")
	}
	var budget int64
	for k, b := range base.Budget {
		if k < len(committed.Cost) {
			if b < committed.Cost[k] {
				t.Errorf("%s: budget %d below the committed load %d", base.PeriodAt(k), b, committed.Cost[k])
			}
			b -= committed.Cost[k]
		}
		budget += b
	}
	if cost < budget*3/2 {
		t.Errorf("the budget does not bind: pipeline %d, budget %d", cost, budget)
	}
}
