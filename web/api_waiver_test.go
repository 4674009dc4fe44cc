package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

const waiverBody = `{"project_id":{project},"rule":"sponsor-named","reason":"the sponsor is being appointed","expires":"2027-01-31"}`

func TestWaiverAPI(t *testing.T) {
	runGovScenarios(t, []scenario{
		{name: "grant a waiver", method: http.MethodPost, url: "/api/v1/waivers", body: waiverBody,
			wantStatus: http.StatusCreated, wantHeaders: map[string]string{"ETag": `"1"`, "Location": "/api/v1/waivers/1"},
			wantBody: []string{`"expires":"2027-02-01T00:00:00Z"`, `"granted_by":"admin"`, `"revoked_at":null`},
			after: func(t *testing.T, e *env, res response) {
				// The next audit marks the finding waived.
				if res := e.do(t, http.MethodPost, "/api/v1/audit-runs", "{}", nil); res.StatusCode != http.StatusCreated {
					t.Fatalf("audit: %d %s", res.StatusCode, res.body)
				}
				list := e.get(t, e.expand("/api/v1/findings?state=waived&project_id={project}"))
				if !strings.Contains(string(list.body), `"rule":"sponsor-named"`) {
					t.Errorf("waived findings after the audit: %s", list.body)
				}
				if active := e.get(t, "/api/v1/waivers?active=true&rule=sponsor-named"); !strings.Contains(string(active.body), `"total":1`) {
					t.Errorf("active waivers: %s", active.body)
				}
			}},
		{name: "grant until an instant", method: http.MethodPost, url: "/api/v1/waivers",
			body:       `{"project_id":{project},"rule":"sponsor-named","reason":"r","expires":"2026-12-01T12:00:00Z"}`,
			wantStatus: http.StatusCreated, wantBody: []string{`"expires":"2026-12-01T12:00:00Z"`}},
		{name: "a waiver needs a reason and an expiry", method: http.MethodPost, url: "/api/v1/waivers",
			body: `{"project_id":{project},"rule":"sponsor-named"}`, wantStatus: http.StatusUnprocessableEntity,
			wantFields: []string{"reason", "expires"}, unchanged: []string{"/api/v1/waivers"}},
		{name: "an expiry in the past", method: http.MethodPost, url: "/api/v1/waivers",
			body:       `{"project_id":{project},"rule":"sponsor-named","reason":"r","expires":"2026-11-01"}`,
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"expires"}},
		{name: "an expiry that is no date", method: http.MethodPost, url: "/api/v1/waivers",
			body:       `{"project_id":{project},"rule":"sponsor-named","reason":"r","expires":"next year"}`,
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"expires"}},
		{name: "a rule the framework lacks", method: http.MethodPost, url: "/api/v1/waivers",
			body:       `{"project_id":{project},"rule":"no-such-rule","reason":"r","expires":"2027-01-31"}`,
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"rule"}},
		{name: "an unknown project", method: http.MethodPost, url: "/api/v1/waivers",
			body:       `{"project_id":999,"rule":"sponsor-named","reason":"r","expires":"2027-01-31"}`,
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"project_id"}},
		{name: "a grantor in the body", method: http.MethodPost, url: "/api/v1/waivers",
			body:       `{"project_id":{project},"rule":"sponsor-named","reason":"r","expires":"2027-01-31","granted_by":"ceo"}`,
			wantStatus: http.StatusBadRequest, wantFields: []string{"granted_by"}},
		{name: "unknown waiver", method: http.MethodGet, url: "/api/v1/waivers/999", wantStatus: http.StatusNotFound},
		{name: "waivers with a bad filter", method: http.MethodGet, url: "/api/v1/waivers?active=maybe",
			wantStatus: http.StatusBadRequest, wantFields: []string{"active"}},
	})

	t.Run("revoke", func(t *testing.T) {
		t.Parallel()
		e := mustGovEnv(t)
		res := e.do(t, http.MethodPost, "/api/v1/waivers", e.expand(waiverBody), nil)
		var w pmo.Waiver
		decode(t, res, &w)
		url := e.expand(res.Header.Get("Location")) + "/revocation"
		for _, c := range []struct {
			etag   string
			status int
		}{{"", http.StatusPreconditionRequired}, {`"5"`, http.StatusPreconditionFailed}} {
			if res := e.do(t, http.MethodPost, url, "", map[string]string{"If-Match": c.etag}); res.StatusCode != c.status {
				t.Errorf("revoke with If-Match %q: %d %s", c.etag, res.StatusCode, res.body)
			}
		}
		res = e.do(t, http.MethodPost, url, "", map[string]string{"If-Match": `"1"`})
		if res.StatusCode != http.StatusOK || res.Header.Get("ETag") != `"2"` || !strings.Contains(string(res.body), `"revoked_by":"admin"`) {
			t.Fatalf("revoke: %d %s", res.StatusCode, res.body)
		}
		if res := e.do(t, http.MethodPost, url, "", map[string]string{"If-Match": `"2"`}); res.StatusCode != http.StatusConflict {
			t.Errorf("revoke twice: %d %s", res.StatusCode, res.body)
		}
		if active := e.get(t, "/api/v1/waivers?active=true"); !strings.Contains(string(active.body), `"total":0`) {
			t.Errorf("active waivers after revoking: %s", active.body)
		}
	})
}

