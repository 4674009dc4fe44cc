package web_test

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/demo"
	"github.com/pmohq/pmo/store"
	"github.com/pmohq/pmo/web"
)

// The browser tests drive a real headless Chromium against the real server
// on 127.0.0.1 with the demo portfolio. Without a browser they skip, unless
// PMO_REQUIRE_BROWSER=1 (as in CI), where they fail.

var screenshots = flag.Bool("screenshots", false, "write docs/screenshots/*.png from the demo portfolio")

// browserCandidates are where Chromium usually lives.
var browserCandidates = []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

func findBrowser() string {
	if p := os.Getenv("PMO_CHROMIUM"); p != "" {
		return p
	}
	for _, c := range browserCandidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

// demoDB is the demo portfolio, imported once into a template database
// that each browser test copies.
var demoDB struct {
	once sync.Once
	dir  string
	err  error
}

func mustDemoServer(tb testing.TB) (*httptest.Server, *store.DB) {
	tb.Helper()
	demoDB.once.Do(func() {
		demoDB.dir = filepath.Join(template.dir, "demo")
		if demoDB.err = os.MkdirAll(demoDB.dir, 0o700); demoDB.err != nil {
			return
		}
		ctx := context.Background()
		db, err := store.Open(ctx, filepath.Join(demoDB.dir, "pmo.db"), store.WithNow(testClock))
		if err != nil {
			demoDB.err = err
			return
		}
		d := demo.Generate(demo.Options{Seed: 1, Today: pmo.DateOf(testNow)})
		demoDB.err = db.ImportDataset(ctx, d)
		if demoDB.err == nil {
			mustAdminToken(tb, db) // the browser signs in as "admin"
		}
		demoDB.err = errors.Join(demoDB.err, db.Close())
	})
	if demoDB.err != nil {
		tb.Fatalf("demo database: %v", demoDB.err)
	}
	dir := tb.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(filepath.Join(demoDB.dir, "pmo.db"+suffix))
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
		tb.Fatal(err)
	}
	srv := httptest.NewServer(web.New(db, web.Options{Now: testClock}))
	tb.Cleanup(func() {
		srv.Close()
		db.Close()
	})
	return srv, db
}

// browser is a headless Chromium tab for one test.
type browser struct {
	t   *testing.T
	ctx context.Context
	url string
}

// mustBrowser starts Chromium with a fresh profile, or skips (fails under
// PMO_REQUIRE_BROWSER=1) when there is none. When the test fails, it saves a
// screenshot of the page to testdata/failures; it fails on any Content
// Security Policy violation the pages report.
func mustBrowser(t *testing.T, base string) *browser {
	t.Helper()
	path := findBrowser()
	if path == "" {
		msg := "no Chromium found (looked for " + strings.Join(browserCandidates, ", ") + "; set PMO_CHROMIUM); install Debian's chromium package"
		if os.Getenv("PMO_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.WindowSize(1400, 1000),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil { // start the browser
		cancel()
		acancel()
		t.Fatalf("starting %s: %v", path, err)
	}
	b := &browser{t: t, ctx: ctx, url: base}
	t.Cleanup(func() {
		if t.Failed() {
			b.saveFailure()
		}
		cancel()
		acancel()
	})
	b.failOnCSPViolations(t)
	b.signIn("admin", "password-of-admin")
	return b
}

// failOnCSPViolations fails t, when it ends, for every Content Security
// Policy violation the browser reported meanwhile: the strict policy must
// hold for the real UI, not only in the headers.
func (b *browser) failOnCSPViolations(t *testing.T) {
	t.Helper()
	var mu sync.Mutex
	var violations []string
	if err := chromedp.Listen(b.ctx, func(ev any) {
		if e, ok := ev.(*log.EventEntryAdded); ok && strings.Contains(e.Entry.Text, "Content Security Policy") {
			mu.Lock()
			violations = append(violations, e.Entry.URL+": "+e.Entry.Text)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, v := range violations {
			t.Errorf("CSP violation: %s", v)
		}
	})
}

// do runs steps with a time limit, failing the test on error.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// text returns the visible text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (b *browser) value(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", sel, err)
	}
	return s
}

func (b *browser) location() string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return s
}

func (b *browser) open(path, waitFor string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.url+path), chromedp.WaitVisible(chromedp.CSS(waitFor)))
}

// click clicks sel and waits for waitFor on the page it leads to.
func (b *browser) click(sel, waitFor string) {
	b.t.Helper()
	b.do("click "+sel, chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS(waitFor)))
}

func (b *browser) saveFailure() {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("no failure screenshot: %v", err)
		return
	}
	dir := filepath.Join("testdata", "failures")
	name := filepath.Join(dir, regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(b.t.Name(), "_")+".png")
	if err := os.MkdirAll(dir, 0o755); err == nil {
		if err := os.WriteFile(name, png, 0o644); err == nil {
			b.t.Logf("failure screenshot: %s (at %s)", name, b.location())
		}
	}
}

