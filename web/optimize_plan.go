package web

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/optimize"
	"github.com/pmohq/pmo/planning"
)

// The optimiser's side of the web layer: building a scenario's plan from
// storage, running it, and reading stored runs back as solutions, shared
// by the optimiser API (web/api_optimize.go) and pages (web/ui_intake_*.go).

// frontierLevels are the budget levels of the efficient frontier: 50 % to
// 150 % of the scenario's budget in steps of 10 %.
var frontierLevels = optimize.FrontierLevels(0.5, 1.5, 11)

// portfolioProposals returns every proposal of a portfolio, page by page.
func (s *Server) portfolioProposals(ctx context.Context, portfolioID int64) ([]*pmo.Proposal, error) {
	var out []*pmo.Proposal
	f := pmo.ProposalFilter{PortfolioID: portfolioID, ListOptions: pmo.ListOptions{Sort: "code", Limit: pmo.MaxLimit, SkipTotal: true}}
	for {
		ps, page, err := s.intake().FindProposals(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
		if page.NextCursor == "" || len(ps) == 0 {
			return out, nil
		}
		f.Cursor = page.NextCursor
	}
}

// planInput gathers what a scenario's plan is built from: the portfolio's
// pipeline, its scoring model and scores, and the projects proposals
// depend on.
func (s *Server) planInput(ctx context.Context, sc *pmo.Scenario) (planning.Input, error) {
	in, _, err := s.planInputRunning(ctx, sc)
	return in, err
}

// planInputRunning is planInput that also returns the running work the
// committed load was derived from.
func (s *Server) planInputRunning(ctx context.Context, sc *pmo.Scenario) (planning.Input, planning.Running, error) {
	in := planning.Input{Scenario: sc}
	ps, err := s.portfolioProposals(ctx, sc.PortfolioID)
	if err != nil {
		return in, planning.Running{}, err
	}
	in.Proposals = ps
	m, err := s.intake().FindScoringModelByPortfolio(ctx, sc.PortfolioID)
	switch {
	case err == nil:
		in.Model = m
		if in.Scores, err = s.intake().FindScores(ctx, pmo.ScoreFilter{PortfolioID: sc.PortfolioID}); err != nil {
			return in, planning.Running{}, err
		}
	case pmo.ErrorKind(err) != pmo.NotFound:
		return in, planning.Running{}, err
	}
	seen := map[int64]bool{}
	for _, p := range ps {
		for _, d := range p.Dependencies {
			if d.ProjectID == 0 || seen[d.ProjectID] {
				continue
			}
			seen[d.ProjectID] = true
			prj, err := s.svc.FindProjectByID(ctx, d.ProjectID)
			if err != nil && pmo.ErrorKind(err) != pmo.NotFound {
				return in, planning.Running{}, err
			}
			if prj != nil {
				in.Projects = append(in.Projects, prj)
			}
		}
	}
	run, err := s.runningWork(ctx, sc.PortfolioID, ps)
	if err != nil {
		return in, run, err
	}
	in.Committed = planning.CommittedLoad(sc, run)
	return in, run, nil
}

// plan builds the optimiser plan of scenario sc from storage.
func (s *Server) plan(ctx context.Context, sc *pmo.Scenario) (*planning.Plan, error) {
	in, err := s.planInput(ctx, sc)
	if err != nil {
		return nil, err
	}
	return planning.Build(in)
}

// solveOptions are the engine options of a scenario: its seed.
func solveOptions(sc *pmo.Scenario) optimize.Options {
	return optimize.Options{Seed: uint64(sc.Seed)}
}

// MaxWebRun caps a solve started over HTTP, so that its answer arrives
// inside the server's write timeout (120 s in cmd/pmo/serve.go); longer
// runs belong to pmo optimize --record. A capped run that is not proven
// says so like any other.
const MaxWebRun = 100 * time.Second

// withTimeLimit bounds ctx by the scenario's time limit (at most
// MaxWebRun); the request's own cancellation (a client that goes away)
// still ends the run earlier.
func withTimeLimit(ctx context.Context, sc *pmo.Scenario) (context.Context, context.CancelFunc) {
	ms := sc.TimeLimitMS
	if ms <= 0 {
		ms = 10000
	}
	return context.WithTimeout(ctx, min(time.Duration(ms)*time.Millisecond, MaxWebRun))
}

// runScenario solves the scenario within its time limit and seed, stores
// the run in the name of actor, and returns it with its outcome.
func (s *Server) runScenario(ctx context.Context, sc *pmo.Scenario, actor string) (*pmo.ScenarioRun, *planning.Outcome, error) {
	pl, err := s.plan(ctx, sc)
	if err != nil {
		return nil, nil, err
	}
	sctx, cancel := withTimeLimit(ctx, sc)
	defer cancel()
	began := time.Now()
	_, out, err := pl.Solve(sctx, solveOptions(sc))
	if err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		// The client went away: nothing is stored for a run nobody waits for.
		return nil, nil, pmo.Errorf(pmo.Invalid, "the run was cancelled")
	}
	run := pl.Run(out, time.Since(began).Milliseconds(), actor)
	if err := s.intake().RecordScenarioRun(ctx, run); err != nil {
		return nil, nil, err
	}
	return run, out, nil
}

