package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// page is one GET of a page and what its body must (not) contain.
type page struct {
	name, url  string
	wantStatus int
	want, not  []string
	wantType   string // Content-Type prefix; text/html by default
}

func TestPages(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	pages := []page{
		{name: "dashboard", url: "/", want: []string{"Portfolio dashboard", "PRJ-1 Web shop", `id="rag-overall-amber"`,
			"Milestones in the next 90 days", "Top risks", "Supplier late", "Decisions needed", "Status reports overdue", "PRJ-2"}},
		{name: "portfolio dashboard", url: "/portfolios/{portfolio}", want: []string{"<h1>Digital</h1>", "portfolio_id={portfolio}"}},
		{name: "unknown portfolio", url: "/portfolios/999999", wantStatus: 404, want: []string{"404", "portfolio"}},
		{name: "projects", url: "/projects", want: []string{"PRJ-1", "PRJ-2", "Export CSV", `hx-get="/projects"`}},
		{name: "projects by rag", url: "/projects?rag=amber", want: []string{"PRJ-1"}, not: []string{">PRJ-2<"}},
		{name: "projects by dimension", url: "/projects?rag.cost=amber&state=active",
			want: []string{"PRJ-1", "Cost RAG: amber"}, not: []string{">PRJ-2<"}},
		{name: "projects by text", url: "/projects?q=data", want: []string{"PRJ-2"}, not: []string{">PRJ-1<"}},
		{name: "projects by tag and manager", url: "/projects?tag=web&manager=ada", want: []string{"PRJ-1"}, not: []string{">PRJ-2<"}},
		{name: "projects sorted", url: "/projects?sort=-code", want: []string{`aria-sort="descending"`}},
		{name: "projects overdue", url: "/projects?overdue=true", want: []string{"PRJ-2"}},
		{name: "projects bad stage", url: "/projects?stage=bogus", wantStatus: 400, want: []string{"stage"}},
		{name: "projects bad cursor", url: "/projects?cursor=xyz", wantStatus: 400, want: []string{"cursor"}},
		{name: "projects paged", url: "/projects?limit=1", want: []string{`id="next-page"`, "Showing 1 of 2"}},
		{name: "projects csv", url: "/projects.csv?rag=amber", wantType: "text/csv", want: []string{"Code,Name,Manager", "PRJ-1,Web shop,Ada"},
			not: []string{"PRJ-2"}},
		{name: "dependencies count", url: "/dependencies", want: []string{"0 dependencies match"}},
		{name: "risks", url: "/risks?open=true", want: []string{"Supplier late", "Risk matrix", "critical", "high"}},
		{name: "risks csv", url: "/risks.csv", wantType: "text/csv", want: []string{"Project,Title", "PRJ-1,Supplier late"}},
		{name: "risks by project", url: "/risks?project_rag=amber&project_stage=execution",
			want: []string{"Supplier late", "Project RAG", `name="project_rag" value="amber" checked`}},
		{name: "risks of red projects", url: "/risks?project_rag=red", want: []string{"0 risks match"}, not: []string{"Supplier late"}},
		{name: "risks bad project rag", url: "/risks?project_rag=pink", wantStatus: 400, want: []string{"project_rag"}},
		{name: "risks csv by project", url: "/risks.csv?project_tag=web&project_state=active", wantType: "text/csv",
			want: []string{"PRJ-1,Supplier late"}},
		{name: "risks csv of red projects", url: "/risks.csv?project_rag=red", wantType: "text/csv",
			want: []string{"Project,Title"}, not: []string{"Supplier late"}},
		{name: "issues", url: "/issues", want: []string{"Issues", "Nothing here."}},
		{name: "actions", url: "/actions?status=open", want: []string{"Actions"}},
		{name: "decisions", url: "/decisions?status=pending", want: []string{"Decisions"}},
		{name: "dependencies", url: "/dependencies?level=portfolio", want: []string{"Dependencies"}},
		{name: "milestones", url: "/milestones?from=2026-01-01&to=2026-12-31", want: []string{"Go live", "key"}},
		{name: "changes", url: "/changes?state=draft", want: []string{"Add payments", "Draft"}},
		{name: "changes csv", url: "/changes.csv?project_id={project}", wantType: "text/csv", want: []string{"Add payments"}},
		{name: "project", url: "/projects/{project}", want: []string{"Web shop", "Status history", "Go live", "Submit status report",
			"2026-W47", `aria-current="page">Overview`}},
		{name: "project risks", url: "/projects/{project}?tab=risks", want: []string{"Supplier late", "New risk", "Open risks by probability"}},
		{name: "project changes", url: "/projects/{project}?tab=changes", want: []string{"Add payments"}},
		{name: "project milestones", url: "/projects/{project}?tab=milestones", want: []string{"Go live"}},
		{name: "project other tabs", url: "/projects/{project}?tab=dependencies", want: []string{"New dependency"}},
		{name: "project without reports", url: "/projects/{project2}", want: []string{"No status report yet"}},
		{name: "unknown project", url: "/projects/999999", wantStatus: 404},
		{name: "bad project id", url: "/projects/abc", wantStatus: 400},
		{name: "change", url: "/changes/{change}", want: []string{"Add payments", "Submit for assessment", `aria-current="step"`}},
		{name: "status form", url: "/projects/{project}/status/new", want: []string{"Previous report · 2026-W47", `value="2026-W48"`,
			`name="schedule" value="green" checked`, "Last period: amber"}},
		{name: "new risk", url: "/projects/{project}/risks/new", want: []string{"New risk", `name="probability"`, `<span class="suffix">EUR</span>`}},
		{name: "edit risk", url: "/risks/{risk}/edit", want: []string{`value="Supplier late"`, `name="version" value="1"`}},
		{name: "edit milestone", url: "/milestones/{milestone}/edit", want: []string{`value="Go live"`}},
		{name: "edit change", url: "/changes/{change}/edit", want: []string{`value="Add payments"`}},
		{name: "new dependency", url: "/projects/{project}/dependencies/new", want: []string{"Providing project"}},
		{name: "no such page", url: "/nope", wantStatus: 404, want: []string{"There is no page at /nope"}},
		{name: "api still problem json", url: "/api/v1/nope", wantStatus: 404, wantType: "application/problem+json"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			res := e.do(t, http.MethodGet, e.expand(p.url), "", nil)
			want := p.wantStatus
			if want == 0 {
				want = http.StatusOK
			}
			if res.StatusCode != want {
				t.Fatalf("GET %s: %d, want %d\n%s", p.url, res.StatusCode, want, res.body)
			}
			ct := p.wantType
			if ct == "" {
				ct = "text/html"
			}
			if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, ct) {
				t.Errorf("Content-Type %q, want %s", got, ct)
			}
			body := string(res.body)
			for _, w := range p.want {
				if !strings.Contains(body, e.expand(w)) {
					t.Errorf("body lacks %q", e.expand(w))
				}
			}
			for _, n := range p.not {
				if strings.Contains(body, e.expand(n)) {
					t.Errorf("body has %q", e.expand(n))
				}
			}
		})
	}
}

