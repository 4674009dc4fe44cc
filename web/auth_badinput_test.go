package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
	"github.com/pmohq/pmo/web"
)

// send serves req on e's server without any credentials but those set.
func (e *env) send(req *http.Request) response {
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return response{res, b}
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// browserSession signs name in through the sign-in form, as a browser
// would, and returns the session cookie and the CSRF token of its forms.
func (e *env) browserSession(t *testing.T, name, password string) (*http.Cookie, string) {
	t.Helper()
	login := e.send(httptest.NewRequest(http.MethodGet, "/login", nil))
	m := csrfField.FindSubmatch(login.body)
	if m == nil || len(login.Cookies()) == 0 {
		t.Fatalf("sign-in form without CSRF token: %s", login.body)
	}
	form := url.Values{"name": {name}, "password": {password}, "csrf_token": {string(m[1])}, "next": {"/projects"}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(login.Cookies()[0])
	res := e.send(req)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/projects" {
		t.Fatalf("sign in as %s: %d %s %s", name, res.StatusCode, res.Header.Get("Location"), res.body)
	}
	for _, c := range res.Cookies() {
		if c.Name == "__Host-pmo_session" {
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
				t.Errorf("session cookie lacks protection: %+v", c)
			}
			page := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/account", nil), c))
			m := csrfField.FindSubmatch(page.body)
			if page.StatusCode != http.StatusOK || m == nil {
				t.Fatalf("account page: %d %s", page.StatusCode, page.body)
			}
			return c, string(m[1])
		}
	}
	t.Fatalf("no session cookie in %v", res.Cookies())
	return nil, ""
}

func withCookie(req *http.Request, c *http.Cookie) *http.Request {
	req.AddCookie(c)
	return req
}

