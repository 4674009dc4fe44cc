package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// optimizerResult mirrors the run endpoints' response.
type optimizerResult struct {
	Run struct {
		ID         int64   `json:"id"`
		Value      float64 `json:"value"`
		Bound      float64 `json:"bound"`
		Gap        float64 `json:"gap"`
		Proven     bool    `json:"proven"`
		Infeasible bool    `json:"infeasible"`
		Message    string  `json:"message"`
		Selected   []struct {
			Code  string `json:"code"`
			Start string `json:"start"`
		} `json:"selected"`
	} `json:"run"`
	Outcome struct {
		Status   string   `json:"status"`
		Rejected []string `json:"rejected"`
		Spend    []struct {
			Committed, Selected int64
			Budget              *int64
		} `json:"spend"`
		Capacity []struct {
			Role               string
			Selected, Capacity []float64
		} `json:"capacity"`
		Conflicts []string `json:"conflicts"`
	} `json:"outcome"`
}

func (o optimizerResult) codes() []string {
	var out []string
	for _, s := range o.Run.Selected {
		out = append(out, s.Code)
	}
	slices.Sort(out)
	return out
}

// bestByBruteForce tries every subset of the pipeline (all starting in
// the first quarter, as the scenario is not timed) and returns the best
// total NPV within budget and capacity, with the mandatory proposal in,
// dependencies met and alternatives apart.
func bestByBruteForce(pl pipeline, budget []int64, fte []float64) (float64, []string) {
	var ps []*pmo.Proposal
	for _, p := range pl.proposals {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b *pmo.Proposal) int { return strings.Compare(a.Code, b.Code) })
	best, bestSet := -1.0, []string(nil)
	for mask := 0; mask < 1<<len(ps); mask++ {
		in := map[int64]bool{}
		for i, p := range ps {
			in[p.ID] = mask&(1<<i) != 0
		}
		spend := make([]int64, len(budget))
		use := make([]float64, len(fte))
		ok, value := true, 0.0
		var set []string
		for _, p := range ps {
			if !in[p.ID] {
				ok = ok && !p.Mandatory
				continue
			}
			set = append(set, p.Code)
			value += max(0, float64(p.NPV))
			for t, c := range p.Case.Cost() {
				if t < len(spend) {
					spend[t] += c
				}
			}
			for t, f := range p.Case.DemandOf("Developer") {
				if t < len(use) {
					use[t] += f
				}
			}
			for _, d := range p.Dependencies {
				ok = ok && in[d.ProposalID]
			}
			for _, x := range p.Excludes {
				ok = ok && !in[x]
			}
		}
		for t := range budget {
			ok = ok && spend[t] <= budget[t] && use[t] <= fte[t]+1e-9
		}
		if ok && value > best {
			best, bestSet = value, set
		}
	}
	return best, bestSet
}

