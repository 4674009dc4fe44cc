package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

func TestWaiverPages(t *testing.T) {
	e := mustEnv(t)
	mustPublishDefault(t, e)
	ctx := context.Background()
	pid := itoa(e.ids.project)
	fs, err := e.db.FindFindings(ctx, pmo.FindingFilter{ProjectID: e.ids.project, Open: true})
	if err != nil || len(fs) == 0 {
		t.Fatalf("PRJ-1 has no findings: %v", err)
	}
	rule := fs[0].Rule

	form := e.get(t, "/projects/"+pid+"/waivers/new?rule="+rule)
	wantIn(t, "the waiver form", form.body, `value="`+rule+`" selected`, `name="reason"`, `name="expires"`, `value="2027-02-25"`)

	post := func(v url.Values) response { return e.postForm(t, "/projects/"+pid+"/waivers", v) }
	for _, tc := range []struct {
		name  string
		v     url.Values
		field string
	}{
		{"no reason", url.Values{"rule": {rule}, "expires": {"2027-01-31"}}, "reason"},
		{"no expiry", url.Values{"rule": {rule}, "reason": {"x"}}, "expires"},
		{"not a date", url.Values{"rule": {rule}, "reason": {"x"}, "expires": {"soon"}}, "expires"},
		{"in the past", url.Values{"rule": {rule}, "reason": {"x"}, "expires": {"2026-01-31"}}, "expires"},
		{"unknown rule", url.Values{"rule": {"no-such-rule"}, "reason": {"x"}, "expires": {"2027-01-31"}}, "rule"},
	} {
		res := post(tc.v)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="`+tc.field+`-error"`) {
			t.Errorf("%s: %d, want the error beside %s", tc.name, res.StatusCode, tc.field)
		}
	}
	if ws, _ := e.db.FindWaivers(ctx, pmo.WaiverFilter{ProjectID: e.ids.project}); len(ws) != 0 {
		t.Fatalf("refused waivers were stored: %v", ws)
	}
	res := post(url.Values{"rule": {rule}, "reason": {"Covered at program level"}, "expires": {"2027-01-31"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/projects/"+pid+"/governance?saved=waiver" {
		t.Fatalf("grant: %d %s %.300s", res.StatusCode, res.Header.Get("Location"), res.body)
	}
	gov := e.get(t, "/projects/"+pid+"/governance?saved=waiver")
	wantIn(t, "the project's waivers", gov.body, "Waiver granted", "Covered at program level", "2027-01-31", `/revoke"`)

	// The next audit marks the finding waived.
	e.postForm(t, "/governance/audit", url.Values{})
	waived := e.get(t, "/governance/findings?state=waived")
	wantIn(t, "the waived findings", waived.body, "PRJ-1")

	ws, err := e.db.FindWaivers(ctx, pmo.WaiverFilter{ProjectID: e.ids.project})
	if err != nil || len(ws) != 1 {
		t.Fatalf("waivers: %v %v", ws, err)
	}
	if res := e.postForm(t, "/waivers/"+itoa(ws[0].ID)+"/revoke", url.Values{"version": {"7"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("revoke at a stale version: %d", res.StatusCode)
	}
	res = e.postForm(t, "/waivers/"+itoa(ws[0].ID)+"/revoke", url.Values{"version": {itoa(int64(ws[0].Version))}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d %.300s", res.StatusCode, res.body)
	}
	gov = e.get(t, "/projects/"+pid+"/governance?saved=revoked")
	wantIn(t, "after revoking", gov.body, "Waiver revoked", "No waiver.")
}

func TestRuleComments(t *testing.T) {
	e := mustEnv(t)
	mustPublishDefault(t, e)
	pid := itoa(e.ids.project)
	fs, err := e.db.FindFindings(context.Background(), pmo.FindingFilter{ProjectID: e.ids.project, Open: true})
	if err != nil || len(fs) == 0 {
		t.Fatalf("PRJ-1 has no findings: %v", err)
	}
	rule := fs[0].Rule
	page := e.get(t, "/governance/rules/"+rule+"?project_id="+pid)
	wantIn(t, "the rule page", page.body, "PRJ-1", `name="project_id" value="`+pid+`"`, "No comments yet", `id="rule-record"`)
	if res := e.do(t, http.MethodGet, "/governance/rules/no-such-rule", "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown rule: %d", res.StatusCode)
	}

	// A team member of the portfolio may comment; an empty comment is refused beside the field.
	mustUserToken(t, e.db, "team", pmo.ScopeReadWrite, pmo.Grant{Role: pmo.TeamMember, Scope: pmo.ScopePortfolio, ScopeID: e.ids.portfolio})
	c, csrf := e.browserSession(t, "team", "password-of-team")
	send := func(v url.Values) response {
		v.Set("csrf_token", csrf)
		return e.send(withCookie(formPost("/governance/rules/"+rule+"/comments", v), c))
	}
	if res := send(url.Values{"body": {"  "}, "project_id": {pid}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(res.body), `id="body-error"`) || !strings.Contains(string(res.body), `name="project_id" value="`+pid+`"`) {
		t.Errorf("empty comment: %d", res.StatusCode)
	}
	if res := send(url.Values{"body": {"x"}, "project_id": {"abc"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad project id: %d", res.StatusCode)
	}
	res := send(url.Values{"body": {"Our supplier reports monthly, not weekly."}, "project_id": {pid}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/projects/"+pid+"/governance?saved=comment") {
		t.Fatalf("comment: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	page = e.send(withCookie(httptest.NewRequest(http.MethodGet, "/governance/rules/"+rule, nil), c))
	wantIn(t, "the rule page after the comment", page.body, "Our supplier reports monthly", "team")
	home := e.get(t, "/governance")
	wantIn(t, "the home page's comment count", home.body, `href="/governance/rules/`+rule+`#comments">1</a>`)

	// Someone without a grant on the project may not comment about it.
	mustUserToken(t, e.db, "outsider", pmo.ScopeReadWrite, pmo.Grant{Role: pmo.TeamMember, Scope: pmo.ScopeProject, ScopeID: e.ids.project2})
	c2, csrf2 := e.browserSession(t, "outsider", "password-of-outsider")
	v := url.Values{"body": {"x"}, "project_id": {pid}, "csrf_token": {csrf2}}
	if res := e.send(withCookie(formPost("/governance/rules/"+rule+"/comments", v), c2)); res.StatusCode != http.StatusForbidden {
		t.Errorf("an outsider comments about PRJ-1: %d", res.StatusCode)
	}
}
