package store

import (
	"testing"
	"time"

	"github.com/pmohq/pmo"
)

func mustFramework(t testing.TB, db *DB, doc string) *pmo.FrameworkVersion {
	t.Helper()
	v := &pmo.FrameworkVersion{Label: "1", Name: "test", Document: doc}
	must(t, db.PublishFramework(ctx, v))
	return v
}

func TestFrameworkVersions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		_, err := db.CurrentFramework(ctx)
		wantKind(t, err, pmo.NotFound, "")
		wantKind(t, db.PublishFramework(ctx, &pmo.FrameworkVersion{Document: "  "}), pmo.Invalid, "document")

		v1 := mustFramework(t, db, "name: a\n")
		if v1.Seq != 1 || !v1.Current || v1.PublishedBy != "system" || v1.Hash == "" {
			t.Fatalf("v1 = %+v", v1)
		}
		wantKind(t, db.PublishFramework(ctx, &pmo.FrameworkVersion{Document: "name: a\n"}), pmo.Conflict, "")
		v2 := mustFramework(t, db, "name: b\n")
		cur, err := db.CurrentFramework(ctx)
		must(t, err)
		if cur.ID != v2.ID || cur.Seq != 2 || cur.Document != "name: b\n" {
			t.Fatalf("current = %+v, want version 2", cur)
		}
		all, err := db.FindFrameworks(ctx)
		must(t, err)
		if len(all) != 2 || all[0].Seq != 2 || all[1].Current || all[0].Document != "" {
			t.Fatalf("FindFrameworks = %+v", all)
		}
		must(t, db.SetCurrentFramework(ctx, v1.ID))
		if cur, _ := db.CurrentFramework(ctx); cur.ID != v1.ID {
			t.Fatalf("after rollback current = %d, want %d", cur.ID, v1.ID)
		}
		_, err = db.FindFrameworkByID(ctx, 999)
		wantKind(t, err, pmo.NotFound, "")

		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P1")
		got, err := db.ProjectFramework(ctx, p.ID)
		must(t, err)
		if got.ID != v1.ID {
			t.Fatalf("ProjectFramework defaults to %d, want current %d", got.ID, v1.ID)
		}
		_, err = db.ProjectFramework(ctx, 999)
		wantKind(t, err, pmo.NotFound, "")
		recs, _, err := db.FindAuditRecords(ctx, pmo.AuditFilter{Entity: "framework"})
		must(t, err)
		if len(recs) != 3 {
			t.Errorf("framework audit records = %d, want 3 (two publishes, one rollback)", len(recs))
		}
	})
}

