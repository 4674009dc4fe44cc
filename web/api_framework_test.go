package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pmohq/pmo/governance"
)

// extraRule is a rule every active project fails, appended to the default
// framework to make a draft whose effect is known.
const extraRule = `
  - id: api-test-rule
    title: Fails for every active project
    severity: minor
    applies_to: {states: [active]}
    check: "false"
    message: "${project.code} fails the test rule."
    rationale: A dry run must show what a new rule would find.
`

func draftYAML() string { return string(governance.DefaultYAML()) + extraRule }

var yamlHeaders = map[string]string{"Content-Type": "application/yaml"}

// mustGovEnv is a fresh environment with the default framework published
// through the API and one audit recorded.
func mustGovEnv(t *testing.T) *env {
	t.Helper()
	e := mustEnv(t)
	if res := e.do(t, http.MethodPost, "/api/v1/frameworks", string(governance.DefaultYAML()), yamlHeaders); res.StatusCode != http.StatusCreated {
		t.Fatalf("publish the default framework: %d %s", res.StatusCode, res.body)
	}
	if res := e.do(t, http.MethodPost, "/api/v1/audit-runs", "{}", nil); res.StatusCode != http.StatusCreated {
		t.Fatalf("record an audit: %d %s", res.StatusCode, res.body)
	}
	return e
}

// runGovScenarios runs each scenario against a fresh mustGovEnv.
func runGovScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			s.run(t, mustGovEnv(t))
		})
	}
}

func TestGovernanceBeforePublishing(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "no versions", method: http.MethodGet, url: "/api/v1/frameworks", wantStatus: http.StatusOK,
			wantBody: []string{`"items":[]`, `"total":0`}},
		{name: "no current version", method: http.MethodGet, url: "/api/v1/frameworks/current", wantStatus: http.StatusNotFound},
		{name: "no audit without a framework", method: http.MethodPost, url: "/api/v1/audit-runs", body: "{}",
			wantStatus: http.StatusNotFound, unchanged: []string{"/api/v1/audit-runs"}},
		{name: "no insights without a framework", method: http.MethodGet, url: "/api/v1/insights", wantStatus: http.StatusNotFound},
		{name: "no rules without a framework", method: http.MethodGet, url: "/api/v1/rules", wantStatus: http.StatusOK,
			wantBody: []string{`"items":[]`}},
		{name: "a dry run compares with nothing", method: http.MethodPost, url: "/api/v1/frameworks/dry-run",
			body: draftYAML(), headers: yamlHeaders, wantStatus: http.StatusOK, wantBody: []string{`"current":null`, `"gone":[]`}},
	})
}

