package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
)

// Role sets of the matrix, by what the policy lets each role do.
var (
	allRoles  = pmo.Roles
	readers   = roles(pmo.Administrator, pmo.PMOStaff, pmo.PortfolioManager, pmo.ProgramManager, pmo.ProjectManager, pmo.Executive, pmo.TeamMember)
	editors   = roles(pmo.Administrator, pmo.PMOStaff, pmo.PortfolioManager, pmo.ProgramManager, pmo.ProjectManager)
	deciders  = roles(pmo.Administrator, pmo.PMOStaff, pmo.PortfolioManager, pmo.Executive)
	askers    = roles(pmo.Administrator, pmo.PMOStaff, pmo.PortfolioManager, pmo.ProgramManager, pmo.ProjectManager, pmo.TeamMember, pmo.Requester)
	auditors  = roles(pmo.Administrator, pmo.PMOStaff, pmo.PortfolioManager, pmo.ProgramManager, pmo.ProjectManager, pmo.Executive)
	adminOnly = roles(pmo.Administrator)
	governors = roles(pmo.Administrator, pmo.PMOStaff)
	nobody    = roles()
)

func roles(rs ...pmo.Role) []pmo.Role { return rs }

// access is the expected outcome of one route: the roles allowed with a
// grant on the portfolio the request is about (in scope), those allowed
// with a grant on another portfolio only (out of scope), and whether
// anonymous callers get in.
type access struct {
	in, out []pmo.Role
	anon    bool
}

var (
	public   = access{allRoles, allRoles, true}
	self     = access{allRoles, allRoles, false}
	list     = access{readers, readers, false} // lists: narrowed, never refused
	read     = access{readers, nobody, false}
	edit     = access{editors, nobody, false}
	decide   = access{deciders, nobody, false}
	ask      = access{askers, nobody, false}
	auditAll = access{auditors, auditors, false}
	audit1   = access{auditors, nobody, false}
	admin    = access{adminOnly, nobody, false}
	govern   = access{governors, nobody, false}
	govAll   = access{governors, governors, false} // no target: a grant anywhere
)

// matrixParts and matrixSeeds let each feature's test file (see
// web/feature.go) add, from an init function, the expected access of its
// routes and the records its {id} paths need in both portfolios.
var (
	matrixParts []func() map[string]access
	matrixSeeds []func(t *testing.T, db *store.DB, code string, ids map[string]int64)
)

