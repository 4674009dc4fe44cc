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

// session is a signed-in browser as the tests of the account pages use it.
type session struct {
	t      *testing.T
	e      *env
	cookie *http.Cookie
	csrf   string
}

func (e *env) signedIn(t *testing.T, name, password string) *session {
	t.Helper()
	c, csrf := e.browserSession(t, name, password)
	return &session{t: t, e: e, cookie: c, csrf: csrf}
}

func (s *session) get(path string) response {
	s.t.Helper()
	return s.e.send(withCookie(httptest.NewRequest(http.MethodGet, path, nil), s.cookie))
}

// post sends a form with the session's CSRF token (unless v sets another).
func (s *session) post(path string, v url.Values) response {
	s.t.Helper()
	if _, ok := v["csrf_token"]; !ok {
		v.Set("csrf_token", s.csrf)
	}
	return s.e.send(withCookie(formPost(path, v), s.cookie))
}

// bearer calls path with an API token.
func (e *env) bearer(token, path string) response {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return e.send(req)
}

var secretShown = regexp.MustCompile(`id="token-secret" class="secret" value="(pmo_[A-Za-z0-9_-]+)"`)

func TestTokenPages(t *testing.T) {
	e := mustEnv(t)
	s := e.signedIn(t, "admin", "password-of-admin")
	ctx := context.Background()
	admin, err := e.db.FindUserByName(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	tokens := func() int {
		ts, err := e.db.FindTokens(ctx, admin.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(ts)
	}
	before := tokens()
	// Bad input comes back on the form, naming the field, keeping the input.
	for _, c := range []struct {
		name, scope, expires, want string
	}{
		{"export", "read", "2026-11-01", "Expires must be a day after today"},
		{"export", "read", "2026-11-27", "Expires must be a day after today"},
		{"export", "read", "next week", "Expires must be a day such as 2027-02-25"},
		{"export", "read", "2040-01-01", "Expires must be within ten years"},
		{"export", "admin", "2027-01-15", "Scope must be read or read-write"},
		{strings.Repeat("x", 201), "read", "2027-01-15", "Name must be at most 200 characters"},
	} {
		res := s.post("/account/tokens", url.Values{"name": {c.name}, "scope": {c.scope}, "expires": {c.expires}})
		body := string(res.body)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, c.want) || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("%v: %d, want 422 with %q", c, res.StatusCode, c.want)
		}
		if c.name == "export" && !strings.Contains(body, `value="export"`) {
			t.Errorf("%v: the form lost the name", c)
		}
	}
	// A forged form creates nothing.
	if res := s.post("/account/tokens", url.Values{"csrf_token": {"forged"}, "name": {"x"}, "scope": {"read"}, "expires": {"2027-01-15"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("forged CSRF: %d", res.StatusCode)
	}
	if got := tokens(); got != before {
		t.Fatalf("refused forms created %d tokens", got-before)
	}

	res := s.post("/account/tokens", url.Values{"name": {"weekly export"}, "scope": {"read-write"}, "expires": {"2027-01-15"}})
	m := secretShown.FindSubmatch(res.body)
	if res.StatusCode != http.StatusCreated || m == nil || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create: %d %v\n%s", res.StatusCode, res.Header, res.body)
	}
	secret := string(m[1])
	if me := e.bearer(secret, "/api/v1/me"); me.StatusCode != http.StatusOK || !strings.Contains(string(me.body), `"name":"admin"`) {
		t.Fatalf("the new token on /api/v1/me: %d %s", me.StatusCode, me.body)
	}
	page := s.get("/account")
	body := string(page.body)
	if strings.Contains(body, secret) {
		t.Error("the account page shows the secret again")
	}
	if !strings.Contains(body, "weekly export") || !strings.Contains(body, "2027-01-15") || !strings.Contains(body, "read-write") ||
		!strings.Contains(body, "2026-11-27 09:00") {
		t.Errorf("the token list lacks the new token, its expiry or its last use:\n%s", body)
	}
	ts, _ := e.db.FindTokens(ctx, admin.ID)
	id := ts[0].ID

	// Someone else's token cannot be revoked from here.
	other := mustUserToken(t, e.db, "dave", pmo.ScopeRead, pmo.Grant{Role: pmo.TeamMember, Scope: pmo.ScopeAll})
	others, _ := e.db.FindUserByName(ctx, "dave")
	ots, _ := e.db.FindTokens(ctx, others.ID)
	if res := s.post("/account/tokens/"+itoa(ots[0].ID)+"/revoke", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("revoke another user's token: %d", res.StatusCode)
	}
	if res := e.bearer(other, "/api/v1/me"); res.StatusCode != http.StatusOK {
		t.Errorf("the other user's token after the attempt: %d", res.StatusCode)
	}
	if res := s.post("/account/tokens/"+itoa(id)+"/revoke", url.Values{"csrf_token": {s.csrf + "x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("revoke with a forged CSRF token: %d", res.StatusCode)
	}
	res = s.post("/account/tokens/"+itoa(id)+"/revoke", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account?saved=token-revoked" {
		t.Fatalf("revoke: %d %v", res.StatusCode, res.Header)
	}
	if res := e.bearer(secret, "/api/v1/me"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d", res.StatusCode)
	}
	if body := string(s.get("/account?saved=token-revoked").body); !strings.Contains(body, "API token revoked") || !strings.Contains(body, "revoked 2026-11-27") {
		t.Errorf("after revoking: %s", body)
	}
}
