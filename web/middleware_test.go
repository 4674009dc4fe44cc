package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
	"github.com/pmohq/pmo/web"
)

// faulty is a store whose portfolio lookups fail: it panics for id 1 and
// returns a foreign error for any other id.
type faulty struct{ *store.DB }

func (faulty) FindPortfolioByID(_ context.Context, id int64) (*pmo.Portfolio, error) {
	if id == 1 {
		panic("boom")
	}
	return nil, errors.New("disk on fire at /var/lib/pmo")
}

func TestInternalErrors(t *testing.T) {
	e := mustEnv(t)
	var logs bytes.Buffer
	srv := web.New(faulty{e.db}, web.Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	for _, path := range []string{"/api/v1/portfolios/1", "/api/v1/portfolios/2"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("X-Request-Id", "req-"+path[len(path)-1:])
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, e.auth(req))
		body := rec.Body.String()
		if rec.Code != http.StatusInternalServerError || rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("GET %s: %d %s", path, rec.Code, rec.Header().Get("Content-Type"))
		}
		if strings.Contains(body, "boom") || strings.Contains(body, "disk") {
			t.Errorf("internal detail leaked: %s", body)
		}
		if !strings.Contains(body, `"request_id":"req-`) {
			t.Errorf("problem lacks the request id: %s", body)
		}
	}
	for _, want := range []string{`"msg":"panic"`, `"panic":"boom"`, `"request_id":"req-1"`,
		`"msg":"request failed"`, `disk on fire`, `"request_id":"req-2"`, `"status":500`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, logs.String())
		}
	}
}

func TestRequestID(t *testing.T) {
	e := mustEnv(t)
	res := e.do(t, "GET", "/healthz", "", map[string]string{"X-Request-Id": "abc-123"})
	if got := res.Header.Get("X-Request-Id"); got != "abc-123" {
		t.Errorf("echoed id %q", got)
	}
	res = e.do(t, "GET", "/healthz", "", map[string]string{"X-Request-Id": "bad id\x01"})
	if got := res.Header.Get("X-Request-Id"); len(got) != 24 {
		t.Errorf("generated id %q", got)
	}
}

func TestRoutingProblems(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "unknown path", method: "GET", url: "/api/v1/nothing", wantStatus: http.StatusNotFound},
		{name: "unknown method", method: "PUT", url: "/api/v1/projects", wantStatus: http.StatusMethodNotAllowed,
			wantHeaders: map[string]string{"Allow": "GET, HEAD, POST"}},
		{name: "healthz", method: "GET", url: "/healthz", wantStatus: http.StatusOK, wantBody: []string{`"status":"ok"`}},
	})
}

func TestGzip(t *testing.T) {
	e := mustEnv(t)
	res := e.do(t, "GET", "/api/v1/projects", "", map[string]string{"Accept-Encoding": "gzip, deflate"})
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("not compressed: %v", res.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !strings.Contains(string(plain), `"code":"PRJ-1"`) {
		t.Errorf("decompressed body %s", plain)
	}
	res = e.do(t, "GET", e.expand("/api/v1/projects/{project}"), "",
		map[string]string{"Accept-Encoding": "gzip", "If-None-Match": `"1"`})
	if res.StatusCode != http.StatusNotModified || res.Header.Get("Content-Encoding") != "" || len(res.body) != 0 {
		t.Errorf("304: %d %v %q", res.StatusCode, res.Header, res.body)
	}
	res = e.do(t, "GET", "/api/v1/projects", "", map[string]string{"Accept-Encoding": "gzip;q=0"})
	if res.Header.Get("Content-Encoding") != "" {
		t.Errorf("compressed although refused")
	}
}

func TestBodyLimit(t *testing.T) {
	e := mustEnv(t, func(o *web.Options) { o.MaxBodyBytes = 64 })
	body := e.expand(withField(`"description":"` + strings.Repeat("x", 100) + `"`))
	// Without a Content-Length the limit bites while reading.
	req := httptest.NewRequest("POST", "/api/v1/projects", io.MultiReader(strings.NewReader(body)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, e.auth(req))
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "64 bytes") {
		t.Errorf("streamed: %d %s", rec.Code, rec.Body)
	}
	res := e.do(t, "POST", "/api/v1/projects", body, nil)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("with length: %d %s", res.StatusCode, res.body)
	}
	if total := string(e.get(t, "/api/v1/projects").body); !strings.Contains(total, `"total":2`) {
		t.Errorf("something was written: %s", total)
	}
}

// TestOverTCP serves the API on a real listener: Go's transport asks for
// gzip and decompresses transparently; HEAD answers headers only.
func TestOverTCP(t *testing.T) {
	e := mustEnv(t)
	ts := httptest.NewServer(e.srv)
	defer ts.Close()
	get, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/projects?sort=code", nil)
	res, err := http.DefaultClient.Do(e.auth(get))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !res.Uncompressed || !strings.Contains(string(body), `"code":"PRJ-1"`) {
		t.Errorf("GET: uncompressed=%v %s", res.Uncompressed, body)
	}
	head, _ := http.NewRequest(http.MethodHead, ts.URL+e.expand("/api/v1/projects/{project}"), nil)
	res, err = http.DefaultClient.Do(e.auth(head))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("ETag") != `"1"` {
		t.Errorf("HEAD: %d %q", res.StatusCode, res.Header.Get("ETag"))
	}
}