func TestAuditRunLifecycle(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		fw := mustFramework(t, db, "name: a\n")
		pf := mustPortfolio(t, db, "PF")
		p1 := mustProject(t, db, pf.ID, "P1")
		p2 := mustProject(t, db, pf.ID, "P2")
		finding := func(p int64, rule string) *pmo.Finding {
			return &pmo.Finding{ProjectID: p, Rule: rule, Kind: "violation", Severity: "major", Message: rule + " fails"}
		}
		run := func(fs ...*pmo.Finding) *pmo.AuditRun {
			t.Helper()
			r := &pmo.AuditRun{FrameworkID: fw.ID, Projects: 2, Violations: len(fs)}
			must(t, db.RecordAuditRun(ctx, r, []int64{p1.ID, p2.ID}, fs))
			return r
		}
		r1 := run(finding(p1.ID, "a"), finding(p1.ID, "b"), finding(p2.ID, "a"), finding(p2.ID, "a"))
		if r1.Opened != 3 || r1.Resolved != 0 || r1.FrameworkLabel != "1" {
			t.Fatalf("run 1 = %+v", r1)
		}
		r2 := run(finding(p1.ID, "a"), finding(p2.ID, "c"))
		if r2.Opened != 1 || r2.Resolved != 2 {
			t.Fatalf("run 2 opened %d resolved %d, want 1 and 2", r2.Opened, r2.Resolved)
		}
		open, err := db.FindFindings(ctx, pmo.FindingFilter{Open: true})
		must(t, err)
		type row struct {
			Project    int64
			Rule       string
			Seen       int
			First      int64
			Last       int64
			IsResolved bool
		}
		var got []row
		for _, f := range open {
			got = append(got, row{f.ProjectID, f.Rule, f.Seen, f.FirstRunID, f.LastRunID, f.ResolvedAt != nil})
		}
		want := []row{{p2.ID, "c", 1, r2.ID, r2.ID, false}, {p1.ID, "a", 2, r1.ID, r2.ID, false}}
		if d := diff(want, got); d != "" {
			t.Errorf("open findings (-want +got):\n%s", d)
		}
		resolved, err := db.FindFindings(ctx, pmo.FindingFilter{Resolved: true})
		must(t, err)
		if len(resolved) != 2 {
			t.Errorf("resolved = %d, want 2", len(resolved))
		}
		// A portfolio-scoped run leaves other projects' findings alone, and
		// a finding that comes back is a new one.
		r3 := &pmo.AuditRun{FrameworkID: fw.ID}
		must(t, db.RecordAuditRun(ctx, r3, []int64{p1.ID}, []*pmo.Finding{finding(p1.ID, "a"), finding(p1.ID, "b")}))
		if r3.Opened != 1 || r3.Resolved != 0 {
			t.Fatalf("run 3 opened %d resolved %d, want 1 and 0", r3.Opened, r3.Resolved)
		}
		bs, err := db.FindFindings(ctx, pmo.FindingFilter{Rule: "b"})
		must(t, err)
		if len(bs) != 2 || bs[0].ResolvedAt != nil || bs[1].ResolvedAt == nil {
			t.Errorf("rule b findings = %+v, want a reopened one and a resolved one", bs)
		}
		runs, err := db.FindAuditRuns(ctx, 2)
		must(t, err)
		if len(runs) != 2 || runs[0].ID != r3.ID {
			t.Errorf("FindAuditRuns(2) = %d runs, first %d", len(runs), runs[0].ID)
		}
		if got, err := db.FindAuditRunByID(ctx, r3.ID); err != nil || got.ID != r3.ID || got.Opened != r3.Opened {
			t.Errorf("FindAuditRunByID = %+v, %v; want run %+v", got, err, r3)
		}
		_, err = db.FindAuditRunByID(ctx, 999)
		wantKind(t, err, pmo.NotFound, "")
		if got, _ := db.ProjectFramework(ctx, p1.ID); got.ID != fw.ID {
			t.Errorf("project framework not recorded")
		}
		recs, _, err := db.FindAuditRecords(ctx, pmo.AuditFilter{Entity: "finding"})
		must(t, err)
		if len(recs) != 5+2 {
			t.Errorf("finding audit records = %d, want 7 (5 opened, 2 resolved)", len(recs))
		}
		// A persisting finding rendered differently is updated in place.
		changed := finding(p1.ID, "a")
		changed.Message, changed.Waived = "a fails again", true
		must(t, db.RecordAuditRun(ctx, &pmo.AuditRun{FrameworkID: fw.ID}, []int64{p1.ID}, []*pmo.Finding{changed, finding(p1.ID, "b")}))
		as, err := db.FindFindings(ctx, pmo.FindingFilter{Rule: "a", ProjectID: p1.ID, Open: true})
		must(t, err)
		if len(as) != 1 || as[0].Message != "a fails again" || !as[0].Waived || as[0].Seen != 4 || as[0].FirstRunID != r1.ID {
			t.Errorf("updated finding = %+v", as)
		}
		bs, err = db.FindFindings(ctx, pmo.FindingFilter{Rule: "b", Open: true})
		must(t, err)
		if len(bs) != 1 || bs[0].Seen != 2 {
			t.Errorf("batched finding = %+v", bs)
		}
		wantKind(t, db.RecordAuditRun(ctx, &pmo.AuditRun{FrameworkID: 999}, nil, nil), pmo.NotFound, "")
	})
}

func TestWaiversAndComments(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P1")
		wantKind(t, db.CreateWaiver(ctx, &pmo.Waiver{ProjectID: p.ID, Rule: "r", GrantedBy: "pmo"}), pmo.Invalid, "reason")
		wantKind(t, db.CreateWaiver(ctx, &pmo.Waiver{ProjectID: 999, Rule: "r", Reason: "x", GrantedBy: "pmo",
			Expires: testEpoch.AddDate(0, 1, 0)}), pmo.NotFound, "")
		w := &pmo.Waiver{ProjectID: p.ID, Rule: "r", Reason: "legacy", GrantedBy: "pmo", Expires: testEpoch.AddDate(0, 1, 0)}
		must(t, db.CreateWaiver(ctx, w))
		active, err := db.FindWaivers(ctx, pmo.WaiverFilter{ActiveAt: testEpoch.Add(time.Hour)})
		must(t, err)
		if len(active) != 1 || active[0].Reason != "legacy" {
			t.Fatalf("active waivers = %+v", active)
		}
		if later, _ := db.FindWaivers(ctx, pmo.WaiverFilter{ActiveAt: testEpoch.AddDate(0, 2, 0)}); len(later) != 0 {
			t.Errorf("expired waiver still active")
		}
		_, err = db.RevokeWaiver(ctx, w.ID, 7, "")
		wantKind(t, err, pmo.Stale, "")
		got, err := db.RevokeWaiver(ctx, w.ID, w.Version, "")
		must(t, err)
		if got.RevokedAt == nil || got.RevokedBy != "system" || got.Version != 2 {
			t.Fatalf("revoked = %+v", got)
		}
		_, err = db.RevokeWaiver(ctx, w.ID, got.Version, "")
		wantKind(t, err, pmo.Conflict, "")

		wantKind(t, db.CreateRuleComment(ctx, &pmo.RuleComment{Rule: "r", Author: "pm"}), pmo.Invalid, "body")
		must(t, db.CreateRuleComment(ctx, &pmo.RuleComment{Rule: "r", ProjectID: p.ID, Author: "pm", Body: "too strict"}))
		must(t, db.CreateRuleComment(ctx, &pmo.RuleComment{Rule: "s", Author: "pm", Body: "fine"}))
		cs, err := db.FindRuleComments(ctx, "r")
		must(t, err)
		if len(cs) != 1 || cs[0].Body != "too strict" || cs[0].ProjectID != p.ID {
			t.Fatalf("comments = %+v", cs)
		}
		if all, _ := db.FindRuleComments(ctx, ""); len(all) != 2 {
			t.Errorf("all comments = %d, want 2", len(all))
		}
	})
}

