package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// editLink matches links to the edit and "new" forms of RAID records,
// milestones and status reports: the ones only editors may open.
var editLink = regexp.MustCompile(`href="/((risks|issues|actions|decisions|dependencies|milestones)/[0-9]+/edit|` +
	`projects/[0-9]+/(status|milestones|risks|issues|actions|decisions|dependencies)/new)"`)

// TestRecordEditLinks: an executive (reads all, edits nothing) is shown no
// edit or "new" link on the dashboard, the record lists and the project
// page, and record titles take them to the project's register instead; a
// project manager of the project is shown them all.
func TestRecordEditLinks(t *testing.T) {
	e := mustEnv(t)
	f := e.ids
	exec := mustUserToken(t, e.db, "eve", pmo.ScopeRead, pmo.Grant{Role: pmo.Executive, Scope: pmo.ScopeAll})
	pm := mustUserToken(t, e.db, "pat", pmo.ScopeRead,
		pmo.Grant{Role: pmo.ProjectManager, Scope: pmo.ScopeProject, ScopeID: f.project})
	p := "/projects/" + itoa(f.project)
	pages := []string{"/", "/risks", "/milestones", p, p + "?tab=risks", p + "?tab=milestones", p + "?tab=issues"}
	get := func(token, path string) []byte {
		t.Helper()
		res := e.bearer(token, path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		return res.body
	}
	execSees := map[string][]byte{}
	for _, path := range pages {
		body := get(exec, path)
		execSees[path] = body
		if m := editLink.FindAll(body, -1); m != nil {
			t.Errorf("the executive is shown edit links on %s: %q", path, m)
		}
		for _, id := range []string{`id="submit-status"`, `id="new-record"`, `id="new-milestone"`} {
			if strings.Contains(string(body), id) {
				t.Errorf("the executive is shown %s on %s", id, path)
			}
		}
	}
	// Readers' titles lead to the register on the project page.
	riskTab := `href="` + p + `?tab=risks"`
	wantIn(t, "the executive's risk list", execSees["/risks"], riskTab, ">Supplier late</a>")
	wantIn(t, "the executive's dashboard", execSees["/"], riskTab)
	wantIn(t, "the executive's milestone list", execSees["/milestones"], `href="`+p+`?tab=milestones"`)
	// On the register itself the title is text, not a link to the same tab.
	if body := string(execSees[p+"?tab=risks"]); !strings.Contains(body, "Supplier late") || strings.Contains(body, ">Supplier late</a>") {
		t.Errorf("the executive's risk tab should show the title as text")
	}
	for _, path := range []string{p + "/status/new", "/risks/" + itoa(f.risk) + "/edit"} {
		if res := e.bearer(exec, path); res.StatusCode != http.StatusForbidden {
			t.Errorf("the executive opens %s: %d, want 403 (else the links should show)", path, res.StatusCode)
		}
	}

	riskEdit := `href="/risks/` + itoa(f.risk) + `/edit"`
	msEdit := `href="/milestones/` + itoa(f.milestone) + `/edit"`
	wantIn(t, "the manager's dashboard", get(pm, "/"), riskEdit)
	wantIn(t, "the manager's risk list", get(pm, "/risks"), riskEdit)
	wantIn(t, "the manager's milestone list", get(pm, "/milestones"), msEdit)
	wantIn(t, "the manager's project page", get(pm, p), `id="submit-status"`, `id="new-milestone"`, msEdit,
		`href="`+p+`/status/new"`, `href="`+p+`/milestones/new"`)
	wantIn(t, "the manager's risk tab", get(pm, p+"?tab=risks"), riskEdit, `id="new-record"`, `href="`+p+`/risks/new"`)
	for _, path := range []string{p + "/status/new", "/risks/" + itoa(f.risk) + "/edit", p + "/risks/new"} {
		if res := e.bearer(pm, path); res.StatusCode != http.StatusOK {
			t.Errorf("the manager opens %s: %d", path, res.StatusCode)
		}
	}
}
