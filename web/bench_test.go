package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pmohq/pmo"
)

// benchProjects is the size of the benchmark dataset; the store benchmarks
// the 10k case on its own.
const benchProjects = 1000

// BenchmarkAPIListProjects measures a filtered first page of projects
// through the whole server: routing, middleware, query parsing, the SQLite
// store and JSON encoding.
func BenchmarkAPIListProjects(b *testing.B) {
	e := mustEnv(b)
	ctx := context.Background()
	states := []pmo.State{pmo.Active, pmo.Proposed, pmo.OnHold}
	for i := range benchProjects {
		p := &pmo.Project{PortfolioID: e.ids.portfolio, Code: fmt.Sprintf("B-%05d", i),
			Name: fmt.Sprintf("Benchmark project %d", i), State: states[i%len(states)],
			Manager: fmt.Sprintf("Manager %d", i%20), Priority: 1 + i%5, Tags: []string{"bench"},
			Budget: pmo.Money{Minor: int64(i) * 1000_00, Currency: "EUR"}}
		if err := e.db.CreateProject(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	url := "/api/v1/projects?limit=50&state=active&sort=-priority"
	for b.Loop() {
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, e.auth(httptest.NewRequest(http.MethodGet, url, nil)))
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkAPIPatchProject measures a JSON Merge Patch round trip: load,
// merge, strict decode, update, reload.
func BenchmarkAPIPatchProject(b *testing.B) {
	e := mustEnv(b)
	url := e.expand("/api/v1/projects/{project}")
	etag := `"1"`
	for b.Loop() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPatch, url, strings.NewReader(`{"description":"benchmarked"}`))
		req.Header.Set("Content-Type", "application/merge-patch+json")
		req.Header.Set("If-Match", etag)
		e.srv.ServeHTTP(rec, e.auth(req))
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		etag = rec.Header().Get("ETag")
	}
}

// BenchmarkAPI10k measures the requests of the load test (cmd/pmoload,
// scripts/loadtest.sh) through the whole server on the 10,000-project demo
// database of the page benchmarks: routing, middleware, token sign-in, the
// SQLite store and JSON, with and without gzip. Like the page benchmarks it
// reports CPU time per request, the steadier measure on a shared machine.
func BenchmarkAPI10k(b *testing.B) {
	srv, db := uiBenchServer(b)
	token := mustUserToken(b, db, fmt.Sprintf("bench-%d", time.Now().UnixNano()), pmo.ScopeRead,
		pmo.Grant{Role: pmo.Administrator, Scope: pmo.ScopeAll})
	for _, c := range []struct{ name, url string }{
		{"projects_100", "/api/v1/projects?limit=100"},
		{"projects_filtered", "/api/v1/projects?limit=50&portfolio_id=1&state=active&rag=red,amber&sort=-budget"},
		{"rollup", "/api/v1/rollup"},
	} {
		for _, enc := range []string{"gzip", "identity"} {
			b.Run(c.name+"/"+enc, func(b *testing.B) {
				get := func() *httptest.ResponseRecorder {
					req := httptest.NewRequest(http.MethodGet, c.url, nil)
					req.Header.Set("Accept-Encoding", enc)
					req.Header.Set("Authorization", "Bearer "+token)
					rec := httptest.NewRecorder()
					srv.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("GET %s: %d %s", c.url, rec.Code, rec.Body)
					}
					return rec
				}
				size := get().Body.Len()
				cpu0, n := cpuTime(), 0
				for b.Loop() {
					get()
					n++
				}
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(n), "cpu-ms/op")
				b.ReportMetric(float64(size)/1024, "body-KiB")
			})
		}
	}
}
