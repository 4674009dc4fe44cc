package store

import (
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pmohq/pmo"
)

func TestStatusRevisionsAndTrends(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P")
		w46 := mustReport(t, db, p.ID, "2026-W46", pmo.Green)
		if w46.Revision != 1 || w46.OverallTrend != pmo.NewTrend || w46.SubmittedAt.IsZero() {
			t.Errorf("first report: revision %d trend %s submitted %v", w46.Revision, w46.OverallTrend, w46.SubmittedAt)
		}
		got, err := db.FindStatusReportByID(ctx, w46.ID)
		must(t, err)
		if d := diff(w46, got); d != "" {
			t.Errorf("FindStatusReportByID (-want +got):\n%s", d)
		}

		w48 := mustReport(t, db, p.ID, "2026-W48", pmo.Red) // W47 was skipped
		if w48.OverallTrend != pmo.Deteriorating || w48.CostTrend != pmo.Deteriorating {
			t.Errorf("W48 trends = %s/%s, want deteriorating", w48.OverallTrend, w48.CostTrend)
		}
		dup := &pmo.StatusReport{ProjectID: p.ID, Period: mustPeriod(t, "2026-W48"), Schedule: pmo.Green, Cost: pmo.Green,
			Scope: pmo.Green, Risk: pmo.Green, Summary: "again", SubmittedBy: "pm"}
		wantKind(t, db.SubmitStatusReport(ctx, dup), pmo.Conflict, "period")
		wantKind(t, db.SubmitStatusReport(ctx, &pmo.StatusReport{ProjectID: 999, Period: mustPeriod(t, "2026-W48"),
			Schedule: pmo.Green, Cost: pmo.Green, Scope: pmo.Green, Risk: pmo.Green, Summary: "x", SubmittedBy: "pm"}),
			pmo.Invalid, "project_id")
		wantKind(t, db.SubmitStatusReport(ctx, &pmo.StatusReport{ProjectID: p.ID}), pmo.Invalid, "period")

		// A late report for W47 is not the latest period: the current status stays W48.
		w47 := mustReport(t, db, p.ID, "2026-W47", pmo.Amber)
		if w47.OverallTrend != pmo.Deteriorating {
			t.Errorf("W47 trend = %s, want deteriorating (against W46)", w47.OverallTrend)
		}
		cur := currentOf(t, db, p.ID)
		if cur.ReportID != w48.ID {
			t.Errorf("current report = %d, want W48 %d", cur.ReportID, w48.ID)
		}

		// Correct W48 to amber: revision 2, trend against W47 (amber): stable.
		fix := *w48
		fix.Schedule, fix.Cost, fix.Scope, fix.Risk, fix.Overall = pmo.Amber, pmo.Amber, pmo.Amber, pmo.Amber, ""
		fix.CorrectionReason = ""
		wantKind(t, db.CorrectStatusReport(ctx, &fix), pmo.Invalid, "correction_reason")
		fix.CorrectionReason = "cost figures were wrong"
		must(t, db.CorrectStatusReport(ctx, &fix))
		if fix.Revision != 2 || fix.ID == w48.ID || fix.OverallTrend != pmo.Stable {
			t.Errorf("correction: revision %d id %d trend %s", fix.Revision, fix.ID, fix.OverallTrend)
		}
		cur = currentOf(t, db, p.ID)
		want := &pmo.CurrentStatus{ReportID: fix.ID, Period: fix.Period, Schedule: pmo.Amber, Cost: pmo.Amber,
			Scope: pmo.Amber, Risk: pmo.Amber, Overall: pmo.Amber, OverallTrend: pmo.Stable,
			ScheduleTrend: pmo.Stable, CostTrend: pmo.Stable, ScopeTrend: pmo.Stable, RiskTrend: pmo.Stable}
		if d := diff(want, cur); d != "" {
			t.Errorf("current status after correction (-want +got):\n%s", d)
		}

		again := *w48 // correcting revision 1 again: revision 2 exists
		again.CorrectionReason = "late"
		wantKind(t, db.CorrectStatusReport(ctx, &again), pmo.Stale, "")
		other := fix
		other.Period = mustPeriod(t, "2026-W45")
		wantKind(t, db.CorrectStatusReport(ctx, &other), pmo.Invalid, "period")
		missing := fix
		missing.ID = 99999
		wantKind(t, db.CorrectStatusReport(ctx, &missing), pmo.NotFound, "")

		// Correcting an older period leaves the current status alone.
		old := *w46
		old.CorrectionReason, old.Summary = "typo", "fixed"
		must(t, db.CorrectStatusReport(ctx, &old))
		if currentOf(t, db, p.ID).ReportID != fix.ID {
			t.Error("correcting an old period changed the current status")
		}

		latest, page, err := db.FindStatusReports(ctx, pmo.StatusFilter{ProjectID: p.ID})
		must(t, err)
		if d := diff([]int64{fix.ID, w47.ID, old.ID}, ids(latest)); d != "" || page.Total != 3 {
			t.Errorf("latest revisions (total %d) (-want +got):\n%s", page.Total, d)
		}
		all, page, err := db.FindStatusReports(ctx, pmo.StatusFilter{ProjectID: p.ID, AllRevisions: true, ListOptions: pmo.ListOptions{Sort: "period"}})
		must(t, err)
		if d := diff([]int64{w46.ID, old.ID, w47.ID, w48.ID, fix.ID}, ids(all)); d != "" || page.Total != 5 {
			t.Errorf("all revisions (total %d) (-want +got):\n%s", page.Total, d)
		}
		ranged, _, err := db.FindStatusReports(ctx, pmo.StatusFilter{ProjectID: p.ID, From: mustDate(t, "2026-11-16"), To: mustDate(t, "2026-11-22")})
		must(t, err)
		if d := diff([]int64{w47.ID}, ids(ranged)); d != "" {
			t.Errorf("From/To (-want +got):\n%s", d)
		}
		got, err = db.FindStatusReportByID(ctx, w48.ID)
		must(t, err)
		if d := diff(w48, got, cmpopts.IgnoreFields(pmo.StatusReport{}, "SubmittedAt")); d != "" {
			t.Errorf("revision 1 changed (-want +got):\n%s", d)
		}
		_, err = db.FindStatusReportByID(ctx, 99999)
		wantKind(t, err, pmo.NotFound, "")
	})
}

