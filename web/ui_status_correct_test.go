package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// correctionForm is a complete correction form of the seeded report (Green,
// Amber, Green, Green), with overrides.
func correctionForm(kv ...string) url.Values {
	v := url.Values{"correction_reason": {"Cost was misread from the ledger"},
		"schedule": {"green"}, "cost": {"red"}, "scope": {"green"}, "risk": {"green"}, "overall": {""},
		"summary": {"Over budget after the ledger fix"}, "actual_cost": {"12000"}, "forecast_cost": {"130000"}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// TestStatusCorrectionPages drives the correction of a status report as
// signed-in users: the form, each refusal and the revision it creates.
func TestStatusCorrectionPages(t *testing.T) {
	e := mustEnv(t)
	ctx := context.Background()
	admin := e.signedIn(t, "admin", "password-of-admin")
	rid := strconv.FormatInt(e.ids.report, 10)
	revisions := func() []*pmo.StatusReport {
		t.Helper()
		rs, _, err := e.db.FindStatusReports(ctx, pmo.StatusFilter{ProjectID: e.ids.project, AllRevisions: true})
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	before := len(revisions())

	// The report page offers the correction to an editor; the form starts
	// from the revision's values, with an empty reason.
	page := admin.get("/status-reports/" + rid)
	for _, want := range []string{"Correct this report", "Revisions of", "current", "first submission", "On track"} {
		if !strings.Contains(string(page.body), want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	form := string(admin.get("/status-reports/" + rid + "/correct").body)
	for _, want := range []string{`name="correction_reason"`, "On track</textarea>", "Revision 1, being corrected", `name="cost" value="amber" checked`, `name="csrf_token"`,
		`<option value="" selected>Worst of the dimensions`} {
		if !strings.Contains(form, want) {
			t.Errorf("correction form lacks %q", want)
		}
	}

	post := func(s *session, id string, v url.Values) response {
		t.Helper()
		return s.post("/status-reports/"+id+"/corrections", v)
	}
	// Refusals: none of them writes a revision.
	res := post(admin, rid, correctionForm("correction_reason", " "))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="correction_reason-error"`) ||
		!strings.Contains(string(res.body), "Over budget after the ledger fix") {
		t.Errorf("missing reason: %d, want 422 with the error by the field and the input kept", res.StatusCode)
	}
	res = post(admin, rid, correctionForm("overall", "green"))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="override_reason-error"`) {
		t.Errorf("better overall without a reason: %d, want 422 with an error by override_reason", res.StatusCode)
	}
	res = post(admin, rid, correctionForm("csrf_token", "forged"))
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("forged CSRF: %d, want 403", res.StatusCode)
	}
	mustUserToken(t, e.db, "team", pmo.ScopeReadWrite, pmo.Grant{Role: pmo.TeamMember, Scope: pmo.ScopeAll})
	team := e.signedIn(t, "team", "password-of-team")
	if res = post(team, rid, correctionForm()); res.StatusCode != http.StatusForbidden {
		t.Errorf("team member correcting: %d, want 403", res.StatusCode)
	}
	if res = team.get("/status-reports/" + rid + "/correct"); res.StatusCode != http.StatusForbidden {
		t.Errorf("team member opening the form: %d, want 403", res.StatusCode)
	}
	if res = team.get("/status-reports/" + rid); res.StatusCode != http.StatusOK || strings.Contains(string(res.body), "Correct this report") {
		t.Errorf("team member reading: %d, want 200 without the correction action", res.StatusCode)
	}
	if n := len(revisions()); n != before {
		t.Fatalf("refused corrections wrote revisions: %d, want %d", n, before)
	}

	// Success: a new revision, redirected to (PRG), shown as current.
	res = post(admin, rid, correctionForm())
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/status-reports/") || !strings.HasSuffix(loc, "?saved=correction") {
		t.Fatalf("correct: %d to %q, want 303 to the new revision: %s", res.StatusCode, loc, res.body)
	}
	rev2, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(loc, "/status-reports/"), "?saved=correction"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.db.FindStatusReportByID(ctx, rev2)
	if err != nil {
		t.Fatal(err)
	}
	if got.Revision != 2 || got.Cost != pmo.Red || got.Overall != pmo.Red || got.CorrectionReason != "Cost was misread from the ledger" ||
		got.SubmittedBy == "" || got.Period.String() != "2026-W47" {
		t.Errorf("revision = %+v", got)
	}
	page = admin.get(loc)
	for _, want := range []string{"Correction saved", "Cost was misread from the ledger", "superseded", "revision 2"} {
		if !strings.Contains(string(page.body), want) {
			t.Errorf("new revision's page lacks %q", want)
		}
	}
	if old := string(admin.get("/status-reports/" + rid).body); !strings.Contains(old, `id="superseded"`) || strings.Contains(old, "Correct this report") {
		t.Errorf("the superseded revision still offers a correction, or does not say it was superseded")
	}
	if p := string(admin.get("/projects/" + strconv.FormatInt(e.ids.project, 10)).body); !strings.Contains(p, `href="/status-reports/`+loc[len("/status-reports/"):len(loc)-len("?saved=correction")]+`"`) ||
		!strings.Contains(p, "rev. 2, corrected") {
		t.Errorf("project history does not link the current revision")
	}

	// Stale: correcting revision 1 after revision 2 exists keeps the input,
	// explains, and the form now corrects revision 2.
	res = post(admin, rid, correctionForm("summary", "My late edit"))
	body := string(res.body)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, `id="stale-alert"`) ||
		!strings.Contains(body, "saved revision 2") || !strings.Contains(body, "My late edit") ||
		!strings.Contains(body, `action="/status-reports/`+strconv.FormatInt(rev2, 10)+`/corrections"`) {
		t.Errorf("stale correction: %d, want 409 explaining revision 2 and keeping the input: %.2000s", res.StatusCode, body)
	}
	if n := len(revisions()); n != before+1 {
		t.Errorf("revisions = %d, want %d", n, before+1)
	}
}