// roleMatrix is the exact allowed set of every route, API and pages. A
// route missing here fails TestRoleMatrix: add its entry with the route.
func roleMatrix() map[string]access {
	m := map[string]access{
		"GET /healthz": public, "GET /api/openapi.json": public, "GET /static/{file...}": public,
		"GET /login": public, "POST /login": public, "GET /auth/oidc/login": public, "GET /auth/oidc/callback": public,

		"GET /api/v1/rollup": list, "GET /api/v1/portfolios/{id}/rollup": read,
		"GET /api/v1/portfolios": list, "POST /api/v1/portfolios": {adminOnly, nobody, false},
		"GET /api/v1/portfolios/{id}": read, "PATCH /api/v1/portfolios/{id}": edit, "DELETE /api/v1/portfolios/{id}": edit,
		"GET /api/v1/programs": list, "POST /api/v1/programs": edit,
		"GET /api/v1/programs/{id}": read, "PATCH /api/v1/programs/{id}": edit, "DELETE /api/v1/programs/{id}": edit,
		"GET /api/v1/projects": list, "POST /api/v1/projects": edit,
		"GET /api/v1/projects/{id}": read, "PATCH /api/v1/projects/{id}": edit, "DELETE /api/v1/projects/{id}": edit,
		"GET /api/v1/project-codes/{code}":         read,
		"GET /api/v1/projects/{id}/status-reports": read, "POST /api/v1/projects/{id}/status-reports": edit,
		"GET /api/v1/status-reports/{id}": read, "POST /api/v1/status-reports/{id}/corrections": edit,
		"GET /api/v1/change-requests": list, "POST /api/v1/change-requests": ask,
		"GET /api/v1/change-requests/{id}": read, "PATCH /api/v1/change-requests/{id}": edit,
		"DELETE /api/v1/change-requests/{id}":           edit,
		"POST /api/v1/change-requests/{id}/transitions": decide, // the matrix approves

		"GET /api/v1/me": self, "POST /api/v1/me/password": self,
		"GET /api/v1/tokens": self, "POST /api/v1/tokens": self, "DELETE /api/v1/tokens/{id}": self,
		"GET /api/v1/users": admin, "POST /api/v1/users": admin, "PUT /api/v1/users/{id}/grants": admin,
		"PUT /api/v1/users/{id}/disabled": admin,
		"GET /api/v1/audit":               auditAll, "GET /api/v1/audit.csv": auditAll, "GET /api/v1/audit/{id}": audit1,

		"POST /logout": self, "GET /account": self, "POST /account/password": self, "GET /audit": auditAll,
		"GET /{$}": list, "GET /portfolios/{id}": read,
		"GET /projects/{id}": read, "GET /projects/{id}/status/new": edit, "POST /projects/{id}/status": edit,
		"GET /changes/{id}": read, "POST /changes/{id}/transitions": decide,
		"GET /changes/{id}/edit": edit, "POST /changes/{id}": edit,
		"GET /projects/{id}/changes/new": ask, "POST /projects/{id}/changes": ask,
	}
	for _, name := range []string{"projects", "risks", "issues", "actions", "decisions", "dependencies", "milestones", "changes"} {
		m["GET /"+name] = list
		m["GET /"+name+".csv"] = list
	}
	for _, name := range []string{"risks", "issues", "actions", "decisions", "dependencies", "milestones"} {
		api := "/api/v1/" + name
		m["GET "+api] = list
		m["POST "+api] = edit
		m["GET "+api+"/{id}"] = read
		m["PATCH "+api+"/{id}"] = edit
		m["DELETE "+api+"/{id}"] = edit
		m["GET /projects/{id}/"+name+"/new"] = edit
		m["POST /projects/{id}/"+name] = edit
		m["GET /"+name+"/{id}/edit"] = edit
		m["POST /"+name+"/{id}"] = edit
	}
	for _, part := range matrixParts {
		for key, a := range part() {
			if _, dup := m[key]; dup {
				panic("roleMatrix: two entries for " + key)
			}
			m[key] = a
		}
	}
	return m
}

// matrixWorld is a database with two portfolios (A and B), each with a
// program, a project in it and one record of every kind.
type matrixWorld struct {
	db  *store.DB
	srv *Server
	a   map[string]int64 // ids in portfolio A by collection name
	b   map[string]int64
	// tokens of users by role, with a grant on A (in) or on B (out).
	in, out map[pmo.Role]string
}

