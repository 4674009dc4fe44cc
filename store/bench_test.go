package store

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/demo"
)

// The benchmark dataset: 10,000 projects with 52 weeks of reports each
// (about half a million status reports), built once and cached.
const benchProjects, benchWeeks = 10000, 52

var benchToday = pmo.NewDate(2026, 11, 27)

// benchDataset is the demo dataset with each reporting project's history
// padded back to benchWeeks reports: the demo's histories are realistic
// (projects start and finish inside the window), the benchmark wants volume.
func benchDataset() *pmo.Dataset {
	d := demo.Generate(demo.Options{Seed: 1, Projects: benchProjects, Weeks: benchWeeks, Today: benchToday})
	byProject := map[int64][]*pmo.StatusReport{}
	var order []int64
	for _, r := range d.StatusReports {
		if byProject[r.ProjectID] == nil {
			order = append(order, r.ProjectID)
		}
		byProject[r.ProjectID] = append(byProject[r.ProjectID], r)
	}
	d.StatusReports = d.StatusReports[:0:0]
	for _, id := range order {
		rs := byProject[id]
		first := rs[0]
		for i := benchWeeks - len(rs); i > 0; i-- {
			r := *first
			r.Period = periodsBefore(first.Period, i)
			r.Summary = "Earlier period."
			d.StatusReports = append(d.StatusReports, &r)
		}
		d.StatusReports = append(d.StatusReports, rs...)
	}
	return d
}

// periodsBefore returns the period n periods before p.
func periodsBefore(p pmo.Period, n int) pmo.Period {
	t := p.Start.Time()
	switch p.Kind {
	case pmo.Month:
		return pmo.MonthOf(pmo.DateOf(t.AddDate(0, -n, 0)))
	case pmo.Quarter:
		return pmo.QuarterOf(pmo.DateOf(t.AddDate(0, -3*n, 0)))
	}
	return pmo.WeekOf(p.Start.AddDays(-7 * n))
}

// benchSQLite opens the cached SQLite benchmark database, building it into
// os.TempDir on first use (delete the file to rebuild it).
func benchSQLite(b *testing.B) *DB {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("pmo-bench-%dx%d-v3.db", benchProjects, benchWeeks))
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".tmp"
		os.Remove(tmp)
		db, err := Open(ctx, tmp)
		if err != nil {
			b.Fatal(err)
		}
		loadBench(b, db)
		db.Close()
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// benchPostgres opens the schema bench_<size> of PMO_TEST_POSTGRES, which is
// kept between runs and rebuilt when incomplete.
func benchPostgres(b *testing.B) *DB {
	b.Helper()
	base := os.Getenv("PMO_TEST_POSTGRES")
	if base == "" {
		b.Skip("PMO_TEST_POSTGRES not set; skipping PostgreSQL benchmarks")
	}
	schema := fmt.Sprintf("bench_%dx%d_v3", benchProjects, benchWeeks)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	var n int
	if err := admin.QueryRow("SELECT COUNT(*) FROM " + schema + ".projects").Scan(&n); err != nil || n != benchProjects {
		if _, err := admin.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema); err != nil {
			b.Fatal(err)
		}
		defer func() { // only a complete load may be reused
			if b.Failed() {
				admin.Exec("DROP SCHEMA " + schema + " CASCADE")
			}
		}()
		n = -1
	}
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := Open(ctx, u.String())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if n < 0 {
		loadBench(b, db)
		if _, err := db.writer.Exec("ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

var benchData = sync.OnceValue(benchDataset)

func loadBench(b *testing.B, db *DB) {
	start := time.Now()
	d := benchData()
	gen := time.Since(start)
	start = time.Now()
	if err := db.ImportDataset(ctx, d); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	b.Logf("built benchmark data: generate %v; import %d projects, %d status reports, %d rows in %v (%.0f rows/s)",
		gen, len(d.Projects), len(d.StatusReports), datasetRows(d), took, float64(datasetRows(d))/took.Seconds())
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loopCPU runs op in b.Loop and reports the process CPU time per op beside
// the wall time: on a shared machine the wall time includes waiting for a
// core, the CPU time does not. On PostgreSQL the server's own CPU time is
// not included.
func loopCPU(b *testing.B, op func()) {
	b.Helper()
	n := 0
	var cpu time.Duration
	for b.Loop() {
		if n == 0 {
			cpu = cpuTime()
		}
		op()
		n++
	}
	if n > 1 {
		b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(n-1), "cpu-ms/op")
	}
}

func forEachBenchDB(b *testing.B, fn func(b *testing.B, db *DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, benchSQLite(b)) })
	b.Run("postgres", func(b *testing.B) { fn(b, benchPostgres(b)) })
}