func formPost(path string, v url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// auditCount counts the records of the trail with action.
func (e *env) auditCount(t *testing.T, action string) int {
	t.Helper()
	_, page, err := e.db.FindAuditRecords(context.Background(), pmo.AuditFilter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

// writes counts the audit records of writes: a refused request must leave
// this unchanged.
func (e *env) writes(t *testing.T) int {
	n := 0
	for _, a := range []string{pmo.AuditCreate, pmo.AuditUpdate, pmo.AuditDelete, pmo.AuditTransition, "correct"} {
		n += e.auditCount(t, a)
	}
	return n
}

func TestSessions(t *testing.T) {
	e := mustEnv(t)
	cookie, csrf := e.browserSession(t, "admin", "password-of-admin")
	risk := e.expand("/risks/{risk}")
	good := url.Values{"title": {"Supplier late"}, "owner": {"Ada"}, "probability": {"3"}, "impact": {"4"},
		"status": {"open"}, "kind": {"threat"}, "version": {"1"}, "level": {"project"}}
	before := e.writes(t)
	denials := e.auditCount(t, pmo.AuditDenied)

	// Forged and missing CSRF tokens are refused and change nothing.
	for _, token := range []string{"", "forged", csrf + "x"} {
		v := url.Values{}
		for k, vs := range good {
			v[k] = vs
		}
		if token != "" {
			v.Set("csrf_token", token)
		}
		res := e.send(withCookie(formPost(risk, v), cookie))
		if res.StatusCode != http.StatusForbidden || !strings.Contains(string(res.body), "CSRF") {
			t.Errorf("CSRF token %q: %d", token, res.StatusCode)
		}
	}
	if e.writes(t) != before || e.auditCount(t, pmo.AuditDenied) != denials+3 {
		t.Errorf("forged CSRF: writes %d -> %d, denials %d -> %d", before, e.writes(t), denials, e.auditCount(t, pmo.AuditDenied))
	}
	// The right token saves.
	good.Set("csrf_token", csrf)
	if res := e.send(withCookie(formPost(risk, good), cookie)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("with CSRF token: %d %s", res.StatusCode, res.body)
	}
	// JSON writes with the session need the X-CSRF-Token header.
	req := httptest.NewRequest(http.MethodPost, "/api/v1/portfolios", strings.NewReader(`{"code":"CSRF","name":"x"}`))
	req.Header.Set("Content-Type", "application/json")
	if res := e.send(withCookie(req, cookie)); res.StatusCode != http.StatusForbidden {
		t.Errorf("API write with a session and no CSRF header: %d", res.StatusCode)
	}

	// Tampered cookies count as none.
	for _, v := range []string{cookie.Value + "A", "A" + cookie.Value[1:], "", strings.Repeat("x", 4000)} {
		c := &http.Cookie{Name: cookie.Name, Value: v}
		res := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/projects", nil), c))
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("tampered cookie %.10q: %d", v, res.StatusCode)
		}
		api := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/api/v1/projects", nil), c))
		if api.StatusCode != http.StatusUnauthorized || api.Header.Get("WWW-Authenticate") == "" ||
			api.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("tampered cookie on the API: %d %v", api.StatusCode, api.Header)
		}
	}

	// After logout the session is dead: replaying the cookie fails.
	if res := e.send(withCookie(formPost("/logout", url.Values{"csrf_token": {csrf}}), cookie)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d %s", res.StatusCode, res.body)
	}
	if res := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/projects", nil), cookie)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("replayed session after logout: %d", res.StatusCode)
	}

	// An expired session is refused.
	u, err := e.db.FindUserByName(context.Background(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := e.db.CreateSession(context.Background(), u.ID, -time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Cookie{Name: cookie.Name, Value: secret}
	if res := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/projects", nil), c)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("expired session: %d", res.StatusCode)
	}
}

func TestSignInFailures(t *testing.T) {
	e := mustEnv(t)
	login := e.send(httptest.NewRequest(http.MethodGet, "/login", nil))
	token := string(csrfField.FindSubmatch(login.body)[1])
	try := func(name, password, csrf string) response {
		req := formPost("/login", url.Values{"name": {name}, "password": {password}, "csrf_token": {csrf}})
		req.AddCookie(login.Cookies()[0])
		return e.send(req)
	}
	if res := try("admin", "password-of-admin", "forged"); res.StatusCode != http.StatusForbidden {
		t.Errorf("forged sign-in CSRF: %d", res.StatusCode)
	}
	// After signing in, only local paths are followed (no open redirect).
	for _, next := range []string{"//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:alert(1)"} {
		req := formPost("/login", url.Values{"name": {"admin"}, "password": {"password-of-admin"}, "csrf_token": {token}, "next": {next}})
		req.AddCookie(login.Cookies()[0])
		if res := e.send(req); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Errorf("next=%q: %d to %q", next, res.StatusCode, res.Header.Get("Location"))
		}
	}
	failed := e.auditCount(t, pmo.AuditSignInFail)
	for i := range 5 {
		if res := try("admin", fmt.Sprintf("guess %d", i), token); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("wrong password %d: %d", i, res.StatusCode)
		}
	}
	// Throttled now, even with the right password.
	res := try("admin", "password-of-admin", token)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("sixth attempt: %d %v", res.StatusCode, res.Header)
	}
	if got := e.auditCount(t, pmo.AuditSignInFail); got != failed+5 {
		t.Errorf("failed sign-ins recorded: %d, want %d (throttled attempts are not)", got, failed+5)
	}
	// Another account from the same address still gets in, until the
	// address has failed too often.
	mustUserToken(t, e.db, "bob", pmo.ScopeRead, pmo.Grant{Role: pmo.TeamMember, Scope: pmo.ScopeAll})
	if res := try("bob", "password-of-bob", token); res.StatusCode != http.StatusSeeOther {
		t.Errorf("other account: %d", res.StatusCode)
	}
	for i := range 30 {
		try(fmt.Sprintf("nobody%d", i), "x", token)
	}
	if res := try("bob", "password-of-bob", token); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("address throttle: %d", res.StatusCode)
	}
	// Passwords never reach the trail.
	recs, _, _ := e.db.FindAuditRecords(context.Background(), pmo.AuditFilter{ListOptions: pmo.ListOptions{Limit: 500}})
	for _, r := range recs {
		if strings.Contains(string(r.Diff), "password-of") || strings.Contains(string(r.Diff), "guess") {
			t.Errorf("audit record %d holds a password: %s", r.ID, r.Diff)
		}
	}
}

