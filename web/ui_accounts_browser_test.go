package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAccounts: the administrator creates a user with a role on one
// project from the Users page; that user signs in, sees only that project,
// has no Users link, and creates an API token that then works as a Bearer.
// No page on the way may violate the Content-Security-Policy.
func TestBrowserAccounts(t *testing.T) {
	srv, db := mustDemoServer(t)
	b := mustBrowser(t, srv.URL)
	p, err := db.FindProjectByCode(context.Background(), "CBM-001")
	if err != nil {
		t.Fatal(err)
	}
	const password = "dora's long passphrase"
	b.open("/", "#nav-users")
	b.click("#nav-users", "#user-form")
	b.do("create dora with a role on one project",
		chromedp.SetValue(chromedp.CSS("#name"), "dora"),
		chromedp.SetValue(chromedp.CSS("#full_name"), "Dora Analyst"),
		chromedp.SetValue(chromedp.CSS("#password"), password),
		chromedp.SetValue(chromedp.CSS("#confirm_password"), password),
		chromedp.SetValue(chromedp.CSS("#role"), "project_manager"),
		chromedp.SetValue(chromedp.CSS("#scope"), "project:"+itoa(p.ID)),
		chromedp.Click(chromedp.CSS("#create-user")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := b.text("#grant-list"); !strings.Contains(got, "Project manager") || !strings.Contains(got, p.Code) {
		t.Fatalf("dora's roles: %q", got)
	}

	b.click(".top .account button.link", "#name") // sign out
	b.signIn("dora", password)
	b.open("/projects", "#result-count")
	if got := b.text("#result-count"); got != "1 project matches" {
		t.Errorf("dora's project list: %q", got)
	}
	if got := b.text("table.data tbody"); !strings.Contains(got, p.Code) {
		t.Errorf("dora's project list shows %q, want %s", got, p.Code)
	}
	if got := b.text(".top .account"); strings.Contains(got, "Users") {
		t.Errorf("a project manager sees the Users link: %q", got)
	}

	b.open("/account", "#token-form")
	b.do("create a token",
		chromedp.SetValue(chromedp.CSS("#token-name"), "dashboard feed"),
		chromedp.Click(chromedp.CSS("#create-token")),
		chromedp.WaitVisible(chromedp.CSS("#token-secret")),
	)
	secret := b.value("#token-secret")
	if !strings.HasPrefix(secret, "pmo_") || b.text("#token-scope") != "read" {
		t.Fatalf("token page: %q scope %q", secret, b.text("#token-scope"))
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"name":"dora"`) {
		t.Errorf("the token on /api/v1/me: %d %s", res.StatusCode, body)
	}
	b.open("/account", "#token-list")
	if got := b.text("#token-list tbody"); !strings.Contains(got, "dashboard feed") || !strings.Contains(got, "active") || strings.Contains(got, "never") {
		t.Errorf("dora's tokens after use: %q", got)
	}
}
