package web_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/web"
)

// issuer is an OpenID Connect provider inside the test: discovery and keys
// from oidctest, plus an authorization endpoint that consents at once and
// a token endpoint that checks the PKCE verifier and signs real ID tokens.
type issuer struct {
	srv    *httptest.Server
	key    *rsa.PrivateKey
	mu     sync.Mutex
	codes  map[string]grantReq // code -> the request it answers
	claims map[string]any      // claims of the next ID token (besides iss, aud, nonce)
}

type grantReq struct{ nonce, challenge string }

const testClientID = "pmo-test"

func mustIssuer(t *testing.T) *issuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	is := &issuer{key: key, codes: map[string]grantReq{}}
	keys := &oidctest.Server{PublicKeys: []oidctest.PublicKey{{PublicKey: key.Public(), KeyID: "k1", Algorithm: oidc.RS256}}}
	mux := http.NewServeMux()
	mux.Handle("/", keys)
	mux.HandleFunc("/auth", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		code := fmt.Sprintf("code-%d", time.Now().UnixNano())
		is.mu.Lock()
		is.codes[code] = grantReq{q.Get("nonce"), q.Get("code_challenge")}
		is.mu.Unlock()
		back, _ := url.Parse(q.Get("redirect_uri"))
		back.RawQuery = url.Values{"code": {code}, "state": {q.Get("state")}}.Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		is.mu.Lock()
		req, ok := is.codes[r.PostFormValue("code")]
		delete(is.codes, r.PostFormValue("code"))
		is.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
		if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != req.challenge {
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		}
		claims := map[string]any{"iss": is.srv.URL, "aud": testClientID, "nonce": req.nonce,
			"exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix()}
		for k, v := range is.claims {
			claims[k] = v
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600,
			"id_token": is.sign(t, is.key, claims)})
	})
	is.srv = httptest.NewServer(mux)
	keys.SetIssuer(is.srv.URL)
	t.Cleanup(is.srv.Close)
	return is
}

func (is *issuer) sign(t *testing.T, key *rsa.PrivateKey, claims map[string]any) string {
	b, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return oidctest.SignIDToken(key, "k1", oidc.RS256, string(b))
}

var testGroups = map[string][]pmo.Grant{
	"pmo-admins": {{Role: pmo.Administrator, Scope: pmo.ScopeAll}},
	"execs":      {{Role: pmo.Executive, Scope: pmo.ScopeAll}},
}

func mustOIDC(t *testing.T, is *issuer, redirect string) *web.OIDC {
	t.Helper()
	o, err := web.NewOIDC(context.Background(), web.OIDCConfig{Issuer: is.srv.URL, ClientID: testClientID,
		ClientSecret: "s3cret", RedirectURL: redirect, Groups: testGroups})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestOIDCTokens checks ID tokens against the provider: real signatures,
// and the ways a token can be wrong.
func TestOIDCTokens(t *testing.T) {
	is := mustIssuer(t)
	o := mustOIDC(t, is, "http://pmo.test/auth/oidc/callback")
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	base := func() map[string]any {
		return map[string]any{"iss": is.srv.URL, "aud": testClientID, "sub": "u-1", "nonce": "n1",
			"exp": time.Now().Add(time.Hour).Unix(), "preferred_username": "grace", "name": "Grace Hopper",
			"groups": []string{"execs", "unmapped"}}
	}
	with := func(k string, v any) map[string]any { c := base(); c[k] = v; return c }
	tests := []struct {
		name    string
		key     *rsa.PrivateKey
		claims  map[string]any
		nonce   string
		wantErr string
	}{
		{"valid", is.key, base(), "n1", ""},
		{"expired", is.key, with("exp", time.Now().Add(-time.Minute).Unix()), "n1", "not valid"},
		{"wrongly signed", other, base(), "n1", "not valid"},
		{"wrong audience", is.key, with("aud", "another-client"), "n1", "not valid"},
		{"wrong issuer", is.key, with("iss", "https://evil.example"), "n1", "not valid"},
		{"replayed nonce", is.key, base(), "n2", "replay"},
		{"no mapped group", is.key, with("groups", []string{"staff"}), "n1", "none of your groups"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := o.UserFromIDToken(context.Background(), is.sign(t, tt.key, tt.claims), tt.nonce)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if u.Name != "grace" || u.Subject != is.srv.URL+"|u-1" || len(u.Grants) != 1 || u.Grants[0].Role != pmo.Executive {
					t.Errorf("user = %+v", u)
				}
				return
			}
			if pmo.ErrorKind(err) != pmo.Unauthorized || !strings.Contains(pmo.ErrorMessage(err), tt.wantErr) {
				t.Errorf("err = %v, want Unauthorized with %q", err, tt.wantErr)
			}
		})
	}
}

// TestOIDCSignIn runs the whole browser flow over HTTP: pmo redirects to
// the provider, the provider back with a code, pmo exchanges it (with
// PKCE), verifies the ID token, maps groups to roles and starts a session.
func TestOIDCSignIn(t *testing.T) {
	is := mustIssuer(t)
	e := mustEnv(t)
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	defer srv.Close()
	srv.Config.Handler = web.New(e.db, web.Options{InsecureCookies: true,
		OIDC: mustOIDC(t, is, srv.URL+"/auth/oidc/callback")})

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	is.claims = map[string]any{"sub": "u-9", "preferred_username": "linus", "email": "linus@example.com", "groups": []string{"pmo-admins"}}
	res, err := client.Get(srv.URL + "/auth/oidc/login?next=/projects")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/projects" {
		t.Fatalf("after SSO: %d at %s, want 200 at /projects", res.StatusCode, res.Request.URL)
	}
	u, err := e.db.FindUserByName(context.Background(), "linus")
	if err != nil || len(u.Grants) != 1 || u.Grants[0].Role != pmo.Administrator {
		t.Fatalf("SSO user: %+v, %v", u, err)
	}
	recs, _, err := e.db.FindAuditRecords(context.Background(), pmo.AuditFilter{Action: pmo.AuditSignIn, ActorID: u.ID})
	if err != nil || len(recs) != 1 {
		t.Errorf("sign-in audit: %d records, %v", len(recs), err)
	}

	// Groups that map to no role: no session, and a record of the refusal.
	jar2, _ := cookiejar.New(nil)
	client = &http.Client{Jar: jar2}
	is.claims = map[string]any{"sub": "u-10", "preferred_username": "mallory", "groups": []string{"contractors"}}
	res, err = client.Get(srv.URL + "/auth/oidc/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("unmapped groups: %d, want 403", res.StatusCode)
	}
	if _, err := e.db.FindUserByName(context.Background(), "mallory"); pmo.ErrorKind(err) != pmo.NotFound {
		t.Errorf("unmapped user stored: %v", err)
	}
	// A callback with a forged state is refused.
	res, err = client.Get(srv.URL + "/auth/oidc/callback?code=x&state=forged")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("forged state: %d, want 403", res.StatusCode)
	}
}