// assetRE finds the hashed stylesheet URL in a page.
var assetRE = regexp.MustCompile(`/static/app\.[0-9a-f]{10}\.css`)

// TestListCleanURL drops the empty inputs a filter form sends, so the URL
// stays short enough to share: a redirect for a plain submission, a pushed
// URL for htmx.
func TestListCleanURL(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	res := e.do(t, http.MethodGet, "/projects?q=shop&portfolio_id=&tag=", "", nil)
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/projects?q=shop" {
		t.Errorf("plain: %d to %q, want 302 to /projects?q=shop", res.StatusCode, res.Header.Get("Location"))
	}
	res = e.do(t, http.MethodGet, "/risks?open=true&owner=", "", map[string]string{"HX-Request": "true"})
	if res.StatusCode != http.StatusOK || res.Header.Get("HX-Push-Url") != "/risks?open=true" {
		t.Errorf("htmx: %d pushing %q, want 200 pushing /risks?open=true", res.StatusCode, res.Header.Get("HX-Push-Url"))
	}
}

func TestStaticAssets(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	home := e.get(t, "/")
	css := assetRE.FindString(string(home.body))
	if css == "" {
		t.Fatalf("no hashed stylesheet in the page")
	}
	res := e.get(t, css)
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("Cache-Control %q, want a year, immutable", cc)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type %q", ct)
	}
	if res := e.get(t, "/static/app.css"); res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("unhashed name: Cache-Control %q, want no-cache", res.Header.Get("Cache-Control"))
	}
	if res := e.do(t, http.MethodGet, "/static/app.0000000000.css", "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown hash: %d, want 404", res.StatusCode)
	}
	for _, name := range []string{"vendor/htmx/htmx.min.js", "vendor/htmx/LICENSE"} {
		e.get(t, "/static/"+name)
	}
	// Pages are compressed for clients that accept gzip.
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, e.auth(req))
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("dashboard not gzipped: %v", rec.Header())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(zr)
	if !strings.Contains(string(b), "Portfolio dashboard") {
		t.Errorf("gzipped body does not decode to the dashboard")
	}
}

