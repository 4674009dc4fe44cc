package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// TestAdminUserPages creates, grants, disables and re-enables a user from
// the administrator's pages, with every bad input a form can carry.
func TestAdminUserPages(t *testing.T) {
	e := mustEnv(t)
	ctx := context.Background()
	s := e.signedIn(t, "admin", "password-of-admin")
	list := s.get("/admin/users")
	if list.StatusCode != http.StatusOK || !strings.Contains(string(list.body), `href="/admin/users"`) ||
		!strings.Contains(string(list.body), "Administrator · everything") {
		t.Fatalf("users page: %d %s", list.StatusCode, list.body)
	}
	project := "project:" + itoa(e.ids.project)
	create := func(v url.Values) response {
		t.Helper()
		for k, d := range map[string]string{"name": "carol", "full_name": "Carol <b>Shaw</b>", "password": "a long passphrase",
			"confirm_password": "a long passphrase", "role": "project_manager", "scope": project} {
			if _, ok := v[k]; !ok {
				v.Set(k, d)
			}
		}
		return s.post("/admin/users", v)
	}
	for _, c := range []struct {
		v      url.Values
		status int
		want   string
	}{
		{url.Values{"role": {"wizard"}}, 422, "Role must be one of administrator, pmo,"},
		{url.Values{"scope": {"portfolio:9999"}}, 422, "On: names no existing portfolio"},
		{url.Values{"scope": {"galaxy:1"}}, 422, "On: must be all, portfolio:ID"},
		{url.Values{"scope": {""}}, 422, "On: is required"},
		{url.Values{"project_code": {"NOPE-1"}}, 422, "Project code matches no project"},
		{url.Values{"name": {"carol smith"}}, 422, "User name must not contain spaces"},
		{url.Values{"name": {""}}, 422, "User name is required"},
		{url.Values{"password": {"short"}, "confirm_password": {"short"}}, 422, "Password "},
		{url.Values{"confirm_password": {"another one"}}, 422, "Password again does not match"},
		{url.Values{"name": {"admin"}}, 409, "User name is taken"},
	} {
		res := create(c.v)
		if res.StatusCode != c.status || !strings.Contains(string(res.body), c.want) {
			t.Errorf("create %v: %d, want %d and %q", c.v, res.StatusCode, c.status, c.want)
		}
		if !strings.Contains(string(res.body), `value="Carol &lt;b&gt;Shaw&lt;/b&gt;"`) {
			t.Errorf("create %v: the form lost (or did not escape) the display name", c.v)
		}
	}
	if _, err := e.db.FindUserByName(ctx, "carol"); pmo.ErrorKind(err) != pmo.NotFound {
		t.Fatalf("a refused form created carol: %v", err)
	}
	if res := create(url.Values{"csrf_token": {"forged"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("forged CSRF: %d", res.StatusCode)
	}

	res := create(url.Values{})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/users/") {
		t.Fatalf("create: %d %s", res.StatusCode, res.body)
	}
	carol, err := e.db.FindUserByName(ctx, "carol")
	if err != nil || len(carol.Grants) != 1 || carol.Grants[0].Role != pmo.ProjectManager || carol.Grants[0].ScopeID != e.ids.project {
		t.Fatalf("carol: %+v %v", carol, err)
	}
	userPath := "/admin/users/" + itoa(carol.ID)
	page := s.get(userPath + "?saved=user-created")
	if body := string(page.body); !strings.Contains(body, "User created.") || !strings.Contains(body, "project PRJ-1 Web shop") ||
		!strings.Contains(body, "Carol &lt;b&gt;Shaw&lt;/b&gt;") {
		t.Errorf("carol's page: %s", body)
	}
	// Someone who signs in with single sign-on only gets no password.
	if res := create(url.Values{"name": {"sso-sam"}, "password": {""}, "confirm_password": {""}, "role": {""}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("create without a password: %d %s", res.StatusCode, res.body)
	}
	if _, err := e.db.Authenticate(ctx, "sso-sam", ""); pmo.ErrorKind(err) != pmo.Unauthorized {
		t.Errorf("a user without a password signs in: %v", err)
	}

	// Grants: on a portfolio by the select, on a project by its code.
	grant := func(v url.Values) response { return s.post(userPath+"/grants", v) }
	for _, c := range []struct {
		v    url.Values
		want string
	}{
		{url.Values{"role": {""}, "scope": {"all"}}, "Role must be one of"},
		{url.Values{"role": {"project_manager"}, "scope": {project}}, "Role is already granted on this scope"},
		{url.Values{"role": {"executive"}, "scope": {"program:9999"}}, "On: names no existing program"},
	} {
		if res := grant(c.v); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), c.want) {
			t.Errorf("grant %v: %d, want %q", c.v, res.StatusCode, c.want)
		}
	}
	if res := grant(url.Values{"role": {"executive"}, "scope": {"portfolio:" + itoa(e.ids.portfolio)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("grant: %d %s", res.StatusCode, res.body)
	}
	if res := grant(url.Values{"role": {"team_member"}, "scope": {"all"}, "project_code": {"PRJ-2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("grant by code: %d %s", res.StatusCode, res.body)
	}
	carol, _ = e.db.FindUserByName(ctx, "carol")
	if len(carol.Grants) != 3 || carol.Grants[2].Scope != pmo.ScopeProject || carol.Grants[2].ScopeID != e.ids.project2 {
		t.Fatalf("carol's grants: %+v", carol.Grants)
	}
	if res := s.post(userPath+"/grants/remove", url.Values{"grant": {itoa(carol.Grants[0].ID)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d %s", res.StatusCode, res.body)
	}
	carol, _ = e.db.FindUserByName(ctx, "carol")
	if len(carol.Grants) != 2 || carol.Grants[0].Role != pmo.Executive {
		t.Errorf("after removing: %+v", carol.Grants)
	}
	if res := s.post(userPath+"/grants/remove", url.Values{"grant": {"999999"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("remove a grant that is gone: %d", res.StatusCode)
	}

	// Carol signs in, sees her scope, and cannot manage users.
	carolSession := e.signedIn(t, "carol", "a long passphrase")
	if res := carolSession.get("/admin/users"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a non-administrator on /admin/users: %d", res.StatusCode)
	}
	if res := carolSession.post("/admin/users", url.Values{"name": {"mallory"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a non-administrator creating a user: %d", res.StatusCode)
	}
	if body := string(carolSession.get("/account").body); strings.Contains(body, `href="/admin/users"`) {
		t.Error("a non-administrator sees the Users link")
	}
	carolToken := mustTokenFor(t, e, "carol")

	// Disabling ends her session and stops her token; enabling restores the token.
	if res := s.post(userPath+"/disabled", url.Values{"disabled": {"true"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", res.StatusCode, res.body)
	}
	if res := carolSession.get("/account"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a disabled user's session: %d", res.StatusCode)
	}
	if res := e.bearer(carolToken, "/api/v1/me"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a disabled user's token: %d", res.StatusCode)
	}
	if body := string(s.get("/admin/users").body); !strings.Contains(body, "disabled") {
		t.Error("the list does not show carol disabled")
	}
	if res := s.post(userPath+"/disabled", url.Values{"disabled": {"false"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d", res.StatusCode)
	}
	if res := e.bearer(carolToken, "/api/v1/me"); res.StatusCode != http.StatusOK {
		t.Errorf("an enabled user's token: %d", res.StatusCode)
	}
	if res := s.post(userPath+"/disabled", url.Values{}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("disable without a state: %d", res.StatusCode)
	}

	// A new password, checked like any other.
	if res := s.post(userPath+"/password", url.Values{"password": {"tiny"}, "confirm_password": {"tiny"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(res.body), `id="password-error"`) {
		t.Errorf("a short password: %d", res.StatusCode)
	}
	if res := s.post(userPath+"/password", url.Values{"password": {"the new passphrase"}, "confirm_password": {"the new passphrase"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d %s", res.StatusCode, res.body)
	}
	if _, err := e.db.Authenticate(ctx, "carol", "the new passphrase"); err != nil {
		t.Errorf("the new password: %v", err)
	}

	// Administrators cannot lock themselves out.
	admin, _ := e.db.FindUserByName(ctx, "admin")
	self := "/admin/users/" + itoa(admin.ID)
	if res := s.post(self+"/disabled", url.Values{"disabled": {"true"}}); res.StatusCode != http.StatusConflict || !strings.Contains(string(res.body), "cannot disable yourself") {
		t.Errorf("disable yourself: %d", res.StatusCode)
	}
	if res := s.post(self+"/grants/remove", url.Values{"grant": {itoa(admin.Grants[0].ID)}}); res.StatusCode != http.StatusConflict {
		t.Errorf("remove your own administrator role: %d", res.StatusCode)
	}
	// Every change is in the audit trail under the administrator's name.
	recs, _, err := e.db.FindAuditRecords(ctx, pmo.AuditFilter{Entity: "user", EntityID: carol.ID})
	if err != nil || len(recs) < 6 || recs[0].Actor != "admin" {
		t.Errorf("audit of carol: %d records, %v", len(recs), err)
	}
}

// mustTokenFor creates a read token for an existing user.
func mustTokenFor(t *testing.T, e *env, name string) string {
	t.Helper()
	u, err := e.db.FindUserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	tk := &pmo.Token{UserID: u.ID, Scope: pmo.ScopeRead}
	if err := e.db.CreateToken(context.Background(), tk); err != nil {
		t.Fatal(err)
	}
	return tk.Secret
}