func TestOptimizerAPI(t *testing.T) {
	e := mustEnv(t)
	pl := mustPipeline(t, e.db, e.ids.portfolio)
	tok := e.token
	sc := pl.scenario

	// Run: the proven optimum equals the brute-force best.
	res := optCall(t, e, tok, http.MethodPost, fmt.Sprintf("/api/v1/scenarios/%d/runs", sc.ID), "", http.StatusCreated)
	var run optimizerResult
	decode(t, res, &run)
	best, bestSet := bestByBruteForce(pl, sc.Budget, sc.Capacity[0].FTE)
	if !run.Run.Proven || run.Outcome.Status != "optimal" || run.Run.Gap != 0 {
		t.Fatalf("run not proven optimal: %s", res.body)
	}
	if diff := run.Run.Value - best; diff > 0.5 || diff < -0.5 || !slices.Equal(run.codes(), bestSet) {
		t.Errorf("run value %v %v, brute force %v %v", run.Run.Value, run.codes(), best, bestSet)
	}
	if !slices.Contains(run.codes(), "REG-1") {
		t.Error("the mandatory proposal is not selected")
	}
	for i, sp := range run.Outcome.Spend {
		if sp.Budget == nil || sp.Committed+sp.Selected > *sp.Budget {
			t.Errorf("period %d spend %+v over the budget", i, sp)
		}
	}
	if res.Header.Get("Location") != fmt.Sprintf("/api/v1/scenario-runs/%d", run.Run.ID) {
		t.Errorf("Location %q", res.Header.Get("Location"))
	}

	// Read the run back.
	var again optimizerResult
	decode(t, optCall(t, e, tok, http.MethodGet, fmt.Sprintf("/api/v1/scenario-runs/%d", run.Run.ID), "", http.StatusOK), &again)
	if !slices.Equal(again.codes(), run.codes()) || again.Run.Value != run.Run.Value || len(again.Outcome.Capacity) != 1 {
		t.Errorf("read back %+v, ran %+v", again, run)
	}
	if u := again.Outcome.Capacity[0]; u.Role != "Developer" || u.Selected[0] == 0 || u.Selected[0] > u.Capacity[0] {
		t.Errorf("capacity use %+v", u)
	}

	// Explain each rejected proposal: a reason and the price of forcing it in.
	if len(run.Outcome.Rejected) == 0 {
		t.Fatal("nothing rejected; the pipeline should not all fit")
	}
	for _, code := range run.Outcome.Rejected {
		var x struct {
			Code     string   `json:"code"`
			Selected bool     `json:"selected"`
			Reasons  []string `json:"reasons"`
			Price    string   `json:"price"`
		}
		decode(t, optCall(t, e, tok, http.MethodGet, fmt.Sprintf("/api/v1/scenario-runs/%d/explanation?proposal=%d", run.Run.ID, pl.proposals[code].ID), "", http.StatusOK), &x)
		if x.Code != code || x.Selected || len(x.Reasons) == 0 || !strings.HasPrefix(x.Price, "Forcing it in") {
			t.Errorf("explanation of %s: %+v", code, x)
		}
	}
	for _, c := range []struct {
		query, field string
		status       int
	}{{"", "proposal", 400}, {"?proposal=999999", "proposal", 400}, {"?proposal=x", "proposal", 400}} {
		var p problemBody
		decode(t, optCall(t, e, tok, http.MethodGet, fmt.Sprintf("/api/v1/scenario-runs/%d/explanation%s", run.Run.ID, c.query), "", c.status), &p)
		if !slices.Contains(p.fields(), c.field) {
			t.Errorf("%q: fields %v", c.query, p.fields())
		}
	}

	// The frontier: eleven levels, never falling, matching the run at 100 %.
	var fr struct {
		Points []struct {
			Level, Value, Bound float64
			Proven              bool
		} `json:"points"`
	}
	decode(t, optCall(t, e, tok, http.MethodGet, fmt.Sprintf("/api/v1/scenarios/%d/frontier", sc.ID), "", http.StatusOK), &fr)
	if len(fr.Points) != 11 || fr.Points[0].Level != 0.5 || fr.Points[10].Level != 1.5 {
		t.Fatalf("frontier %+v", fr)
	}
	for k, p := range fr.Points {
		if k > 0 && p.Value < fr.Points[k-1].Value-1e-6 {
			t.Errorf("the frontier falls at %v: %+v", p.Level, fr.Points)
		}
		if p.Level == 1 && (p.Value != run.Run.Value || !p.Proven) {
			t.Errorf("frontier at 100%% %+v, run %v", p, run.Run.Value)
		}
	}

	// A 30 % budget cut, compared with the base plan.
	cut := mustScenario(t, e.db, sc, "Budget cut 30%", func(s *pmo.Scenario) {
		for i := range s.Budget {
			s.Budget[i] = s.Budget[i] * 7 / 10
		}
	})
	var cutRun optimizerResult
	decode(t, optCall(t, e, tok, http.MethodPost, fmt.Sprintf("/api/v1/scenarios/%d/runs", cut.ID), "", http.StatusCreated), &cutRun)
	cutBest, _ := bestByBruteForce(pl, cut.Budget, cut.Capacity[0].FTE)
	if d := cutRun.Run.Value - cutBest; d > 0.5 || d < -0.5 || !cutRun.Run.Proven {
		t.Errorf("cut run %v, brute force %v", cutRun.Run.Value, cutBest)
	}
	var cmp struct {
		Left, Right struct {
			Name  string
			Value float64
		}
		Added, Removed []struct{ Code string }
		Kept           []string
		ValueChange    float64 `json:"value_change"`
		Spend          []struct {
			Left, Right int64
			LeftBudget  *int64 `json:"left_budget"`
			RightBudget *int64 `json:"right_budget"`
		}
		Capacity []struct {
			Role        string
			Left, Right []float64
		}
	}
	decode(t, optCall(t, e, tok, http.MethodGet, fmt.Sprintf("/api/v1/scenarios/%d/comparison?with=%d", sc.ID, cut.ID), "", http.StatusOK), &cmp)
	if cmp.Left.Name != "Base plan" || cmp.Right.Name != "Budget cut 30%" || cmp.ValueChange != cutRun.Run.Value-run.Run.Value ||
		len(cmp.Spend) != 4 || len(cmp.Capacity) != 1 {
		t.Errorf("comparison %+v", cmp)
	}
	if len(cmp.Added)+len(cmp.Removed) == 0 && cmp.ValueChange != 0 {
		t.Errorf("the value changed but not the selection: %+v", cmp)
	}
	if n := len(cmp.Kept) + len(cmp.Removed); n != len(run.Run.Selected) {
		t.Errorf("kept %v and removed %v do not add up to the base selection %v", cmp.Kept, cmp.Removed, run.codes())
	}
	norun := mustScenario(t, e.db, sc, "Never run", func(*pmo.Scenario) {})
	for _, q := range []struct {
		with, field string
		status      int
	}{{"", "with", 400}, {fmt.Sprint(norun.ID), "with", 400}, {"999999", "with", 400}} {
		var p problemBody
		decode(t, optCall(t, e, tok, http.MethodGet, fmt.Sprintf("/api/v1/scenarios/%d/comparison?with=%s", sc.ID, q.with), "", q.status), &p)
		if !slices.Contains(p.fields(), q.field) {
			t.Errorf("with=%q: fields %v", q.with, p.fields())
		}
	}
}

