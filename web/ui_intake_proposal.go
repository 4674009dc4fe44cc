package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/planning"
)

// proposalPageData is the data of proposal.html.
type proposalPageData struct {
	basePage
	P         *pmo.Proposal
	Portfolio *pmo.Portfolio
	NPV       string
	Rate      string // the discount rate, e.g. "8%"
	Cost      string
	Benefits  string
	Case      []caseRow // one row per period after the start
	Demand    []demandRow
	Links     []linkRow
	Project   *pmo.Project // what it became once funded
	Next      []proposalMove
	Model     *pmo.ScoringModel
	Reviews   []reviewRow  // each reviewer's scores
	Spread    []spreadRow  // per criterion across reviewers
	Total     string       // normalised weighted total, 0-100
	MyScores  []scoreInput // the signed-in decider's sheet
	CanEdit   bool         // may open the form
	CanScore  bool         // may save a score sheet
	Errors    map[string]string
	General   []string
	Comment   string
}

// proposalMove is a workflow button.
type proposalMove struct {
	To     pmo.ProposalState
	Label  string
	Danger bool
}

var proposalMoveLabels = map[pmo.ProposalState]string{
	pmo.ProposalSubmitted: "Submit", pmo.ProposalUnderReview: "Take under review", pmo.ProposalApproved: "Approve",
	pmo.ProposalRejected: "Reject", pmo.ProposalWithdrawn: "Withdraw", pmo.ProposalDraft: "Return to draft",
}

// caseRow is one period of the business case, in whole units.
type caseRow struct {
	Offset                          int
	Capex, Opex, Benefits, CashFlow string
}

// demandRow is one role's FTE per period.
type demandRow struct {
	Role string
	FTE  string
}

// linkRow is a dependency or alternative with its link.
type linkRow struct {
	Kind, Label, Href string
}

// reviewRow is one reviewer's scores in the model's criterion order.
type reviewRow struct {
	Reviewer string
	Values   []string
}

// spreadRow is the reviewers' spread on one criterion.
type spreadRow struct {
	Name                        string
	N                           int
	Mean, Min, Max, StdDev, Pts string
	Wide                        bool // reviewers disagree by more than a third of the scale
}

// scoreInput is one criterion of the score form.
type scoreInput struct {
	Key, Name, Help, Value, Error string
	Min, Max                      float64
}

func whole(minor int64) string { return formatAmount(minor) }

