package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/planning"
)

// projectProposal returns the proposal project id was funded from, or nil
// (also when the server keeps no intake records).
func (s *Server) projectProposal(ctx context.Context, id int64) (*pmo.Proposal, error) {
	in, ok := s.svc.(pmo.IntakeServices)
	if !ok {
		return nil, nil
	}
	ps, _, err := in.FindProposals(ctx, pmo.ProposalFilter{ProjectID: id, ListOptions: pmo.ListOptions{Limit: 1, SkipTotal: true}})
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return ps[0], nil
}

// explainPageData is the data of explain.html.
type explainPageData struct {
	basePage
	Scenario *pmo.Scenario
	Run      *pmo.ScenarioRun
	Proposal *pmo.Proposal
	X        *planning.Explanation
	AltValue string
	Added    []string // what forcing the decision brings in
	Dropped  []string // and what it pushes out
}

// explainPage serves /scenario-runs/{id}/explain?proposal=: why a
// proposal is in or out, the binding periods and roles, and the price of
// the opposite decision.
func (s *Server) explainPage(w http.ResponseWriter, r *http.Request) error {
	run, sc, err := s.pathRun(r)
	if err != nil {
		return err
	}
	pid, perr := strconv.ParseInt(r.URL.Query().Get("proposal"), 10, 64)
	if perr != nil || pid <= 0 {
		return badRequest("which proposal?", fieldError("proposal", "is required: the id of a proposal"))
	}
	x, err := s.explain(r, sc, run, pid)
	if err != nil {
		return err
	}
	p, err := s.intake().FindProposalByID(r.Context(), pid)
	if err != nil {
		return err
	}
	d := &explainPageData{basePage: s.base(r, "Why "+p.Code+"?", "intake"), Scenario: sc, Run: run, Proposal: p, X: x}
	if alt := x.Alternative; alt != nil && !alt.Infeasible {
		d.AltValue = formatValue(sc, alt.Value)
		in := map[string]bool{}
		for _, sel := range run.Selected {
			in[sel.Code] = true
		}
		for _, ch := range alt.Selected {
			if !in[ch.Code] && ch.Code != p.Code {
				d.Added = append(d.Added, ch.Code+" "+ch.Title)
			}
			delete(in, ch.Code)
		}
		for _, sel := range run.Selected {
			if in[sel.Code] {
				d.Dropped = append(d.Dropped, sel.Code)
			}
		}
	}
	return s.render(w, http.StatusOK, "explain.html", d)
}

// comparePageData is the data of compare.html.
type comparePageData struct {
	basePage
	Scenario *pmo.Scenario
	C        *comparison
	Change   string
	Spend    []compareSpendRow
}

// compareSpendRow is one period of spend on both sides, formatted.
type compareSpendRow struct {
	Period                               string
	Left, LeftBudget, Right, RightBudget string
	Diff                                 string
}

// comparePage serves /scenarios/{id}/compare?with=: the latest runs of two
// scenarios side by side.
func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.pathScenario(r)
	if err != nil {
		return err
	}
	other, perr := strconv.ParseInt(r.URL.Query().Get("with"), 10, 64)
	if perr != nil {
		other = 0
	}
	c, err := s.compareScenarios(r, sc, other)
	if err != nil {
		return err
	}
	d := &comparePageData{basePage: s.base(r, "Compare "+c.Left.Name+" and "+c.Right.Name, "intake"), Scenario: sc, C: c,
		Change: fmt.Sprintf("%+.1f", c.ValueChange)}
	if sc.Objective == pmo.ObjectiveNPV {
		sign := "+"
		if c.ValueChange < 0 {
			sign = ""
		}
		d.Change = sign + formatMoney(pmo.Money{Minor: int64(c.ValueChange), Currency: sc.Currency})
	}
	m := func(x int64) string { return formatAmount(x) }
	b := func(x *int64) string {
		if x == nil {
			return "—"
		}
		return formatAmount(*x)
	}
	for _, sp := range c.Spend {
		d.Spend = append(d.Spend, compareSpendRow{Period: sp.Period.String(), Left: m(sp.Left), LeftBudget: b(sp.LeftBudget),
			Right: m(sp.Right), RightBudget: b(sp.RightBudget), Diff: m(sp.Right - sp.Left)})
	}
	return s.render(w, http.StatusOK, "compare.html", d)
}

// approveSelectionPage approves the run's selected proposals that are
// still in review: submitted ones are first taken under review (which the
// portfolio office may do), then approved with a comment naming the run.
func (s *Server) approveSelectionPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := readForm(r); err != nil {
		return err
	}
	run, sc, err := s.pathRun(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	actor := actorName(r, "")
	note := fmt.Sprintf("Selected by the optimiser in run %d of scenario %q.", run.ID, sc.Name)
	govern := may(r, auth.Govern, auth.Target{Portfolio: sc.PortfolioID})
	for _, sel := range run.Selected {
		p, err := s.intake().FindProposalByID(ctx, sel.ProposalID)
		if err != nil {
			return err
		}
		steps := []pmo.ProposalState{}
		switch {
		case p.State == pmo.ProposalSubmitted && govern:
			steps = []pmo.ProposalState{pmo.ProposalUnderReview, pmo.ProposalApproved}
		case p.State == pmo.ProposalUnderReview:
			steps = []pmo.ProposalState{pmo.ProposalApproved}
		}
		for _, to := range steps {
			if p, err = s.intake().TransitionProposal(ctx, p.ID, p.Version, pmo.ProposalTransition{To: to, Actor: actor, Comment: note}); err != nil {
				return err
			}
		}
	}
	return redirect(w, r, "/scenarios/"+itoa(sc.ID)+"?saved=approved")
}

// fundSelectionPage turns the run's approved selected proposals into
// projects in the approved stage, each from its chosen start, in one
// transaction (FundProposals; idempotent).
func (s *Server) fundSelectionPage(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	run, sc, err := s.pathRun(r)
	if err != nil {
		return err
	}
	f := pmo.Funding{PortfolioID: sc.PortfolioID, RunID: run.ID, Actor: actorName(r, ""), Comment: vals["comment"]}
	for _, sel := range run.Selected {
		p, err := s.intake().FindProposalByID(r.Context(), sel.ProposalID)
		if err != nil {
			return err
		}
		if p.State == pmo.ProposalApproved || p.State == pmo.ProposalFunded {
			f.Items = append(f.Items, sel)
		}
	}
	if len(f.Items) == 0 {
		return pmo.Errorf(pmo.Conflict, "no proposal of this selection is approved yet: approve the selection first")
	}
	if _, err := s.intake().FundProposals(r.Context(), f); err != nil {
		return err
	}
	return redirect(w, r, "/scenarios/"+itoa(sc.ID)+"?saved=funded")
}
