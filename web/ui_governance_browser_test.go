package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
	"github.com/pmohq/pmo/store"
)

// mustGovernedDemo publishes the built-in framework on the demo database
// and records a first audit, as pmo serve --demo does.
func mustGovernedDemo(t *testing.T, db *store.DB) *compliance.Service {
	t.Helper()
	ctx := context.Background()
	svc := compliance.NewService(db, db)
	svc.Now = testClock
	if _, _, err := svc.EnsureFramework(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Record(ctx, compliance.Filter{}); err != nil {
		t.Fatal(err)
	}
	return svc
}

// gateCandidate finds an active demo project whose next gate needs exactly
// one approval and misses something else too: a conditional go closes it.
func gateCandidate(t *testing.T, db *store.DB, svc *compliance.Service) (*pmo.Project, governance.GateResult, string) {
	t.Helper()
	ctx := context.Background()
	ps, _, err := db.FindProjects(ctx, pmo.ProjectFilter{States: []pmo.State{pmo.Active}, ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.CurrentFramework(ctx)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := svc.Program(v)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		for _, g := range prog.Framework().GatesFrom(string(p.Stage)) {
			res, err := svc.CheckGate(ctx, p.ID, g.ID)
			if err != nil || !res.AtStage || g.To == "" {
				continue
			}
			var roles []string
			other := 0
			for _, it := range res.Items {
				switch {
				case it.Kind == governance.ApprovalRequirement:
					for _, r := range g.Requirements {
						if r.ID == it.Requirement && r.Min == 1 {
							roles = append(roles, r.Role)
						}
					}
				case !it.Met:
					other++
				}
			}
			if len(roles) == 1 && other > 0 && res.Items[0].Met {
				return p, res, roles[0]
			}
		}
	}
	t.Fatal("no demo project has a gate with a single approval")
	return nil, governance.GateResult{}, ""
}

func (b *browser) signOut() {
	b.t.Helper()
	b.do("sign out", chromedp.Click(chromedp.CSS(".top .account button.link")), chromedp.WaitVisible(chromedp.CSS("#name")))
}

// TestBrowserGateReview: a project manager requests a gate and sees what
// is missing; an executive decides go with a condition; the project shows
// its new stage and the decision record.
func TestBrowserGateReview(t *testing.T) {
	srv, db := mustDemoServer(t)
	svc := mustGovernedDemo(t, db)
	p, res, role := gateCandidate(t, db, svc)
	grant := pmo.Grant{Scope: pmo.ScopePortfolio, ScopeID: p.PortfolioID}
	pm, exec := grant, grant
	pm.Role, exec.Role = pmo.ProjectManager, pmo.Executive
	mustUserToken(t, db, "pat", pmo.ScopeRead, pm)
	mustUserToken(t, db, "eve", pmo.ScopeRead, exec)
	id := itoa(p.ID)

	b := mustBrowser(t, srv.URL)
	b.signOut()
	b.signIn("pat", "password-of-pat")
	b.open("/projects/"+id, "#governance-line")
	b.click("#governance-line a", "#gov-stage")
	b.click("#request-"+res.Gate, "#checklist")
	if got := b.text("#missing-count"); !strings.Contains(got, "missing") {
		t.Errorf("the checklist says %q", got)
	}
	for _, it := range res.Missing() {
		if !strings.Contains(b.text("#checklist"), it.Message) {
			t.Errorf("the checklist lacks the missing item %q", it.Message)
		}
	}
	b.do("request the review",
		chromedp.SetValue(chromedp.CSS("#note"), "Artefacts follow next week."),
		chromedp.Click(chromedp.CSS("#request-review")),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	gate := b.location()
	if !strings.Contains(gate, "/gates/") {
		t.Fatalf("the request led to %s", gate)
	}
	if n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#decide").length`)); err != nil || n != 0 {
		t.Errorf("the project manager is offered the decision form (%d, %v)", n, err)
	}

	b.signOut()
	b.signIn("eve", "password-of-eve")
	b.open(strings.TrimPrefix(gate, srv.URL), "#decide")
	const condition = "Attach the missing artefacts by 2026-12-11"
	b.do("decide go with a condition",
		chromedp.Click(chromedp.CSS("#decision-go")),
		chromedp.SetValue(chromedp.CSS("#role"), role),
		chromedp.SetValue(chromedp.CSS("#conditions"), condition),
		chromedp.SetValue(chromedp.CSS("#comment"), "Good case; close the gaps."),
		chromedp.Click(chromedp.CSS("#decide")),
		chromedp.WaitVisible(chromedp.CSS("#outcome")))
	if got := b.text("#outcome-conditions"); got != condition {
		t.Errorf("conditions shown: %q", got)
	}
	after, err := db.FindProjectByID(context.Background(), p.ID)
	if err != nil || string(after.Stage) != res.To {
		t.Fatalf("after go the project is in %q (%v), want %q", after.Stage, err, res.To)
	}
	b.click("#decision-record", "main h1")
	b.open("/projects/"+id, "#governance-line")
	if got := b.text(".page-head .meta"); !strings.Contains(strings.ToLower(got), strings.ReplaceAll(res.To, "_", " ")) {
		t.Errorf("the project page shows %q, want stage %s", got, res.To)
	}
	b.open("/projects/"+id+"/governance", "#gate-history")
	if got := b.text("#gate-history"); !strings.Contains(got, "go") || !strings.Contains(got, condition) || !strings.Contains(got, "eve") {
		t.Errorf("gate history: %q", got)
	}
	b.open("/governance", "#rules")
	b.open("/governance/findings", "#findings")
	b.open("/projects/"+id+"?tab=decisions", "table.data")
	if got := b.text("table.data"); !strings.Contains(got, res.Gate) && !strings.Contains(got, res.Name) {
		t.Errorf("the decision log lacks the gate decision: %q", got)
	}

	// The PMO's own pages: insights, and a dry run of the current document
	// through the multipart draft form.
	b.signOut()
	b.signIn("admin", "password-of-admin")
	b.open("/governance/insights", "#by-rule svg")
	b.open("/governance/draft", "#document")
	b.click("#dry-run", "#dry-run-result")
	if got := b.text("#dry-run-result"); !strings.Contains(got, "New findings (0)") || !strings.Contains(got, "No differences") {
		t.Errorf("a dry run of the current document: %.300q", got)
	}
}

// TestGovernanceScreenshots writes the governance pages' screenshots
// (go test ./web -run Screenshots -screenshots).
func TestGovernanceScreenshots(t *testing.T) {
	if !*screenshots {
		t.Skip("run with -screenshots to refresh docs/screenshots")
	}
	srv, db := mustDemoServer(t)
	svc := mustGovernedDemo(t, db)
	p, res, _ := gateCandidate(t, db, svc)
	rv, err := svc.RequestGate(context.Background(), p.ID, res.Gate, "Pat Manager", "Artefacts follow next week.")
	if err != nil {
		t.Fatal(err)
	}
	b := mustBrowser(t, srv.URL)
	dir := filepath.Join("..", "docs", "screenshots")
	for _, s := range []struct {
		name, path, wait string
		full             bool // the whole page, not only the first screen
	}{
		{"governance", "/governance", "#rules", false},
		{"governance-findings", "/governance/findings", "#findings", false},
		{"governance-insights", "/governance/insights", "main h1", true},
		{"project-governance", "/projects/" + itoa(p.ID) + "/governance", "#gate-history", true},
		{"gate-review", "/gates/" + itoa(rv.ID), "#decide", true},
	} {
		b.do("open "+s.path, chromedp.EmulateViewport(1400, 900), chromedp.Navigate(b.url+s.path),
			chromedp.WaitVisible(chromedp.CSS(s.wait)))
		shot := chromedp.CaptureScreenshot()
		if s.full {
			shot = chromedp.FullScreenshot(100)
		}
		png, err := chromedp.Run(b.ctx, shot)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, s.name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
