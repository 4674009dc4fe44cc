package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pmohq/pmo"
)

// tokens caches one administrator token per running Main.
var tokens sync.Map

// mustToken returns a read-write token of an administrator of m, created
// directly in m's database on first use: how tests call the API.
func mustToken(tb testing.TB, m *Main) string {
	tb.Helper()
	if tk, ok := tokens.Load(m); ok {
		return tk.(string)
	}
	ctx := context.Background()
	u := &pmo.User{Name: fmt.Sprintf("test-admin-%p", m), Grants: []pmo.Grant{{Role: pmo.Administrator, Scope: pmo.ScopeAll}}}
	if err := m.DB.CreateUser(ctx, u, ""); err != nil {
		tb.Fatal(err)
	}
	tk := &pmo.Token{UserID: u.ID, Scope: pmo.ScopeReadWrite}
	if err := m.DB.CreateToken(ctx, tk); err != nil {
		tb.Fatal(err)
	}
	tokens.Store(m, tk.Secret)
	return tk.Secret
}

func runCmd(t *testing.T, in string, args ...string) (int, string, string) {
	t.Helper()
	stdin = strings.NewReader(in)
	defer func() { stdin = nil }()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func status(t *testing.T, method, url, token string) int {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(`{"code":"X","name":"X"}`))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func TestUserAndTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pmo.db")
	if code, out, errOut := runCmd(t, "correct horse battery\n", "user", "add", "--db", db, "--name", "ada", "--admin", "--password-stdin"); code != 0 || !strings.Contains(out, "user ada created") {
		t.Fatalf("user add: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runCmd(t, "", "user", "add", "--db", db, "--name", "bob", "--grant", "executive@nowhere:1"); code != 2 || !strings.Contains(errOut, "grant") {
		t.Errorf("bad grant: %d %s", code, errOut)
	}
	code, out, _ := runCmd(t, "", "user", "add", "--db", db, "--name", "eve", "--grant", "requester@project:1")
	if code != 0 || !strings.Contains(out, "password (shown once): ") {
		t.Errorf("generated password: %d %s", code, out)
	}
	if code, out, _ := runCmd(t, "", "user", "list", "--db", db); code != 0 || !strings.Contains(out, "requester@project:1") {
		t.Errorf("user list: %d %s", code, out)
	}
	if code, _, errOut := runCmd(t, "", "token", "create", "--db", db, "--user", "ada", "--scope", "admin"); code != 2 {
		t.Errorf("bad scope: %d %s", code, errOut)
	}
	tokenOf := func(scope string) string {
		code, out, errOut := runCmd(t, "", "token", "create", "--db", db, "--user", "ada", "--scope", scope)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		last := lines[len(lines)-1]
		if code != 0 || !strings.HasPrefix(last, "pmo_") || strings.Contains(last, " ") {
			t.Fatalf("token create: %d %q %s", code, out, errOut)
		}
		return last
	}
	read, write := tokenOf("read"), tokenOf("read-write")

	m := MustRunMain(t, ServeConfig{DB: db})
	api := m.URL() + "/api/v1/portfolios"
	for _, c := range []struct {
		method, token string
		want          int
	}{
		{"GET", "", http.StatusUnauthorized},
		{"GET", "pmo_forged", http.StatusUnauthorized},
		{"GET", read, http.StatusOK},
		{"POST", read, http.StatusForbidden},
		{"POST", write, http.StatusCreated},
	} {
		if got := status(t, c.method, api, c.token); got != c.want {
			t.Errorf("%s with %.8s: %d, want %d", c.method, c.token, got, c.want)
		}
	}
	// Revoked tokens stop working at once.
	if code, out, errOut := runCmd(t, "", "token", "revoke", "--db", db, "--user", "ada", "--id", "1"); code != 0 {
		t.Fatalf("revoke: %d %s %s", code, out, errOut)
	}
	if got := status(t, "GET", api, read); got != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", got)
	}
	// A disabled user's tokens stop working too.
	if code, out, errOut := runCmd(t, "", "user", "disable", "--db", db, "--name", "ada"); code != 0 || !strings.Contains(out, "disabled") {
		t.Fatalf("disable: %d %s %s", code, out, errOut)
	}
	if got := status(t, "GET", api, write); got != http.StatusUnauthorized {
		t.Errorf("disabled user's token: %d", got)
	}
	runCmd(t, "", "user", "enable", "--db", db, "--name", "ada")
	if got := status(t, "GET", api, write); got != http.StatusOK {
		t.Errorf("re-enabled user's token: %d", got)
	}
}

func TestAdminFromEnvironmentAndDemoUsers(t *testing.T) {
	m := MustRunMain(t, ServeConfig{Demo: true, DemoSeed: 3,
		Accounts: AccountConfig{AdminUser: "root", AdminPassword: "from the environment"}})
	ctx := context.Background()
	if _, err := m.DB.Authenticate(ctx, "root", "from the environment"); err != nil {
		t.Errorf("administrator from PMO_ADMIN_PASSWORD: %v", err)
	}
	for _, d := range demoUsers {
		u, err := m.DB.Authenticate(ctx, d.name, demoPassword)
		if err != nil {
			t.Errorf("demo user %s: %v", d.name, err)
			continue
		}
		if len(u.Grants) != 1 || u.Grants[0].Role != d.role {
			t.Errorf("demo user %s: grants %+v", d.name, u.Grants)
		}
	}
}
