package web_test

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSchedule imports an MS Project sample through the form of a
// demo project, reschedules it and sees the Gantt chart with its critical
// path and the DCMA checks, levels the resources and sees the histogram before and after.
func TestBrowserSchedule(t *testing.T) {
	srv, _ := mustDemoServer(t)
	b := mustBrowser(t, srv.URL)
	// The page must run under the strict CSP: no inline style or script.
	file, err := filepath.Abs(scheduleSample)
	if err != nil {
		t.Fatal(err)
	}

	b.open("/projects?state=active", "table.data tbody a")
	b.click(`table.data tbody a[href^="/projects/"]`, "#project-schedule")
	b.click("#project-schedule", "#import-form")
	b.do("import the sample",
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}),
		chromedp.Click(chromedp.CSS("#import")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if f := b.text(".flash"); !strings.Contains(f, "imported") {
		t.Fatalf("flash after import: %q", f)
	}
	// Each action starts from the page without a flash, so that waiting for
	// the flash waits for the action's own.
	u, err := url.Parse(b.location())
	if err != nil {
		t.Fatal(err)
	}
	page := u.Path
	// The file stores no slack: the critical path shows once rescheduled.
	b.open(page, "#reschedule")
	b.do("reschedule", chromedp.Click(chromedp.CSS("#reschedule")), chromedp.WaitVisible(chromedp.CSS(".flash")))
	if f := b.text(".flash"); !strings.Contains(f, "recomputed") {
		t.Fatalf("flash after rescheduling: %q", f)
	}
	b.do("see the critical path", chromedp.WaitVisible(chromedp.CSS("#gantt svg g.task.critical rect.bar")))
	if s := b.text("#schedule-tasks"); !strings.Contains(s, "critical") {
		t.Errorf("task table marks nothing critical: %.300s", s)
	}
	if s := b.text("#dcma-summary"); !strings.Contains(s, "passed") || !strings.Contains(s, "failed") {
		t.Errorf("DCMA summary: %q", s)
	}
	if s := b.text("#dcma-checks"); !strings.Contains(s, "Critical path test") {
		t.Errorf("DCMA table: %q", s)
	}

	b.click("#zoom-week", "#gantt svg")
	if loc := b.location(); !strings.Contains(loc, "zoom=week") {
		t.Errorf("zoom link led to %s", loc)
	}

	b.open(page, "#level")
	b.do("level", chromedp.Click(chromedp.CSS("#level")), chromedp.WaitVisible(chromedp.CSS(".flash")))
	if f := b.text(".flash"); !strings.Contains(f, "levelled") {
		t.Fatalf("flash after levelling: %q", f)
	}
	b.do("see the histogram", chromedp.WaitVisible(chromedp.CSS("#histogram svg rect.load-after")),
		chromedp.WaitVisible(chromedp.CSS("#histogram svg rect.load-before")))
	if s := b.text("#h-load + p.help"); !strings.Contains(s, "before levelling") {
		t.Errorf("histogram caption: %q", s)
	}
}
