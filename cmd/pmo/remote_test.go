package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
	"github.com/pmohq/pmo/web"
)

// remoteWorld is a real pmo server (web.New over a SQLite file) with two
// portfolios, seven projects in the first (two red, one on hold), risks,
// and users with tokens of each scope.
type remoteWorld struct {
	db                   *store.DB
	url                  string
	admin, reader, other string // tokens: administrator read-write, administrator read, a user of portfolio B
	readerID, adminUser  int64
	pf, pfB              *pmo.Portfolio
	projects             []*pmo.Project
}

func mustRemoteWorld(t *testing.T) *remoteWorld {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "pmo.db"))
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
	w := &remoteWorld{db: db}
	w.pf = &pmo.Portfolio{Code: "PFA", Name: "Portfolio A"}
	must(db.CreatePortfolio(ctx, w.pf))
	w.pfB = &pmo.Portfolio{Code: "PFB", Name: "Portfolio B"}
	must(db.CreatePortfolio(ctx, w.pfB))
	for i := range 7 {
		state := pmo.Active
		if i == 6 {
			state = pmo.OnHold
		}
		p := &pmo.Project{PortfolioID: w.pf.ID, Code: fmt.Sprintf("A%d", i+1), Name: fmt.Sprintf("Project A%d", i+1),
			State: state, Manager: "Grace"}
		must(db.CreateProject(ctx, p))
		w.projects = append(w.projects, p)
		rating := pmo.Green
		if i < 2 {
			rating = pmo.Red
		}
		must(db.SubmitStatusReport(ctx, &pmo.StatusReport{ProjectID: p.ID, Period: pmo.WeekOf(pmo.NewDate(2026, 11, 16)),
			Schedule: rating, Cost: rating, Scope: rating, Risk: rating, Summary: "weekly", SubmittedBy: "Grace"}))
		must(db.Risks().Create(ctx, &pmo.Risk{Entry: pmo.Entry{ProjectID: p.ID, Title: fmt.Sprintf("Supplier late on A%d", i+1),
			Owner: "Ada"}, Probability: 3, Impact: 1 + i%5}))
	}
	must(db.CreateProject(ctx, &pmo.Project{PortfolioID: w.pfB.ID, Code: "B1", Name: "Project B1", State: pmo.Active}))
	token := func(name string, scope pmo.TokenScope, g pmo.Grant) (string, *pmo.Token) {
		u, err := db.FindUserByName(ctx, name)
		if err != nil {
			u = &pmo.User{Name: name, FullName: strings.ToUpper(name[:1]) + name[1:], Grants: []pmo.Grant{g}}
			must(db.CreateUser(ctx, u, ""))
		}
		tk := &pmo.Token{UserID: u.ID, Name: "script", Scope: scope}
		must(db.CreateToken(ctx, tk))
		return tk.Secret, tk
	}
	admin := pmo.Grant{Role: pmo.Administrator, Scope: pmo.ScopeAll}
	var rd *pmo.Token
	w.admin, _ = token("ada", pmo.ScopeReadWrite, admin)
	w.reader, rd = token("ada", pmo.ScopeRead, admin)
	w.readerID, w.adminUser = rd.ID, rd.UserID
	w.other, _ = token("bob", pmo.ScopeReadWrite, pmo.Grant{Role: pmo.ProjectManager, Scope: pmo.ScopePortfolio, ScopeID: w.pfB.ID})
	srv := httptest.NewServer(web.New(db, web.Options{}))
	t.Cleanup(srv.Close)
	w.url = srv.URL
	return w
}

// remote runs `pmo remote --server URL --token TOKEN args...` through run,
// as the shell would, and checks that the token shows in no output.
func (w *remoteWorld) remote(t *testing.T, token, in string, args ...string) (int, string, string) {
	t.Helper()
	code, out, errOut := runCmd(t, in, append([]string{"remote", "--server", w.url, "--token", token}, args...)...)
	for _, secret := range []string{w.admin, w.reader, w.other} {
		if strings.Contains(out+errOut, secret) {
			t.Fatalf("pmo remote %v printed a token:\n%s%s", args, out, errOut)
		}
	}
	return code, out, errOut
}

// rows returns the data lines of a table (without its header).
func rows(out string) []string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) <= 1 {
		return nil
	}
	return lines[1:]
}

