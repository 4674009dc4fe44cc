package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserStatusCorrection corrects a project's latest status report
// from its status history, then follows a cell of the project's risk matrix
// to the risk list and finds as many rows as the cell counted.
func TestBrowserStatusCorrection(t *testing.T) {
	srv, _ := mustDemoServer(t)
	b := mustBrowser(t, srv.URL)

	// A project with an open risk, so that its risk matrix has a cell to follow.
	b.open("/risks?status=open", "table.data tbody a")
	b.click(`table.data tbody a[href^="/projects/"]`, "#h-history")
	project := b.location()
	b.do("open the recent reports", chromedp.Click(chromedp.CSS("details.reports summary")),
		chromedp.WaitVisible(chromedp.CSS(`details.reports tbody a[href^="/status-reports/"]`)))
	b.click(`details.reports tbody a[href^="/status-reports/"]`, "#correct-report")
	b.click("#correct-report", "form.edit")
	if !strings.Contains(b.text("aside.previous"), "being corrected") {
		t.Error("the correction form does not show the revision it corrects")
	}

	// Submitting without a reason is refused next to the field.
	b.do("submit without a reason", chromedp.Click(chromedp.CSS(`form.edit button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#correction_reason-error")))
	const why = "Cost rating copied from the wrong project"
	b.do("correct the report",
		chromedp.SetValue(chromedp.CSS("#correction_reason"), why),
		chromedp.Click(chromedp.CSS(`label.rag-red input[name="cost"]`)),
		chromedp.Click(chromedp.CSS(`form.edit button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	revs := b.text("#revisions")
	if !strings.Contains(revs, why) || !strings.Contains(revs, "current") || !strings.Contains(revs, "superseded") {
		t.Errorf("revisions after the correction: %q", revs)
	}
	if _, ok := strings.CutPrefix(b.location(), srv.URL+"/status-reports/"); !ok {
		t.Errorf("after saving the browser is at %s", b.location())
	}

	// A risk matrix cell leads to its risks.
	b.open(strings.TrimPrefix(project, srv.URL)+"?tab=risks", "svg")
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	attr, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`svg a[href^="/risks?"]`), "aria-label"))
	if err != nil || !attr.Exists {
		t.Fatalf("no linked cell in the project's risk matrix: %v", err)
	}
	label := attr.Value
	want := digits.FindAllString(label, -1)
	b.click(`svg a[href^="/risks?"]`, "#result-count")
	if got := b.text("#result-count"); len(want) < 3 || !strings.HasPrefix(got, want[2]+" risk") {
		t.Errorf("cell %q led to a list saying %q", label, got)
	}
}
