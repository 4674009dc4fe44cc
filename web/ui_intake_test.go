package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// seeOther checks a PRG answer and returns where it goes.
func seeOther(t *testing.T, what string, res response, prefix string) string {
	t.Helper()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s: %d to %q, want 303 to %s…\n%.600s", what, res.StatusCode, loc, prefix, res.body)
	}
	return loc
}

// TestIntakeFormPages submits the intake form with mistakes (shown beside
// their fields), previews the NPV, saves and submits a proposal, and opens
// its page and the portfolio's list.
func TestIntakeFormPages(t *testing.T) {
	e := mustEnv(t)
	pf := e.ids.portfolio
	e.get(t, fmt.Sprintf("/portfolios/%d/proposals/new", pf))
	good := url.Values{"code": {"WEB-9"}, "title": {"Self-service portal"}, "category": {"grow"}, "alignment": {"4"}, "risk": {"2"},
		"period_kind": {"quarter"}, "currency": {"EUR"}, "capex": {"50000, 30000"}, "opex": {"0 5000"}, "benefits": {"0, 40000, 60000, 60000"},
		"discount_rate": {"8"}, "demand": {"Developer: 2, 1"}, "earliest_start": {"2027-Q1"}, "latest_start": {"2027-Q3"}}
	bad := url.Values{}
	for k, v := range good {
		bad[k] = v
	}
	bad.Set("title", "")
	bad.Set("capex", "50000, lots")
	bad.Set("latest_start", "2026-Q4")
	bad.Set("mandatory", "on")
	res := e.postForm(t, fmt.Sprintf("/portfolios/%d/proposals", pf), bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", res.StatusCode)
	}
	for _, id := range []string{"capex-error", "title-error"} {
		if !strings.Contains(string(res.body), `id="`+id+`"`) {
			t.Errorf("the form shows no %s:\n%.3000s", id, res.body)
		}
	}
	bad.Set("capex", "50000, 30000")
	bad.Set("title", "Portal")
	res = e.postForm(t, fmt.Sprintf("/portfolios/%d/proposals", pf), bad)
	for _, id := range []string{"latest_start-error", "legal_basis-error"} {
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="`+id+`"`) {
			t.Errorf("domain errors: %d, no %s", res.StatusCode, id)
		}
	}
	preview := url.Values{"preview": {"1"}}
	for k, v := range good {
		preview[k] = v
	}
	res = e.postForm(t, fmt.Sprintf("/portfolios/%d/proposals", pf), preview)
	want := pmo.ProposalCase{Capex: []int64{50000_00, 30000_00}, Opex: []int64{0, 5000_00}, Benefits: []int64{0, 40000_00, 60000_00, 60000_00}, DiscountRate: 0.08, PeriodKind: pmo.Quarter}
	npv := "EUR " + strings.TrimSpace(fmt.Sprint(formatAmountForTest(want.NPV())))
	if res.StatusCode != http.StatusOK || !strings.Contains(string(res.body), npv) {
		t.Errorf("preview: %d, want %s in\n%.200s", res.StatusCode, npv, res.body)
	}
	good.Set("then", "submit")
	loc := seeOther(t, "save and submit", e.postForm(t, fmt.Sprintf("/portfolios/%d/proposals", pf), good), "/proposals/")
	page := e.get(t, loc)
	wantIn(t, "proposal page", page.body, "WEB-9 Self-service portal", "Submitted", npv, "Developer", "2 · 1", "Proposal saved.")
	list := e.get(t, fmt.Sprintf("/portfolios/%d/intake?state=submitted&q=portal", pf))
	wantIn(t, "intake list", list.body, "WEB-9", "1 proposal")
	if strings.Contains(string(e.get(t, fmt.Sprintf("/portfolios/%d/intake?state=draft", pf)).body), "WEB-9") {
		t.Error("the draft filter shows a submitted proposal")
	}
}

// formatAmountForTest mirrors the pages' whole-unit format.
func formatAmountForTest(minor int64) string {
	units := (minor + 50) / 100
	s := fmt.Sprint(units)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// TestScoringPages: an inconsistent AHP matrix is not saved and shows its
// ratio; a consistent one derives the weights; a reviewer's scores show on
// the proposal page and the ranking.
func TestScoringPages(t *testing.T) {
	e := mustEnv(t)
	pl := mustPipeline(t, e.db, e.ids.portfolio)
	pf := e.ids.portfolio
	page := e.get(t, fmt.Sprintf("/portfolios/%d/scoring", pf))
	wantIn(t, "scoring page", page.body, "Business value", "Delivery risk", "ahp_0_1")
	m := url.Values{"version": {fmt.Sprint(pl.model.Version)}, "use_ahp": {"on"},
		"key_0": {"value"}, "name_0": {"Business value"}, "min_0": {"0"}, "max_0": {"5"}, "direction_0": {"benefit"},
		"key_1": {"risk"}, "name_1": {"Delivery risk"}, "min_1": {"0"}, "max_1": {"5"}, "direction_1": {"cost"},
		"key_2": {"fit"}, "name_2": {"Strategic fit"}, "min_2": {"0"}, "max_2": {"5"}, "direction_2": {"benefit"},
		"ahp_0_1": {"9"}, "ahp_0_2": {"1/9"}, "ahp_1_2": {"9"}}
	res := e.postForm(t, fmt.Sprintf("/portfolios/%d/scoring", pf), m)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("inconsistent AHP: %d", res.StatusCode)
	}
	wantIn(t, "inconsistent AHP", res.body, "Consistency ratio", "above 0.10", "not saved")
	m.Set("ahp_0_1", "3")
	m.Set("ahp_0_2", "2")
	m.Set("ahp_1_2", "1/2")
	seeOther(t, "consistent AHP", e.postForm(t, fmt.Sprintf("/portfolios/%d/scoring", pf), m), fmt.Sprintf("/portfolios/%d/scoring", pf))
	saved, err := e.db.FindScoringModelByPortfolio(context.Background(), pf)
	if err != nil || len(saved.Criteria) != 3 || saved.ConsistencyRatio <= 0 || saved.ConsistencyRatio > 0.1 || saved.Criteria[0].Weight <= saved.Criteria[1].Weight {
		t.Fatalf("saved model %+v %v", saved, err)
	}
	wantIn(t, "scoring page after AHP", e.get(t, fmt.Sprintf("/portfolios/%d/scoring", pf)).body, "(at most 0.10: consistent)")

	crm := pl.proposals["CRM-1"]
	seeOther(t, "scores", e.postForm(t, fmt.Sprintf("/proposals/%d/scores", crm.ID), url.Values{"score_value": {"5"}, "score_risk": {"1"}, "score_fit": {"4"}}), fmt.Sprintf("/proposals/%d", crm.ID))
	res = e.postForm(t, fmt.Sprintf("/proposals/%d/scores", crm.ID), url.Values{"score_value": {"7"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="score_value-error"`) {
		t.Errorf("a score off the scale: %d", res.StatusCode)
	}
	page = e.get(t, fmt.Sprintf("/proposals/%d", crm.ID))
	wantIn(t, "proposal page", page.body, "Pat", "Quinn", "admin", "Spread across reviewers", "Normalised weighted total")
	rk := e.get(t, fmt.Sprintf("/portfolios/%d/ranking", pf))
	wantIn(t, "ranking", rk.body, "CRM-1", "REG-1", "sd ")
}

