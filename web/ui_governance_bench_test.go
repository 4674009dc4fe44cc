package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/store"
	"github.com/pmohq/pmo/web"
)

// govBenchServer is the 10,000-project page benchmark database (see
// uiBenchServer) with the built-in framework published and one audit
// recorded, in a copy of its own (built once, reused by later runs).
func govBenchServer(b *testing.B) (*web.Server, *store.DB) {
	b.Helper()
	_, base := uiBenchServer(b)
	path := filepath.Join(os.TempDir(), "pmo-web-bench-governance-v1.db")
	ctx := context.Background()
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".tmp"
		if err := base.Backup(ctx, tmp); err != nil {
			b.Fatal(err)
		}
		db, err := store.Open(ctx, tmp, store.WithNow(testClock))
		if err != nil {
			b.Fatal(err)
		}
		svc := compliance.NewService(db, db)
		svc.Now = testClock
		if _, _, err := svc.EnsureFramework(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Record(ctx, compliance.Filter{}); err != nil {
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

func benchGovPage(b *testing.B, url string) {
	srv, db := govBenchServer(b)
	token := mustUserToken(b, db, "bench-"+b.Name()+itoa(int64(os.Getpid())), pmo.ScopeRead,
		pmo.Grant{Role: pmo.Administrator, Scope: pmo.ScopeAll})
	get := func() int {
		req := httptest.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d %.300s", url, rec.Code, rec.Body)
		}
		n, _ := io.Copy(io.Discard, rec.Body)
		return int(n)
	}
	size := get()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		get()
		n++
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(size)/1024, "gzip-KiB")
}

// BenchmarkUIGovernanceHome renders the framework with every rule's counts.
func BenchmarkUIGovernanceHome(b *testing.B) { benchGovPage(b, "/governance") }

// BenchmarkUIFindings renders the first 300 open findings of 10,000 projects.
func BenchmarkUIFindings(b *testing.B) { benchGovPage(b, "/governance/findings") }

// BenchmarkUIInsights renders the insights over every open finding.
func BenchmarkUIInsights(b *testing.B) { benchGovPage(b, "/governance/insights") }

// BenchmarkUIProjectGovernance renders one project's governance page.
func BenchmarkUIProjectGovernance(b *testing.B) { benchGovPage(b, "/projects/1/governance") }
