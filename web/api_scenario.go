package web

import (
	"net/http"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// scenarios is the resource of /api/v1/scenarios: optimiser set-ups. Runs
// are recorded by the optimiser's endpoints, not written here.
func (s *Server) scenarios() resource[pmo.Scenario] {
	in := s.intake()
	return resource[pmo.Scenario]{
		name: "scenario", path: "/api/v1/scenarios",
		readOnly: append([]string{"last_run"}, baseReadOnly...),
		keys:     func(x *pmo.Scenario) (*int64, *int) { return &x.ID, &x.Version },
		find:     in.FindScenarioByID,
		create:   in.CreateScenario,
		update:   in.UpdateScenario,
		remove:   in.DeleteScenario,
	}
}

func scenarioTarget(s *Server, r *http.Request) (auth.Target, error) {
	id, err := pathInt(r)
	if err != nil {
		return auth.Target{}, err
	}
	x, err := s.intake().FindScenarioByID(r.Context(), id)
	if err != nil {
		return auth.Target{}, err
	}
	return auth.Target{Portfolio: x.PortfolioID}, nil
}

var scenarioSorts = []string{"name", "created_at", "updated_at"}

var scenarioParams = append([]param{
	{Name: "portfolio_id", Kind: intParam, Doc: "only scenarios of this portfolio"},
	{Name: "q", Kind: stringParam, Doc: "free text on the name"},
}, listParams(scenarioSorts...)...)

// listScenarios serves GET /api/v1/scenarios.
func (s *Server) listScenarios(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := pmo.ScenarioFilter{PortfolioID: q.id("portfolio_id"), Query: q.str("q"), ListOptions: q.list(scenarioSorts)}
	if err := q.err(); err != nil {
		return err
	}
	items, page, err := s.intake().FindScenarios(r.Context(), f)
	if err != nil {
		return listError(err)
	}
	return writeList(w, items, page)
}

// scenarioRuns serves GET /api/v1/scenarios/{id}/runs.
func (s *Server) scenarioRuns(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.intake().FindScenarioByID(r.Context(), id); err != nil {
		return err
	}
	runs, err := s.intake().FindScenarioRuns(r.Context(), id, 0)
	if err != nil {
		return err
	}
	return writeList(w, runs, pmo.Page{Total: len(runs)})
}

// fundingBody asks to fund approved proposals of the portfolio in the
// path, each from its start period, optionally naming the scenario run
// whose selection the portfolio office accepts.
type fundingBody struct {
	RunID   int64           `json:"run_id"`
	Items   []pmo.Selection `json:"items"`
	Comment string          `json:"comment"`
}

// fundedBody is the outcome: one project per proposal.
type fundedBody struct {
	Funded []pmo.Funded `json:"funded"`
}

// fundProposals serves POST /api/v1/portfolios/{id}/funding. It is
// idempotent: proposals already funded return their projects (already).
func (s *Server) fundProposals(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var body fundingBody
	if err := decodeJSON(r, &body, nil); err != nil {
		return err
	}
	if _, err := s.svc.FindPortfolioByID(r.Context(), id); err != nil {
		return err
	}
	out, err := s.intake().FundProposals(r.Context(), pmo.Funding{PortfolioID: id, RunID: body.RunID,
		Items: body.Items, Actor: actorName(r, ""), Comment: body.Comment})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, fundedBody{Funded: out})
}
