package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// TestAuditAPI reads the trail of a write through the API: filtered, one
// record, CSV; and nothing can change or delete it.
func TestAuditAPI(t *testing.T) {
	e := mustEnv(t)
	res := e.do(t, "PATCH", e.expand("/api/v1/risks/{risk}"), `{"probability":5}`,
		map[string]string{"If-Match": `"1"`, "Content-Type": "application/merge-patch+json", "X-Request-Id": "req-audit-1"})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("patch: %d %s", res.StatusCode, res.body)
	}
	var list struct {
		Items []pmo.AuditRecord `json:"items"`
		Total int               `json:"total"`
	}
	decode(t, e.get(t, e.expand("/api/v1/audit?entity=risk&entity_id={risk}&action=update")), &list)
	if list.Total != 1 {
		t.Fatalf("audit of the patch: %+v", list)
	}
	rec := list.Items[0]
	if rec.Actor != "admin" || rec.RequestID != "req-audit-1" || rec.ProjectID != e.ids.project ||
		!strings.Contains(string(rec.Diff), `"probability":{"before":3,"after":5}`) {
		t.Errorf("record: %+v diff %s", rec, rec.Diff)
	}
	var one pmo.AuditRecord
	decode(t, e.get(t, "/api/v1/audit/"+itoa(rec.ID)), &one)
	if one.ID != rec.ID {
		t.Errorf("by id: %+v", one)
	}
	decode(t, e.get(t, e.expand("/api/v1/audit?project_id={project}&from=2026-11-27&to=2026-11-27&limit=2")), &list)
	if list.Total < 2 || len(list.Items) != 2 {
		t.Errorf("per project: total %d, page %d", list.Total, len(list.Items))
	}
	for _, bad := range []string{"/api/v1/audit?from=yesterday", "/api/v1/audit?project_id=x", "/api/v1/audit?sort=actor", "/api/v1/audit?who=me"} {
		if res := e.do(t, "GET", bad, "", nil); res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: %d", bad, res.StatusCode)
		}
	}

	res = e.get(t, e.expand("/api/v1/audit.csv?project_id={project}"))
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("CSV content type %q", ct)
	}
	rows, err := csv.NewReader(strings.NewReader(string(res.body))).ReadAll()
	if err != nil || len(rows) < 3 || rows[0][0] != "id" || rows[0][4] != "action" {
		t.Errorf("CSV: %v %q", err, res.body)
	}

	// The trail is append-only: no route edits or deletes it.
	for _, method := range []string{"PATCH", "PUT", "DELETE", "POST"} {
		res := e.do(t, method, "/api/v1/audit/"+itoa(rec.ID), `{"actor":"nobody"}`, nil)
		if res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s audit record: %d", method, res.StatusCode)
		}
	}
	decode(t, e.get(t, "/api/v1/audit/"+itoa(rec.ID)), &one)
	if one.Actor != "admin" {
		t.Error("the record changed")
	}
	// The page shows it, filtered by project.
	page := string(e.get(t, e.expand("/audit?project_id={project}")).body)
	if !strings.Contains(page, "req-audit-1") {
		t.Error("the audit page lacks the record")
	}
}

