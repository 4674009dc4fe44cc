package web

import (
	"net/http"
	"slices"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// intakePages is the feature served from this file (see featureList): the
// intake pipeline in the browser, from a requester's proposal to a funded,
// explained, optimal portfolio. Requesters raise proposals; deciders score
// and approve them; the portfolio office (Govern) sets the scoring model
// and scenarios, runs the optimiser and funds the selection.
func (s *Server) intakePages() feature {
	if _, ok := s.svc.(pmo.IntakeServices); !ok {
		return feature{}
	}
	get, post := http.MethodGet, http.MethodPost
	rts := []route{
		{Method: get, Pattern: "/intake", Handler: s.intakeHome, Summary: "Portfolios with their intake pipelines"},
		{Method: get, Pattern: "/portfolios/{id}/intake", Handler: s.intakeList, Summary: "A portfolio's proposals with states and filters"},
		{Method: get, Pattern: "/portfolios/{id}/proposals/new", Handler: s.newProposalPage, Summary: "The intake form"},
		{Method: post, Pattern: "/portfolios/{id}/proposals", Handler: s.createProposalPage, Summary: "Raise a proposal"},
		{Method: get, Pattern: "/proposals/{id}", Handler: s.proposalPage, Summary: "A proposal with its business case, scores and workflow"},
		{Method: get, Pattern: "/proposals/{id}/edit", Handler: s.editProposalPage, Summary: "Edit a proposal"},
		{Method: post, Pattern: "/proposals/{id}", Handler: s.updateProposalPage, Summary: "Save a proposal"},
		{Method: post, Pattern: "/proposals/{id}/transitions", Handler: s.transitionProposalPage, Summary: "Move a proposal along the workflow"},
		{Method: post, Pattern: "/proposals/{id}/scores", Handler: s.scoreProposalPage, Summary: "Save the signed-in reviewer's scores"},
		{Method: get, Pattern: "/portfolios/{id}/scoring", Handler: s.scoringPage, Summary: "The scoring model: criteria, weights and AHP"},
		{Method: post, Pattern: "/portfolios/{id}/scoring", Handler: s.saveScoringPage, Summary: "Save the scoring model"},
		{Method: get, Pattern: "/portfolios/{id}/ranking", Handler: s.rankingPage, Summary: "Proposals ranked by weighted score"},
		{Method: get, Pattern: "/portfolios/{id}/scenarios", Handler: s.scenariosPage, Summary: "A portfolio's optimiser scenarios"},
		{Method: get, Pattern: "/portfolios/{id}/scenarios/new", Handler: s.newScenarioPage, Summary: "Create a scenario"},
		{Method: post, Pattern: "/portfolios/{id}/scenarios", Handler: s.createScenarioPage, Summary: "Save a new scenario"},
		{Method: get, Pattern: "/scenarios/{id}", Handler: s.optimizerPage, Summary: "A scenario's optimiser: run, selection, frontier"},
		{Method: get, Pattern: "/scenarios/{id}/edit", Handler: s.editScenarioPage, Summary: "Edit a scenario"},
		{Method: post, Pattern: "/scenarios/{id}", Handler: s.updateScenarioPage, Summary: "Save a scenario"},
		{Method: post, Pattern: "/scenarios/{id}/runs", Handler: s.runScenarioPage, Summary: "Run the optimiser"},
		{Method: get, Pattern: "/scenarios/{id}/frontier", Handler: s.frontierPage, Summary: "The efficient frontier"},
		{Method: get, Pattern: "/scenarios/{id}/compare", Handler: s.comparePage, Summary: "Two scenarios side by side"},
		{Method: get, Pattern: "/scenario-runs/{id}/explain", Handler: s.explainPage, Summary: "Why a proposal is in or out"},
		{Method: post, Pattern: "/scenario-runs/{id}/approve", Handler: s.approveSelectionPage, Summary: "Approve a run's selection"},
		{Method: post, Pattern: "/scenario-runs/{id}/funding", Handler: s.fundSelectionPage, Summary: "Fund a run's selection"},
	}
	read := func(t targetFunc) rule { return rule{perm: auth.Read, target: t} }
	govern := func(t targetFunc) rule { return rule{perm: auth.Govern, target: t} }
	rules := map[string]rule{
		"GET /intake":                        {signedIn: true}, // narrowed to the portfolios the user reaches
		"GET /portfolios/{id}/intake":        {permOf: s.readOrRequest, target: portfolioTarget},
		"GET /portfolios/{id}/proposals/new": {perm: auth.Request, target: portfolioTarget},
		"POST /portfolios/{id}/proposals":    {perm: auth.Request, target: portfolioTarget},
		"GET /proposals/{id}":                {permOf: s.ownOr(auth.Read), target: proposalTarget},
		"GET /proposals/{id}/edit":           {permOf: s.ownOr(auth.Govern), target: proposalTarget},
		"POST /proposals/{id}":               {permOf: s.ownOr(auth.Govern), target: proposalTarget},
		"POST /proposals/{id}/transitions":   {permOf: s.proposalTransitionPerm, target: proposalTarget},
		"POST /proposals/{id}/scores":        {perm: auth.Decide, target: proposalTarget},
		"GET /portfolios/{id}/scoring":       read(portfolioTarget),
		"POST /portfolios/{id}/scoring":      govern(portfolioTarget),
		"GET /portfolios/{id}/ranking":       read(portfolioTarget),
		"GET /portfolios/{id}/scenarios":     read(portfolioTarget),
		"GET /portfolios/{id}/scenarios/new": govern(portfolioTarget),
		"POST /portfolios/{id}/scenarios":    govern(portfolioTarget),
		"GET /scenarios/{id}":                read(scenarioTarget),
		"GET /scenarios/{id}/edit":           govern(scenarioTarget),
		"POST /scenarios/{id}":               govern(scenarioTarget),
		"POST /scenarios/{id}/runs":          govern(scenarioTarget),
		"GET /scenarios/{id}/frontier":       read(scenarioTarget),
		"GET /scenarios/{id}/compare":        read(scenarioTarget), // and Read on the other, checked by the handler
		"GET /scenario-runs/{id}/explain":    read(runTarget),
		"POST /scenario-runs/{id}/approve":   {perm: auth.Decide, target: runTarget},
		"POST /scenario-runs/{id}/funding":   govern(runTarget),
	}
	return feature{pages: rts, rules: rules}
}

func init() {
	flashes["proposal"] = "Proposal saved."
	flashes["proposal-move"] = "Proposal moved along the workflow."
	flashes["scores"] = "Your scores are saved."
	flashes["scoring"] = "Scoring model saved."
	flashes["scenario"] = "Scenario saved."
	flashes["run"] = "Optimiser run stored."
	flashes["approved"] = "The selection is approved."
	flashes["funded"] = "The selection is funded: its projects are in the approved stage."
}

// readOrRequest lets requesters into a portfolio's intake list (they see
// their own proposals only); everyone else needs Read.
func (s *Server) readOrRequest(r *http.Request) auth.Permission {
	id, err := pathInt(r)
	if err == nil && !may(r, auth.Read, auth.Target{Portfolio: id}) && may(r, auth.Request, auth.Target{Portfolio: id}) {
		return auth.Request
	}
	return auth.Read
}

// intakeHomePage is the data of intake_home.html.
type intakeHomePage struct {
	basePage
	Portfolios []*pmo.Portfolio
}

// intakeHome serves /intake: the portfolios whose pipelines the user may
// see or add to.
func (s *Server) intakeHome(w http.ResponseWriter, r *http.Request) error {
	ps, _, err := s.svc.FindPortfolios(r.Context(), pmo.PortfolioFilter{ListOptions: pmo.ListOptions{Sort: "name", Limit: pmo.MaxLimit, SkipTotal: true}})
	if err != nil {
		return err
	}
	d := &intakeHomePage{basePage: s.base(r, "Intake", "intake")}
	for _, p := range ps {
		t := auth.Target{Portfolio: p.ID}
		if may(r, auth.Read, t) || may(r, auth.Request, t) {
			d.Portfolios = append(d.Portfolios, p)
		}
	}
	return s.render(w, http.StatusOK, "intake_home.html", d)
}

// intakeListPage is the data of intake.html.
type intakeListPage struct {
	basePage
	Portfolio  *pmo.Portfolio
	Proposals  []*pmo.Proposal
	Total      int
	States     []stateFilter
	Categories []option
	Category   string
	Query      string
	Mandatory  bool
	OwnOnly    bool // a requester sees their own proposals only
	CanRequest bool
	CanGovern  bool
}

// stateFilter is one state's checkbox in the list's filters.
type stateFilter struct {
	State   pmo.ProposalState
	Checked bool
}

// intakeList serves /portfolios/{id}/intake: the pipeline, filtered by
// state, category, mandatory and text.
func (s *Server) intakeList(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.pathPortfolio(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	t := auth.Target{Portfolio: pf.ID}
	d := &intakeListPage{basePage: s.base(r, "Intake · "+pf.Name, "intake"), Portfolio: pf,
		Category: q.Get("category"), Query: q.Get("q"), Mandatory: q.Get("mandatory") == "on",
		CanRequest: may(r, auth.Request, t), CanGovern: may(r, auth.Govern, t), OwnOnly: !may(r, auth.Read, t)}
	f := pmo.ProposalFilter{PortfolioID: pf.ID, Query: d.Query, ListOptions: pmo.ListOptions{Sort: "code", Limit: pmo.MaxLimit}}
	for _, st := range pmo.ProposalStates {
		on := slices.Contains(q["state"], string(st))
		d.States = append(d.States, stateFilter{State: st, Checked: on})
		if on {
			f.States = append(f.States, st)
		}
	}
	d.Categories = []option{{Value: "", Label: "Any category"}}
	for _, c := range pmo.Categories {
		d.Categories = append(d.Categories, option{Value: string(c), Label: label(string(c))})
		if d.Category == string(c) {
			f.Categories = []pmo.Category{c}
		}
	}
	if d.Mandatory {
		yes := true
		f.Mandatory = &yes
	}
	if d.OwnOnly {
		if p := principalFrom(r.Context()); p != nil {
			f.RequesterID = p.user.ID
		}
	}
	ps, page, err := s.intake().FindProposals(r.Context(), f)
	if err != nil {
		return err
	}
	d.Proposals, d.Total = ps, page.Total
	return s.render(w, http.StatusOK, "intake.html", d)
}

// pathPortfolio loads the portfolio of the path.
func (s *Server) pathPortfolio(r *http.Request) (*pmo.Portfolio, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.FindPortfolioByID(r.Context(), id)
}