func TestRuleCommentAPI(t *testing.T) {
	runGovScenarios(t, []scenario{
		{name: "comment on a rule", method: http.MethodPost, url: "/api/v1/rule-comments",
			body:       `{"rule":"status-current","project_id":{project},"body":"fortnightly reports suit our cadence better"}`,
			wantStatus: http.StatusCreated, wantBody: []string{`"author":"admin"`, `"framework_id":1`},
			after: func(t *testing.T, e *env, res response) {
				rules := e.get(t, "/api/v1/rules?rule=status-current")
				for _, want := range []string{`"total":1`, `"rule":"status-current"`, `"ever":`, `"waived":`, "fortnightly reports"} {
					if !strings.Contains(string(rules.body), want) {
						t.Errorf("rule record lacks %s: %s", want, rules.body)
					}
				}
				list := e.get(t, e.expand("/api/v1/rule-comments?rule=status-current&project_id={project}"))
				if !strings.Contains(string(list.body), `"total":1`) {
					t.Errorf("comments: %s", list.body)
				}
				if other := e.get(t, e.expand("/api/v1/rule-comments?project_id={project2}")); !strings.Contains(string(other.body), `"total":0`) {
					t.Errorf("comments of another project: %s", other.body)
				}
			}},
		{name: "comment on a rule the framework lacks", method: http.MethodPost, url: "/api/v1/rule-comments",
			body: `{"rule":"no-such-rule","project_id":{project},"body":"x"}`, wantStatus: http.StatusUnprocessableEntity,
			wantFields: []string{"rule"}, unchanged: []string{"/api/v1/rule-comments"}},
		{name: "an empty comment", method: http.MethodPost, url: "/api/v1/rule-comments",
			body: `{"rule":"status-current","project_id":{project},"body":"  "}`, wantStatus: http.StatusUnprocessableEntity,
			wantFields: []string{"body"}},
		{name: "a comment about an unknown project", method: http.MethodPost, url: "/api/v1/rule-comments",
			body: `{"rule":"status-current","project_id":999,"body":"x"}`, wantStatus: http.StatusUnprocessableEntity,
			wantFields: []string{"project_id"}},
		{name: "every rule with its counts", method: http.MethodGet, url: "/api/v1/rules", wantStatus: http.StatusOK,
			wantBody: []string{`"rule":"sponsor-named"`, `"comments":[]`}},
		{name: "an unknown rule", method: http.MethodGet, url: "/api/v1/rules?rule=no-such-rule", wantStatus: http.StatusOK,
			wantBody: []string{`"total":0`}},
	})
}