func TestTokensRefused(t *testing.T) {
	now := testNow
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "pmo.db"), store.WithNow(clock))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv := web.New(db, web.Options{Now: clock})
	ctx := context.Background()
	u := &pmo.User{Name: "ci", Grants: []pmo.Grant{{Role: pmo.Administrator, Scope: pmo.ScopeAll}}}
	if err := db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	short := &pmo.Token{UserID: u.ID, ExpiresAt: now.Add(time.Hour)}
	revoked := &pmo.Token{UserID: u.ID}
	for _, tk := range []*pmo.Token{short, revoked} {
		if err := db.CreateToken(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RevokeToken(ctx, u.ID, revoked.ID); err != nil {
		t.Fatal(err)
	}
	get := func(auth string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/projects", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	if rec := get("Bearer " + short.Secret); rec.Code != http.StatusOK {
		t.Fatalf("live token: %d", rec.Code)
	}
	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	for name, auth := range map[string]string{"expired": "Bearer " + short.Secret, "revoked": "Bearer " + revoked.Secret,
		"forged": "Bearer pmo_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "basic": "Basic YWRtaW46YWRtaW4=", "empty": "Bearer "} {
		rec := get(auth)
		if rec.Code != http.StatusUnauthorized || !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s token: %d %v", name, rec.Code, rec.Header())
		}
		if strings.Contains(rec.Body.String(), "pmo_") {
			t.Errorf("%s token echoed: %s", name, rec.Body)
		}
	}
}

// TestRequesterTriesEveryWrite sends every write operation of the API
// document as a requester: only raising a change request gets through,
// and the rest leave nothing but a record of the refusal.
func TestRequesterTriesEveryWrite(t *testing.T) {
	e := mustEnv(t)
	requester := mustUserToken(t, e.db, "quinn", pmo.ScopeReadWrite,
		pmo.Grant{Role: pmo.Requester, Scope: pmo.ScopeProject, ScopeID: e.ids.project})
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	decode(t, e.get(t, "/api/openapi.json"), &doc)
	before, denials := e.writes(t), e.auditCount(t, pmo.AuditDenied)
	tried := 0
	ids := strings.NewReplacer("{id}", fmt.Sprint(e.ids.project), "{code}", "PRJ-1")
	body := fmt.Sprintf(`{"project_id":%d,"portfolio_id":%d,"title":"x","to":"approved"}`, e.ids.project, e.ids.portfolio)
	for path, ops := range doc.Paths {
		for method := range ops {
			method = strings.ToUpper(method)
			if method == http.MethodGet {
				continue
			}
			b := body
			if path == "/api/v1/change-requests" {
				b = fmt.Sprintf(`{"project_id":%d,"title":"Please add SSO","requested_by":"Quinn"}`, e.ids.project)
			}
			res := e.do(t, method, ids.Replace(path), b, map[string]string{"Authorization": "Bearer " + requester, "If-Match": `"1"`})
			allowed := res.StatusCode != http.StatusForbidden
			want := path == "/api/v1/change-requests" && method == http.MethodPost ||
				slices.Contains([]string{"/api/v1/tokens", "/api/v1/tokens/{id}", "/api/v1/me/password"}, path)
			if allowed != want {
				t.Errorf("requester %s %s: %d %s", method, path, res.StatusCode, res.body)
			}
			if !want {
				tried++
			}
		}
	}
	if tried < 30 {
		t.Errorf("only %d write operations tried", tried)
	}
	// One change request was raised; nothing else changed.
	if got := e.writes(t); got != before+1 {
		t.Errorf("writes %d -> %d, want one (the change request)", before, got)
	}
	if got := e.auditCount(t, pmo.AuditDenied); got != denials+tried {
		t.Errorf("denials recorded %d, want %d", got-denials, tried)
	}
}

// TestExecutiveCannotEdit: an executive sees and decides, and edits nothing.
func TestExecutiveCannotEdit(t *testing.T) {
	e := mustEnv(t)
	exec := mustUserToken(t, e.db, "emery", pmo.ScopeReadWrite, pmo.Grant{Role: pmo.Executive, Scope: pmo.ScopeAll})
	as := map[string]string{"Authorization": "Bearer " + exec, "If-Match": `"1"`}
	project := e.expand("/api/v1/projects/{project}")
	if res := e.do(t, "GET", project, "", as); res.StatusCode != http.StatusOK {
		t.Errorf("executive reads a project: %d", res.StatusCode)
	}
	before := e.writes(t)
	for _, c := range []struct{ method, url, body string }{
		{"PATCH", project, `{"name":"Renamed by the board"}`},
		{"DELETE", project, ""},
		{"POST", e.expand("/projects/{project}/status"), ""},
		{"POST", e.expand("/api/v1/change-requests/{change}/transitions"), `{"to":"submitted"}`},
	} {
		if res := e.do(t, c.method, c.url, c.body, as); res.StatusCode != http.StatusForbidden {
			t.Errorf("executive %s %s: %d", c.method, c.url, res.StatusCode)
		}
	}
	if e.writes(t) != before {
		t.Error("an executive's edit left a trace besides the denial")
	}
}

