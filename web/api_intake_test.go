package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// intakeCall sends a request as the holder of token, checks the status
// and the response against the OpenAPI document, and returns it.
func intakeCall(t *testing.T, e *env, token, method, url, body string, want int, headers ...string) response {
	t.Helper()
	h := map[string]string{"Authorization": "Bearer " + token}
	for i := 0; i+1 < len(headers); i += 2 {
		h[headers[i]] = headers[i+1]
	}
	res := e.do(t, method, url, body, h)
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", method, url, res.StatusCode, want, res.body)
	}
	checkResponse(t, method, url, res.StatusCode, res.body)
	return res
}

// TestIntakePipeline takes a proposal from a requester's draft through
// review, scoring by two reviewers, approval and funding, with each step
// done by the role the policy names and refused to the others.
func TestIntakePipeline(t *testing.T) {
	e := mustEnv(t)
	pf := e.ids.portfolio
	grant := func(role pmo.Role) pmo.Grant { return pmo.Grant{Role: role, Scope: pmo.ScopePortfolio, ScopeID: pf} }
	requester := mustUserToken(t, e.db, "rita", pmo.ScopeReadWrite, grant(pmo.Requester))
	other := mustUserToken(t, e.db, "otto", pmo.ScopeReadWrite, grant(pmo.Requester))
	office := mustUserToken(t, e.db, "pam", pmo.ScopeReadWrite, grant(pmo.PMOStaff))
	exec := mustUserToken(t, e.db, "eve", pmo.ScopeReadWrite, grant(pmo.Executive))
	pm := mustUserToken(t, e.db, "pete", pmo.ScopeReadWrite, grant(pmo.PortfolioManager))

	// The office sets the scoring model, from AHP judgements.
	model := fmt.Sprintf(`{"portfolio_id":%d,"name":"Default","criteria":[
		{"key":"fit","name":"Strategic fit","min":0,"max":5},
		{"key":"value","name":"Financial value","min":0,"max":5},
		{"key":"risk","name":"Delivery risk","min":0,"max":5,"direction":"cost"}],
		"pairwise":[[1,3,5],[0.33,1,3],[0.2,0.33,1]]}`, pf)
	intakeCall(t, e, pm, http.MethodPost, "/api/v1/scoring-models", model, http.StatusForbidden)
	var m pmo.ScoringModel
	decode(t, intakeCall(t, e, office, http.MethodPost, "/api/v1/scoring-models", model, http.StatusCreated), &m)
	if m.ConsistencyRatio <= 0 || m.ConsistencyRatio > 0.1 || m.Criteria[0].Weight < 60 || m.Criteria[2].Weight > 15 {
		t.Fatalf("AHP weights: CR %.3f, weights %v", m.ConsistencyRatio, m.Criteria)
	}
	bad := `{"portfolio_id":%d,"name":"Wild","criteria":[{"key":"a","name":"A","max":5},{"key":"b","name":"B","max":5},{"key":"c","name":"C","max":5}],
		"pairwise":[[1,5,0.2],[0.2,1,5],[5,0.2,1]]}`
	var prob problemBody
	decode(t, intakeCall(t, e, office, http.MethodPost, "/api/v1/scoring-models", fmt.Sprintf(bad, pf), http.StatusUnprocessableEntity), &prob)
	if f := prob.fields(); len(f) != 1 || !strings.HasPrefix(f[0], "pairwise[") {
		t.Errorf("inconsistent judgements: fields %q", f)
	}

	// A requester drafts a proposal; bad input names the field.
	draft := `{"portfolio_id":%d,"code":"PRP-100","title":"Self-service portal","business_case":{"currency":"EUR",
		"capex":[%d,5000000],"opex":[0,1000000],"benefits":[0,0,8000000,8000000,8000000],"discount_rate":0.08,
		"demand":[{"role":"Developer","fte":[3,2]}]},"earliest_start":"2027-Q1","latest_start":"2027-Q3","alignment":4}`
	mustFields(t, intakeCall(t, e, requester, http.MethodPost, "/api/v1/proposals", fmt.Sprintf(draft, pf, -1), http.StatusUnprocessableEntity), "business_case.capex[0]")
	var p pmo.Proposal
	decode(t, intakeCall(t, e, requester, http.MethodPost, "/api/v1/proposals", fmt.Sprintf(draft, pf, 10000000), http.StatusCreated), &p)
	if p.Requester != "rita" || p.RequesterID == 0 || p.State != pmo.ProposalDraft || p.NPV <= 0 {
		t.Fatalf("created: requester %q (%d), state %s, npv %d", p.Requester, p.RequesterID, p.State, p.NPV)
	}
	url := fmt.Sprintf("/api/v1/proposals/%d", p.ID)

	// Only its requester (and the office) see and change it.
	intakeCall(t, e, other, http.MethodGet, url, "", http.StatusForbidden)
	var list struct{ Items []pmo.Proposal }
	decode(t, intakeCall(t, e, other, http.MethodGet, "/api/v1/proposals", "", http.StatusOK), &list)
	if len(list.Items) != 0 {
		t.Errorf("another requester lists %d proposals", len(list.Items))
	}
	decode(t, intakeCall(t, e, requester, http.MethodGet, "/api/v1/proposals", "", http.StatusOK), &list)
	if len(list.Items) != 1 {
		t.Errorf("the requester lists %d proposals, want 1", len(list.Items))
	}
	intakeCall(t, e, requester, http.MethodPatch, url, `{"title":"Customer self-service portal"}`, http.StatusOK,
		"Content-Type", "application/merge-patch+json", "If-Match", `"1"`)
	move := func(token, to, comment string, version, want int) {
		t.Helper()
		body := fmt.Sprintf(`{"to":%q,"comment":%q}`, to, comment)
		intakeCall(t, e, token, http.MethodPost, url+"/transitions", body, want, "If-Match", fmt.Sprintf(`"%d"`, version))
	}
	move(other, "submitted", "", 2, http.StatusForbidden)
	move(requester, "submitted", "", 2, http.StatusOK)
	intakeCall(t, e, requester, http.MethodPatch, url, `{"title":"Late change"}`, http.StatusConflict,
		"Content-Type", "application/merge-patch+json", "If-Match", `"3"`)
	move(requester, "under_review", "", 3, http.StatusForbidden)
	move(office, "under_review", "", 3, http.StatusOK)

	// Two reviewers score it and disagree on fit; requesters may not score.
	sheet := `{"scores":[{"criterion":"fit","value":%d},{"criterion":"value","value":3},{"criterion":"risk","value":2,"comment":"new supplier"}]}`
	intakeCall(t, e, requester, http.MethodPut, url+"/scores", fmt.Sprintf(sheet, 5), http.StatusForbidden)
	mustFields(t, intakeCall(t, e, exec, http.MethodPut, url+"/scores", fmt.Sprintf(sheet, 7), http.StatusUnprocessableEntity), "scores[0].value")
	intakeCall(t, e, exec, http.MethodPut, url+"/scores", fmt.Sprintf(sheet, 5), http.StatusOK)
	var scores struct{ Items []pmo.Score }
	decode(t, intakeCall(t, e, pm, http.MethodPut, url+"/scores", fmt.Sprintf(sheet, 3), http.StatusOK), &scores)
	if len(scores.Items) != 6 {
		t.Fatalf("%d scores, want 6", len(scores.Items))
	}
	var ranking struct {
		Items []struct {
			ProposalID int64   `json:"proposal_id"`
			Rank       int     `json:"rank"`
			Total      float64 `json:"total"`
			Reviewers  int     `json:"reviewers"`
			Criteria   []struct {
				Key    string
				Mean   float64
				StdDev float64
			}
		}
	}
	decode(t, intakeCall(t, e, exec, http.MethodGet, fmt.Sprintf("/api/v1/portfolios/%d/ranking", pf), "", http.StatusOK), &ranking)
	if len(ranking.Items) != 1 || ranking.Items[0].Reviewers != 2 || ranking.Items[0].Criteria[0].Mean != 4 || ranking.Items[0].Criteria[0].StdDev != 1 {
		t.Fatalf("ranking: %+v", ranking.Items)
	}

	// A decider approves; the office funds it into a project.
	move(office, "approved", "", 4, http.StatusOK)
	fund := `{"items":[{"proposal_id":%d,"start":"2027-Q2"}],"comment":"board 12 Dec"}`
	intakeCall(t, e, pm, http.MethodPost, fmt.Sprintf("/api/v1/portfolios/%d/funding", pf), fmt.Sprintf(fund, p.ID), http.StatusForbidden)
	var funded struct {
		Funded []pmo.Funded `json:"funded"`
	}
	decode(t, intakeCall(t, e, office, http.MethodPost, fmt.Sprintf("/api/v1/portfolios/%d/funding", pf), fmt.Sprintf(fund, p.ID), http.StatusOK), &funded)
	pj := funded.Funded[0].Project
	if pj.Stage != pmo.Approved || pj.Budget.Minor != 16000000 || pj.PlannedStart.String() != "2027-04-01" || pj.Code != "PRP-100" {
		t.Fatalf("project: %+v", pj)
	}
	decode(t, intakeCall(t, e, office, http.MethodPost, fmt.Sprintf("/api/v1/portfolios/%d/funding", pf), fmt.Sprintf(fund, p.ID), http.StatusOK), &funded)
	if !funded.Funded[0].Already || funded.Funded[0].Project.ID != pj.ID {
		t.Errorf("second funding: %+v", funded.Funded[0])
	}
	decode(t, intakeCall(t, e, office, http.MethodGet, fmt.Sprintf("/api/v1/proposals?project_id=%d", pj.ID), "", http.StatusOK), &list)
	if len(list.Items) != 1 || list.Items[0].State != pmo.ProposalFunded || len(list.Items[0].History) != 0 {
		t.Errorf("proposal of the project: %+v", list.Items)
	}
	var got pmo.Proposal
	decode(t, intakeCall(t, e, requester, http.MethodGet, url, "", http.StatusOK), &got)
	states := []pmo.ProposalState{}
	for _, ev := range got.History {
		states = append(states, ev.To)
	}
	if !slices.Equal(states, []pmo.ProposalState{pmo.ProposalSubmitted, pmo.ProposalUnderReview, pmo.ProposalApproved, pmo.ProposalFunded}) {
		t.Errorf("history: %v", states)
	}
}