var digits = regexp.MustCompile(`\d+`)

// TestBrowserPortfolioReview walks a PMO lead's path: the dashboard, a
// heatmap cell to its filtered list, a project, a status report, and the
// dashboard again, now counting the project as red.
func TestBrowserPortfolioReview(t *testing.T) {
	srv, _ := mustDemoServer(t)
	b := mustBrowser(t, srv.URL)

	b.open("/", "#exceptions svg")
	redBefore := b.text("#rag-overall-red")

	// A heatmap cell opens the list of projects with that rating.
	b.click(`#exceptions svg a[href*="rag.schedule=red"]`, "#result-count")
	if loc := b.location(); !strings.Contains(loc, "/projects?") || !strings.Contains(loc, "rag.schedule=red") {
		t.Fatalf("heatmap cell led to %s", loc)
	}
	if n := b.text("#result-count"); !strings.Contains(n, "match") || n == "0 projects match" {
		t.Fatalf("filtered list: %q", n)
	}

	// A green project, opened from its list, gets a red status report.
	b.open("/projects?state=active&rag=green", "table.data tbody a")
	b.click(`table.data tbody a[href^="/projects/"]`, "#submit-status")
	b.click("#submit-status", "form.edit")
	if !strings.Contains(b.text("aside.previous"), "Previous report") {
		t.Error("the status form does not show the previous report")
	}
	b.do("fill in the status report",
		chromedp.Click(chromedp.CSS(`label.rag-red input[name="schedule"]`)),
		chromedp.SetValue(chromedp.CSS("#summary"), "Supplier missed the integration drop; recovery plan with the sponsor."),
		chromedp.Click(chromedp.CSS(`form.edit button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := b.text("#overall-rag"); !strings.Contains(got, "red") {
		t.Errorf("overall after the report: %q, want red", got)
	}

	b.open("/", "#exceptions svg")
	redAfter := b.text("#rag-overall-red")
	if digits.FindString(redAfter) == digits.FindString(redBefore) {
		t.Errorf("red overall count stayed %s after a red report", redAfter)
	}
}

// TestBrowserStaleEdit edits a risk that someone else saves meanwhile: the
// form explains the conflict, keeps the user's input, and a second save wins.
func TestBrowserStaleEdit(t *testing.T) {
	srv, db := mustDemoServer(t)
	b := mustBrowser(t, srv.URL)

	b.open("/risks?open=true&sort=-score", "table.data tbody a")
	b.click(`table.data tbody a[href^="/risks/"]`, "#title")
	loc := b.location()
	id := digits.FindString(loc[strings.Index(loc, "/risks/"):])

	// Someone else saves the risk first.
	ctx := context.Background()
	rid := mustParseID(t, id)
	r, err := db.Risks().FindByID(ctx, rid)
	if err != nil {
		t.Fatal(err)
	}
	r.Owner = "Someone Else"
	if err := db.Risks().Update(ctx, r); err != nil {
		t.Fatal(err)
	}

	const mine = "Renamed in the browser"
	b.do("save the stale form",
		chromedp.SetValue(chromedp.CSS("#title"), mine),
		chromedp.Click(chromedp.CSS(`form.edit button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#stale-alert")),
	)
	if got := b.value("#title"); got != mine {
		t.Fatalf("the stale form lost the input: title %q", got)
	}
	if got := b.text("#field-owner .current"); !strings.Contains(got, "Someone Else") {
		t.Errorf("the stale form does not show the owner saved meanwhile: %q", got)
	}

	b.do("save again", chromedp.Click(chromedp.CSS(`form.edit button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	got, err := db.Risks().FindByID(ctx, rid)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != mine {
		t.Errorf("after the second save the title is %q, want %q", got.Title, mine)
	}
}

func mustParseID(tb testing.TB, s string) int64 {
	tb.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		tb.Fatalf("bad id %q", s)
	}
	return id
}

// TestScreenshots writes the screenshots of the README (go test ./web -run
// TestScreenshots -screenshots).
func TestScreenshots(t *testing.T) {
	if !*screenshots {
		t.Skip("run with -screenshots to refresh docs/screenshots")
	}
	srv, db := mustDemoServer(t)
	b := mustBrowser(t, srv.URL)
	p, err := db.FindProjectByCode(context.Background(), "CBM-001")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct{ name, path, wait string }{
		{"dashboard", "/", "#exceptions svg"},
		{"project", "/projects/" + itoa(p.ID), "#submit-status"},
		{"risks", "/projects/" + itoa(p.ID) + "?tab=risks", "#new-record"},
		{"status-form", "/projects/" + itoa(p.ID) + "/status/new", "form.edit"},
	} {
		b.do("open "+s.path, chromedp.EmulateViewport(1400, 900), chromedp.Navigate(b.url+s.path),
			chromedp.WaitVisible(chromedp.CSS(s.wait)))
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, s.name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
