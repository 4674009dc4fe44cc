package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// requestG4 opens a go-live review (G4) of the fixture's project, which is
// in execution, and returns it.
func requestG4(t *testing.T, e *env) pmo.GateReview {
	t.Helper()
	res := e.do(t, http.MethodPost, e.expand("/api/v1/projects/{project}/gate-reviews"), `{"gate":"G4","note":"ready to hand over"}`, nil)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("request G4: %d %s", res.StatusCode, res.body)
	}
	var r pmo.GateReview
	decode(t, res, &r)
	return r
}

// decide posts a decision on review id at etag.
func decide(t *testing.T, e *env, id int64, etag, body string) response {
	t.Helper()
	return e.do(t, http.MethodPost, fmt.Sprintf("/api/v1/gate-reviews/%d/decisions", id), body, map[string]string{"If-Match": etag})
}

func projectStage(t *testing.T, e *env) pmo.Stage {
	t.Helper()
	var p pmo.Project
	decode(t, e.get(t, e.expand("/api/v1/projects/{project}")), &p)
	return p.Stage
}

func TestGateReviewAPI(t *testing.T) {
	runGovScenarios(t, []scenario{
		{name: "check a gate without a review", method: http.MethodGet, url: "/api/v1/projects/{project}/gate-check?gate=G4",
			wantStatus: http.StatusOK, wantBody: []string{`"gate":"G4"`, `"at_stage":true`, `"met":false`},
			unchanged: []string{"/api/v1/gate-reviews"}},
		{name: "check without a gate", method: http.MethodGet, url: "/api/v1/projects/{project}/gate-check",
			wantStatus: http.StatusBadRequest, wantFields: []string{"gate"}},
		{name: "check an unknown gate", method: http.MethodGet, url: "/api/v1/projects/{project}/gate-check?gate=G9",
			wantStatus: http.StatusBadRequest, wantFields: []string{"gate"}},
		{name: "check a gate of an unknown project", method: http.MethodGet, url: "/api/v1/projects/999/gate-check?gate=G4",
			wantStatus: http.StatusNotFound},
		{name: "request a gate", method: http.MethodPost, url: "/api/v1/projects/{project}/gate-reviews",
			body: `{"gate":"G4","note":"ready"}`, wantStatus: http.StatusCreated,
			wantHeaders: map[string]string{"ETag": `"1"`, "Location": "/api/v1/gate-reviews/1"},
			wantBody:    []string{`"status":"requested"`, `"ready":false`, `"requested_by":"admin"`, `"from_stage":"execution"`, `"to_stage":"closure"`, `"met":false`}},
		{name: "request a gate from another stage", method: http.MethodPost, url: "/api/v1/projects/{project}/gate-reviews",
			body: `{"gate":"G0"}`, wantStatus: http.StatusUnprocessableEntity, unchanged: []string{"/api/v1/gate-reviews"}},
		{name: "request an unknown gate", method: http.MethodPost, url: "/api/v1/projects/{project}/gate-reviews",
			body: `{"gate":"G9"}`, wantStatus: http.StatusNotFound},
		{name: "request without a gate", method: http.MethodPost, url: "/api/v1/projects/{project}/gate-reviews",
			body: `{"note":"x"}`, wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"gate"}},
		{name: "request with a wrong type", method: http.MethodPost, url: "/api/v1/projects/{project}/gate-reviews",
			body: `{"gate":4}`, wantStatus: http.StatusBadRequest, wantFields: []string{"gate"}},
		{name: "request for an unknown project", method: http.MethodPost, url: "/api/v1/projects/999/gate-reviews",
			body: `{"gate":"G4"}`, wantStatus: http.StatusNotFound},
		{name: "unknown review", method: http.MethodGet, url: "/api/v1/gate-reviews/999", wantStatus: http.StatusNotFound},
		{name: "reviews with a bad status", method: http.MethodGet, url: "/api/v1/gate-reviews?status=open",
			wantStatus: http.StatusBadRequest, wantFields: []string{"status"}},
	})

	t.Run("go needs every approval, then moves the project", func(t *testing.T) {
		t.Parallel()
		e := mustGovEnv(t)
		r := requestG4(t, e)
		if again := e.do(t, http.MethodPost, e.expand("/api/v1/projects/{project}/gate-reviews"), `{"gate":"G4"}`, nil); again.StatusCode != http.StatusConflict {
			t.Errorf("a second open review of G4: %d", again.StatusCode)
		}
		read := e.get(t, fmt.Sprintf("/api/v1/gate-reviews/%d", r.ID))
		if read.Header.Get("ETag") != `"1"` || !strings.Contains(string(read.body), `"checklist":[{`) {
			t.Fatalf("read review: %s %s", read.Header.Get("ETag"), read.body)
		}
		for _, c := range []struct {
			etag, body string
			status     int
			fields     string
		}{
			{"", `{"decision":"go"}`, http.StatusPreconditionRequired, "If-Match"},
			{`"7"`, `{"decision":"go"}`, http.StatusPreconditionFailed, "If-Match"},
			{`"1"`, `{"decision":"maybe"}`, http.StatusUnprocessableEntity, "decision"},
			{`"1"`, `{"decision":"go","approver":"someone else"}`, http.StatusBadRequest, "approver"},
			{`"1"`, `{"decision":"go","comment":"no role"}`, http.StatusUnprocessableEntity, "role"},
			{`"1"`, `{"decision":"go","role":"ceo"}`, http.StatusUnprocessableEntity, "role"},
		} {
			res := decide(t, e, r.ID, c.etag, c.body)
			var p problemBody
			decode(t, res, &p)
			if res.StatusCode != c.status || strings.Join(p.fields(), ",") != c.fields {
				t.Errorf("%s with %s: %d %v, want %d %s", c.body, c.etag, res.StatusCode, p.fields(), c.status, c.fields)
			}
		}
		// The service owner's go is one approval of two: the review waits.
		res := decide(t, e, r.ID, `"1"`, `{"decision":"go","role":"service_owner","comment":"operations ready"}`)
		if res.StatusCode != http.StatusOK || res.Header.Get("ETag") != `"2"` || !strings.Contains(string(res.body), `"status":"requested"`) {
			t.Fatalf("first go: %d %s %s", res.StatusCode, res.Header.Get("ETag"), res.body)
		}
		if stage := projectStage(t, e); stage != pmo.Execution {
			t.Fatalf("stage after one approval: %s", stage)
		}
		// The sponsor's go closes it, but artefacts are missing: conditions first.
		res = decide(t, e, r.ID, `"2"`, `{"decision":"go","role":"sponsor"}`)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `"field":"conditions"`) {
			t.Fatalf("go without conditions: %d %s", res.StatusCode, res.body)
		}
		res = decide(t, e, r.ID, `"2"`, `{"decision":"go","role":"sponsor","conditions":"acceptance signed by 2026-12-04","comment":"go"}`)
		var got pmo.GateReview
		decode(t, res, &got)
		if res.StatusCode != http.StatusOK || got.Status != pmo.GateDecided || got.Outcome != pmo.GateGo || got.DecisionID == 0 ||
			got.DecidedBy != "admin" || len(got.Votes) != 2 {
			t.Fatalf("conditional go: %d %s", res.StatusCode, res.body)
		}
		if stage := projectStage(t, e); stage != pmo.Closure {
			t.Errorf("stage after go: %s, want closure", stage)
		}
		dec := e.get(t, fmt.Sprintf("/api/v1/decisions/%d", got.DecisionID))
		if !strings.Contains(string(dec.body), "acceptance signed by 2026-12-04") {
			t.Errorf("decision record: %s", dec.body)
		}
		if res := decide(t, e, r.ID, res.Header.Get("ETag"), `{"decision":"kill"}`); res.StatusCode != http.StatusConflict {
			t.Errorf("deciding a decided review: %d %s", res.StatusCode, res.body)
		}
		var hist struct {
			Items []pmo.GateReview `json:"items"`
		}
		decode(t, e.get(t, e.expand("/api/v1/projects/{project}/gate-reviews")), &hist)
		if len(hist.Items) != 1 || hist.Items[0].Outcome != pmo.GateGo {
			t.Errorf("history: %+v", hist.Items)
		}
		if list := e.get(t, "/api/v1/gate-reviews?status=requested"); !strings.Contains(string(list.body), `"total":0`) {
			t.Errorf("open reviews after the decision: %s", list.body)
		}
	})

	t.Run("hold keeps the project in its stage", func(t *testing.T) {
		t.Parallel()
		e := mustGovEnv(t)
		r := requestG4(t, e)
		res := decide(t, e, r.ID, `"1"`, `{"decision":"hold","role":"sponsor","comment":"wait for the pen test"}`)
		if res.StatusCode != http.StatusOK || !strings.Contains(string(res.body), `"outcome":"hold"`) {
			t.Fatalf("hold: %d %s", res.StatusCode, res.body)
		}
		if stage := projectStage(t, e); stage != pmo.Execution {
			t.Errorf("stage after hold: %s, want execution", stage)
		}
		// Once decided, the gate may be requested again.
		requestG4(t, e)
	})
}