// TestOptimizerPages creates a 10 % budget cut through the form, runs both
// scenarios, and walks the optimiser page, frontier, explanation,
// comparison, approval and funding.
func TestOptimizerPages(t *testing.T) {
	e := mustEnv(t)
	pl := mustPipeline(t, e.db, e.ids.portfolio)
	pf, sc := e.ids.portfolio, pl.scenario
	e.get(t, fmt.Sprintf("/portfolios/%d/scenarios/new?from=%d", pf, sc.ID))
	res := e.postForm(t, fmt.Sprintf("/portfolios/%d/scenarios", pf), url.Values{"name": {"Cut"}, "start": {"2027-Q5"}, "periods": {"4"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="start-error"`) {
		t.Errorf("a bad start: %d", res.StatusCode)
	}
	cutLoc := seeOther(t, "new scenario", e.postForm(t, fmt.Sprintf("/portfolios/%d/scenarios", pf), url.Values{"name": {"Budget cut 10%"}, "start": {"2027-Q1"},
		"periods": {"4"}, "currency": {"EUR"}, "budget": {"100000"}, "budget_change": {"-10"}, "capacity": {"Developer: 4"}, "objective": {"npv"},
		"time_limit": {"20"}, "seed": {"1"}, "lock_out": {"CRM-1"}}), "/scenarios/")
	var cutID int64
	fmt.Sscanf(cutLoc, "/scenarios/%d", &cutID)
	cut, err := e.db.FindScenarioByID(context.Background(), cutID)
	if err != nil || cut.Budget[3] != 90000_00 || len(cut.LockOut) != 1 || cut.Capacity[0].FTE[2] != 4 {
		t.Fatalf("saved scenario %+v %v", cut, err)
	}
	wantIn(t, "unrun scenario", e.get(t, cutLoc).body, "has not been run yet")
	for _, id := range []int64{sc.ID, cutID} {
		seeOther(t, "run", e.postForm(t, fmt.Sprintf("/scenarios/%d/runs", id), url.Values{}), fmt.Sprintf("/scenarios/%d?saved=run", id))
	}
	page := e.get(t, fmt.Sprintf("/scenarios/%d", sc.ID))
	wantIn(t, "optimiser page", page.body, "✓ Proven optimal", "Gap", "0.00%", "REG-1", "Why not?", `id="spend-chart"`, `id="capacity-chart"`, `hx-get="/scenarios/`)
	req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/scenarios/%d/frontier", sc.ID), nil)
	req.Header.Set("HX-Request", "true")
	fr := e.send(e.auth(req))
	if fr.StatusCode != http.StatusOK || !strings.Contains(string(fr.body), "<svg") || strings.Contains(string(fr.body), "<html") {
		t.Errorf("frontier fragment: %d %.300s", fr.StatusCode, fr.body)
	}
	wantIn(t, "frontier page", e.get(t, fmt.Sprintf("/scenarios/%d/frontier", sc.ID)).body, "Efficient frontier", "150%", "current selection")
	link := regexp.MustCompile(`href="(/scenario-runs/\d+/explain\?proposal=\d+)"`).FindStringSubmatch(string(page.body))
	if link == nil {
		t.Fatal("no explain link")
	}
	wantIn(t, "explanation", e.get(t, strings.ReplaceAll(link[1], "&amp;", "&")).body, "What keeps it out", "What it would take", "Forcing it in")
	cmp := e.get(t, fmt.Sprintf("/scenarios/%d/compare?with=%d", sc.ID, cutID))
	wantIn(t, "comparison", cmp.body, "Base plan and Budget cut 10%", "Selected in both", "REG-1", "What changes", "2027-Q4", "Developer")

	// Approve, then fund: the projects appear in the approved stage.
	run, err := e.db.FindScenarioRuns(context.Background(), sc.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res := e.postForm(t, fmt.Sprintf("/scenario-runs/%d/funding", run[0].ID), url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("funding before approval: %d", res.StatusCode)
	}
	seeOther(t, "approve", e.postForm(t, fmt.Sprintf("/scenario-runs/%d/approve", run[0].ID), url.Values{}), fmt.Sprintf("/scenarios/%d?saved=approved", sc.ID))
	seeOther(t, "fund", e.postForm(t, fmt.Sprintf("/scenario-runs/%d/funding", run[0].ID), url.Values{}), fmt.Sprintf("/scenarios/%d?saved=funded", sc.ID))
	reg, err := e.db.FindProposalByID(context.Background(), pl.proposals["REG-1"].ID)
	if err != nil || reg.State != pmo.ProposalFunded || reg.ProjectID == 0 {
		t.Fatalf("REG-1 after funding: %+v %v", reg, err)
	}
	prj, err := e.db.FindProjectByID(context.Background(), reg.ProjectID)
	if err != nil || prj.Stage != pmo.Approved || prj.Code != "REG-1" {
		t.Fatalf("project %+v %v", prj, err)
	}
	wantIn(t, "optimiser page after funding", e.get(t, fmt.Sprintf("/scenarios/%d", sc.ID)).body, "funded: <a href=\"/projects/")
	wantIn(t, "project page", e.get(t, fmt.Sprintf("/projects/%d", prj.ID)).body, `id="from-proposal"`, fmt.Sprintf("/proposals/%d", reg.ID))
	wantIn(t, "proposal page after funding", e.get(t, fmt.Sprintf("/proposals/%d", reg.ID)).body, `id="funded-project"`, "/projects/"+fmt.Sprint(prj.ID))
}