// injections are strings that would do harm if pasted into SQL or HTML.
var injections = []string{
	`'; DROP TABLE projects; --`,
	`" OR "1"="1`,
	`1) OR (1=1`,
	`%' OR 1=1 --`,
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`{{.CSRF}}`,
}

// TestInjection stores hostile strings in text fields, finds them with
// every free-text filter, and shows them: verbatim in JSON, escaped in
// pages, never executed.
func TestInjection(t *testing.T) {
	e := mustEnv(t)
	for i, s := range injections {
		body := fmt.Sprintf(`{"portfolio_id":%d,"code":"INJ-%d","name":%q,"description":%q,"sponsor":%q,"manager":%q}`,
			e.ids.portfolio, i, s, s, s, s)
		res := e.do(t, "POST", "/api/v1/projects", body, nil)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create with %q: %d %s", s, res.StatusCode, res.body)
		}
		var p pmo.Project
		decode(t, res, &p)
		if p.Name != s || p.Description != s || p.Manager != s {
			t.Errorf("stored %q as %+v", s, p)
		}
		risk := fmt.Sprintf(`{"project_id":%d,"title":%q,"description":%q,"owner":%q,"probability":2,"impact":2}`, p.ID, s, s, s)
		if res := e.do(t, "POST", "/api/v1/risks", risk, nil); res.StatusCode != http.StatusCreated {
			t.Fatalf("risk with %q: %d %s", s, res.StatusCode, res.body)
		}
		page := string(e.get(t, fmt.Sprintf("/projects/%d", p.ID)).body)
		if strings.Contains(page, "<script>alert(1)") || strings.Contains(page, "<img src=x") {
			t.Errorf("project page does not escape %q", s)
		}
		for _, list := range []string{"/projects", "/risks", "/audit"} {
			page := string(e.get(t, list+"?"+url.Values{"q": {s}}.Encode()).body)
			if strings.Contains(page, "<script>alert(1)") || strings.Contains(page, "<img src=x") {
				t.Errorf("%s does not escape %q", list, s)
			}
		}
	}
	// Every free-text filter takes the strings as data: no error, and they
	// find what holds them.
	for _, s := range injections {
		q := url.QueryEscape(s)
		for _, path := range []string{"/api/v1/projects?q=" + q, "/api/v1/risks?q=" + q, "/api/v1/portfolios?q=" + q,
			"/api/v1/programs?q=" + q, "/api/v1/change-requests?q=" + q, "/api/v1/risks?owner=" + q,
			"/api/v1/projects?tag=" + q, "/api/v1/audit?actor=" + q, "/api/v1/audit?entity=" + q,
			"/api/v1/audit?action=" + q, "/projects?q=" + q, "/api/v1/projects?sort=" + q} {
			res := e.do(t, "GET", path, "", nil)
			if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusBadRequest {
				t.Errorf("GET %s: %d %s", path, res.StatusCode, res.body)
			}
		}
		var list struct{ Total int }
		decode(t, e.get(t, "/api/v1/projects?q="+url.QueryEscape(s)), &list)
		if list.Total != 1 {
			t.Errorf("q=%q finds %d projects, want 1", s, list.Total)
		}
	}
	// Every query parameter of every GET operation in the API document
	// takes them too: answered 200 or 400, never a server error.
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name, In string } `json:"parameters"`
		} `json:"paths"`
	}
	decode(t, e.get(t, "/api/openapi.json"), &doc)
	ids := strings.NewReplacer("{id}", fmt.Sprint(e.ids.project), "{code}", "PRJ-1")
	checked := 0
	for path, ops := range doc.Paths {
		for _, p := range ops["get"].Parameters {
			if p.In != "query" {
				continue
			}
			for _, s := range injections {
				u := ids.Replace(path) + "?" + url.Values{p.Name: {s}}.Encode()
				res := e.do(t, "GET", u, "", nil)
				if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusBadRequest {
					t.Errorf("GET %s: %d %.200s", u, res.StatusCode, res.body)
				}
				checked++
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d filter values tried", checked)
	}
	// The tables are all still there.
	var all struct{ Total int }
	decode(t, e.get(t, "/api/v1/projects?limit=1"), &all)
	if all.Total != 2+len(injections) {
		t.Errorf("projects: %d", all.Total)
	}
	var rec map[string]any
	decode(t, e.get(t, "/api/v1/audit?entity=project&action=create&limit=1"), &rec)
	if b, _ := json.Marshal(rec); !strings.Contains(string(b), "INJ-") {
		t.Errorf("audit of the hostile create: %s", b)
	}
}

// TestSecurityHeaders checks the hardening headers on pages, the API and errors.
func TestSecurityHeaders(t *testing.T) {
	e := mustEnv(t)
	for _, path := range []string{"/", "/api/v1/projects", "/nowhere", "/api/v1/nowhere", "/login", "/static/app.css"} {
		res := e.do(t, "GET", path, "", nil)
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
			strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, h)
		}
		if h.Get("X-Request-Id") == "" {
			t.Errorf("%s: no request id", path)
		}
	}
}