// TestScenarioAPI covers scenario CRUD with versions and bad input.
func TestScenarioAPI(t *testing.T) {
	e := mustEnv(t)
	body := fmt.Sprintf(`{"portfolio_id":%d,"name":"Budget cut 10%%","start":"2027-Q1","periods":4,"currency":"EUR",
		"budget":[900000,900000,900000,900000],"capacity":[{"role":"Developer","fte":[4,4,4,-1]}],"objective":"npv"}`, e.ids.portfolio)
	mustFields(t, intakeCall(t, e, e.token, http.MethodPost, "/api/v1/scenarios", body, http.StatusUnprocessableEntity), "capacity[0].fte[3]")
	body = fmt.Sprintf(`{"portfolio_id":%d,"name":"Budget cut 10%%","start":"2027-Q1","periods":4,"currency":"EUR",
		"budget":[900000,900000,900000,900000],"capacity":[{"role":"Developer","fte":[4,4,4,4]}],"objective":"npv"}`, e.ids.portfolio)
	var s pmo.Scenario
	decode(t, intakeCall(t, e, e.token, http.MethodPost, "/api/v1/scenarios", body, http.StatusCreated), &s)
	if s.TimeLimitMS != 10000 || s.Objective != pmo.ObjectiveNPV || s.LastRun != nil {
		t.Fatalf("scenario: %+v", s)
	}
	url := fmt.Sprintf("/api/v1/scenarios/%d", s.ID)
	intakeCall(t, e, e.token, http.MethodPatch, url, `{"periods":5}`, http.StatusPreconditionRequired, "Content-Type", "application/merge-patch+json")
	mustFields(t, intakeCall(t, e, e.token, http.MethodPatch, url, `{"periods":5}`, http.StatusUnprocessableEntity,
		"Content-Type", "application/merge-patch+json", "If-Match", `"1"`), "budget", "capacity[0].fte")
	intakeCall(t, e, e.token, http.MethodPatch, url, `{"notes":"as asked by finance"}`, http.StatusOK,
		"Content-Type", "application/merge-patch+json", "If-Match", `"1"`)
	intakeCall(t, e, e.token, http.MethodPatch, url, `{"notes":"again"}`, http.StatusPreconditionFailed,
		"Content-Type", "application/merge-patch+json", "If-Match", `"1"`)
	intakeCall(t, e, e.token, http.MethodGet, url+"/runs", "", http.StatusOK)
	intakeCall(t, e, e.token, http.MethodDelete, url, "", http.StatusNoContent, "If-Match", `"2"`)
}

// mustFields fails unless the problem in res names exactly fields.
func mustFields(t *testing.T, res response, fields ...string) {
	t.Helper()
	var p problemBody
	decode(t, res, &p)
	got := p.fields()
	slices.Sort(got)
	slices.Sort(fields)
	if !slices.Equal(got, fields) {
		t.Errorf("problem names %q, want %q\n%s", got, fields, res.body)
	}
}