// post submits a form and returns the response.
func (e *env) post(tb testing.TB, u string, form url.Values) response {
	tb.Helper()
	return e.do(tb, http.MethodPost, e.expand(u), form.Encode(),
		map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
}

// form is one form submission and its expected outcome.
type form struct {
	name   string
	url    string
	values url.Values
	// wantStatus is 303 for success (then wantLocation prefixes Location),
	// else the status of the re-rendered form.
	wantStatus   int
	wantLocation string
	wantErrors   []string // inputs that must show an error
	wantBody     []string
}

func (f form) run(t *testing.T, e *env) {
	t.Helper()
	vals := url.Values{}
	for k, vs := range f.values {
		for _, v := range vs {
			vals.Add(k, e.expand(v))
		}
	}
	res := e.post(t, f.url, vals)
	if res.StatusCode != f.wantStatus {
		t.Fatalf("POST %s: %d, want %d\n%s", f.url, res.StatusCode, f.wantStatus, res.body)
	}
	if f.wantStatus == http.StatusSeeOther {
		if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, e.expand(f.wantLocation)) {
			t.Errorf("Location %q, want prefix %q", loc, e.expand(f.wantLocation))
		}
		return
	}
	body := string(res.body)
	for _, name := range f.wantErrors {
		if !strings.Contains(body, `id="`+name+`-error"`) {
			t.Errorf("no error shown next to %s", name)
		}
	}
	if n := strings.Count(body, `class="error" id="`); n != len(f.wantErrors) && f.wantErrors != nil {
		t.Errorf("%d field errors shown, want %d (%v)", n, len(f.wantErrors), f.wantErrors)
	}
	for _, w := range f.wantBody {
		if !strings.Contains(body, e.expand(w)) {
			t.Errorf("body lacks %q", e.expand(w))
		}
	}
	// Whatever the user got wrong, their input is still in the form.
	for k, vs := range vals {
		if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusConflict {
			break
		}
		if k == "version" || k == "to" || len(vs) != 1 || vs[0] == "" || strings.ContainsAny(vs[0], "&<>'\"") {
			continue
		}
		if !strings.Contains(body, `value="`+vs[0]+`"`) && !strings.Contains(body, ">"+vs[0]+"</textarea>") &&
			!strings.Contains(body, `value="`+vs[0]+`" checked`) && !strings.Contains(body, `value="`+vs[0]+`" selected`) {
			t.Errorf("the form lost the input %s=%q", k, vs[0])
		}
	}
}

func runForms(t *testing.T, forms []form) {
	t.Helper()
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			f.run(t, mustEnv(t))
		})
	}
}

