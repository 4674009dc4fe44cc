package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

var gateLocation = regexp.MustCompile(`^/gates/(\d+)\?saved=gate$`)

// TestGateReviewPages walks a gate review through the pages: the
// checklist with what is missing, the request, a refused go without
// conditions, a first approval, the closing conditional go, and the
// project in its next stage with a decision record.
func TestGateReviewPages(t *testing.T) {
	e := mustEnv(t)
	mustPublishDefault(t, e)
	ctx := context.Background()
	pid := itoa(e.ids.project) // PRJ-1, in execution: gate G4 leads to closure

	gov := e.get(t, "/projects/"+pid+"/governance")
	wantIn(t, "the project's governance", gov.body, "G4", `id="request-G4"`, "No gate review yet", `id="project-findings"`, "follows framework version 1")
	proj := e.get(t, "/projects/"+pid)
	wantIn(t, "the project page", proj.body, `id="governance-line"`, "open finding")

	check := e.get(t, "/projects/"+pid+"/gates/new?gate=G4")
	wantIn(t, "the checklist", check.body, `class="missing"`, "items are missing", `id="request-review"`)
	wrong := e.get(t, "/projects/"+pid+"/gates/new?gate=G1")
	if strings.Contains(string(wrong.body), `id="request-review"`) || !strings.Contains(string(wrong.body), "but gate G1 leads from") {
		t.Errorf("a gate out of another stage offers a request:\n%.300s", wrong.body)
	}
	if res := e.postForm(t, "/projects/"+pid+"/gates", url.Values{"gate": {"G1"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("request G1 from execution: %d", res.StatusCode)
	}
	if res := e.do(t, http.MethodGet, "/projects/"+pid+"/gates/new?gate=G99", "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown gate: %d", res.StatusCode)
	}

	res := e.postForm(t, "/projects/"+pid+"/gates", url.Values{"gate": {"G4"}, "note": {"Acceptance signed on paper"}})
	m := gateLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("request G4: %d %s %.300s", res.StatusCode, res.Header.Get("Location"), res.body)
	}
	gate := "/gates/" + m[1]
	if res := e.postForm(t, "/projects/"+pid+"/gates", url.Values{"gate": {"G4"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("a second open review: %d", res.StatusCode)
	}
	page := e.get(t, gate+"?saved=gate")
	wantIn(t, "the review", page.body, "Gate review requested", "Acceptance signed on paper", `id="decide"`, `name="version" value="1"`, "Still needed to pass")

	decide := func(v url.Values) response {
		t.Helper()
		return e.postForm(t, gate+"/decisions", v)
	}
	// Bad input is shown beside its field.
	res = decide(url.Values{"version": {"1"}, "decision": {"maybe"}, "role": {"sponsor"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !regexp.MustCompile(`(?s)field-decision.*class="error"`).Match(res.body) {
		t.Errorf("decision maybe: %d", res.StatusCode)
	}
	if res := decide(url.Values{"decision": {"go"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("no version: %d", res.StatusCode)
	}
	// A first go counts as the sponsor's approval; the review waits.
	if res := decide(url.Values{"version": {"1"}, "decision": {"go"}, "role": {"sponsor"}, "comment": {"fine by me"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sponsor's go: %d %.300s", res.StatusCode, res.body)
	}
	if res := decide(url.Values{"version": {"1"}, "decision": {"hold"}, "role": {"service_owner"}}); res.StatusCode != http.StatusConflict ||
		!strings.Contains(string(res.body), "stale-alert") {
		t.Errorf("a decision on an old version: %d", res.StatusCode)
	}
	// The closing go past missing artefacts needs conditions.
	res = decide(url.Values{"version": {"2"}, "decision": {"go"}, "role": {"service_owner"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="conditions-error"`) {
		t.Fatalf("go without conditions: %d %.500s", res.StatusCode, res.body)
	}
	res = decide(url.Values{"version": {"2"}, "decision": {"go"}, "role": {"service_owner"}, "conditions": {"Attach the acceptance certificate by 2026-12-11"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("conditional go: %d %.500s", res.StatusCode, res.body)
	}
	page = e.get(t, gate)
	wantIn(t, "the decided review", page.body, `id="outcome"`, "outcome-go", "Attach the acceptance certificate", `id="decision-record"`)
	if strings.Contains(string(page.body), `id="decide"`) {
		t.Error("a decided review still offers the decision form")
	}
	p, err := e.db.FindProjectByID(ctx, e.ids.project)
	if err != nil || p.Stage != pmo.Closure {
		t.Errorf("after go the project is in %s (%v), want closure", p.Stage, err)
	}
	gov = e.get(t, "/projects/"+pid+"/governance")
	wantIn(t, "the gate history", gov.body, "G4 Go-live", "outcome-go", "Attach the acceptance certificate", "Stage <strong>Closure</strong>")
	if res := decide(url.Values{"version": {"3"}, "decision": {"kill"}, "role": {"sponsor"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("a decision on a decided review: %d", res.StatusCode)
	}
}

func TestGatePagesForbidden(t *testing.T) {
	e := mustEnv(t)
	mustPublishDefault(t, e)
	pid := itoa(e.ids.project)
	grant := func(role pmo.Role) pmo.Grant {
		return pmo.Grant{Role: role, Scope: pmo.ScopePortfolio, ScopeID: e.ids.portfolio}
	}
	mustUserToken(t, e.db, "pm", pmo.ScopeReadWrite, grant(pmo.ProjectManager))
	mustUserToken(t, e.db, "exec", pmo.ScopeReadWrite, grant(pmo.Executive))
	mustUserToken(t, e.db, "team", pmo.ScopeReadWrite, grant(pmo.TeamMember))
	session := func(name string) (*http.Cookie, string) { return e.browserSession(t, name, "password-of-"+name) }

	team, teamCSRF := session("team")
	if res := e.send(withCookie(formPost("/projects/"+pid+"/gates", url.Values{"csrf_token": {teamCSRF}, "gate": {"G4"}}), team)); res.StatusCode != http.StatusForbidden {
		t.Errorf("a team member requests a gate: %d", res.StatusCode)
	}
	pm, pmCSRF := session("pm")
	gov := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/projects/"+pid+"/governance", nil), pm))
	if !strings.Contains(string(gov.body), `id="request-G4"`) || strings.Contains(string(gov.body), "/waivers/new") {
		t.Errorf("the project manager's view: request offered %v, waiver offered %v",
			strings.Contains(string(gov.body), `id="request-G4"`), strings.Contains(string(gov.body), "/waivers/new"))
	}
	res := e.send(withCookie(formPost("/projects/"+pid+"/gates", url.Values{"csrf_token": {pmCSRF}, "gate": {"G4"}}), pm))
	m := gateLocation.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("the project manager requests G4: %d %.300s", res.StatusCode, res.body)
	}
	page := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/gates/"+m[1], nil), pm))
	if page.StatusCode != http.StatusOK || strings.Contains(string(page.body), `id="decide"`) {
		t.Errorf("the project manager may decide: %d", page.StatusCode)
	}
	v := url.Values{"csrf_token": {pmCSRF}, "version": {"1"}, "decision": {"kill"}, "role": {"sponsor"}}
	if res := e.send(withCookie(formPost("/gates/"+m[1]+"/decisions", v), pm)); res.StatusCode != http.StatusForbidden {
		t.Errorf("the project manager decides: %d", res.StatusCode)
	}
	exec, execCSRF := session("exec")
	v.Set("csrf_token", execCSRF)
	if res := e.send(withCookie(formPost("/gates/"+m[1]+"/decisions", v), exec)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the executive kills: %d %.300s", res.StatusCode, res.body)
	}
	// Only a go moves the stage: a kill leaves it and cancels the project.
	p, err := e.db.FindProjectByID(context.Background(), e.ids.project)
	if err != nil || p.Stage != pmo.Execution || p.State != pmo.Cancelled {
		t.Errorf("after kill: stage %s, state %s (%v); want execution, cancelled", p.Stage, p.State, err)
	}
	for _, path := range []string{"/projects/" + pid + "/waivers/new"} {
		if res := e.send(withCookie(httptest.NewRequest(http.MethodGet, path, nil), exec)); res.StatusCode != http.StatusForbidden {
			t.Errorf("the executive opens %s: %d", path, res.StatusCode)
		}
	}
}