func TestStatusPaging(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P")
		q := mustProject(t, db, pf.ID, "Q")
		for _, w := range []string{"2026-W40", "2026-W41", "2026-W42", "2026-W43"} {
			mustReport(t, db, p.ID, w, pmo.Green)
			mustReport(t, db, q.ID, w, pmo.Amber) // ties on period across projects
		}
		id := func(r *pmo.StatusReport) int64 { return r.ID }
		key := func(r *pmo.StatusReport) sortValue { return r.Period.Start.String() }
		for _, sort := range []string{"period", "-period"} {
			rows := walk(t, 3, id, func(o pmo.ListOptions) ([]*pmo.StatusReport, pmo.Page, error) {
				o.Sort = sort
				return db.FindStatusReports(ctx, pmo.StatusFilter{ListOptions: o})
			})
			if len(rows) != 8 {
				t.Fatalf("%s: %d rows, want 8", sort, len(rows))
			}
			checkOrder(t, rows, key, id, sort == "-period")
		}
	})
}

func currentOf(t *testing.T, db *DB, projectID int64) *pmo.CurrentStatus {
	t.Helper()
	p, err := db.FindProjectByID(ctx, projectID)
	must(t, err)
	if p.Status == nil {
		t.Fatal("project has no current status")
	}
	return p.Status
}

func ids(rows []*pmo.StatusReport) []int64 {
	out := make([]int64, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}
