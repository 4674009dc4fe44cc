package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/demo"
	"github.com/pmohq/pmo/store"
	"github.com/pmohq/pmo/web"
)

// The page benchmarks run on the demo generator's portfolio at 10,000
// projects with a year of weekly history, built once into os.TempDir and
// reused by later runs (delete the file to rebuild it).
const uiBenchProjects, uiBenchWeeks = 10000, 52

func uiBenchServer(b *testing.B) (*web.Server, *store.DB) {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("pmo-web-bench-%dx%d-v1.db", uiBenchProjects, uiBenchWeeks))
	ctx := context.Background()
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".tmp"
		os.Remove(tmp)
		db, err := store.Open(ctx, tmp)
		if err != nil {
			b.Fatal(err)
		}
		d := demo.Generate(demo.Options{Seed: 1, Projects: uiBenchProjects, Weeks: uiBenchWeeks, Today: pmo.DateOf(testNow)})
		if err := db.ImportDataset(ctx, d); err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	db, err := store.Open(ctx, path, store.WithNow(testClock))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return web.New(db, web.Options{Now: testClock}), db
}

// benchPage measures one page through the whole server: routing,
// middleware (with gzip, as browsers ask for it), the SQLite store and
// template rendering.
func benchPage(b *testing.B, url string) {
	srv, db := uiBenchServer(b)
	// The database file is reused across runs: a new reader each time.
	token := mustUserToken(b, db, fmt.Sprintf("bench-%d", time.Now().UnixNano()), pmo.ScopeRead,
		pmo.Grant{Role: pmo.Administrator, Scope: pmo.ScopeAll})
	get := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d %s", url, rec.Code, rec.Body)
		}
		return rec
	}
	size := get().Body.Len()
	// CPU time per page as well as wall time: on a shared machine the CPU
	// time is the steadier measure of the work a page costs.
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		get()
		n++
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(size)/1024, "gzip-KiB")
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkUIDashboard renders the dashboard across all 10,000 projects.
func BenchmarkUIDashboard(b *testing.B) { benchPage(b, "/") }

// BenchmarkUIPortfolioDashboard renders the dashboard of one portfolio.
func BenchmarkUIPortfolioDashboard(b *testing.B) { benchPage(b, "/portfolios/1") }

// BenchmarkUIProjectList renders a 50-row filtered, sorted project list.
func BenchmarkUIProjectList(b *testing.B) {
	benchPage(b, "/projects?state=active&state=on_hold&sort=overall&limit=50")
}

// BenchmarkUIProjectListText renders a 50-row list filtered by free text.
func BenchmarkUIProjectListText(b *testing.B) { benchPage(b, "/projects?q=migration&limit=50") }

// BenchmarkUIProjectPage renders a project's overview with its history.
func BenchmarkUIProjectPage(b *testing.B) { benchPage(b, "/projects/1") }

// BenchmarkUIRiskList renders the first 50 open risks by score.
func BenchmarkUIRiskList(b *testing.B) { benchPage(b, "/risks?open=true&sort=-score") }
