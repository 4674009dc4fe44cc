package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/pmohq/pmo"
)

// FundProposals turns approved proposals into projects in the approved
// stage, in one transaction: each project takes the proposal's code, title,
// sponsor and program, a budget of the business case's total cost, and a
// planned start and finish from the chosen start period and the case's
// duration; the proposal records the project and moves to funded, with an
// event and audit records for both. A proposal already funded returns its
// project again (Already), so a repeated request changes nothing.
// Invalid when a proposal is not approved, belongs to another portfolio or
// starts outside its window or in another period kind; Conflict when a
// project already has its code.
func (db *DB) FundProposals(ctx context.Context, f pmo.Funding) (out []pmo.Funded, err error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	err = db.write(ctx, func(t *tx) error {
		out = make([]pmo.Funded, 0, len(f.Items))
		if f.RunID != 0 {
			if err := t.checkRunPortfolio(f.RunID, f.PortfolioID); err != nil {
				return err
			}
		}
		var v pmo.Validator
		type job struct {
			p     *pmo.Proposal
			start pmo.Period
		}
		var jobs []job
		for i, it := range f.Items {
			field := fmt.Sprintf("items[%d]", i)
			p, err := t.findProposal(it.ProposalID)
			if pmo.ErrorKind(err) == pmo.NotFound {
				v.Add(field+".proposal_id", "no such proposal: %d", it.ProposalID)
				continue
			}
			if err != nil {
				return err
			}
			switch {
			case p.PortfolioID != f.PortfolioID:
				v.Add(field+".proposal_id", "proposal %s belongs to another portfolio", p.Code)
			case p.State == pmo.ProposalFunded && p.ProjectID != 0:
				proj, err := t.findProjectBy("p.id = ?", p.ProjectID)
				if err != nil {
					return err
				}
				out = append(out, pmo.Funded{ProposalID: p.ID, Project: proj, Already: true})
			case p.State != pmo.ProposalApproved:
				v.Add(field+".proposal_id", "proposal %s is %s; only approved proposals can be funded", p.Code, p.State)
			default:
				checkStart(&v, field+".start", p, it.Start)
				jobs = append(jobs, job{p, it.Start})
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		for _, j := range jobs {
			proj, err := t.fundOne(j.p, j.start, f)
			if err != nil {
				return err
			}
			out = append(out, pmo.Funded{ProposalID: j.p.ID, Project: proj})
		}
		return nil
	})
	return out, err
}

// checkStart requires start to be of the case's period kind and inside
// the proposal's start window.
func checkStart(v *pmo.Validator, field string, p *pmo.Proposal, start pmo.Period) {
	switch {
	case start.Kind != p.Case.PeriodKind:
		v.Add(field, "proposal %s plans in %ss; %s is not one", p.Code, p.Case.PeriodKind, start)
	case !p.EarliestStart.IsZero() && start.Start.Before(p.EarliestStart.Start):
		v.Add(field, "proposal %s cannot start before %s", p.Code, p.EarliestStart)
	case !p.LatestStart.IsZero() && start.Start.After(p.LatestStart.Start):
		v.Add(field, "proposal %s must start by %s", p.Code, p.LatestStart)
	}
}

// checkRunPortfolio requires the run to be of a scenario of the portfolio.
func (t *tx) checkRunPortfolio(runID, portfolioID int64) error {
	var pid int64
	err := t.queryRow("SELECT s.portfolio_id FROM scenario_runs r JOIN scenarios s ON s.id = r.scenario_id WHERE r.id = ?", runID).Scan(&pid)
	if err != nil || pid != portfolioID {
		return pmo.FieldErr("run_id", "no run %d of a scenario of this portfolio", runID)
	}
	return nil
}

// fundOne creates the project of p and marks p funded.
func (t *tx) fundOne(p *pmo.Proposal, start pmo.Period, f pmo.Funding) (*pmo.Project, error) {
	finish := start.Add(p.Case.Periods() - 1).End()
	var currency string
	if err := t.queryRow("SELECT currency FROM portfolios WHERE id = ?", p.PortfolioID).Scan(&currency); err != nil {
		return nil, err
	}
	if p.Case.Currency != "" {
		currency = p.Case.Currency
	}
	proj := &pmo.Project{
		PortfolioID: p.PortfolioID, ProgramID: p.ProgramID, Code: p.Code, Name: truncate(p.Title, 200),
		Description: p.Description, Sponsor: p.Sponsor, Stage: pmo.Approved, State: pmo.Active,
		PlannedStart: start.Start, PlannedEnd: finish,
		Budget:       pmo.Money{Minor: p.Case.TotalCost(), Currency: currency},
		Tags:         slices.Sorted(slices.Values([]string{"intake", string(p.Category)})),
		CustomFields: map[string]any{},
	}
	if p.Mandatory {
		proj.Priority = 1
	}
	if err := proj.Prepare(); err != nil {
		return nil, err
	}
	var n int
	if err := t.queryRow("SELECT COUNT(*) FROM projects WHERE code = ?", proj.Code).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, pmo.Errorf(pmo.Conflict, "a project with code %s already exists; rename the proposal before funding it", proj.Code)
	}
	if err := t.insertProject(proj); err != nil {
		return nil, err
	}
	p.ProjectID = proj.ID
	comment := f.Comment
	if f.RunID != 0 {
		comment = fmt.Sprintf("funded from scenario run %d to start %s. %s", f.RunID, start, f.Comment)
	}
	if err := t.setProposalState(p, pmo.ProposalFunded, f.Actor, comment); err != nil {
		return nil, err
	}
	return proj, nil
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