func mustMatrixWorld(t *testing.T) *matrixWorld {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "pmo.db"), store.WithNow(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	w := &matrixWorld{db: db, in: map[pmo.Role]string{}, out: map[pmo.Role]string{}}
	seed := func(code string) map[string]int64 {
		ids := map[string]int64{}
		pf := &pmo.Portfolio{Code: "PF" + code, Name: "Portfolio " + code}
		must(db.CreatePortfolio(ctx, pf))
		pg := &pmo.Program{PortfolioID: pf.ID, Code: "PG" + code, Name: "Program " + code}
		must(db.CreateProgram(ctx, pg))
		p := &pmo.Project{PortfolioID: pf.ID, ProgramID: pg.ID, Code: "P" + code, Name: "Project " + code, State: pmo.Active}
		must(db.CreateProject(ctx, p))
		p2 := &pmo.Project{PortfolioID: pf.ID, Code: "Q" + code, Name: "Provider " + code, State: pmo.Active}
		must(db.CreateProject(ctx, p2))
		entry := pmo.Entry{ProjectID: p.ID, Title: "Entry " + code, Owner: "Ada"}
		r := &pmo.Risk{Entry: entry, Probability: 2, Impact: 2}
		must(db.Risks().Create(ctx, r))
		is := &pmo.Issue{Entry: entry}
		must(db.Issues().Create(ctx, is))
		ac := &pmo.Action{Entry: entry}
		must(db.Actions().Create(ctx, ac))
		de := &pmo.Decision{Entry: entry}
		must(db.Decisions().Create(ctx, de))
		dp := &pmo.Dependency{Entry: entry, ToProjectID: p2.ID, NeedBy: pmo.NewDate(2027, 1, 4)}
		must(db.Dependencies().Create(ctx, dp))
		ms := &pmo.Milestone{ProjectID: p.ID, Name: "Go live " + code, Baseline: pmo.NewDate(2027, 3, 1)}
		must(db.Milestones().Create(ctx, ms))
		c := &pmo.ChangeRequest{ProjectID: p.ID, Title: "Change " + code, RequestedBy: "Ada"}
		must(db.CreateChangeRequest(ctx, c))
		sr := &pmo.StatusReport{ProjectID: p.ID, Period: pmo.WeekOf(pmo.NewDate(2026, 11, 16)), Schedule: pmo.Green,
			Cost: pmo.Green, Scope: pmo.Green, Risk: pmo.Green, Summary: "ok", SubmittedBy: "Ada"}
		must(db.SubmitStatusReport(ctx, sr))
		recs, _, err := db.FindAuditRecords(ctx, pmo.AuditFilter{ProjectID: p.ID, ListOptions: pmo.ListOptions{Limit: 1}})
		must(err)
		ids["portfolios"], ids["programs"], ids["projects"], ids["project-codes"] = pf.ID, pg.ID, p.ID, p.ID
		ids["risks"], ids["issues"], ids["actions"], ids["decisions"], ids["dependencies"], ids["milestones"] =
			r.ID, is.ID, ac.ID, de.ID, dp.ID, ms.ID
		ids["change-requests"], ids["changes"], ids["status-reports"], ids["audit"] = c.ID, c.ID, sr.ID, recs[0].ID
		for _, seed := range matrixSeeds {
			seed(t, db, code, ids)
		}
		return ids
	}
	w.a, w.b = seed("A"), seed("B")
	victim := &pmo.User{Name: "victim", Grants: []pmo.Grant{}}
	must(db.CreateUser(ctx, victim, ""))
	w.a["users"] = victim.ID
	w.a["tokens"] = 999 // nobody's: revoking it is a 404
	token := func(name string, g pmo.Grant) string {
		u := &pmo.User{Name: name, Grants: []pmo.Grant{g}}
		must(db.CreateUser(ctx, u, ""))
		tk := &pmo.Token{UserID: u.ID, Scope: pmo.ScopeReadWrite}
		must(db.CreateToken(ctx, tk))
		return tk.Secret
	}
	for _, role := range pmo.Roles {
		in := pmo.Grant{Role: role, Scope: pmo.ScopePortfolio, ScopeID: w.a["portfolios"]}
		if role == pmo.Administrator {
			in = pmo.Grant{Role: role, Scope: pmo.ScopeAll}
		}
		w.in[role] = token(string(role)+"-in", in)
		w.out[role] = token(string(role)+"-out", pmo.Grant{Role: role, Scope: pmo.ScopePortfolio, ScopeID: w.b["portfolios"]})
	}
	w.srv = New(db, Options{Now: func() time.Time { return now }})
	return w
}