// TestAccountAPI covers the caller's own account and an administrator's
// user management.
func TestAccountAPI(t *testing.T) {
	e := mustEnv(t)
	var me pmo.User
	decode(t, e.get(t, "/api/v1/me"), &me)
	if me.Name != "admin" || len(me.Grants) != 1 {
		t.Errorf("me: %+v", me)
	}
	res := e.do(t, "POST", "/api/v1/tokens", `{"name":"ci","scope":"read"}`, nil)
	var tk pmo.Token
	decode(t, res, &tk)
	if res.StatusCode != http.StatusCreated || !strings.HasPrefix(tk.Secret, "pmo_") || tk.Scope != pmo.ScopeRead {
		t.Fatalf("create token: %d %s", res.StatusCode, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/tokens", `{"scope":"admin"}`, nil); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad scope: %d", res.StatusCode)
	}
	read := map[string]string{"Authorization": "Bearer " + tk.Secret}
	if res := e.do(t, "GET", "/api/v1/projects", "", read); res.StatusCode != http.StatusOK {
		t.Errorf("read token reads: %d", res.StatusCode)
	}
	if res := e.do(t, "POST", "/api/v1/tokens", `{}`, read); res.StatusCode != http.StatusForbidden {
		t.Errorf("read token mints a token: %d", res.StatusCode)
	}
	if strings.Contains(string(e.get(t, "/api/v1/tokens").body), tk.Secret) {
		t.Error("the token list shows a secret")
	}
	if res := e.do(t, "DELETE", "/api/v1/tokens/"+itoa(tk.ID), "", nil); res.StatusCode != http.StatusNoContent {
		t.Errorf("revoke: %d", res.StatusCode)
	}
	if res := e.do(t, "GET", "/api/v1/projects", "", read); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", res.StatusCode)
	}

	body := `{"name":"grace","full_name":"Grace Hopper","password":"a long enough password",
		"grants":[{"role":"project_manager","scope":"project","scope_id":` + itoa(e.ids.project) + `}]}`
	res = e.do(t, "POST", "/api/v1/users", body, nil)
	var grace pmo.User
	decode(t, res, &grace)
	if res.StatusCode != http.StatusCreated || grace.ID == 0 {
		t.Fatalf("create user: %d %s", res.StatusCode, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/users", `{"name":"weak","password":"short"}`, nil); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("weak password: %d", res.StatusCode)
	}
	res = e.do(t, "PUT", "/api/v1/users/"+itoa(grace.ID)+"/grants", `{"grants":[{"role":"executive","scope":"all"}]}`, nil)
	decode(t, res, &grace)
	if res.StatusCode != http.StatusOK || len(grace.Grants) != 1 || grace.Grants[0].Role != pmo.Executive {
		t.Errorf("set grants: %d %s", res.StatusCode, res.body)
	}
	if res := e.do(t, "PUT", "/api/v1/users/"+itoa(grace.ID)+"/grants", `{"grants":[{"role":"king","scope":"all"}]}`, nil); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad role: %d", res.StatusCode)
	}
	if !strings.Contains(string(e.get(t, "/api/v1/users").body), "Grace Hopper") {
		t.Error("user list lacks grace")
	}
	if strings.Contains(string(e.get(t, "/api/v1/users").body), "argon2") {
		t.Error("user list shows password hashes")
	}

	// Disabling a user stops its tokens; nobody disables themselves.
	graceToken := mustUserToken(t, e.db, "grace2", pmo.ScopeRead, pmo.Grant{Role: pmo.TeamMember, Scope: pmo.ScopeAll})
	g2, err := e.db.FindUserByName(context.Background(), "grace2")
	if err != nil {
		t.Fatal(err)
	}
	as := map[string]string{"Authorization": "Bearer " + graceToken}
	if res := e.do(t, "GET", "/api/v1/projects", "", as); res.StatusCode != http.StatusOK {
		t.Fatalf("before disabling: %d", res.StatusCode)
	}
	if res := e.do(t, "PUT", "/api/v1/users/"+itoa(g2.ID)+"/disabled", `{"disabled":true}`, nil); res.StatusCode != http.StatusOK {
		t.Errorf("disable: %d %s", res.StatusCode, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/projects", "", as); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("disabled user's token: %d", res.StatusCode)
	}
	if res := e.do(t, "PUT", "/api/v1/users/"+itoa(g2.ID)+"/disabled", `{"disabled":false}`, nil); res.StatusCode != http.StatusOK {
		t.Errorf("enable: %d", res.StatusCode)
	}
	if res := e.do(t, "GET", "/api/v1/projects", "", as); res.StatusCode != http.StatusOK {
		t.Errorf("re-enabled user's token: %d", res.StatusCode)
	}
	if res := e.do(t, "PUT", "/api/v1/users/"+itoa(me.ID)+"/disabled", `{"disabled":true}`, nil); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("disable yourself: %d", res.StatusCode)
	}
}