// TestPasswordChangePage changes a password through the account page: the
// old session ends, a new one starts, and only the new password signs in.
func TestPasswordChangePage(t *testing.T) {
	e := mustEnv(t)
	mustUserToken(t, e.db, "carol", pmo.ScopeRead, pmo.Grant{Role: pmo.TeamMember, Scope: pmo.ScopeAll})
	cookie, csrf := e.browserSession(t, "carol", "password-of-carol")
	change := func(old, new, confirm string) response {
		return e.send(withCookie(formPost("/account/password", url.Values{"csrf_token": {csrf},
			"old_password": {old}, "new_password": {new}, "confirm_password": {confirm}}), cookie))
	}
	for _, c := range [][3]string{{"wrong", "a brand new password", "a brand new password"},
		{"password-of-carol", "short", "short"}, {"password-of-carol", "a brand new password", "another one"}} {
		if res := change(c[0], c[1], c[2]); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("change %q: %d", c, res.StatusCode)
		}
	}
	res := change("password-of-carol", "a brand new password", "a brand new password")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account?saved=password" || len(res.Cookies()) == 0 {
		t.Fatalf("change: %d %v", res.StatusCode, res.Header)
	}
	if res := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/account", nil), cookie)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("old session after the change: %d", res.StatusCode)
	}
	if res := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/account", nil), res.Cookies()[0])); res.StatusCode != http.StatusOK {
		t.Errorf("new session: %d", res.StatusCode)
	}
	if _, err := e.db.Authenticate(context.Background(), "carol", "a brand new password"); err != nil {
		t.Errorf("new password: %v", err)
	}
}

// TestRequesterLandsOnAccount: a requester, who sees no dashboard, lands on
// the account page with links to raise requests, and can raise one.
func TestRequesterLandsOnAccount(t *testing.T) {
	e := mustEnv(t)
	mustUserToken(t, e.db, "quinn", pmo.ScopeRead, pmo.Grant{Role: pmo.Requester, Scope: pmo.ScopeProject, ScopeID: e.ids.project})
	login := e.send(httptest.NewRequest(http.MethodGet, "/login", nil))
	req := formPost("/login", url.Values{"name": {"quinn"}, "password": {"password-of-quinn"},
		"csrf_token": {string(csrfField.FindSubmatch(login.body)[1])}})
	req.AddCookie(login.Cookies()[0])
	res := e.send(req)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account" {
		t.Fatalf("requester signs in to %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "__Host-pmo_session" {
			cookie = c
		}
	}
	page := e.send(withCookie(httptest.NewRequest(http.MethodGet, "/account", nil), cookie))
	if !strings.Contains(string(page.body), e.expand(`href="/projects/{project}/changes/new"`)) {
		t.Errorf("account page lacks the request link: %s", page.body)
	}
	form := e.send(withCookie(httptest.NewRequest(http.MethodGet, e.expand("/projects/{project}/changes/new"), nil), cookie))
	if form.StatusCode != http.StatusOK {
		t.Errorf("request form: %d", form.StatusCode)
	}
	if res := e.send(withCookie(httptest.NewRequest(http.MethodGet, e.expand("/projects/{project}"), nil), cookie)); res.StatusCode != http.StatusForbidden {
		t.Errorf("requester reads the project page: %d", res.StatusCode)
	}
}