// TestOptimizerInfeasible: a budget below what the mandatory proposal
// needs gives a stored infeasible run that names the period and the
// proposal, and the conflicts endpoint says the same without storing.
func TestOptimizerInfeasible(t *testing.T) {
	e := mustEnv(t)
	pl := mustPipeline(t, e.db, e.ids.portfolio)
	tight := mustScenario(t, e.db, pl.scenario, "Frozen budget", func(s *pmo.Scenario) {
		s.Budget = []int64{1000_000, 1000_000, 1000_000, 1000_000} // EUR 10,000 a quarter; REG-1 needs 20,000
	})
	var run optimizerResult
	decode(t, optCall(t, e, e.token, http.MethodPost, fmt.Sprintf("/api/v1/scenarios/%d/runs", tight.ID), "", http.StatusCreated), &run)
	if !run.Run.Infeasible || !run.Run.Proven || len(run.Run.Selected) != 0 ||
		!strings.Contains(run.Run.Message, "budget in 2027-Q1") || !strings.Contains(run.Run.Message, "REG-1") {
		t.Errorf("infeasible run %+v", run.Run)
	}
	var c struct {
		Feasible  bool     `json:"feasible"`
		Proven    bool     `json:"proven"`
		Conflicts []string `json:"conflicts"`
	}
	decode(t, optCall(t, e, e.token, http.MethodGet, fmt.Sprintf("/api/v1/scenarios/%d/conflicts", tight.ID), "", http.StatusOK), &c)
	if c.Feasible || !c.Proven || len(c.Conflicts) == 0 || !strings.Contains(c.Conflicts[0], "REG-1") {
		t.Errorf("conflicts %+v", c)
	}
	var p problemBody
	decode(t, optCall(t, e, e.token, http.MethodGet, fmt.Sprintf("/api/v1/scenario-runs/%d/explanation?proposal=%d", run.Run.ID, pl.proposals["CRM-1"].ID), "", http.StatusBadRequest), &p)
	if !slices.Contains(p.fields(), "proposal") {
		t.Errorf("explaining in an infeasible run: %v", p)
	}
	decode(t, optCall(t, e, e.token, http.MethodGet, fmt.Sprintf("/api/v1/scenarios/%d/conflicts", pl.scenario.ID), "", http.StatusOK), &c)
	if !c.Feasible || len(c.Conflicts) != 0 {
		t.Errorf("the base plan has conflicts: %+v", c)
	}

	// Set-ups the pipeline does not fit: the error names the proposal
	// and field, or the missing budget of a frontier.
	noDevs := mustScenario(t, e.db, pl.scenario, "Testers only", func(s *pmo.Scenario) {
		s.Capacity = []pmo.RoleDemand{{Role: "Tester", FTE: []float64{2, 2, 2, 2}}}
	})
	decode(t, optCall(t, e, e.token, http.MethodPost, fmt.Sprintf("/api/v1/scenarios/%d/runs", noDevs.ID), "", http.StatusBadRequest), &p)
	if !slices.Contains(p.fields(), "proposals.CRM-1.business_case.demand[0].role") {
		t.Errorf("no developers: %v", p.Errors)
	}
	noBudget := mustScenario(t, e.db, pl.scenario, "No budget", func(s *pmo.Scenario) { s.Budget, s.Currency = nil, "" })
	decode(t, optCall(t, e, e.token, http.MethodGet, fmt.Sprintf("/api/v1/scenarios/%d/frontier", noBudget.ID), "", http.StatusBadRequest), &p)
	if !slices.Contains(p.fields(), "budget") {
		t.Errorf("frontier without a budget: %v", p.Errors)
	}
}

// TestOptimizerRunCancelled: a client that goes away before the run ends
// gets no stored run.
func TestOptimizerRunCancelled(t *testing.T) {
	e := mustEnv(t)
	pl := mustPipeline(t, e.db, e.ids.portfolio)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("/api/v1/scenarios/%d/runs", pl.scenario.ID), nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	if rec.Code == http.StatusCreated {
		t.Fatalf("a cancelled run was stored: %s", rec.Body)
	}
	runs, err := e.db.FindScenarioRuns(context.Background(), pl.scenario.ID, 0)
	if err != nil || len(runs) != 0 {
		t.Errorf("runs %v %v", runs, err)
	}
}

// optCall sends a request as the holder of token, checks the status and
// the response against the OpenAPI document, and returns it.
func optCall(t *testing.T, e *env, token, method, url, body string, want int) response {
	t.Helper()
	res := e.do(t, method, url, body, map[string]string{"Authorization": "Bearer " + token})
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", method, url, res.StatusCode, want, res.body)
	}
	checkResponse(t, method, url, res.StatusCode, res.body)
	return res
}