// loadProposalPage gathers everything the proposal page shows.
func (s *Server) loadProposalPage(r *http.Request) (*proposalPageData, error) {
	ctx := r.Context()
	p, pf, err := s.pathProposal(r)
	if err != nil {
		return nil, err
	}
	t := auth.Target{Portfolio: p.PortfolioID, Program: p.ProgramID}
	d := &proposalPageData{basePage: s.base(r, p.Code+" "+p.Title, "intake"), P: p, Portfolio: pf, Errors: map[string]string{},
		NPV: formatMoney(pmo.Money{Minor: p.NPV, Currency: p.Case.Currency}), Cost: formatMoney(pmo.Money{Minor: p.Case.TotalCost(), Currency: p.Case.Currency}),
		Benefits: formatMoney(pmo.Money{Minor: p.Case.TotalBenefits(), Currency: p.Case.Currency}),
		Rate:     strconv.FormatFloat(p.Case.DiscountRate*100, 'f', -1, 64) + "%",
		CanEdit:  p.State.Editable() && (may(r, auth.Govern, t) || s.isOwnProposal(r) && p.State == pmo.ProposalDraft),
		CanScore: may(r, auth.Decide, t) && p.State.Editable() && p.State != pmo.ProposalDraft}
	c := &p.Case
	cf := c.CashFlow()
	at := func(xs []int64, k int) int64 {
		if k < len(xs) {
			return xs[k]
		}
		return 0
	}
	for k := range cf {
		d.Case = append(d.Case, caseRow{Offset: k, Capex: whole(at(c.Capex, k)), Opex: whole(at(c.Opex, k)), Benefits: whole(at(c.Benefits, k)), CashFlow: whole(cf[k])})
	}
	for _, dm := range c.Demand {
		var xs []string
		for _, x := range dm.FTE {
			xs = append(xs, strconv.FormatFloat(x, 'f', -1, 64))
		}
		d.Demand = append(d.Demand, demandRow{Role: dm.Role, FTE: strings.Join(xs, " · ")})
	}
	for _, dep := range p.Dependencies {
		if dep.ProjectID > 0 {
			if x, err := s.svc.FindProjectByID(ctx, dep.ProjectID); err == nil {
				d.Links = append(d.Links, linkRow{"needs project", x.Code + " " + x.Name, "/projects/" + itoa(x.ID)})
			}
			continue
		}
		kind := "needs"
		if dep.FinishFirst {
			kind = "starts after"
		}
		if x, err := s.intake().FindProposalByID(ctx, dep.ProposalID); err == nil {
			d.Links = append(d.Links, linkRow{kind, x.Code + " " + x.Title, "/proposals/" + itoa(x.ID)})
		}
	}
	for _, id := range p.Excludes {
		if x, err := s.intake().FindProposalByID(ctx, id); err == nil {
			d.Links = append(d.Links, linkRow{"alternative to", x.Code + " " + x.Title, "/proposals/" + itoa(x.ID)})
		}
	}
	if p.ProjectID > 0 {
		if prj, err := s.svc.FindProjectByID(ctx, p.ProjectID); err == nil {
			d.Project = prj
		}
	}
	own := s.isOwnProposal(r)
	for _, to := range pmo.NextProposalStates(p.State) {
		need := auth.Govern
		switch {
		case to == pmo.ProposalApproved || to == pmo.ProposalRejected:
			need = auth.Decide
		case (to == pmo.ProposalSubmitted || to == pmo.ProposalWithdrawn) && own:
			need = auth.Request
		}
		if may(r, need, t) {
			d.Next = append(d.Next, proposalMove{To: to, Label: proposalMoveLabels[to], Danger: to == pmo.ProposalRejected || to == pmo.ProposalWithdrawn})
		}
	}
	return d, s.loadReviews(r, d)
}

// loadReviews fills the scores: each reviewer's sheet, the spread per
// criterion and the weighted total, and the signed-in decider's form.
func (s *Server) loadReviews(r *http.Request, d *proposalPageData) error {
	ctx := r.Context()
	m, err := s.intake().FindScoringModelByPortfolio(ctx, d.P.PortfolioID)
	if pmo.ErrorKind(err) == pmo.NotFound {
		d.CanScore = false
		return nil
	}
	if err != nil {
		return err
	}
	d.Model = m
	scores, err := s.intake().FindScores(ctx, pmo.ScoreFilter{ProposalID: d.P.ID})
	if err != nil {
		return err
	}
	me := actorName(r, "")
	mine := map[string]string{}
	byReviewer := map[string]map[string]float64{}
	var order []string
	for _, sc := range scores {
		if byReviewer[sc.Reviewer] == nil {
			byReviewer[sc.Reviewer] = map[string]float64{}
			order = append(order, sc.Reviewer)
		}
		byReviewer[sc.Reviewer][sc.Criterion] = sc.Value
		if sc.Reviewer == me {
			mine[sc.Criterion] = strconv.FormatFloat(sc.Value, 'f', -1, 64)
		}
	}
	for _, rv := range order {
		row := reviewRow{Reviewer: rv}
		for _, c := range m.Criteria {
			v, ok := byReviewer[rv][c.Key]
			cell := "—"
			if ok {
				cell = strconv.FormatFloat(v, 'f', -1, 64)
			}
			row.Values = append(row.Values, cell)
		}
		d.Reviews = append(d.Reviews, row)
	}
	for _, c := range m.Criteria {
		d.MyScores = append(d.MyScores, scoreInput{Key: c.Key, Name: c.Name, Min: c.Min, Max: c.Max, Value: mine[c.Key],
			Help: fmt.Sprintf("%g to %g%s", c.Min, c.Max, map[bool]string{true: ", higher is worse", false: ""}[c.Direction == pmo.DirectionCost])})
	}
	res, err := planning.Rank(m, []*pmo.Proposal{d.P}, scores)
	if err != nil || len(res) == 0 || res[0].Reviewers == 0 {
		return nil // unscored or unrankable: the table shows the raw sheets
	}
	d.Total = fmt.Sprintf("%.1f", res[0].Total)
	for _, cs := range res[0].Criteria {
		c := m.Criterion(cs.ID)
		if c == nil {
			continue
		}
		sp := cs.Spread
		f := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
		d.Spread = append(d.Spread, spreadRow{Name: c.Name, N: sp.N, Mean: f(sp.Mean), Min: f(sp.Min), Max: f(sp.Max), StdDev: f(sp.StdDev),
			Pts: fmt.Sprintf("%.1f", cs.Points), Wide: sp.N > 1 && sp.Max-sp.Min > (c.Max-c.Min)/3})
	}
	return nil
}

