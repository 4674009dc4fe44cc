package web

import (
	"errors"
	"net/http"
	"reflect"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/planning"
)

// optimizeAPI is the feature served from this file (see featureList): the
// optimiser over a portfolio's scenarios. Running one (which stores the
// run) needs Govern on the portfolio; reading runs, the frontier,
// explanations and comparisons needs Read.
func (s *Server) optimizeAPI() feature {
	if _, ok := s.svc.(pmo.IntakeServices); !ok {
		return feature{}
	}
	get, post := http.MethodGet, http.MethodPost
	tag := "Optimiser"
	rts := []route{
		{Method: post, Pattern: "/api/v1/scenarios/{id}/runs", Handler: asBadRequest(s.runScenarioAPI), Tag: tag, Status: http.StatusCreated,
			Summary: "Run the optimiser on a scenario within its time limit and seed, and store the run", Response: "OptimizerResult"},
		{Method: get, Pattern: "/api/v1/scenario-runs/{id}", Handler: asBadRequest(s.scenarioRunAPI), Tag: tag,
			Summary: "A stored run with its selection, spend and capacity use", Response: "OptimizerResult"},
		{Method: get, Pattern: "/api/v1/scenario-runs/{id}/explanation", Handler: asBadRequest(s.explainRunAPI), Tag: tag, Params: explainParams,
			Summary: "Why a proposal is in or out of a run's selection, and what it would take to change that", Response: "Explanation"},
		{Method: get, Pattern: "/api/v1/scenarios/{id}/frontier", Handler: asBadRequest(s.frontierAPI), Tag: tag,
			Summary: "The efficient frontier: best value at 50% to 150% of the scenario's budget", Response: "Frontier"},
		{Method: get, Pattern: "/api/v1/scenarios/{id}/conflicts", Handler: asBadRequest(s.conflictsAPI), Tag: tag,
			Summary: "Whether the scenario has a feasible selection and, if not, which constraints conflict", Response: "Conflicts"},
		{Method: get, Pattern: "/api/v1/scenarios/{id}/comparison", Handler: asBadRequest(s.compareAPI), Tag: tag, Params: compareParams,
			Summary: "Compare the latest runs of two scenarios: selection, value, spend and capacity use", Response: "ScenarioComparison"},
	}
	read := rule{perm: auth.Read, target: scenarioTarget}
	rules := map[string]rule{
		"POST /api/v1/scenarios/{id}/runs":           {perm: auth.Govern, target: scenarioTarget},
		"GET /api/v1/scenario-runs/{id}":             {perm: auth.Read, target: runTarget},
		"GET /api/v1/scenario-runs/{id}/explanation": {perm: auth.Read, target: runTarget},
		"GET /api/v1/scenarios/{id}/frontier":        read,
		"GET /api/v1/scenarios/{id}/conflicts":       read,
		"GET /api/v1/scenarios/{id}/comparison":      read, // and Read on the other, checked by the handler
	}
	return feature{api: rts, rules: rules}
}

// The schemas of the optimiser API, added to those of web/schema.go.
func init() {
	for name, t := range map[string]reflect.Type{
		"OptimizerResult":    reflect.TypeFor[optimizerResult](),
		"Explanation":        reflect.TypeFor[planning.Explanation](),
		"Frontier":           reflect.TypeFor[frontierBody](),
		"Conflicts":          reflect.TypeFor[conflictsBody](),
		"ScenarioComparison": reflect.TypeFor[comparison](),
	} {
		schemaTypes[name] = t
	}
}

var (
	explainParams = []param{{Name: "proposal", Kind: intParam, Doc: "the proposal to explain (required)"}}
	compareParams = []param{{Name: "with", Kind: intParam, Doc: "the other scenario (required)"}}
)

// runTarget places a stored run in its scenario's portfolio.
func runTarget(s *Server, r *http.Request) (auth.Target, error) {
	id, err := pathInt(r)
	if err != nil {
		return auth.Target{}, err
	}
	run, err := s.intake().FindScenarioRunByID(r.Context(), id)
	if err != nil {
		return auth.Target{}, err
	}
	sc, err := s.intake().FindScenarioByID(r.Context(), run.ScenarioID)
	if err != nil {
		return auth.Target{}, err
	}
	return auth.Target{Portfolio: sc.PortfolioID}, nil
}

// optimizerResult is a run with its outcome in PMO terms.
type optimizerResult struct {
	Run     *pmo.ScenarioRun  `json:"run"`
	Outcome *planning.Outcome `json:"outcome"`
}

// runScenarioAPI serves POST /api/v1/scenarios/{id}/runs. The request
// waits for the run (at most the scenario's time limit) and ends it early
// if the client goes away.
func (s *Server) runScenarioAPI(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.pathScenario(r)
	if err != nil {
		return err
	}
	run, out, err := s.runScenario(r.Context(), sc, actorName(r, ""))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/scenario-runs/"+itoa(run.ID))
	return writeJSON(w, http.StatusCreated, optimizerResult{Run: run, Outcome: out})
}