// runSolution rebuilds the engine solution of a stored run against pl:
// its selection (by code, proposals no longer candidates dropped), value,
// bound and status, with the load the selection puts on each role.
func runSolution(pl *planning.Plan, run *pmo.ScenarioRun) *optimize.Solution {
	sol := &optimize.Solution{Value: run.Value, Bound: run.Bound, Gap: run.Gap, Status: optimize.Feasible}
	switch {
	case run.Infeasible:
		sol.Status = optimize.Infeasible
	case run.Proven:
		sol.Status = optimize.Optimal
	}
	p := pl.Problem
	sol.Use = map[string][]float64{}
	for _, r := range p.Roles {
		sol.Use[r.Name] = make([]float64, p.Periods)
	}
	sol.Spend = make([]float64, p.Periods)
	items := map[string]*optimize.Item{}
	for k := range p.Items {
		items[p.Items[k].ID] = &p.Items[k]
	}
	for _, sel := range run.Selected {
		it := items[sel.Code]
		if it == nil {
			continue
		}
		start := pl.Scenario.Index(sel.Start)
		sol.Selected = append(sol.Selected, optimize.Choice{ID: sel.Code, Start: start})
		for k, c := range it.Cost {
			if t := start + k; t >= 0 && t < p.Periods {
				sol.Spend[t] += c
			}
		}
		for role, prof := range it.Demand {
			use := sol.Use[role]
			for k, d := range prof {
				if t := start + k; t >= 0 && t < len(use) {
					use[t] += d
				}
			}
		}
	}
	return sol
}

// runOutcome is a stored run read back in PMO terms against the
// scenario's current plan.
//
// Proposals of the selection funded since keep their place: they are read
// as approved, which they were when funded.
func (s *Server) runOutcome(ctx context.Context, sc *pmo.Scenario, run *pmo.ScenarioRun) (*planning.Plan, *optimize.Solution, *planning.Outcome, error) {
	in, running, err := s.planInputRunning(ctx, sc)
	if err != nil {
		return nil, nil, nil, err
	}
	chosen := map[int64]bool{}
	for _, sel := range run.Selected {
		chosen[sel.ProposalID] = true
	}
	funded := map[int64]bool{}
	for k, p := range in.Proposals {
		if p.State == pmo.ProposalFunded && chosen[p.ID] {
			cp := *p
			cp.State = pmo.ProposalApproved
			in.Proposals[k] = &cp
			funded[p.ProjectID] = true
		}
	}
	if len(funded) > 0 {
		in.Committed = planning.CommittedLoad(sc, withoutProjects(running, funded))
	}
	pl, err := planning.Build(in)
	if err != nil {
		return nil, nil, nil, err
	}
	sol := runSolution(pl, run)
	out := pl.Outcome(sol)
	if run.Infeasible && len(out.Conflicts) == 0 && run.Message != "" {
		out.Conflicts = []string{run.Message}
	}
	return pl, sol, out, nil
}

// frontier computes the efficient frontier of a scenario within its time
// limit (shared by all points; points left when it ends keep their
// heuristic answer and bound).
func (s *Server) frontier(ctx context.Context, sc *pmo.Scenario) ([]planning.FrontierPoint, error) {
	pl, err := s.plan(ctx, sc)
	if err != nil {
		return nil, err
	}
	fctx, cancel := withTimeLimit(ctx, sc)
	defer cancel()
	return pl.Frontier(fctx, frontierLevels, solveOptions(sc))
}

// formatValue writes an objective value in the scenario's terms: score
// points, or NPV in the currency's major units.
func formatValue(sc *pmo.Scenario, v float64) string {
	if sc.Objective == pmo.ObjectiveNPV {
		return formatMoney(pmo.Money{Minor: int64(math.Round(v)), Currency: sc.Currency})
	}
	return fmt.Sprintf("%.1f points", v)
}
