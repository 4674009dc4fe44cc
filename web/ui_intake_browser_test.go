package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pmohq/pmo"
)

// TestBrowserIntakeToFunding takes the demo pipeline from a requester's
// proposal to a funded, explained, optimal portfolio: a requester submits
// a proposal through the intake form (fixing a mistake shown beside its
// field); a PMO officer scores it, forces it into the base scenario, runs
// the optimiser, sees "proven optimal" and the frontier, opens an
// explanation, approves and funds the selection, and follows the new
// project back to its proposal. Any CSP violation fails the test.
func TestBrowserIntakeToFunding(t *testing.T) {
	srv, db := mustDemoServer(t)
	ctx := context.Background()
	pfs, _, err := db.FindPortfolios(ctx, pmo.PortfolioFilter{ListOptions: pmo.ListOptions{Sort: "name", Limit: 10}})
	if err != nil || len(pfs) == 0 {
		t.Fatal("no demo portfolio", err)
	}
	pf := pfs[0]
	scs, _, err := db.FindScenarios(ctx, pmo.ScenarioFilter{PortfolioID: pf.ID, Query: "Base plan"})
	if err != nil || len(scs) == 0 {
		t.Fatal("the demo portfolio has no base plan", err)
	}
	base := scs[0]
	role := base.Capacity[0].Role
	grant := pmo.Grant{Role: pmo.Requester, Scope: pmo.ScopePortfolio, ScopeID: pf.ID}
	mustUserToken(t, db, "rita", pmo.ScopeRead, grant)
	grant.Role = pmo.PMOStaff
	mustUserToken(t, db, "pam", pmo.ScopeRead, grant)

	b := mustBrowser(t, srv.URL)
	shot := func(name string) {
		if !*screenshots {
			return
		}
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err == nil {
			err = os.WriteFile(filepath.Join("..", "docs", "screenshots", name+".png"), png, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}

	// The requester raises a proposal; the form points at the mistake.
	b.signOut()
	b.signIn("rita", "password-of-rita")
	b.open("/intake", "a[href='/portfolios/"+itoa(pf.ID)+"/intake']")
	b.click("a[href='/portfolios/"+itoa(pf.ID)+"/intake']", "#new-proposal")
	b.click("#new-proposal", "#code")
	start := base.Start.String()
	b.do("fill the intake form",
		chromedp.SetValue(chromedp.CSS("#code"), "NEW-PORTAL"),
		chromedp.SetValue(chromedp.CSS("#title"), "Customer self-service portal"),
		chromedp.SetValue(chromedp.CSS("#description"), "Customers wait days for answers the portal could give at once."),
		chromedp.SetValue(chromedp.CSS("#currency"), base.Currency),
		chromedp.SetValue(chromedp.CSS("#capex"), "20000, 10 thousand"),
		chromedp.SetValue(chromedp.CSS("#benefits"), "0, 60000, 80000, 80000"),
		chromedp.SetValue(chromedp.CSS("#demand"), role+": 0.5, 0.5"),
		chromedp.SetValue(chromedp.CSS("#earliest_start"), start),
		chromedp.SetValue(chromedp.CSS("#latest_start"), start))
	b.click("#save-submit", "#capex-error")
	if got := b.text("#capex-error"); !strings.Contains(got, "not an amount") {
		t.Errorf("capex error %q", got)
	}
	b.do("fix capex", chromedp.SetValue(chromedp.CSS("#capex"), "20000, 10000"))
	b.click("#preview-npv", "#npv strong")
	shot("intake-form")
	b.click("#save-submit", "#proposal-state")
	if got := b.text("#proposal-state"); got != "Submitted" {
		t.Errorf("state after submit %q", got)
	}
	proposalURL := b.location()

	// The PMO officer scores it and forces it into the base plan.
	b.signOut()
	b.signIn("pam", "password-of-pam")
	b.do("open the proposal", chromedp.Navigate(proposalURL), chromedp.WaitVisible(chromedp.CSS("#score-form")))
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#score-form input[type=number]").forEach(function (i) {
			var best = i.closest(".field").querySelector(".help").textContent.indexOf("higher is worse") >= 0 ? i.min : i.max;
			i.value = best; }); 0`)); err != nil {
		t.Fatalf("score: %v", err)
	}
	b.click("#save-scores", "#spread")
	shot("proposal")
	b.open("/scenarios/"+itoa(base.ID)+"/edit", "#lock_in")
	b.do("force the proposal in", chromedp.SetValue(chromedp.CSS("#lock_in"), "NEW-PORTAL"),
		chromedp.SetValue(chromedp.CSS("#time_limit"), "60"))
	b.click("#save-scenario", "#run-optimizer")

	// Run: proven optimal, with the frontier and an explanation.
	b.click("#run-optimizer", "#verdict")
	if got := b.text("#verdict"); !strings.Contains(got, "Proven optimal") {
		t.Fatalf("verdict %q (gap %s)", got, b.text("#run-gap"))
	}
	if sel := b.text("#selection"); !strings.Contains(sel, "NEW-PORTAL") {
		t.Fatalf("the forced proposal is not selected:\n%s", sel)
	}
	b.do("wait for the frontier", chromedp.WaitVisible(chromedp.CSS("#frontier-chart svg")))
	shot("optimizer")
	b.click("#rejected a.explain", "#explanation")
	if got := b.text("#explanation"); !strings.Contains(got, "What keeps it out") || !strings.Contains(got, "What it would take") {
		t.Errorf("explanation:\n%s", got)
	}
	shot("explanation")

	// Approve and fund; the project links back to the proposal.
	b.open("/scenarios/"+itoa(base.ID), "#approve-selection")
	b.click("#approve-selection", "#fund-selection")
	b.click("#fund-selection", "#selection a[href^='/projects/']") // only once funded
	if got := b.text(".flash"); !strings.Contains(got, "funded") {
		t.Errorf("flash %q", got)
	}
	b.do("open the proposal", chromedp.Navigate(proposalURL), chromedp.WaitVisible(chromedp.CSS("#funded-project a")))
	b.click("#funded-project a", "#from-proposal")
	if got := b.text("#from-proposal"); got != "from proposal NEW-PORTAL" {
		t.Errorf("project page link %q", got)
	}
	prj, err := db.FindProjectByCode(ctx, "NEW-PORTAL")
	if err != nil || prj.Stage != pmo.Approved {
		t.Errorf("funded project %+v %v", prj, err)
	}
}