func TestRemoteLists(t *testing.T) {
	w := mustRemoteWorld(t)
	code, out, errOut := w.remote(t, w.reader, "", "me")
	if code != 0 || !strings.Contains(out, "ada") || !strings.Contains(out, "administrator on everything") {
		t.Fatalf("me: %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = w.remote(t, w.reader, "", "projects", "--portfolio", "pfa", "--rag", "red")
	if got := rows(out); code != 0 || len(got) != 2 || !strings.HasPrefix(got[0], "A1") || !strings.Contains(got[0], "red") {
		t.Errorf("projects --rag red: %d %q %s", code, got, errOut)
	}
	code, out, _ = w.remote(t, w.reader, "", "projects", "--state", "on_hold")
	if got := rows(out); code != 0 || len(got) != 1 || !strings.HasPrefix(got[0], "A7") {
		t.Errorf("projects --state on_hold: %q", got)
	}
	// Paging: two items a request, to the end with --all, or up to --limit.
	code, out, errOut = w.remote(t, w.reader, "", "projects", "--portfolio", fmt.Sprint(w.pf.ID), "--all", "--page-size", "2", "--sort", "code")
	if got := rows(out); code != 0 || len(got) != 7 || !strings.HasPrefix(got[6], "A7") || errOut != "" {
		t.Errorf("projects --all --page-size 2: %d %q %s", code, got, errOut)
	}
	code, out, errOut = w.remote(t, w.reader, "", "projects", "--limit", "5", "--page-size", "2", "--format", "csv")
	if recs, err := csv.NewReader(strings.NewReader(out)).ReadAll(); code != 0 || err != nil || len(recs) != 6 {
		t.Errorf("projects --limit 5 --format csv: %d %v %q", code, err, recs)
	}
	code, out, errOut = w.remote(t, w.reader, "", "projects", "--limit", "3")
	if code != 0 || len(rows(out)) != 3 || !strings.Contains(errOut, "3 of 8 projects") {
		t.Errorf("projects --limit 3: %d %q %s", code, rows(out), errOut)
	}
	var items []pmo.Project
	code, out, _ = w.remote(t, w.reader, "", "projects", "--portfolio", "PFB", "--format", "json")
	if err := json.Unmarshal([]byte(out), &items); code != 0 || err != nil || len(items) != 1 || items[0].Code != "B1" {
		t.Errorf("projects --format json: %d %v %s", code, err, out)
	}
	// Risks show project codes, filtered by project and by its rating.
	code, out, errOut = w.remote(t, w.reader, "", "risks", "--rag", "red", "--open")
	if got := rows(out); code != 0 || len(got) != 2 || !strings.Contains(out, "A1") || !strings.Contains(out, "Supplier late on A2") {
		t.Errorf("risks --rag red: %d %q %s", code, got, errOut)
	}
	code, out, _ = w.remote(t, w.reader, "", "risks", "--project", "A3")
	if got := rows(out); code != 0 || len(got) != 1 || !strings.Contains(got[0], "A3") {
		t.Errorf("risks --project A3: %d %q", code, got)
	}
	// A user of portfolio B sees B only, whatever the filter.
	code, out, _ = w.remote(t, w.other, "", "projects", "--all")
	if got := rows(out); code != 0 || len(got) != 1 || !strings.HasPrefix(got[0], "B1") {
		t.Errorf("projects as a user of B: %q", got)
	}
	code, _, errOut = w.remote(t, w.other, "", "projects", "--portfolio", "PFA")
	if code != 1 || !strings.Contains(errOut, `no portfolio with the code "PFA"`) {
		t.Errorf("a portfolio out of reach by code: %d %s", code, errOut)
	}
	// get prints the server's JSON as it is, with short or full paths.
	var page struct {
		Items []pmo.Project `json:"items"`
		Total int           `json:"total"`
	}
	code, out, errOut = w.remote(t, w.reader, "", "get", "/api/v1/projects?rag=red")
	if err := json.Unmarshal([]byte(out), &page); code != 0 || err != nil || page.Total != 2 {
		t.Errorf("get: %d %v %s%s", code, err, out, errOut)
	}
	code, out, _ = w.remote(t, w.reader, "", "get", "portfolios/"+fmt.Sprint(w.pf.ID))
	if code != 0 || !strings.Contains(out, `"code":"PFA"`) {
		t.Errorf("get with a short path: %d %s", code, out)
	}
}

func TestRemoteWrites(t *testing.T) {
	w := mustRemoteWorld(t)
	p := w.projects[0]
	body := fmt.Sprintf(`{"portfolio_id":%d,"code":"N1","name":"New one","state":"proposed"}`, w.pf.ID)
	code, _, errOut := w.remote(t, w.reader, body, "post", "projects")
	if code != 1 || !strings.Contains(errOut, "read-only") || !strings.Contains(errOut, "use a read-write token") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("a write with a read token: %d %s", code, errOut)
	}
	code, out, errOut := w.remote(t, w.admin, body, "post", "projects")
	var created pmo.Project
	if err := json.Unmarshal([]byte(out), &created); code != 0 || err != nil || created.Code != "N1" {
		t.Fatalf("post: %d %v %s %s", code, err, out, errOut)
	}
	// A problem names the field at fault, on one line.
	code, _, errOut = w.remote(t, w.admin, "", "post", "projects", "--data", fmt.Sprintf(`{"portfolio_id":%d,"code":"N2","name":"x","priority":9}`, w.pf.ID))
	if code != 1 || !strings.Contains(errOut, "priority") || !strings.Contains(errOut, "HTTP 422") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("an invalid field: %d %s", code, errOut)
	}
	// PATCH with If-Match: a stale version is refused, the right one applies.
	path := fmt.Sprintf("/api/v1/projects/%d", p.ID)
	code, _, errOut = w.remote(t, w.admin, `{"manager":"Linus"}`, "patch", path, "--if-match", "99")
	if code != 1 || !strings.Contains(errOut, "HTTP 412") {
		t.Errorf("a stale If-Match: %d %s", code, errOut)
	}
	code, _, errOut = w.remote(t, w.admin, "", "patch", path, "--data", `{"manager":"Linus"}`)
	if code != 1 || !strings.Contains(errOut, "If-Match") {
		t.Errorf("no If-Match: %d %s", code, errOut)
	}
	code, out, errOut = w.remote(t, w.admin, "", "patch", path, "--if-match", fmt.Sprint(p.Version), "--data", `{"manager":"Linus"}`)
	if code != 0 || !strings.Contains(out, `"manager":"Linus"`) {
		t.Errorf("patch: %d %s %s", code, out, errOut)
	}
	file := filepath.Join(t.TempDir(), "risk.json")
	if err := os.WriteFile(file, []byte(fmt.Sprintf(`{"project_id":%d,"title":"From a file","probability":2,"impact":2}`, p.ID)), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := w.remote(t, w.admin, "", "post", "risks", "--data", "@"+file); code != 0 || !strings.Contains(out, "From a file") {
		t.Errorf("post --data @file: %d %s %s", code, out, errOut)
	}
	code, _, errOut = w.remote(t, w.admin, "", "delete", fmt.Sprintf("projects/%d", created.ID), "--if-match", fmt.Sprint(created.Version))
	if code != 0 {
		t.Errorf("delete: %d %s", code, errOut)
	}
	// The audit trail names the token's user for each write, and exports
	// as one CSV across pages.
	code, out, errOut = w.remote(t, w.reader, "", "audit", "--project", "A1", "--action", "update")
	if code != 0 || len(rows(out)) != 1 || !strings.Contains(out, "Ada") {
		t.Errorf("audit: %d %s %s", code, out, errOut)
	}
	var all struct{ Total int }
	_, out, _ = w.remote(t, w.reader, "", "get", "audit?limit=1")
	if err := json.Unmarshal([]byte(out), &all); err != nil || all.Total < 20 {
		t.Fatalf("audit total: %v %s", err, out)
	}
	code, out, errOut = w.remote(t, w.reader, "", "audit", "--csv", "--all", "--page-size", "7")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(recs) < all.Total+1 || recs[0][0] != "id" || recs[1][0] == "id" {
		t.Errorf("audit --csv --all: %d %v, %d rows for %d records %s", code, err, len(recs), all.Total, errOut)
	}
	for _, r := range recs[1:] {
		if r[0] == "id" {
			t.Fatal("audit --csv --all repeats the header")
		}
	}
	code, out, errOut = w.remote(t, w.reader, "", "audit", "--csv", "--limit", "10", "--page-size", "4")
	if recs, err := csv.NewReader(strings.NewReader(out)).ReadAll(); code != 0 || err != nil || len(recs) != 11 || !strings.Contains(errOut, "--all") {
		t.Errorf("audit --csv --limit 10: %d %v %d rows %s", code, err, len(recs), errOut)
	}
}

func TestRemoteRefusals(t *testing.T) {
	w := mustRemoteWorld(t)
	if err := w.db.RevokeToken(context.Background(), w.adminUser, w.readerID); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := w.remote(t, w.reader, "", "me")
	if code != 1 || !strings.Contains(errOut, "refused the API token") || !strings.Contains(errOut, "revoked") ||
		!strings.Contains(errOut, "pmo token create") {
		t.Errorf("a revoked token: %d %s", code, errOut)
	}
	code, _, errOut = w.remote(t, "pmo_forged", "", "projects")
	if code != 1 || !strings.Contains(errOut, "HTTP 401") {
		t.Errorf("a forged token: %d %s", code, errOut)
	}
	// Token from a file and from the environment; --token wins over both.
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(w.admin+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCmd(t, "", "remote", "--server", w.url, "--token-file", file, "me"); code != 0 || !strings.Contains(out, "ada") || errOut != "" {
		t.Errorf("--token-file: %d %s %s", code, out, errOut)
	}
	if err := os.Chmod(file, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCmd(t, "", "remote", "--server", w.url, "--token-file", file, "me"); code != 0 || !strings.Contains(errOut, "chmod 600") {
		t.Errorf("a token file others may read: %d %s", code, errOut)
	}
	if err := os.Chmod(file, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PMO_SERVER", w.url)
	t.Setenv("PMO_TOKEN", w.other)
	if code, out, errOut := runCmd(t, "", "remote", "me"); code != 0 || !strings.Contains(out, "bob") {
		t.Errorf("PMO_SERVER and PMO_TOKEN: %d %s %s", code, out, errOut)
	}
	if code, out, _ := runCmd(t, "", "remote", "me", "--token-file", file); code != 0 || !strings.Contains(out, "ada") {
		t.Errorf("--token-file after the command: %d %s", code, out)
	}
	// Nobody answering is a failure (1) that says so.
	dead := httptest.NewServer(nil)
	dead.Close()
	if code, _, errOut := runCmd(t, "", "remote", "--server", dead.URL, "me"); code != 1 || !strings.Contains(errOut, "cannot reach") {
		t.Errorf("a server that is down: %d %s", code, errOut)
	}
	t.Setenv("PMO_TOKEN", "")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no command", []string{"remote"}, "Commands:"},
		{"unknown command", []string{"remote", "list"}, `unknown command "list"`},
		{"no token", []string{"remote", "me"}, "no API token"},
		{"token with a line break", []string{"remote", "--token", "pmo_a\nb", "me"}, "characters no token has"},
		{"plain http elsewhere", []string{"remote", "--server", "http://pmo.example.org", "--token", "pmo_x", "me"}, "plain HTTP"},
		{"not a URL", []string{"remote", "--server", "pmo.example.org", "--token", "pmo_x", "me"}, "http:// or https://"},
		{"get without a path", []string{"remote", "--token", "pmo_x", "get"}, "missing argument"},
		{"two paths", []string{"remote", "--token", "pmo_x", "get", "a", "b"}, `unexpected argument "b"`},
		{"a body that is no JSON", []string{"remote", "--token", "pmo_x", "post", "risks", "--data", "{title"}, "not valid JSON"},
		{"no body", []string{"remote", "--token", "pmo_x", "post", "risks"}, "no body"},
		{"limit 0", []string{"remote", "--token", "pmo_x", "projects", "--limit", "0"}, "--limit"},
		{"bad format", []string{"remote", "--token", "pmo_x", "risks", "--format", "xml"}, "must be one of"},
		{"bad day", []string{"remote", "--token", "pmo_x", "audit", "--from", "27/11/2026"}, "--from must be a day"},
		{"page too big", []string{"remote", "--token", "pmo_x", "audit", "--page-size", "501"}, "--page-size"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runCmd(t, "", c.args...)
			if code != 2 || !strings.Contains(errOut, c.want) {
				t.Errorf("%v: exit %d, want 2 and %q in:\n%s", c.args, code, c.want, errOut)
			}
			if strings.Contains(errOut, "pmo_a") {
				t.Errorf("the token was printed: %s", errOut)
			}
		})
	}
}

// TestRemoteHelp checks that --help lists the commands and exits 0.
func TestRemoteHelp(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), []string{"remote", "--help"}, &out, &out); code != 0 || !strings.Contains(out.String(), "projects") {
		t.Errorf("remote --help: %d %s", code, out.String())
	}
}
