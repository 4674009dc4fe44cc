package compliance_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/pmohq/pmo/internal/pgtest"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/demo"
	"github.com/pmohq/pmo/governance"
	"github.com/pmohq/pmo/store"
)

var now = time.Date(2026, time.November, 27, 9, 0, 0, 0, time.UTC)

// forEachDB runs fn on a SQLite store and, when PMO_TEST_POSTGRES is set,
// on a fresh PostgreSQL schema, each loaded with the demo portfolio.
func forEachDB(t *testing.T, fn func(t *testing.T, s *compliance.Service, db *store.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		s, db := mustService(t, filepath.Join(t.TempDir(), "pmo.db"))
		fn(t, s, db)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		s, db := mustService(t, pgtest.Schema(t))
		fn(t, s, db)
	})
}

// mustService opens dsn and loads the demo portfolio.
func mustService(t *testing.T, dsn string) (*compliance.Service, *store.DB) {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, store.WithNow(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.ImportDataset(context.Background(), demo.Generate(demo.DefaultOptions(pmo.DateOf(now)))); err != nil {
		t.Fatal(err)
	}
	s := compliance.NewService(db, db)
	s.Now = func() time.Time { return now }
	return s, db
}

// relaxed is the default framework with status-current always passing.
func relaxed(t *testing.T) []byte {
	old := []byte("check: status != null && status.days_old <= 14")
	if !bytes.Contains(governance.DefaultYAML(), old) {
		t.Fatal("default framework no longer has the status-current check this test edits")
	}
	return bytes.Replace(governance.DefaultYAML(), old, []byte("check: true"), 1)
}

func TestRecordLifecycle(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *compliance.Service, db *store.DB) {
		ctx := context.Background()
		if _, err := s.Audit(ctx, compliance.Filter{}); pmo.ErrorKind(err) != pmo.NotFound {
			t.Fatalf("Audit without a framework: %v, want NotFound", err)
		}
		v, published, err := s.EnsureFramework(ctx)
		if err != nil || !published || v.Seq != 1 {
			t.Fatalf("EnsureFramework = %+v, %v, %v", v, published, err)
		}
		if _, again, _ := s.EnsureFramework(ctx); again {
			t.Fatal("EnsureFramework published twice")
		}
		r1, err := s.Record(ctx, compliance.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if r1.Run.Opened != len(r1.Findings) || r1.Run.Opened == 0 || r1.Run.Resolved != 0 {
			t.Fatalf("run 1 opened %d of %d findings, resolved %d", r1.Run.Opened, len(r1.Findings), r1.Run.Resolved)
		}
		r2, err := s.Record(ctx, compliance.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if r2.Run.Opened != 0 || r2.Run.Resolved != 0 {
			t.Fatalf("unchanged portfolio: run 2 opened %d resolved %d", r2.Run.Opened, r2.Run.Resolved)
		}

		// Waive one violation: the next run marks it waived.
		var target governance.Finding
		for _, f := range r2.Findings {
			if f.Kind == governance.Violation && f.Rule != "status-current" {
				target = f
				break
			}
		}
		w := &pmo.Waiver{ProjectID: target.ProjectID, Rule: target.Rule, Reason: "legacy contract", Expires: now.AddDate(0, 3, 0)}
		if err := s.GrantWaiver(ctx, w); err != nil {
			t.Fatal(err)
		}
		if err := s.GrantWaiver(ctx, &pmo.Waiver{ProjectID: target.ProjectID, Rule: "no-such-rule", Reason: "x",
			Expires: now.AddDate(0, 1, 0)}); pmo.ErrorKind(err) != pmo.Invalid {
			t.Fatalf("waiver on an unknown rule: %v, want Invalid", err)
		}
		r3, err := s.Record(ctx, compliance.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if r3.Summary.Waived < 1 {
			t.Fatalf("waived = %d, want at least 1", r3.Summary.Waived)
		}

		// Publish a version where status-current always passes: its findings resolve.
		stale := 0
		for _, f := range r3.Findings {
			if f.Rule == "status-current" {
				stale++
			}
		}
		if stale == 0 {
			t.Fatal("the demo portfolio has no stale status reports; pick another rule")
		}
		dry, err := s.DryRun(ctx, "draft.yaml", relaxed(t), compliance.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(dry.Delta.Resolved) != stale || len(dry.Delta.New) != 0 || len(dry.Changes) != 1 {
			t.Fatalf("dry run: %d resolved (want %d), %d new, changes %v", len(dry.Delta.Resolved), stale, len(dry.Delta.New), dry.Changes)
		}
		if runs, _ := db.FindAuditRuns(ctx, 0); len(runs) != 3 {
			t.Fatalf("the dry run wrote: %d runs", len(runs))
		}
		v2, changes, err := s.Publish(ctx, "draft.yaml", relaxed(t))
		if err != nil || v2.Seq != 2 || len(changes) != 1 {
			t.Fatalf("Publish = %+v, %v, %v", v2, changes, err)
		}
		if _, _, err := s.Publish(ctx, "draft.yaml", relaxed(t)); pmo.ErrorKind(err) != pmo.Conflict {
			t.Fatalf("publishing the same document again: %v, want Conflict", err)
		}
		if _, _, err := s.Publish(ctx, "bad.yaml", []byte("rules: [")); err == nil {
			t.Fatal("an invalid document was published")
		}
		r4, err := s.Record(ctx, compliance.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if r4.Run.Resolved != stale || r4.Run.FrameworkID != v2.ID {
			t.Fatalf("run 4 resolved %d, want %d", r4.Run.Resolved, stale)
		}
		open, _ := db.FindFindings(ctx, pmo.FindingFilter{Open: true, Rule: "status-current"})
		if len(open) != 0 {
			t.Fatalf("%d status-current findings still open", len(open))
		}

		if err := s.Comment(ctx, &pmo.RuleComment{Rule: target.Rule, Author: "pm", Body: "we cannot meet this"}); err != nil {
			t.Fatal(err)
		}
		in, err := s.Insights(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Trend) != 4 || in.Trend[0].RunID != r1.Run.ID || in.Open == 0 || len(in.ByRule) == 0 || len(in.ByManager) == 0 {
			t.Fatalf("insights: trend %d, open %d, by rule %d", len(in.Trend), in.Open, len(in.ByRule))
		}
		if len(in.Chronic) == 0 || in.Chronic[0].Code == "" {
			t.Errorf("no chronic projects after 4 runs: %+v", in.Chronic)
		}
		if len(in.NeverFailed) == 0 {
			t.Errorf("no never-failed rules (status-current no longer fails... in the current framework it always passes)")
		}
		var stat *compliance.RuleStat
		for i := range in.Rules {
			if in.Rules[i].Rule == target.Rule {
				stat = &in.Rules[i]
			}
		}
		if stat == nil || stat.Waived < 1 || len(stat.Comments) != 1 {
			t.Errorf("rule stat of %s = %+v", target.Rule, stat)
		}

		// Within the reach of one portfolio, every view counts its projects
		// only, the trend too: its last point is what is open now.
		pfs, _, err := db.FindPortfolios(ctx, pmo.PortfolioFilter{})
		if err != nil || len(pfs) < 2 {
			t.Fatalf("the demo has %d portfolios (%v); this test needs two", len(pfs), err)
		}
		rctx := pmo.WithReach(ctx, pmo.Reach{Portfolios: []int64{pfs[0].ID}})
		part, err := s.Insights(rctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		last, lastAll := part.Trend[len(part.Trend)-1], in.Trend[len(in.Trend)-1]
		if len(part.Trend) != 4 || last.Violations != part.Open || last.Waived != part.Waived {
			t.Errorf("trend in reach: %d points, last %+v; open %d waived %d", len(part.Trend), last, part.Open, part.Waived)
		}
		if part.Open == 0 || part.Open >= in.Open || last.Violations >= lastAll.Violations || last.Projects >= lastAll.Projects {
			t.Errorf("in reach open %d (all %d), last point %+v (all %+v)", part.Open, in.Open, last, lastAll)
		}
		if first := part.Trend[0]; first.Opened == 0 || first.Opened > r1.Run.Opened {
			t.Errorf("first point in reach opened %d, of %d in all", first.Opened, r1.Run.Opened)
		}
	})
}

func TestGateReviewFlow(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *compliance.Service, db *store.DB) {
		ctx := context.Background()
		if _, _, err := s.EnsureFramework(ctx); err != nil {
			t.Fatal(err)
		}
		ps, _, err := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 1}})
		if err != nil {
			t.Fatal(err)
		}
		p := &pmo.Project{PortfolioID: ps[0].PortfolioID, Code: "IDEA-1", Name: "An idea", Stage: pmo.Idea, State: pmo.Proposed,
			Sponsor: "Sue", Description: "worth a look", Priority: 3, Manager: "Ann", CustomFields: ps[0].CustomFields}
		if err := db.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RequestGate(ctx, p.ID, "G3", "Ann", ""); pmo.ErrorKind(err) != pmo.Invalid {
			t.Fatalf("requesting a gate from another stage: %v, want Invalid", err)
		}
		if _, err := s.RequestGate(ctx, p.ID, "G9", "Ann", ""); pmo.ErrorKind(err) != pmo.NotFound {
			t.Fatalf("unknown gate: %v, want NotFound", err)
		}
		r, err := s.RequestGate(ctx, p.ID, "G0", "Ann", "please")
		if err != nil {
			t.Fatal(err)
		}
		if r.Ready || len(r.Checklist) < 3 || r.ToStage != "business_case" {
			t.Fatalf("review = %+v", r)
		}
		if _, err := s.RequestGate(ctx, p.ID, "G0", "Ann", ""); pmo.ErrorKind(err) != pmo.Conflict {
			t.Fatalf("second open review: %v, want Conflict", err)
		}
		// A go must name a role of the framework: the gate needs approvals by role.
		for _, role := range []string{"", "chief"} {
			_, err = s.DecideGate(ctx, r.ID, r.Version, pmo.GateVote{Approver: "Sue", Role: role, Decision: pmo.GateGo,
				Conditions: "c"})
			if fs := pmo.ErrorFields(err); len(fs) != 1 || fs[0].Field != "role" {
				t.Fatalf("go in role %q: %v, want Invalid naming role", role, err)
			}
		}
		// The sponsor's go meets the approvals, but the mandate is missing: a
		// plain go is refused, a conditional go passes.
		_, err = s.DecideGate(ctx, r.ID, r.Version, pmo.GateVote{Approver: "Sue", Role: "sponsor", Decision: pmo.GateGo})
		if pmo.ErrorKind(err) != pmo.Invalid {
			t.Fatalf("go with missing items and no conditions: %v, want Invalid", err)
		}
		got, err := s.DecideGate(ctx, r.ID, r.Version, pmo.GateVote{Approver: "Sue", Role: "sponsor", Decision: pmo.GateGo,
			Conditions: "attach the mandate by 2026-12-04"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != pmo.GateDecided || got.Outcome != pmo.GateGo || got.DecisionID == 0 {
			t.Fatalf("decided = %+v", got)
		}
		moved, _ := db.FindProjectByID(ctx, p.ID)
		if moved.Stage != pmo.BusinessCase || moved.State != pmo.Active {
			t.Fatalf("project is %s/%s, want business_case/active", moved.Stage, moved.State)
		}
		// Recycle at the next gate closes the review without moving.
		r2, err := s.RequestGate(ctx, p.ID, "G1", "Ann", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideGate(ctx, r2.ID, r2.Version, pmo.GateVote{Approver: "Sue", Role: "sponsor",
			Decision: pmo.GateRecycle, Comment: "options missing"}); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.FindProjectByID(ctx, p.ID); again.Stage != pmo.BusinessCase {
			t.Fatalf("recycle moved the project to %s", again.Stage)
		}
		hist, err := s.GateReviews(ctx, p.ID)
		if err != nil || len(hist) != 2 || hist[0].Outcome != pmo.GateRecycle {
			t.Fatalf("history = %+v, %v", hist, err)
		}
	})
}

func TestMayWaive(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *compliance.Service, db *store.DB) {
		ctx := context.Background()
		ps, _, _ := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 1}})
		p := ps[0]
		pm := &pmo.User{Name: "pm", FullName: "P M", Grants: []pmo.Grant{{Role: pmo.ProjectManager, Scope: pmo.ScopeAll}}}
		staff := &pmo.User{Name: "staff", FullName: "S T", Grants: []pmo.Grant{{Role: pmo.PMOStaff, Scope: pmo.ScopePortfolio, ScopeID: p.PortfolioID}}}
		for _, u := range []*pmo.User{pm, staff} {
			if err := db.CreateUser(ctx, u, "a long enough password 1"); err != nil {
				t.Fatal(err)
			}
		}
		as := func(u *pmo.User) context.Context {
			return pmo.WithActor(ctx, pmo.Actor{UserID: u.ID, Name: u.FullName})
		}
		if err := s.MayWaive(as(pm), p.ID); pmo.ErrorKind(err) != pmo.Unauthorized {
			t.Errorf("project manager: %v, want Unauthorized", err)
		}
		if err := s.MayWaive(as(staff), p.ID); err != nil {
			t.Errorf("PMO staff: %v", err)
		}
		if err := s.MayWaive(ctx, p.ID); err != nil {
			t.Errorf("system: %v", err)
		}
	})
}

func TestRecordEvery(t *testing.T) {
	s, db := mustService(t, filepath.Join(t.TempDir(), "pmo.db"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		s.RecordEvery(ctx, 5*time.Millisecond, slog.New(slog.DiscardHandler))
		close(done)
	}()
	time.Sleep(20 * time.Millisecond) // ticks without a framework are skipped
	if runs, _ := db.FindAuditRuns(context.Background(), 0); len(runs) != 0 {
		t.Fatalf("%d runs recorded without a framework", len(runs))
	}
	if _, _, err := s.EnsureFramework(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Wait for the first scheduled run; the generous deadline only stops a
	// broken scheduler from hanging the suite (a run takes ~1 s under -race
	// on a loaded machine).
	deadline := time.Now().Add(2 * time.Minute)
	for {
		runs, err := db.FindAuditRuns(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) >= 1 {
			if runs[0].RunBy != compliance.ScheduledActor {
				t.Errorf("run by %q", runs[0].RunBy)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no scheduled runs recorded")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}
