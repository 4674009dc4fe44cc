package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
)

// postForm sends a form with the administrator's token (no CSRF needed).
func (e *env) postForm(tb testing.TB, path string, v url.Values) response {
	tb.Helper()
	return e.send(e.auth(formPost(path, v)))
}

// mustPublishDefault publishes the built-in framework through the page and
// records an audit through the "run audit now" button.
func mustPublishDefault(t *testing.T, e *env) {
	t.Helper()
	res := e.postForm(t, "/governance/publish", url.Values{"document": {string(governance.DefaultYAML())}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/governance?saved=publish") {
		t.Fatalf("publish: %d %s %.300s", res.StatusCode, res.Header.Get("Location"), res.body)
	}
	res = e.postForm(t, "/governance/audit", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/governance/findings?saved=audit" {
		t.Fatalf("run audit: %d %s %.300s", res.StatusCode, res.Header.Get("Location"), res.body)
	}
}

func wantIn(t *testing.T, what string, body []byte, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(string(body), w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func TestGovernanceHomeAndPublish(t *testing.T) {
	e := mustEnv(t)
	ctx := context.Background()

	// Before anything is published the home page says so and offers the
	// built-in framework to the PMO.
	home := e.get(t, "/governance")
	wantIn(t, "the empty home page", home.body, "No framework published yet", `href="/governance/draft?from=default"`)

	// A draft with errors is refused with line and column and never stored.
	bad := "version: \"1\"\nname: Broken\nbogus: 1\nstages:\n  - {id: a, name: A}\n"
	res := e.postForm(t, "/governance/publish", url.Values{"document": {bad}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("publish a broken draft: %d", res.StatusCode)
	}
	wantIn(t, "the refused draft", res.body, "line 3, column 1", "bogus", "was not published", "name: Broken")
	if _, err := e.db.CurrentFramework(ctx); pmo.ErrorKind(err) != pmo.NotFound {
		t.Fatalf("a broken draft was stored: %v", err)
	}
	res = e.postForm(t, "/governance/publish", url.Values{"document": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "Paste a framework document") {
		t.Errorf("publish an empty draft: %d %.200s", res.StatusCode, res.body)
	}

	mustPublishDefault(t, e)
	fw := governance.Default()
	home = e.get(t, "/governance?saved=publish")
	wantIn(t, "the home page", home.body, "Framework version published", fw.Name, `id="rules"`, `id="gates"`,
		"Version 1 · “"+fw.Version+"”", "Run audit now", "Last audit", "1 × approval by Sponsor", "Filled in: project.sponsor, project.description")
	for _, r := range fw.Rules {
		wantIn(t, "the rules table", home.body, `id="rule-`+r.ID+`"`, `sev-`+string(r.Severity))
	}
	// Publishing the same document again is refused beside the document.
	res = e.postForm(t, "/governance/publish", url.Values{"document": {string(governance.DefaultYAML())}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("republish: %d", res.StatusCode)
	}

	// A second version: one rule fewer. The diff names it; the version
	// page shows the document.
	second := strings.Replace(string(governance.DefaultYAML()), `version: "`+fw.Version+`"`, `version: "next"`, 1)
	second = dropRule(t, second, fw.Rules[0].ID)
	res = e.postForm(t, "/governance/publish", url.Values{"document": {second}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish the second version: %d %.500s", res.StatusCode, res.body)
	}
	diff := e.get(t, "/governance/diff")
	wantIn(t, "the diff", diff.body, "From version 1", "to version 2", "chg-removed", fw.Rules[0].ID)
	vs, err := e.db.FindFrameworks(ctx)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions: %v %v", vs, err)
	}
	page := e.get(t, "/governance/versions/"+itoa(vs[0].ID))
	wantIn(t, "the version page", page.body, "version: &#34;next&#34;", vs[0].Hash)
	if res := e.do(t, http.MethodGet, "/governance/diff?a=x", "", nil); res.StatusCode != http.StatusBadRequest {
		t.Errorf("diff with a bad id: %d", res.StatusCode)
	}
	if res := e.do(t, http.MethodGet, "/governance/versions/999", "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("missing version: %d", res.StatusCode)
	}
}

// dropRule removes one rule's block from a framework document.
func dropRule(t *testing.T, doc, id string) string {
	t.Helper()
	start := strings.Index(doc, "  - id: "+id+"\n")
	if start < 0 {
		t.Fatalf("no rule %s in the document", id)
	}
	end := strings.Index(doc[start+1:], "\n  - id: ")
	if end < 0 {
		return doc[:start]
	}
	return doc[:start] + doc[start+1+end+1:]
}

func TestGovernanceDryRun(t *testing.T) {
	e := mustEnv(t)
	mustPublishDefault(t, e)
	findings, err := e.db.FindFindings(context.Background(), pmo.FindingFilter{Open: true})
	if err != nil || len(findings) == 0 {
		t.Fatalf("the seeded portfolio has no findings (%v)", err)
	}
	draft := dropRule(t, string(governance.DefaultYAML()), findings[0].Rule)
	res := e.postForm(t, "/governance/dry-run", url.Values{"document": {draft}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("dry run: %d %.300s", res.StatusCode, res.body)
	}
	wantIn(t, "the dry run", res.body, `id="dry-run-result"`, "Findings that would go (", "chg-removed", findings[0].Rule, "With the draft")
	if strings.Contains(string(res.body), "Findings that would go (0)") {
		t.Error("dropping a failing rule makes no finding go")
	}
	// A dry run stores nothing.
	vs, err := e.db.FindFrameworks(context.Background())
	if err != nil || len(vs) != 1 {
		t.Errorf("after a dry run: %d versions, %v", len(vs), err)
	}
	// A draft whose rule does not compile is refused with its place.
	broken := strings.Replace(string(governance.DefaultYAML()), "check: ", "check: nosuchthing && ", 1)
	res = e.postForm(t, "/governance/dry-run", url.Values{"document": {broken}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "nosuchthing") ||
		!strings.Contains(string(res.body), "column") {
		t.Errorf("dry run of a broken draft: %d %.300s", res.StatusCode, res.body)
	}
}

func TestFindingsPage(t *testing.T) {
	e := mustEnv(t)
	mustPublishDefault(t, e)
	all, err := e.db.FindFindings(context.Background(), pmo.FindingFilter{Open: true})
	if err != nil || len(all) == 0 {
		t.Fatalf("no findings: %v", err)
	}
	page := e.get(t, "/governance/findings?saved=audit")
	wantIn(t, "the findings page", page.body, "Audit recorded", `id="findings"`, "PRJ-1", `/projects/`+itoa(e.ids.project)+`/governance`,
		`name="severity"`, `name="manager"`, `name="stage"`, `name="program"`, `name="rule"`, `name="portfolio_id"`, `name="state"`)

	// The rule filter keeps that rule's findings only.
	f := all[0]
	page = e.get(t, "/governance/findings?rule="+url.QueryEscape(f.Rule))
	n := strings.Count(string(page.body), `<a href="/governance/rules/`)
	want := 0
	for _, x := range all {
		if x.Rule == f.Rule && !x.Waived {
			want++
		}
	}
	if n != want {
		t.Errorf("rule filter: %d rows, want %d", n, want)
	}
	page = e.get(t, "/governance/findings?manager=Nobody")
	wantIn(t, "a filter nothing matches", page.body, "No finding matches", "0 findings match")

	csv := e.get(t, "/governance/findings.csv?manager=Ada")
	if ct := csv.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("CSV content type %q", ct)
	}
	lines := strings.Split(strings.TrimSpace(string(csv.body)), "\n")
	if !strings.HasPrefix(lines[0], "Project,Project name,Rule,Title,Severity,State") || len(lines) < 2 {
		t.Errorf("CSV:\n%s", csv.body)
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "PRJ-1,") {
			t.Errorf("CSV of Ada's findings has %q", l)
		}
	}
	if res := e.do(t, http.MethodGet, "/governance/findings?state=closed", "", nil); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(string(res.body), "state") {
		t.Errorf("bad state: %d %.200s", res.StatusCode, res.body)
	}
}

func TestGovernanceForbidden(t *testing.T) {
	e := mustEnv(t)
	mustPublishDefault(t, e)
	pf := pmo.Grant{Scope: pmo.ScopePortfolio, ScopeID: e.ids.portfolio}
	exec, pm := pf, pf
	exec.Role, pm.Role = pmo.Executive, pmo.ProjectManager
	mustUserToken(t, e.db, "exec", pmo.ScopeReadWrite, exec)
	mustUserToken(t, e.db, "pm", pmo.ScopeReadWrite, pm)
	for _, who := range []string{"exec", "pm"} {
		c, csrf := e.browserSession(t, who, "password-of-"+who)
		before := e.writes(t)
		for _, path := range []string{"/governance/publish", "/governance/audit", "/governance/dry-run"} {
			res := e.send(withCookie(formPost(path, url.Values{"csrf_token": {csrf}, "document": {"x"}}), c))
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: %d", who, path, res.StatusCode)
			}
		}
		if e.writes(t) != before {
			t.Errorf("%s's refused posts wrote", who)
		}
		home := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/governance", nil), c))
		if home.StatusCode != http.StatusOK || strings.Contains(string(home.body), "Run audit now") ||
			strings.Contains(string(home.body), "Draft a new version") {
			t.Errorf("%s sees the PMO's buttons: %d", who, home.StatusCode)
		}
	}
	// Without the CSRF token a signed-in PMO member is refused too.
	mustUserToken(t, e.db, "pmo", pmo.ScopeReadWrite, pmo.Grant{Role: pmo.PMOStaff, Scope: pmo.ScopeAll})
	c, _ := e.browserSession(t, "pmo", "password-of-pmo")
	if res := e.send(withCookie(formPost("/governance/audit", url.Values{}), c)); res.StatusCode != http.StatusForbidden {
		t.Errorf("audit without CSRF: %d", res.StatusCode)
	}
}

func TestInsightsPage(t *testing.T) {
	e := mustEnv(t)
	mustPublishDefault(t, e)
	// Two more audits make the trend a line and the findings chronic.
	for range 2 {
		e.postForm(t, "/governance/audit", url.Values{})
	}
	page := e.get(t, "/governance/insights")
	wantIn(t, "the insights", page.body, `id="by-rule"`, `id="by-program"`, `id="by-manager"`, `id="by-stage"`,
		"Open findings by rule", "Open and waived findings per recorded audit", `class="trend-line `, "PRJ-1", `id="never-failed"`, `id="always-waived"`,
		`href="/governance/findings?manager=Ada"`)
	if n := strings.Count(string(page.body), `class="trend-dot "`); n != 3 {
		t.Errorf("%d points on the open line, want one per audit (3)", n)
	}
	if !strings.Contains(string(page.body), `<a href="/projects/`+itoa(e.ids.project)+`/governance">PRJ-1</a>`) {
		t.Error("PRJ-1 is not chronic after three audits")
	}
	if res := e.do(t, http.MethodGet, "/governance/insights?portfolio_id=x", "", nil); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad portfolio: %d", res.StatusCode)
	}
	// A reader of one portfolio sees no trend (runs count every portfolio).
	tok := mustUserToken(t, e.db, "reader", pmo.ScopeRead, pmo.Grant{Role: pmo.TeamMember, Scope: pmo.ScopePortfolio, ScopeID: e.ids.portfolio})
	res := e.do(t, http.MethodGet, "/governance/insights", "", map[string]string{"Authorization": "Bearer " + tok})
	if res.StatusCode != http.StatusOK || strings.Contains(string(res.body), "trend-line") || !strings.Contains(string(res.body), "PRJ-1") {
		t.Errorf("a portfolio reader's insights: %d", res.StatusCode)
	}
}

// TestPublishUpload publishes a YAML file uploaded by a signed-in PMO
// member through the multipart form, CSRF token included.
func TestPublishUpload(t *testing.T) {
	e := mustEnv(t)
	mustUserToken(t, e.db, "pmo", pmo.ScopeReadWrite, pmo.Grant{Role: pmo.PMOStaff, Scope: pmo.ScopeAll})
	c, csrf := e.browserSession(t, "pmo", "password-of-pmo")
	upload := func(withToken bool, doc string) response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		if withToken {
			_ = mw.WriteField("csrf_token", csrf)
		}
		_ = mw.WriteField("document", "ignored when a file is chosen")
		fw, _ := mw.CreateFormFile("file", "acme.yaml")
		_, _ = fw.Write([]byte(doc))
		_ = mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/governance/publish", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return e.send(withCookie(req, c))
	}
	if res := upload(false, string(governance.DefaultYAML())); res.StatusCode != http.StatusForbidden {
		t.Errorf("upload without CSRF token: %d", res.StatusCode)
	}
	res := upload(true, "version: \"1\"\nname: [\n")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "line ") {
		t.Errorf("broken upload: %d %.300s", res.StatusCode, res.body)
	}
	wantIn(t, "the refused upload", res.body, "acme.yaml")
	if res := upload(true, string(governance.DefaultYAML())); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %.300s", res.StatusCode, res.body)
	}
	v, err := e.db.CurrentFramework(context.Background())
	if err != nil || v.Document != string(governance.DefaultYAML()) || v.PublishedBy != "pmo" {
		t.Errorf("published %v by %q (%v)", v != nil, v.PublishedBy, err)
	}
}

// TestPortfolioAudit: PMO staff of one portfolio audit that portfolio
// from the findings page, not every portfolio nor another one.
func TestPortfolioAudit(t *testing.T) {
	e := mustEnv(t)
	mustPublishDefault(t, e)
	pf := itoa(e.ids.portfolio)
	mustUserToken(t, e.db, "pmo1", pmo.ScopeReadWrite, pmo.Grant{Role: pmo.PMOStaff, Scope: pmo.ScopePortfolio, ScopeID: e.ids.portfolio})
	c, csrf := e.browserSession(t, "pmo1", "password-of-pmo1")
	page := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/governance/findings?portfolio_id="+pf, nil), c))
	wantIn(t, "the portfolio's findings", page.body, "Audit this portfolio now", `name="portfolio_id" value="`+pf+`"`)
	if page := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/governance/findings", nil), c)); strings.Contains(string(page.body), `id="run-audit"`) {
		t.Error("a portfolio's PMO member is offered an audit of everything")
	}
	runs := func() int {
		rs, err := e.db.FindAuditRuns(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(rs)
	}
	before := runs()
	for _, v := range []url.Values{{}, {"portfolio_id": {"999"}}} {
		v.Set("csrf_token", csrf)
		if res := e.send(withCookie(formPost("/governance/audit", v), c)); res.StatusCode != http.StatusForbidden {
			t.Errorf("audit %v: %d", v, res.StatusCode)
		}
	}
	res := e.send(withCookie(formPost("/governance/audit", url.Values{"csrf_token": {csrf}, "portfolio_id": {pf}}), c))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/governance/findings?saved=audit&portfolio_id="+pf {
		t.Fatalf("audit of the portfolio: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if got := runs(); got != before+1 {
		t.Errorf("%d runs after one audit, had %d", got, before)
	}
	if res := e.send(withCookie(formPost("/governance/audit", url.Values{"csrf_token": {csrf}, "portfolio_id": {"x"}}), c)); res.StatusCode != http.StatusBadRequest {
		t.Errorf("audit of portfolio x: %d", res.StatusCode)
	}
}
