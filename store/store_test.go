package store

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pmohq/pmo/internal/pgtest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pmohq/pmo"
)

// testEpoch is "now" in tests; the test clock moves a millisecond per call
// so that created_at orders records by creation.
var testEpoch = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// forEachDB runs fn against a fresh SQLite database and, when
// PMO_TEST_POSTGRES is set, a fresh PostgreSQL schema.
func forEachDB(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, mustOpenSQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, mustOpenPostgres(t))
	})
}

func mustOpenSQLite(tb testing.TB, opts ...Option) *DB {
	tb.Helper()
	return mustOpen(tb, filepath.Join(tb.TempDir(), "pmo.db"), opts...)
}

func mustOpen(tb testing.TB, dsn string, opts ...Option) *DB {
	tb.Helper()
	c := &testClock{t: testEpoch}
	db, err := Open(context.Background(), dsn, append([]Option{WithNow(c.now)}, opts...)...)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// mustOpenPostgres opens a fresh schema t_<random> of PMO_TEST_POSTGRES,
// dropped at cleanup; it skips when the variable is unset.
func mustOpenPostgres(tb testing.TB, opts ...Option) *DB {
	tb.Helper()
	return mustOpen(tb, pgtest.Schema(tb), opts...)
}

var ctx = context.Background()

// ignoreTimes leaves out timestamps, which come from the clock.
var ignoreTimes = cmpopts.IgnoreFields(pmo.Project{}, "CreatedAt", "UpdatedAt")

func diff(want, got any, opts ...cmp.Option) string {
	return cmp.Diff(want, got, append([]cmp.Option{cmpopts.EquateEmpty(), cmp.AllowUnexported(pmo.Date{})}, opts...)...)
}

// wantKind fails unless err has kind and, when field is set, names it.
func wantKind(t *testing.T, err error, kind pmo.Kind, field string) {
	t.Helper()
	if got := pmo.ErrorKind(err); got != kind {
		t.Fatalf("error kind = %q, want %q (err: %v)", got, kind, err)
	}
	if field == "" {
		return
	}
	for _, f := range pmo.ErrorFields(err) {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("error %v does not name field %q", err, field)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustPortfolio(t testing.TB, db *DB, code string, mods ...func(*pmo.Portfolio)) *pmo.Portfolio {
	t.Helper()
	p := &pmo.Portfolio{Code: code, Name: "Portfolio " + code}
	for _, m := range mods {
		m(p)
	}
	must(t, db.CreatePortfolio(ctx, p))
	return p
}

func mustProgram(t testing.TB, db *DB, portfolioID int64, code string) *pmo.Program {
	t.Helper()
	p := &pmo.Program{PortfolioID: portfolioID, Code: code, Name: "Program " + code}
	must(t, db.CreateProgram(ctx, p))
	return p
}

func mustProject(t testing.TB, db *DB, portfolioID int64, code string, mods ...func(*pmo.Project)) *pmo.Project {
	t.Helper()
	p := &pmo.Project{PortfolioID: portfolioID, Code: code, Name: "Project " + code, State: pmo.Active}
	for _, m := range mods {
		m(p)
	}
	must(t, db.CreateProject(ctx, p))
	return p
}

func mustReport(t testing.TB, db *DB, projectID int64, period string, rag pmo.RAG) *pmo.StatusReport {
	t.Helper()
	r := &pmo.StatusReport{ProjectID: projectID, Period: mustPeriod(t, period), Schedule: rag, Cost: rag,
		Scope: rag, Risk: rag, Summary: "all " + string(rag), SubmittedBy: "pm"}
	must(t, db.SubmitStatusReport(ctx, r))
	return r
}

func mustPeriod(t testing.TB, s string) pmo.Period {
	t.Helper()
	p, err := pmo.ParsePeriod(s)
	must(t, err)
	return p
}

func mustDate(t testing.TB, s string) pmo.Date {
	t.Helper()
	d, err := pmo.ParseDate(s)
	must(t, err)
	return d
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