// statusForm is a valid status report submission, changed by kv pairs.
func statusForm(kv ...string) url.Values {
	v := url.Values{"period": {"2026-W48"}, "schedule": {"green"}, "cost": {"amber"}, "scope": {"green"}, "risk": {"red"},
		"summary": {"Supplier slipped"}, "actual_cost": {"12,500.50"}, "forecast_cost": {"101000"}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestStatusForm(t *testing.T) {
	t.Parallel()
	runForms(t, []form{
		{name: "submitted", url: "/projects/{project}/status", values: statusForm(),
			wantStatus: 303, wantLocation: "/projects/{project}?saved=status"},
		{name: "override with reason", url: "/projects/{project}/status",
			values:     statusForm("overall", "amber", "override_reason", "Mitigation agreed with the sponsor"),
			wantStatus: 303, wantLocation: "/projects/{project}"},
		{name: "no summary", url: "/projects/{project}/status", values: statusForm("summary", ""),
			wantStatus: 422, wantErrors: []string{"summary"}},
		{name: "bad period", url: "/projects/{project}/status", values: statusForm("period", "week 48"),
			wantStatus: 422, wantErrors: []string{"period"}},
		{name: "no period", url: "/projects/{project}/status", values: statusForm("period", ""),
			wantStatus: 422, wantErrors: []string{"period"}},
		{name: "bad rating", url: "/projects/{project}/status", values: statusForm("schedule", "purple"),
			wantStatus: 422, wantErrors: []string{"schedule"}},
		{name: "override without reason", url: "/projects/{project}/status", values: statusForm("overall", "green"),
			wantStatus: 422, wantErrors: []string{"override_reason"}},
		{name: "bad amount", url: "/projects/{project}/status", values: statusForm("actual_cost", "12.345"),
			wantStatus: 422, wantErrors: []string{"actual_cost"}},
		{name: "negative amount", url: "/projects/{project}/status", values: statusForm("forecast_cost", "-5"),
			wantStatus: 422, wantErrors: []string{"forecast_cost"}},
		{name: "several at once", url: "/projects/{project}/status", values: statusForm("summary", "", "period", "x"),
			wantStatus: 422, wantErrors: []string{"summary", "period"}},
		{name: "period already reported", url: "/projects/{project}/status", values: statusForm("period", "2026-W47"),
			wantStatus: 409, wantErrors: []string{"period"}, wantBody: []string{"already"}},
		{name: "unknown project", url: "/projects/999999/status", values: statusForm(), wantStatus: 404},
	})
}

// riskForm is a valid risk, changed by kv pairs.
func riskForm(kv ...string) url.Values {
	v := url.Values{"title": {"Vendor insolvency"}, "owner": {"Ada"}, "status": {"open"}, "level": {"project"},
		"kind": {"threat"}, "probability": {"2"}, "impact": {"5"}, "cost_impact": {"250000"}, "review_date": {"2026-12-15"}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestRecordForms(t *testing.T) {
	t.Parallel()
	runForms(t, []form{
		{name: "risk created", url: "/projects/{project}/risks", values: riskForm(),
			wantStatus: 303, wantLocation: "/projects/{project}?tab=risks&saved=risk"},
		{name: "risk without title", url: "/projects/{project}/risks", values: riskForm("title", ""),
			wantStatus: 422, wantErrors: []string{"title"}},
		{name: "risk without probability", url: "/projects/{project}/risks", values: riskForm("probability", ""),
			wantStatus: 422, wantErrors: []string{"probability"}},
		{name: "risk impact out of range", url: "/projects/{project}/risks", values: riskForm("impact", "9"),
			wantStatus: 422, wantErrors: []string{"impact"}},
		{name: "risk bad amount", url: "/projects/{project}/risks", values: riskForm("cost_impact", "lots"),
			wantStatus: 422, wantErrors: []string{"cost_impact"}},
		{name: "risk bad date", url: "/projects/{project}/risks", values: riskForm("review_date", "15/12/2026"),
			wantStatus: 422, wantErrors: []string{"review_date"}},
		{name: "risk bad status", url: "/projects/{project}/risks", values: riskForm("status", "maybe"),
			wantStatus: 422, wantErrors: []string{"status"}},
		{name: "risk bad level", url: "/projects/{project}/risks", values: riskForm("level", "board"),
			wantStatus: 422, wantErrors: []string{"level"}},
		{name: "risk edited", url: "/risks/{risk}", values: riskForm("version", "1", "title", "Supplier very late"),
			wantStatus: 303, wantLocation: "/projects/{project}?tab=risks"},
		{name: "risk edit invalid", url: "/risks/{risk}", values: riskForm("version", "1", "title", ""),
			wantStatus: 422, wantErrors: []string{"title"}},
		{name: "risk edit without version", url: "/risks/{risk}", values: riskForm(), wantStatus: 400},

		{name: "issue created", url: "/projects/{project}/issues",
			values:     url.Values{"title": {"Test rig broken"}, "severity": {"high"}, "type": {"problem"}, "due": {"2026-12-01"}},
			wantStatus: 303, wantLocation: "/projects/{project}?tab=issues&saved=issue"},
		{name: "issue bad severity", url: "/projects/{project}/issues",
			values: url.Values{"title": {"Test rig broken"}, "severity": {"dire"}}, wantStatus: 422, wantErrors: []string{"severity"}},
		{name: "action created", url: "/projects/{project}/actions",
			values: url.Values{"title": {"Chase supplier"}, "due": {"2026-12-01"}}, wantStatus: 303, wantLocation: "/projects/{project}?tab=actions"},
		{name: "action bad due", url: "/projects/{project}/actions",
			values: url.Values{"title": {"Chase supplier"}, "due": {"soon"}}, wantStatus: 422, wantErrors: []string{"due"}},
		{name: "decision created", url: "/projects/{project}/decisions",
			values: url.Values{"title": {"Pick vendor"}, "status": {"pending"}, "needed_by": {"2026-12-10"}}, wantStatus: 303,
			wantLocation: "/projects/{project}?tab=decisions"},
		{name: "decision decided without decider", url: "/projects/{project}/decisions",
			values: url.Values{"title": {"Pick vendor"}, "status": {"decided"}}, wantStatus: 422, wantErrors: []string{"decided_by", "decided_on"}},
		{name: "dependency created", url: "/projects/{project}/dependencies",
			values: url.Values{"title": {"Data feed"}, "to_project": {"PRJ-2"}, "need_by": {"2027-01-15"}}, wantStatus: 303,
			wantLocation: "/projects/{project}?tab=dependencies"},
		{name: "dependency unknown provider", url: "/projects/{project}/dependencies",
			values: url.Values{"title": {"Data feed"}, "to_project": {"NOPE-9"}, "need_by": {"2027-01-15"}}, wantStatus: 422,
			wantErrors: []string{"to_project"}},
		{name: "dependency on itself", url: "/projects/{project}/dependencies",
			values: url.Values{"title": {"Data feed"}, "to_project": {"PRJ-1"}, "need_by": {"2027-01-15"}}, wantStatus: 422,
			wantErrors: []string{"to_project"}},
		{name: "dependency without need-by", url: "/projects/{project}/dependencies",
			values: url.Values{"title": {"Data feed"}, "to_project": {"PRJ-2"}}, wantStatus: 422, wantErrors: []string{"need_by"}},
		{name: "milestone created", url: "/projects/{project}/milestones",
			values: url.Values{"name": {"Pilot"}, "key": {"on"}, "baseline": {"2026-12-20"}}, wantStatus: 303,
			wantLocation: "/projects/{project}?tab=milestones"},
		{name: "milestone without dates", url: "/projects/{project}/milestones",
			values: url.Values{"name": {"Pilot"}}, wantStatus: 422, wantErrors: []string{"forecast"}},
		{name: "milestone edited", url: "/milestones/{milestone}",
			values:     url.Values{"name": {"Go live"}, "baseline": {"2026-10-01"}, "forecast": {"2026-10-20"}, "version": {"1"}},
			wantStatus: 303, wantLocation: "/projects/{project}?tab=milestones"},
		{name: "change created", url: "/projects/{project}/changes",
			values: url.Values{"title": {"Add refunds"}, "requested_by": {"Ada"}, "priority": {"2"}, "cost_impact": {"-1500"},
				"schedule_impact_days": {"10"}}, wantStatus: 303, wantLocation: "/changes/"},
		{name: "change without requester", url: "/projects/{project}/changes",
			values: url.Values{"title": {"Add refunds"}}, wantStatus: 422, wantErrors: []string{"requested_by"}},
		{name: "change bad days", url: "/projects/{project}/changes",
			values: url.Values{"title": {"Add refunds"}, "requested_by": {"Ada"}, "schedule_impact_days": {"ten"}}, wantStatus: 422,
			wantErrors: []string{"schedule_impact_days"}},
		{name: "change edited", url: "/changes/{change}",
			values:     url.Values{"title": {"Add payments and refunds"}, "requested_by": {"Ada"}, "version": {"1"}},
			wantStatus: 303, wantLocation: "/changes/{change}?saved=change"},
		{name: "change submitted", url: "/changes/{change}/transitions",
			values: url.Values{"to": {"submitted"}, "version": {"1"}}, wantStatus: 303,
			wantLocation: "/changes/{change}?saved=transition"},
		// The signed-in user ("admin") moves the request, whatever the form says.
		{name: "transition without actor", url: "/changes/{change}/transitions",
			values: url.Values{"to": {"submitted"}, "version": {"1"}, "comment": {"ready"}}, wantStatus: 303,
			wantLocation: "/changes/{change}?saved=transition"},
		{name: "transition the workflow forbids", url: "/changes/{change}/transitions",
			values: url.Values{"to": {"approved"}, "version": {"1"}}, wantStatus: 422,
			wantBody: []string{"cannot move from draft to approved"}},
		{name: "transition stale", url: "/changes/{change}/transitions",
			values: url.Values{"to": {"submitted"}, "comment": {"please"}, "version": {"7"}}, wantStatus: 409,
			wantBody: []string{`id="stale-alert"`}},
	})
}

// TestStaleEdit saves a risk behind the user's back: the form comes back
// with the user's input, an explanation and the values saved meanwhile,
// and saving again keeps the user's version.
func TestStaleEdit(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	ctx := context.Background()
	r, err := e.db.Risks().FindByID(ctx, e.ids.risk)
	if err != nil {
		t.Fatal(err)
	}
	r.Owner = "Grace"
	if err := e.db.Risks().Update(ctx, r); err != nil {
		t.Fatal(err)
	}
	mine := riskForm("version", "1", "title", "Supplier insolvent", "owner", "Ada")
	res := e.post(t, "/risks/{risk}", mine)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409\n%s", res.StatusCode, res.body)
	}
	body := string(res.body)
	for _, want := range []string{`id="stale-alert"`, `value="Supplier insolvent"`, "Saved meanwhile: <strong>Grace</strong>",
		`name="version" value="2"`} {
		if !strings.Contains(body, want) {
			t.Errorf("stale form lacks %q", want)
		}
	}
	mine.Set("version", "2")
	if res := e.post(t, "/risks/{risk}", mine); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second save: %d\n%s", res.StatusCode, res.body)
	}
	got, err := e.db.Risks().FindByID(ctx, e.ids.risk)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Supplier insolvent" || got.Owner != "Ada" || got.Version != 3 {
		t.Errorf("after the second save: %q by %q, version %d", got.Title, got.Owner, got.Version)
	}
}

// TestStatusReportChangesDashboard submits a red report and sees the
// dashboard count it.
func TestStatusReportChangesDashboard(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	redCount := regexp.MustCompile(`id="rag-overall-red" href="[^"]*">(\d+)<`)
	count := func() string {
		m := redCount.FindStringSubmatch(string(e.get(t, "/").body))
		if m == nil {
			t.Fatal("no overall red count on the dashboard")
		}
		return m[1]
	}
	if got := count(); got != "0" {
		t.Fatalf("red before: %s", got)
	}
	if res := e.post(t, "/projects/{project}/status", statusForm("schedule", "red")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", res.StatusCode, res.body)
	}
	if got := count(); got != "1" {
		t.Errorf("red after: %s, want 1", got)
	}
	p := e.get(t, e.expand("/projects/{project}?saved=status"))
	if !strings.Contains(string(p.body), "Status report submitted.") {
		t.Errorf("no confirmation after the redirect")
	}
}
