package remote

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	c, err := New("https://pmo.example.org/pmo/", "pmo_x", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{"projects?rag=red", "https://pmo.example.org/pmo/api/v1/projects?rag=red"},
		{"/api/v1/audit.csv?cursor=a%2Bb", "https://pmo.example.org/pmo/api/v1/audit.csv?cursor=a%2Bb"},
		{"/healthz", "https://pmo.example.org/pmo/healthz"},
	} {
		if got, err := c.URL(tc.path); err != nil || got != tc.want {
			t.Errorf("URL(%q) = %q, %v; want %q", tc.path, got, err, tc.want)
		}
	}
	// The token must never go to another host.
	if _, err := c.URL("//evil.example/x"); err == nil {
		t.Error("a network-path reference was accepted")
	}
	if got, _ := c.URL("https://evil.example/x"); !strings.HasPrefix(got, "https://pmo.example.org/") {
		t.Errorf("an absolute URL left the server: %s", got)
	}
}

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		server, token string
		allowHTTP     bool
		ok            bool
	}{
		{"http://127.0.0.1:8080", "pmo_x", false, true},
		{"http://localhost:8080", "pmo_x", false, true},
		{"http://[::1]:8080", "pmo_x", false, true},
		{"http://pmo.example.org", "pmo_x", false, false},
		{"http://pmo.example.org", "pmo_x", true, true},
		{"https://user:pw@pmo.example.org", "pmo_x", false, false},
		{"ftp://pmo.example.org", "pmo_x", false, false},
		{"https://pmo.example.org", "", false, false},
		{"https://pmo.example.org", "pmo x", false, false},
		{"https://pmo.example.org", "pmo_\u00e9", false, false},
	} {
		_, err := New(tc.server, tc.token, tc.allowHTTP)
		if (err == nil) != tc.ok {
			t.Errorf("New(%q, %q, %v): %v, want ok=%v", tc.server, tc.token, tc.allowHTTP, err, tc.ok)
		}
		if err != nil && tc.token != "" && strings.Contains(err.Error(), tc.token) {
			t.Errorf("the error quotes the token: %v", err)
		}
	}
}

// TestErrors checks the one-line messages of the answers a client meets:
// problems with fields, a refused token, and a proxy's HTML page.
func TestErrors(t *testing.T) {
	answers := map[string]struct {
		status int
		ctype  string
		body   string
	}{
		"/api/v1/invalid": {422, "application/problem+json",
			`{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"invalid input","request_id":"r1","errors":[{"field":"title","detail":"is required"},{"field":"impact","detail":"must be 1-5"}]}`},
		"/api/v1/refused": {401, "application/problem+json", `{"status":401,"title":"Unauthorized","detail":"the API token has expired"}`},
		"/api/v1/proxy":   {502, "text/html", "<html><body>Bad gateway</body></html>"},
		"/api/v1/text":    {503, "text/plain", "down for\nmaintenance"},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := answers[r.URL.Path]
		if r.Header.Get("Authorization") != "Bearer pmo_secret" {
			a.status = 400
		}
		w.Header().Set("Content-Type", a.ctype)
		w.Header().Set("X-Request-Id", "hdr")
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	}))
	defer srv.Close()
	c, err := New(srv.URL, "pmo_secret", false)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"invalid": "invalid input: title is required; impact must be 1-5 [HTTP 422, request r1]",
		"refused": "the server refused the API token (the API token has expired); mint a new one on your account page (/account) or with `pmo token create`, then pass it with --token-file or PMO_TOKEN [HTTP 401, request hdr]",
		"proxy":   "Bad Gateway [HTTP 502, request hdr]",
		"text":    "down for maintenance [HTTP 503, request hdr]",
	} {
		err := c.JSON(context.Background(), http.MethodGet, path, nil, nil)
		if err == nil || err.Error() != want {
			t.Errorf("%s:\n got %v\nwant %s", path, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "pmo_secret") {
			t.Errorf("%s: the error quotes the token", path)
		}
	}
}

// TestNoRedirectElsewhere checks that the token does not follow a redirect
// to another host.
func TestNoRedirectElsewhere(t *testing.T) {
	var leaked bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("Authorization") != ""
	}))
	defer other.Close()
	srv := httptest.NewServer(http.RedirectHandler(strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/steal", http.StatusFound))
	defer srv.Close()
	c, err := New(srv.URL, "pmo_secret", false)
	if err != nil {
		t.Fatal(err)
	}
	err = c.JSON(context.Background(), http.MethodGet, "me", nil, nil)
	if err == nil || !strings.Contains(err.Error(), "refusing to follow a redirect") || strings.Contains(err.Error(), "pmo_secret") || leaked {
		t.Errorf("redirect to another host: %v (leaked %v)", err, leaked)
	}
}

// FuzzReadError feeds any body to the error reader: it must not panic,
// and the message stays on one line.
func FuzzReadError(f *testing.F) {
	f.Add(401, `{"status":401,"detail":"the API token has expired"}`)
	f.Add(422, `{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"invalid input","errors":[{"field":"title","detail":"is\nrequired"}]}`)
	f.Add(502, "<html>Bad gateway</html>")
	f.Add(500, "line one\r\nline two")
	f.Add(404, `{"status":"x"}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		if status < 100 || status > 999 {
			return
		}
		res := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
		msg := readError(res).Error()
		if strings.ContainsAny(msg, "\r\n") {
			t.Errorf("message on more than one line: %q", msg)
		}
	})
}
