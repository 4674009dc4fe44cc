package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
	"github.com/pmohq/pmo/web"
)

// testNow is the fixed clock of every test server and store.
var testNow = time.Date(2026, time.November, 27, 9, 0, 0, 0, time.UTC)

// env is a server over a fresh SQLite store, with a seeded fixture.
type env struct {
	db  *store.DB
	srv *web.Server
	ids fixture
	// token is a read-write API token of the administrator "admin"; do
	// sends it unless the headers name Authorization (empty: anonymous).
	token string
}

// fixture holds the ids of the seeded records.
type fixture struct {
	portfolio, program, project, project2, risk, milestone, change, report int64
}

func testClock() time.Time { return testNow }

// template is a migrated and seeded database that each test copies, which
// is much faster than migrating and seeding afresh (pocketbase tests.NewTestApp).
var template struct {
	once  sync.Once
	dir   string
	ids   fixture
	token string
	err   error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pmo-web-test-")
	if err != nil {
		panic(err)
	}
	template.dir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// mustTemplate builds the template database once.
func mustTemplate(tb testing.TB) {
	tb.Helper()
	template.once.Do(func() {
		ctx := context.Background()
		db, err := store.Open(ctx, filepath.Join(template.dir, "pmo.db"), store.WithNow(testClock))
		if err != nil {
			template.err = err
			return
		}
		template.ids = mustSeed(tb, db)
		template.token = mustAdminToken(tb, db)
		template.err = db.Close()
	})
	if template.err != nil {
		tb.Fatalf("template database: %v", template.err)
	}
}

// mustEnv copies the seeded template database into a temporary directory
// and starts a server over it.
func mustEnv(tb testing.TB, opts ...func(*web.Options)) *env {
	tb.Helper()
	mustTemplate(tb)
	dir := tb.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(filepath.Join(template.dir, "pmo.db"+suffix))
		if errors.Is(err, fs.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "pmo.db"+suffix), b, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	db, err := store.Open(context.Background(), filepath.Join(dir, "pmo.db"), store.WithNow(testClock))
	if err != nil {
		tb.Fatalf("store.Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	o := web.Options{Now: testClock}
	for _, f := range opts {
		f(&o)
	}
	return &env{db: db, srv: web.New(db, o), ids: template.ids, token: template.token}
}

// mustSeed writes one portfolio with a program, two projects, a risk, a
// milestone, a draft change request and a status report.
func mustSeed(tb testing.TB, db *store.DB) fixture {
	tb.Helper()
	ctx := context.Background()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("seed: %v", err)
		}
	}
	var f fixture
	pf := &pmo.Portfolio{Code: "PF1", Name: "Digital"}
	must(db.CreatePortfolio(ctx, pf))
	pg := &pmo.Program{PortfolioID: pf.ID, Code: "PG1", Name: "Channels"}
	must(db.CreateProgram(ctx, pg))
	p1 := &pmo.Project{PortfolioID: pf.ID, ProgramID: pg.ID, Code: "PRJ-1", Name: "Web shop",
		State: pmo.Active, Stage: pmo.Execution, Manager: "Ada", Tags: []string{"web"},
		PlannedStart: pmo.NewDate(2026, 1, 5), PlannedEnd: pmo.NewDate(2026, 12, 18),
		Budget: pmo.Money{Minor: 100_000_00, Currency: "EUR"}}
	must(db.CreateProject(ctx, p1))
	p2 := &pmo.Project{PortfolioID: pf.ID, Code: "PRJ-2", Name: "Data platform", State: pmo.Active, Manager: "Grace"}
	must(db.CreateProject(ctx, p2))
	r := &pmo.Risk{Entry: pmo.Entry{ProjectID: p1.ID, Title: "Supplier late", Owner: "Ada"},
		Probability: 3, Impact: 4, CostImpact: pmo.Money{Minor: 50_000_00, Currency: "EUR"}}
	must(db.Risks().Create(ctx, r))
	m := &pmo.Milestone{ProjectID: p1.ID, Name: "Go live", Key: true, Baseline: pmo.NewDate(2026, 10, 1)}
	must(db.Milestones().Create(ctx, m))
	c := &pmo.ChangeRequest{ProjectID: p1.ID, Title: "Add payments", RequestedBy: "Ada"}
	must(db.CreateChangeRequest(ctx, c))
	sr := &pmo.StatusReport{ProjectID: p1.ID, Period: pmo.WeekOf(pmo.NewDate(2026, 11, 16)),
		Schedule: pmo.Green, Cost: pmo.Amber, Scope: pmo.Green, Risk: pmo.Green,
		Summary: "On track", SubmittedBy: "Ada"}
	must(db.SubmitStatusReport(ctx, sr))
	f.portfolio, f.program, f.project, f.project2 = pf.ID, pg.ID, p1.ID, p2.ID
	f.risk, f.milestone, f.change, f.report = r.ID, m.ID, c.ID, sr.ID
	return f
}

// response is a recorded response with its body read.
type response struct {
	*http.Response
	body []byte
}

// do sends a request to the server. A non-empty body is sent as JSON
// unless headers set another Content-Type.
func (e *env) do(tb testing.TB, method, url, body string, headers map[string]string) response {
	tb.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, url, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	e.auth(req)
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return response{res, b}
}

// get fetches url and fails the test unless it answers 200.
func (e *env) get(tb testing.TB, url string) response {
	tb.Helper()
	res := e.do(tb, http.MethodGet, url, "", nil)
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d %s", url, res.StatusCode, res.body)
	}
	return res
}

// decode unmarshals a response body into v.
func decode(tb testing.TB, res response, v any) {
	tb.Helper()
	if err := json.Unmarshal(res.body, v); err != nil {
		tb.Fatalf("decode %s: %v", res.body, err)
	}
}

// problemBody is the shape of a problem response.
type problemBody struct {
	Type   string           `json:"type"`
	Title  string           `json:"title"`
	Status int              `json:"status"`
	Detail string           `json:"detail"`
	Errors []pmo.FieldError `json:"errors"`
}

func (p problemBody) fields() []string {
	var out []string
	for _, f := range p.Errors {
		out = append(out, f.Field)
	}
	return out
}

// compact returns JSON with insignificant space removed, for comparisons.
func compact(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}