// TestScriptInjectionShown puts a script in every kind of record a page
// shows and checks every page shows it escaped.
func TestScriptInjectionShown(t *testing.T) {
	e := mustEnv(t)
	const xss = `<script>alert(1)</script><img src=x onerror=alert(2)>`
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	p := e.ids.project
	creates := []struct{ path, body string }{
		{"/api/v1/risks", fmt.Sprintf(`{"project_id":%d,"title":%s,"description":%s,"owner":%s,"probability":2,"impact":2}`, p, q(xss), q(xss), q(xss))},
		{"/api/v1/issues", fmt.Sprintf(`{"project_id":%d,"title":%s,"owner":%s}`, p, q(xss), q(xss))},
		{"/api/v1/actions", fmt.Sprintf(`{"project_id":%d,"title":%s,"owner":%s}`, p, q(xss), q(xss))},
		{"/api/v1/decisions", fmt.Sprintf(`{"project_id":%d,"title":%s,"owner":%s}`, p, q(xss), q(xss))},
		{"/api/v1/milestones", fmt.Sprintf(`{"project_id":%d,"name":%s,"baseline":"2027-01-04"}`, p, q(xss))},
		{"/api/v1/dependencies", fmt.Sprintf(`{"project_id":%d,"to_project_id":%d,"title":%s,"deliverable":%s,"need_by":"2027-01-04","owner":"x"}`, p, e.ids.project2, q(xss), q(xss))},
		{"/api/v1/change-requests", fmt.Sprintf(`{"project_id":%d,"title":%s,"description":%s,"justification":%s,"requested_by":%s}`, p, q(xss), q(xss), q(xss), q(xss))},
		{e.expand("/api/v1/projects/{project2}/status-reports"), fmt.Sprintf(`{"period":"2026-W47","schedule":"green","cost":"green","scope":"green","risk":"green","summary":%s,"achievements":%s,"next_steps":%s,"decisions_needed":%s}`, q(xss), q(xss), q(xss), q(xss))},
	}
	for _, c := range creates {
		if res := e.do(t, "POST", c.path, c.body, nil); res.StatusCode != http.StatusCreated {
			t.Fatalf("POST %s: %d %s", c.path, res.StatusCode, res.body)
		}
	}
	res := e.do(t, "PATCH", e.expand("/api/v1/projects/{project2}"), fmt.Sprintf(`{"name":%s,"manager":%s,"sponsor":%s,"description":%s}`, q(xss), q(xss), q(xss), q(xss)),
		map[string]string{"If-Match": `"1"`, "Content-Type": "application/merge-patch+json"})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("patch project: %d %s", res.StatusCode, res.body)
	}
	var changes struct{ Items []pmo.ChangeRequest }
	decode(t, e.get(t, "/api/v1/change-requests?limit=500"), &changes)
	pages := []string{"/", "/projects", "/risks", "/issues", "/actions", "/decisions", "/dependencies", "/milestones",
		"/changes", "/audit", "/account", e.expand("/portfolios/{portfolio}"), e.expand("/projects/{project}/status/new")}
	for _, tab := range []string{"", "risks", "issues", "actions", "decisions", "dependencies", "milestones", "changes", "status"} {
		pages = append(pages, e.expand("/projects/{project}?tab="+tab), e.expand("/projects/{project2}?tab="+tab))
	}
	for _, c := range changes.Items {
		pages = append(pages, "/changes/"+itoa(c.ID), "/changes/"+itoa(c.ID)+"/edit")
	}
	shown := 0
	for _, path := range pages {
		body := string(e.get(t, path).body)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s shows the script unescaped", path)
		}
		if strings.Contains(body, "&lt;script&gt;alert(1)") {
			shown++
		}
	}
	if shown < 10 {
		t.Errorf("only %d of %d pages show the (escaped) text at all", shown, len(pages))
	}
}