func BenchmarkFindProjects(b *testing.B) {
	forEachBenchDB(b, func(b *testing.B, db *DB) {
		ps, _, err := db.FindPortfolios(ctx, pmo.PortfolioFilter{})
		if err != nil || len(ps) == 0 {
			b.Fatal("no portfolios", err)
		}
		cases := []struct {
			name string
			f    pmo.ProjectFilter
		}{
			{"page50", pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 50}}},
			{"filter_rag", pmo.ProjectFilter{PortfolioID: ps[0].ID, States: []pmo.State{pmo.Active},
				RAG: map[string][]pmo.RAG{"overall": {pmo.Red, pmo.Amber}}, ListOptions: pmo.ListOptions{Limit: 50, Sort: "-overall"}}},
			{"overdue", pmo.ProjectFilter{Overdue: true, AsOf: benchToday, ListOptions: pmo.ListOptions{Limit: 50}}},
			// The filtered list of the load test, first page: ?limit=50&portfolio_id=1&state=active&rag=red,amber&sort=-budget
			{"filter_budget_first", pmo.ProjectFilter{PortfolioID: ps[0].ID, States: []pmo.State{pmo.Active},
				RAG: map[string][]pmo.RAG{"overall": {pmo.Red, pmo.Amber}}, ListOptions: pmo.ListOptions{Limit: 50, Sort: "-budget"}}},
			{"page100_first", pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 100}}},
		}
		for _, c := range cases {
			b.Run(c.name, func(b *testing.B) {
				// The second page exercises the keyset cursor, except in the
				// "_first" cases.
				f := c.f
				if !strings.HasSuffix(c.name, "_first") {
					_, page, err := db.FindProjects(ctx, c.f)
					if err != nil {
						b.Fatal(err)
					}
					f.Cursor = page.NextCursor
				}
				loopCPU(b, func() {
					items, _, err := db.FindProjects(ctx, f)
					if err != nil || len(items) == 0 {
						b.Fatal(err, len(items))
					}
				})
			})
		}
	})
}

func BenchmarkRollup(b *testing.B) {
	forEachBenchDB(b, func(b *testing.B, db *DB) {
		ps, _, err := db.FindPortfolios(ctx, pmo.PortfolioFilter{})
		if err != nil || len(ps) == 0 {
			b.Fatal("no portfolios", err)
		}
		for _, c := range []struct {
			name string
			f    pmo.RollupFilter
		}{{"all", pmo.RollupFilter{AsOf: benchToday}}, {"portfolio", pmo.RollupFilter{PortfolioID: ps[0].ID, AsOf: benchToday}}} {
			b.Run(c.name, func(b *testing.B) {
				loopCPU(b, func() {
					if _, err := db.Rollup(ctx, c.f); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	})
}

// BenchmarkSubmitStatusReport submits one report per op, round-robin over
// 1,000 projects of a fresh database, each week after the last.
func BenchmarkSubmitStatusReport(b *testing.B) {
	run := func(b *testing.B, db *DB) {
		pf := mustPortfolio(b, db, "PF")
		var ids []int64
		for i := range 1000 {
			ids = append(ids, mustProject(b, db, pf.ID, fmt.Sprintf("P%04d", i)).ID)
		}
		week := pmo.WeekOf(pmo.NewDate(2020, 1, 6))
		i := 0
		rags := []pmo.RAG{pmo.Green, pmo.Amber, pmo.Red}
		for b.Loop() {
			r := &pmo.StatusReport{ProjectID: ids[i%len(ids)], Period: week, Schedule: rags[i%3], Cost: rags[i%2],
				Scope: pmo.Green, Risk: pmo.Green, Summary: "steady", SubmittedBy: "pm",
				ForecastCost: pmo.Money{Minor: 100000, Currency: "EUR"}}
			if err := db.SubmitStatusReport(ctx, r); err != nil {
				b.Fatal(err)
			}
			if i++; i%len(ids) == 0 {
				week = week.Next()
			}
		}
	}
	b.Run("sqlite", func(b *testing.B) { run(b, mustOpenSQLite(b)) })
	b.Run("postgres", func(b *testing.B) { run(b, mustOpenPostgres(b)) })
}

// BenchmarkImportDataset loads 1,000 projects with a year of weekly reports
// into a fresh database per op and reports status reports per second.
func BenchmarkImportDataset(b *testing.B) {
	d := demo.Generate(demo.Options{Seed: 2, Projects: 1000, Weeks: 52, Today: benchToday})
	run := func(b *testing.B, open func(testing.TB, ...Option) *DB) {
		var took time.Duration
		for b.Loop() {
			b.StopTimer()
			db := open(b)
			b.StartTimer()
			start := time.Now()
			if err := db.ImportDataset(ctx, d); err != nil {
				b.Fatal(err)
			}
			took += time.Since(start)
		}
		b.ReportMetric(float64(len(d.StatusReports)*b.N)/took.Seconds(), "reports/s")
		b.ReportMetric(float64(datasetRows(d)*b.N)/took.Seconds(), "rows/s")
	}
	b.Run("sqlite", func(b *testing.B) { run(b, mustOpenSQLite) })
	b.Run("postgres", func(b *testing.B) { run(b, mustOpenPostgres) })
}

// datasetRows counts the rows an import of d writes.
func datasetRows(d *pmo.Dataset) int {
	n := len(d.Portfolios) + len(d.Programs) + len(d.Projects) + len(d.StatusReports) + len(d.Milestones) +
		len(d.Risks) + len(d.Issues) + len(d.Actions) + len(d.Decisions) + len(d.Dependencies) + len(d.ChangeRequests)
	for _, p := range d.Projects {
		n += len(p.Tags)
	}
	for _, c := range d.ChangeRequests {
		n += len(c.History)
	}
	return n
}
