package web

import (
	"context"
	"slices"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/planning"
)

// runningWork loads what planning.CommittedLoad needs: the portfolio's
// projects that may hold budget or people, each with the actual cost of
// its latest status report (when in the budget's currency).
func (s *Server) runningWork(ctx context.Context, portfolioID int64, proposals []*pmo.Proposal) (planning.Running, error) {
	run := planning.Running{Proposals: proposals, Spent: map[int64]int64{}}
	f := pmo.ProjectFilter{PortfolioID: portfolioID, States: []pmo.State{pmo.Proposed, pmo.Active, pmo.OnHold},
		ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit, SkipTotal: true}}
	for {
		ps, page, err := s.svc.FindProjects(ctx, f)
		if err != nil {
			return run, err
		}
		run.Projects = append(run.Projects, ps...)
		if page.NextCursor == "" || len(ps) == 0 {
			break
		}
		f.Cursor = page.NextCursor
	}
	for _, p := range run.Projects {
		if !planning.Holds(p.State, p.Stage) {
			continue
		}
		rs, _, err := s.svc.FindStatusReports(ctx, pmo.StatusFilter{ProjectID: p.ID, ListOptions: pmo.ListOptions{Sort: "-period", Limit: 1, SkipTotal: true}})
		if err != nil {
			return run, err
		}
		if len(rs) > 0 && rs[0].ActualCost.Currency == p.Budget.Currency {
			run.Spent[p.ID] = rs[0].ActualCost.Minor
		}
	}
	return run, nil
}

// withoutProjects returns run without the projects in drop: a stored
// run's selection funded since is read as approved proposals, so their
// projects must not count a second time as committed load.
func withoutProjects(run planning.Running, drop map[int64]bool) planning.Running {
	run.Projects = slices.DeleteFunc(slices.Clone(run.Projects), func(p *pmo.Project) bool { return drop[p.ID] })
	return run
}