// request builds a request for route rt about portfolio A's records. Writes
// carry a stale version so that they never change anything the next
// request relies on.
func (w *matrixWorld) request(t *testing.T, rt route) *http.Request {
	t.Helper()
	path := rt.Pattern
	if path == "/{$}" {
		path = "/"
	}
	path = strings.ReplaceAll(path, "{file...}", "app.css")
	if strings.Contains(path, "{") {
		rest := strings.TrimPrefix(strings.TrimPrefix(path, "/api/v1"), "/")
		coll, _, _ := strings.Cut(rest, "/")
		id, ok := w.a[coll]
		if !ok {
			t.Fatalf("%s %s: the matrix test knows no record for /%s/{id}; add one to mustMatrixWorld", rt.Method, rt.Pattern, coll)
		}
		path = strings.ReplaceAll(path, "{id}", fmt.Sprint(id))
		path = strings.ReplaceAll(path, "{code}", "PA")
	}
	var body io.Reader
	ctype := ""
	switch {
	case rt.Method == http.MethodGet || rt.Method == http.MethodHead:
	case strings.HasPrefix(path, "/api/"):
		ctype = "application/json"
		b := fmt.Sprintf(`{"portfolio_id":%d,"program_id":%d,"project_id":%d,"to":"approved","comment":"ok","name":"n%d","grants":[]}`,
			w.a["portfolios"], w.a["programs"], w.a["projects"], time.Now().UnixNano())
		if rt.Method == http.MethodPatch {
			ctype = "application/merge-patch+json"
		}
		body = strings.NewReader(b)
	default:
		ctype = "application/x-www-form-urlencoded"
		body = strings.NewReader("version=999&to=approved&comment=ok")
	}
	req := httptest.NewRequest(rt.Method, path, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("If-Match", `"999"`)
	return req
}

// denied reports whether the guard refused the request (rather than the
// handler rejecting its content).
func denied(rec *httptest.ResponseRecorder) bool {
	if rec.Code == http.StatusUnauthorized {
		return true
	}
	if rec.Code == http.StatusSeeOther && strings.HasPrefix(rec.Header().Get("Location"), "/login?next=") {
		return true
	}
	return rec.Code == http.StatusForbidden && strings.Contains(rec.Body.String(), "does not allow")
}

// TestRoleMatrix sends every route, API and pages, as every role with a
// grant in scope and out of scope, and anonymously, and checks the exact
// set of callers let through.
func TestRoleMatrix(t *testing.T) {
	w := mustMatrixWorld(t)
	matrix := roleMatrix()
	seen := map[string]bool{}
	for _, rt := range slices.Concat(w.srv.routes, w.srv.pages) {
		key := rt.Method + " " + rt.Pattern
		seen[key] = true
		want, ok := matrix[key]
		if !ok {
			t.Errorf("route %s has no entry in roleMatrix (web/auth_matrix_test.go) nor perhaps a rule in policy (web/auth_policy.go)", key)
			continue
		}
		if _, ok := w.srv.rules[key]; !ok {
			t.Errorf("route %s has no access rule in policy (web/auth_policy.go)", key)
		}
		t.Run(key, func(t *testing.T) {
			check := func(who, token string, wantAllowed bool) {
				req := w.request(t, rt)
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				rec := httptest.NewRecorder()
				w.srv.ServeHTTP(rec, req)
				if got := !denied(rec); got != wantAllowed {
					t.Errorf("%s: allowed=%v, want %v (%d %.200s)", who, got, wantAllowed, rec.Code, rec.Body)
				}
			}
			check("anonymous", "", want.anon)
			for _, role := range pmo.Roles {
				check(string(role)+" in scope", w.in[role], slices.Contains(want.in, role))
				check(string(role)+" out of scope", w.out[role], slices.Contains(want.out, role))
			}
		})
	}
	for key := range matrix {
		if !seen[key] {
			t.Errorf("roleMatrix has an entry for %s, which is no route", key)
		}
	}
	for key := range w.srv.rules {
		if !seen[key] {
			t.Errorf("policy has a rule for %s, which is no route", key)
		}
	}
}

// TestReach checks that lists and roll-ups show a scoped user only what
// is in scope.
func TestReach(t *testing.T) {
	w := mustMatrixWorld(t)
	get := func(token, path string) string {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		w.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
		return rec.Body.String()
	}
	for _, path := range []string{"/api/v1/projects", "/api/v1/portfolios", "/api/v1/programs", "/api/v1/risks",
		"/api/v1/change-requests", "/api/v1/milestones", "/projects", "/risks", "/changes.csv", "/", "/api/v1/audit"} {
		body := get(w.out[pmo.ProjectManager], path)
		if strings.Contains(body, "Project A") || strings.Contains(body, "Entry A") || strings.Contains(body, "Change A") ||
			strings.Contains(body, "Portfolio A") || strings.Contains(body, "Go live A") || strings.Contains(body, `"project_id":`+fmt.Sprint(w.a["projects"])+`,`) {
			t.Errorf("%s shows portfolio A to a user of B:\n%.400s", path, body)
		}
		if path != "/api/v1/audit" && !strings.Contains(get(w.in[pmo.Administrator], path), "A") {
			t.Errorf("%s hides A from the administrator", path)
		}
	}
	if body := get(w.out[pmo.Executive], "/api/v1/rollup"); !strings.Contains(body, `"projects":2`) {
		t.Errorf("roll-up of a user of B: %s", body)
	}
}