func TestFrameworkAPI(t *testing.T) {
	broken := strings.Replace(string(governance.DefaultYAML()), "check: status != null && status.days_old <= 14",
		"check: status.days_old + 1", 1)
	runGovScenarios(t, []scenario{
		{name: "list versions", method: http.MethodGet, url: "/api/v1/frameworks", wantStatus: http.StatusOK,
			wantBody: []string{`"seq":1`, `"current":true`, `"total":1`, `"document":""`}},
		{name: "current version with stages, gates and rules", method: http.MethodGet, url: "/api/v1/frameworks/current",
			wantStatus: http.StatusOK, wantBody: []string{`"stages":[`, `"id":"G4"`, `"id":"status-current"`, `rules:`}},
		{name: "current version unchanged is 304", method: http.MethodGet, url: "/api/v1/frameworks/current",
			wantStatus: http.StatusOK, after: func(t *testing.T, e *env, res response) {
				etag := res.Header.Get("ETag")
				if etag == "" {
					t.Fatal("no ETag")
				}
				if again := e.do(t, http.MethodGet, "/api/v1/frameworks/current", "", map[string]string{"If-None-Match": etag}); again.StatusCode != http.StatusNotModified {
					t.Errorf("If-None-Match: %d", again.StatusCode)
				}
			}},
		{name: "unknown version", method: http.MethodGet, url: "/api/v1/frameworks/999", wantStatus: http.StatusNotFound},
		{name: "publish a new version as YAML", method: http.MethodPost, url: "/api/v1/frameworks", body: draftYAML(),
			headers: yamlHeaders, wantStatus: http.StatusCreated,
			wantBody: []string{`"seq":2`, `"changes":[{"kind":"added","item":"rule","id":"api-test-rule"}]`},
			after: func(t *testing.T, e *env, res response) {
				loc := res.Header.Get("Location")
				if loc == "" || res.Header.Get("ETag") == "" {
					t.Fatalf("Location %q, ETag %q", loc, res.Header.Get("ETag"))
				}
				diff := e.get(t, loc+"/changes")
				if !strings.Contains(string(diff.body), `"added":1,"changed":0,"removed":0`) {
					t.Errorf("changes from the previous version: %s", diff.body)
				}
				first := e.get(t, "/api/v1/frameworks/"+strings.TrimPrefix(loc, "/api/v1/frameworks/")+"/changes?from="+loc[strings.LastIndex(loc, "/")+1:])
				if !strings.Contains(string(first.body), `"changes":[]`) {
					t.Errorf("a version against itself: %s", first.body)
				}
				old := e.get(t, "/api/v1/frameworks")
				if !strings.Contains(string(old.body), `"total":2`) {
					t.Errorf("versions after publishing: %s", old.body)
				}
			}},
		{name: "publish wrapped in JSON", method: http.MethodPost, url: "/api/v1/frameworks",
			body: `{"document": ` + jsonString(draftYAML()) + `}`, wantStatus: http.StatusCreated, wantBody: []string{`"seq":2`}},
		{name: "first version against an empty framework", method: http.MethodGet, url: "/api/v1/frameworks/1/changes",
			wantStatus: http.StatusOK, wantBody: []string{`"from":null`, `"removed":0`, `{"kind":"added","item":"rule","id":"status-current"}`}},
		{name: "invalid YAML is never published", method: http.MethodPost, url: "/api/v1/frameworks",
			body: "name: x\nrules: [\n", headers: yamlHeaders, wantStatus: http.StatusUnprocessableEntity,
			unchanged: []string{"/api/v1/frameworks"}, after: wantFieldPrefix("document:")},
		{name: "a rule that does not return a boolean", method: http.MethodPost, url: "/api/v1/frameworks",
			body: broken, headers: yamlHeaders, wantStatus: http.StatusUnprocessableEntity,
			wantBody: []string{"must be true or false"}, unchanged: []string{"/api/v1/frameworks"}, after: wantFieldPrefix("document:")},
		{name: "the current document again", method: http.MethodPost, url: "/api/v1/frameworks",
			body: string(governance.DefaultYAML()), headers: yamlHeaders, wantStatus: http.StatusConflict},
		{name: "empty JSON document", method: http.MethodPost, url: "/api/v1/frameworks", body: `{"document":" "}`,
			wantStatus: http.StatusBadRequest, wantFields: []string{"document"}},
		{name: "unknown JSON member", method: http.MethodPost, url: "/api/v1/frameworks", body: `{"doc":"x"}`,
			wantStatus: http.StatusBadRequest, wantFields: []string{"doc"}},
		{name: "empty YAML body", method: http.MethodPost, url: "/api/v1/frameworks", body: " ", headers: yamlHeaders,
			wantStatus: http.StatusBadRequest, wantFields: []string{"document"}},
		{name: "plain text", method: http.MethodPost, url: "/api/v1/frameworks", body: "name: x",
			headers: map[string]string{"Content-Type": "text/plain"}, wantStatus: http.StatusUnsupportedMediaType,
			wantFields: []string{"Content-Type"}},
		{name: "changes from an unknown version", method: http.MethodGet, url: "/api/v1/frameworks/1/changes?from=999",
			wantStatus: http.StatusBadRequest, wantFields: []string{"from"}},
		{name: "dry run of a draft", method: http.MethodPost, url: "/api/v1/frameworks/dry-run", body: draftYAML(),
			headers: yamlHeaders, wantStatus: http.StatusOK, unchanged: []string{"/api/v1/findings", "/api/v1/frameworks"},
			wantBody: []string{`"new":[{`, `"rule":"api-test-rule"`, `"gone":[]`, `"changes":[{"kind":"added","item":"rule","id":"api-test-rule"}]`}},
		{name: "dry run of one portfolio", method: http.MethodPost, url: "/api/v1/frameworks/dry-run?portfolio_id=999",
			body: draftYAML(), headers: yamlHeaders, wantStatus: http.StatusOK, wantBody: []string{`"findings":[]`, `"new":[]`}},
		{name: "dry run of an invalid draft", method: http.MethodPost, url: "/api/v1/frameworks/dry-run", body: broken,
			headers: yamlHeaders, wantStatus: http.StatusUnprocessableEntity, after: wantFieldPrefix("document:")},
		{name: "dry run with a bad portfolio", method: http.MethodPost, url: "/api/v1/frameworks/dry-run?portfolio_id=x",
			body: draftYAML(), headers: yamlHeaders, wantStatus: http.StatusBadRequest, wantFields: []string{"portfolio_id"}},
	})
}

// wantFieldPrefix checks that a problem names only fields with prefix.
func wantFieldPrefix(prefix string) func(t *testing.T, e *env, res response) {
	return func(t *testing.T, e *env, res response) {
		var p problemBody
		decode(t, res, &p)
		if len(p.Errors) == 0 {
			t.Fatalf("no errors listed: %s", res.body)
		}
		for _, f := range p.Errors {
			if !strings.HasPrefix(f.Field, prefix) || f.Detail == "" {
				t.Errorf("error %+v, want a field %s… with a message", f, prefix)
			}
		}
		var locs struct {
			Locations []struct {
				Line, Column int
				Message      string
			}
		}
		decode(t, res, &locs)
		if len(locs.Locations) != len(p.Errors) {
			t.Fatalf("%d locations for %d errors: %s", len(locs.Locations), len(p.Errors), res.body)
		}
		for i, l := range locs.Locations {
			if want := fmt.Sprintf("%s%d:%d", prefix, l.Line, l.Column); p.Errors[i].Field != want || l.Line < 1 || l.Message != p.Errors[i].Detail {
				t.Errorf("location %+v does not match error %+v", l, p.Errors[i])
			}
		}
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