// pathScenario loads the scenario of the path.
func (s *Server) pathScenario(r *http.Request) (*pmo.Scenario, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.intake().FindScenarioByID(r.Context(), id)
}

// pathRun loads the run of the path and its scenario.
func (s *Server) pathRun(r *http.Request) (*pmo.ScenarioRun, *pmo.Scenario, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	run, err := s.intake().FindScenarioRunByID(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	sc, err := s.intake().FindScenarioByID(r.Context(), run.ScenarioID)
	return run, sc, err
}

// scenarioRunAPI serves GET /api/v1/scenario-runs/{id}: the stored
// selection read against the scenario's current pipeline.
func (s *Server) scenarioRunAPI(w http.ResponseWriter, r *http.Request) error {
	run, sc, err := s.pathRun(r)
	if err != nil {
		return err
	}
	_, _, out, err := s.runOutcome(r.Context(), sc, run)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, optimizerResult{Run: run, Outcome: out})
}

// explainRunAPI serves GET /api/v1/scenario-runs/{id}/explanation. Pricing
// the decision solves again, within the scenario's time limit.
func (s *Server) explainRunAPI(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	pid := q.id("proposal")
	if err := q.err(); err != nil {
		return err
	}
	if pid == 0 {
		return missingParam("proposal", "the id of the proposal to explain")
	}
	run, sc, err := s.pathRun(r)
	if err != nil {
		return err
	}
	x, err := s.explain(r, sc, run, pid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

// frontierBody is the efficient frontier of a scenario.
type frontierBody struct {
	ScenarioID int64                    `json:"scenario_id"`
	Objective  pmo.Objective            `json:"objective"`
	Currency   string                   `json:"currency"`
	Points     []planning.FrontierPoint `json:"points"`
}

// frontierAPI serves GET /api/v1/scenarios/{id}/frontier.
func (s *Server) frontierAPI(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.pathScenario(r)
	if err != nil {
		return err
	}
	pts, err := s.frontier(r.Context(), sc)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, frontierBody{ScenarioID: sc.ID, Objective: sc.Objective, Currency: sc.Currency, Points: pts})
}

// conflictsBody says whether a set-up can be satisfied.
type conflictsBody struct {
	ScenarioID int64    `json:"scenario_id"`
	Feasible   bool     `json:"feasible"`
	Proven     bool     `json:"proven"` // false when the time limit ended the search first
	Conflicts  []string `json:"conflicts"`
	Notes      []string `json:"notes"`
}

// conflictsAPI serves GET /api/v1/scenarios/{id}/conflicts: it solves the
// scenario (without storing a run) and reports the constraints that
// conflict when nothing is feasible, e.g. mandatory proposals exceeding
// the budget in a period.
func (s *Server) conflictsAPI(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.pathScenario(r)
	if err != nil {
		return err
	}
	pl, err := s.plan(r.Context(), sc)
	if err != nil {
		return err
	}
	ctx, cancel := withTimeLimit(r.Context(), sc)
	defer cancel()
	_, out, err := pl.Solve(ctx, solveOptions(sc))
	if err != nil {
		return err
	}
	body := conflictsBody{ScenarioID: sc.ID, Feasible: !out.Infeasible && out.Status != "no solution",
		Proven: out.Proven || out.Status == "feasible", Conflicts: out.Conflicts, Notes: []string{}}
	if body.Conflicts == nil {
		body.Conflicts = []string{}
	}
	for _, n := range out.Notes {
		body.Notes = append(body.Notes, n.Code+": "+n.Message)
	}
	return writeJSON(w, http.StatusOK, body)
}

// compareAPI serves GET /api/v1/scenarios/{id}/comparison?with=.
func (s *Server) compareAPI(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	other := q.id("with")
	if err := q.err(); err != nil {
		return err
	}
	a, err := s.pathScenario(r)
	if err != nil {
		return err
	}
	c, err := s.compareScenarios(r, a, other)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// missingParam is the 400 problem of a required query parameter left out.
func missingParam(name, what string) error {
	p := badRequest("missing query parameter")
	p.Errors = append(p.Errors, fieldError(name, "is required: %s", what))
	return p
}

// asBadRequest answers the domain's Invalid errors of h with 400: the
// optimiser routes take no body, so what is invalid is a parameter or the
// scenario's set-up against the pipeline (named by field, e.g.
// proposals.CRM-1.business_case.demand[0].role).
func asBadRequest(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		if err != nil && pmo.ErrorKind(err) == pmo.Invalid {
			var p *problem
			if !errors.As(err, &p) {
				return badRequest(pmo.ErrorMessage(err), pmo.ErrorFields(err)...)
			}
		}
		return err
	}
}