// TestGovernanceRoles runs the workflow as the roles the policy names,
// each with a grant on the fixture's portfolio only: PMO staff waive and
// audit their portfolio, a project manager requests a gate, an executive
// decides it; none of them may publish the framework.
func TestGovernanceRoles(t *testing.T) {
	e := mustGovEnv(t)
	grant := func(name string, role pmo.Role) string {
		return "Bearer " + mustUserToken(t, e.db, name, pmo.ScopeReadWrite,
			pmo.Grant{Role: role, Scope: pmo.ScopePortfolio, ScopeID: e.ids.portfolio})
	}
	staff, pm, exec := grant("sam", pmo.PMOStaff), grant("ann", pmo.ProjectManager), grant("eve", pmo.Executive)
	as := func(who, method, url, body string, headers map[string]string) response {
		h := map[string]string{"Authorization": who}
		for k, v := range headers {
			h[k] = v
		}
		return e.do(t, method, e.expand(url), e.expand(body), h)
	}
	if res := as(staff, http.MethodPost, "/api/v1/waivers", waiverBody, nil); res.StatusCode != http.StatusCreated ||
		!strings.Contains(string(res.body), `"granted_by":"sam"`) {
		t.Errorf("PMO staff grant a waiver: %d %s", res.StatusCode, res.body)
	}
	if res := as(staff, http.MethodPost, "/api/v1/audit-runs", `{"portfolio_id":{portfolio}}`, nil); res.StatusCode != http.StatusCreated {
		t.Errorf("PMO staff audit their portfolio: %d %s", res.StatusCode, res.body)
	}
	if res := as(staff, http.MethodPost, "/api/v1/frameworks/dry-run", draftYAML(), yamlHeaders); res.StatusCode != http.StatusOK {
		t.Errorf("PMO staff dry-run a draft: %d %s", res.StatusCode, res.body)
	}
	for _, who := range []string{staff, pm} {
		if res := as(who, http.MethodPost, "/api/v1/frameworks", draftYAML(), yamlHeaders); res.StatusCode != http.StatusForbidden {
			t.Errorf("publish by a portfolio grant: %d %s", res.StatusCode, res.body)
		}
	}
	if res := as(pm, http.MethodPost, "/api/v1/waivers", waiverBody, nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a project manager grants a waiver: %d %s", res.StatusCode, res.body)
	}
	res := as(pm, http.MethodPost, "/api/v1/projects/{project}/gate-reviews", `{"gate":"G4"}`, nil)
	if res.StatusCode != http.StatusCreated || !strings.Contains(string(res.body), `"requested_by":"ann"`) {
		t.Fatalf("a project manager requests a gate: %d %s", res.StatusCode, res.body)
	}
	loc := res.Header.Get("Location")
	if res := as(pm, http.MethodPost, loc+"/decisions", `{"decision":"kill"}`, map[string]string{"If-Match": `"1"`}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a project manager decides: %d %s", res.StatusCode, res.body)
	}
	res = as(exec, http.MethodPost, loc+"/decisions", `{"decision":"recycle","comment":"rework the acceptance"}`, map[string]string{"If-Match": `"1"`})
	if res.StatusCode != http.StatusOK || !strings.Contains(string(res.body), `"decided_by":"eve"`) {
		t.Errorf("an executive decides: %d %s", res.StatusCode, res.body)
	}
	if res := as(pm, http.MethodPost, "/api/v1/rule-comments", `{"rule":"status-current","project_id":{project},"body":"x"}`, nil); res.StatusCode != http.StatusCreated {
		t.Errorf("a project manager comments: %d %s", res.StatusCode, res.body)
	}
	if res := as(pm, http.MethodPost, "/api/v1/rule-comments", `{"rule":"status-current","body":"x"}`, nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a comment about no project needs a grant on all: %d %s", res.StatusCode, res.body)
	}
}
