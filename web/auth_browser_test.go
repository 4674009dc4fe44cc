package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCSP signs in through the form (mustBrowser does) and opens
// the main pages, failing on any Content-Security-Policy violation the
// browser reports: the strict policy must hold for the real UI.
func TestBrowserCSP(t *testing.T) {
	srv, _ := mustDemoServer(t)
	b := mustBrowser(t, srv.URL)
	b.open("/", "#exceptions svg")
	b.click(`table.data tbody a[href^="/projects/"], a[href^="/projects/"]`, "main h1")
	if b.location() == srv.URL+"/" {
		t.Fatal("no project link on the dashboard")
	}
	b.open("/projects/1", ".print-button")
	b.do("print", chromedp.Click(chromedp.CSS(".print-button")))
	b.open("/risks?open=true", "table.data")
	b.open("/changes", "table.data")
	b.open("/audit", "table.audit")
	if !strings.Contains(b.text("table.audit tbody"), "sign_in") {
		t.Error("the audit page does not show the sign-in")
	}
	b.open("/account", "form[action='/account/password']")
	if got := b.text(".top .account a[href='/account']"); got != "admin" {
		t.Errorf("header names %q, want admin", got)
	}
}
