package web_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pmohq/pmo/web"
)

// TestNoSecretsInLogs signs in, calls the API with a token and fakes an
// SSO callback, and checks that the log has request ids but no password,
// token, session secret or authorization code.
func TestNoSecretsInLogs(t *testing.T) {
	var logs bytes.Buffer
	e := mustEnv(t, func(o *web.Options) { o.Logger = slog.New(slog.NewJSONHandler(&logs, nil)) })
	cookie, _ := e.browserSession(t, "admin", "password-of-admin")
	e.get(t, "/api/v1/projects")
	e.do(t, "GET", "/auth/oidc/callback?code=the-one-time-code&state=s", "", map[string]string{"Authorization": ""})
	e.do(t, "GET", "/api/v1/projects?password=hunter2hunter2", "", nil)
	req := httptest.NewRequest(http.MethodGet, "/api/v1/projects", nil)
	req.Header.Set("Authorization", "Bearer pmo_not-a-real-token")
	e.send(req)
	e.send(formPost("/login", url.Values{"name": {"admin"}, "password": {"wrong-password-xyz"}}))
	out := logs.String()
	for _, secret := range []string{"password-of-admin", e.token, cookie.Value, "the-one-time-code", "hunter2hunter2",
		"pmo_not-a-real-token", "wrong-password-xyz"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds the secret %.12q…", secret)
		}
	}
	if !strings.Contains(out, `"request_id":"`) {
		t.Error("the log lacks request ids")
	}
	if !strings.Contains(out, `"user_id":1`) {
		t.Error("the access log lacks the signed-in user")
	}
}
