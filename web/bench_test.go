package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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