func TestGateReviews(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		fw := mustFramework(t, db, "name: a\n")
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P1", func(p *pmo.Project) { p.Stage, p.Manager = pmo.Planning, "Ann" })
		newReview := func() *pmo.GateReview {
			return &pmo.GateReview{ProjectID: p.ID, FrameworkID: fw.ID, Gate: "g3", GateName: "Baseline",
				FromStage: "planning", ToStage: "execution", RequestedBy: "Ann",
				Checklist: []pmo.GateCheck{{Requirement: "stage", Kind: "stage", Met: true, Message: "ok"}}}
		}
		r := newReview()
		must(t, r.Prepare())
		must(t, db.CreateGateReview(ctx, r))
		wantKind(t, db.CreateGateReview(ctx, newReview()), pmo.Conflict, "")
		wantKind(t, db.CreateGateReview(ctx, &pmo.GateReview{ProjectID: p.ID, FrameworkID: fw.ID}), pmo.Invalid, "gate")

		// A first approver's go is a vote; the review stays open.
		r2, err := db.AddGateVote(ctx, r.ID, r.Version, &pmo.GateVote{Approver: "Sue", Role: "sponsor", Decision: pmo.GateGo}, nil)
		must(t, err)
		if r2.Status != pmo.GateRequested || len(r2.Votes) != 1 || r2.Version != 2 {
			t.Fatalf("after vote = %+v", r2)
		}
		_, err = db.AddGateVote(ctx, r.ID, r.Version, &pmo.GateVote{Approver: "Bob", Decision: pmo.GateGo}, nil)
		wantKind(t, err, pmo.Stale, "")
		_, err = db.AddGateVote(ctx, r.ID, r2.Version, &pmo.GateVote{Approver: "Bob", Decision: "maybe"}, nil)
		wantKind(t, err, pmo.Invalid, "decision")

		// The second closes it: decision record, project moved.
		r3, err := db.AddGateVote(ctx, r.ID, r2.Version, &pmo.GateVote{Approver: "Bob", Role: "pmo", Decision: pmo.GateGo,
			Conditions: "baseline the budget by Friday"},
			&pmo.GateClose{Outcome: pmo.GateGo, Conditions: "baseline the budget by Friday", DecidedBy: "Bob"})
		must(t, err)
		if r3.Status != pmo.GateDecided || r3.Outcome != pmo.GateGo || r3.DecisionID == 0 || r3.DecidedAt == nil {
			t.Fatalf("decided = %+v", r3)
		}
		d, err := db.Decisions().FindByID(ctx, r3.DecisionID)
		must(t, err)
		if d.Status != "decided" || d.DecidedBy != "Bob" || d.Forum != "gate review" || d.Owner != "Ann" {
			t.Errorf("decision record = %+v", d)
		}
		moved, err := db.FindProjectByID(ctx, p.ID)
		must(t, err)
		if moved.Stage != pmo.Execution || moved.Version != p.Version+1 {
			t.Errorf("project stage %s version %d, want execution %d", moved.Stage, moved.Version, p.Version+1)
		}
		_, err = db.AddGateVote(ctx, r.ID, r3.Version, &pmo.GateVote{Approver: "Z", Decision: pmo.GateKill}, nil)
		wantKind(t, err, pmo.Conflict, "")

		// Kill cancels without moving; history keeps both reviews.
		k := newReview()
		k.Gate, k.FromStage, k.ToStage = "g4", "execution", "closure"
		must(t, db.CreateGateReview(ctx, k))
		_, err = db.AddGateVote(ctx, k.ID, k.Version, &pmo.GateVote{Approver: "Sue", Decision: pmo.GateKill},
			&pmo.GateClose{Outcome: pmo.GateKill, Comment: "benefits gone", DecidedBy: "Sue"})
		must(t, err)
		killed, _ := db.FindProjectByID(ctx, p.ID)
		if killed.Stage != pmo.Execution || killed.State != pmo.Cancelled {
			t.Errorf("after kill: %s/%s", killed.Stage, killed.State)
		}
		hist, err := db.FindGateReviews(ctx, pmo.GateReviewFilter{ProjectID: p.ID})
		must(t, err)
		if len(hist) != 2 || hist[0].ID != k.ID || len(hist[1].Votes) != 2 || len(hist[1].Checklist) != 1 {
			t.Fatalf("history = %+v", hist)
		}
		recs, _, err := db.FindAuditRecords(ctx, pmo.AuditFilter{ProjectID: p.ID, Entity: "gate_review"})
		must(t, err)
		if len(recs) != 2+3 {
			t.Errorf("gate review audit records = %d, want 5", len(recs))
		}
	})
}