// proposalPage serves /proposals/{id}.
func (s *Server) proposalPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadProposalPage(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "proposal.html", d)
}

// transitionProposalPage moves a proposal along the workflow (PRG).
func (s *Server) transitionProposalPage(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	d, err := s.loadProposalPage(r)
	if err != nil {
		return err
	}
	version, verr := strconv.Atoi(vals["version"])
	if verr != nil || version < 1 {
		return badRequest("the form lacks the version it moves; reload the page", fieldError("version", "is required"))
	}
	t := pmo.ProposalTransition{To: pmo.ProposalState(vals["to"]), Actor: actorName(r, ""), Comment: vals["comment"]}
	if _, err = s.intake().TransitionProposal(r.Context(), d.P.ID, version, t); err == nil {
		return redirect(w, r, "/proposals/"+itoa(d.P.ID)+"?saved=proposal-move")
	}
	d.Comment = t.Comment
	status := http.StatusUnprocessableEntity
	switch pmo.ErrorKind(err) {
	case pmo.Invalid:
		d.General = fieldErrors(err, map[string]bool{"comment": true}, nil, d.Errors)
	case pmo.Stale, pmo.Conflict:
		status = http.StatusConflict
		d.General = []string{"Someone else changed this proposal meanwhile; the page shows it as it is now. " + pmo.ErrorMessage(err)}
	default:
		return err
	}
	return s.render(w, status, "proposal.html", d)
}

// scoreProposalPage saves the signed-in reviewer's score sheet (PRG).
func (s *Server) scoreProposalPage(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	d, err := s.loadProposalPage(r)
	if err != nil {
		return err
	}
	if d.Model == nil {
		return pmo.Errorf(pmo.Conflict, "the portfolio has no scoring model yet; the portfolio office sets one on the scoring page")
	}
	sheet := &pmo.ScoreSheet{ProposalID: d.P.ID, Reviewer: actorName(r, "")}
	if pr := principalFrom(r.Context()); pr != nil {
		sheet.ReviewerID = pr.user.ID
	}
	for i, c := range d.Model.Criteria {
		raw := strings.TrimSpace(vals["score_"+c.Key])
		d.MyScores[i].Value = raw
		if raw == "" {
			continue
		}
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			d.MyScores[i].Error = "must be a number"
			continue
		}
		sheet.Scores = append(sheet.Scores, pmo.Score{Criterion: c.Key, Value: v, Comment: vals["score_comment"]})
	}
	bad := false
	for _, in := range d.MyScores {
		bad = bad || in.Error != ""
	}
	if !bad {
		err = s.intake().SaveScoreSheet(r.Context(), sheet)
		if err == nil {
			return redirect(w, r, "/proposals/"+itoa(d.P.ID)+"?saved=scores#scores")
		}
		if pmo.ErrorKind(err) != pmo.Invalid && pmo.ErrorKind(err) != pmo.Conflict {
			return err
		}
		for _, fe := range pmo.ErrorFields(err) {
			var k int
			if _, scanErr := fmt.Sscanf(fe.Field, "scores[%d]", &k); scanErr == nil && k < len(sheet.Scores) {
				for i := range d.MyScores {
					if d.MyScores[i].Key == sheet.Scores[k].Criterion {
						d.MyScores[i].Error = fe.Detail
					}
				}
				continue
			}
			d.General = append(d.General, fe.Field+" "+fe.Detail)
		}
		if len(pmo.ErrorFields(err)) == 0 {
			d.General = append(d.General, pmo.ErrorMessage(err))
		}
	}
	return s.render(w, http.StatusUnprocessableEntity, "proposal.html", d)
}
