package compliance_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/demo"
	"github.com/pmohq/pmo/governance"
	"github.com/pmohq/pmo/internal/pgtest"
	"github.com/pmohq/pmo/store"
)

// TestInsightsInStorage compares the insights counted in storage with the
// reference that reads every finding and counts in Go, on the demo
// portfolio after runs a week apart (so ages and chronic counts differ),
// with waivers and resolved findings, for everyone and for users whose
// reach is one portfolio or one program, on SQLite and PostgreSQL.
func TestInsightsInStorage(t *testing.T) {
	for name, dsn := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "pmo.db") },
		"postgres": func(t *testing.T) string { return pgtest.Schema(t) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := now.AddDate(0, -1, 0)
			db, err := store.Open(context.Background(), dsn(t), store.WithNow(func() time.Time { return clock }))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			ctx := context.Background()
			if err := db.ImportDataset(ctx, demo.Generate(demo.DefaultOptions(pmo.DateOf(now)))); err != nil {
				t.Fatal(err)
			}
			s := compliance.NewService(db, db)
			s.Now = func() time.Time { return clock }
			if _, _, err := s.EnsureFramework(ctx); err != nil {
				t.Fatal(err)
			}
			pfs, _, err := db.FindPortfolios(ctx, pmo.PortfolioFilter{})
			if err != nil || len(pfs) < 2 {
				t.Fatalf("the demo has %d portfolios (%v); this test needs two", len(pfs), err)
			}
			for run := range 5 {
				f := compliance.Filter{}
				if run == 1 {
					f.PortfolioID = pfs[1].ID // a run of one portfolio among runs of all
				}
				rep, err := s.Record(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if run == 2 {
					// Waive every fourth violation, so that rules and
					// projects mix open and waived findings.
					for i, x := range rep.Findings {
						if x.Kind == governance.Violation && i%4 == 0 {
							w := &pmo.Waiver{ProjectID: x.ProjectID, Rule: x.Rule, Reason: "agreed", Expires: clock.AddDate(0, 6, 0)}
							if err := s.GrantWaiver(ctx, w); err != nil && pmo.ErrorKind(err) != pmo.Conflict {
								t.Fatal(err)
							}
						}
					}
				}
				if run == 3 {
					if _, _, err := s.Publish(ctx, "draft.yaml", relaxed(t)); err != nil {
						t.Fatal(err) // status-current findings resolve at the next run
					}
				}
				clock = clock.AddDate(0, 0, 7)
			}
			if err := s.Comment(ctx, &pmo.RuleComment{Rule: "status-current", Author: "pm", Body: "too strict"}); err != nil {
				t.Fatal(err)
			}
			prg, _, err := db.FindPrograms(ctx, pmo.ProgramFilter{})
			if err != nil || len(prg) == 0 {
				t.Fatalf("the demo has no programs: %v", err)
			}
			scopes := map[string]context.Context{
				"everyone":  ctx,
				"portfolio": pmo.WithReach(ctx, pmo.Reach{Portfolios: []int64{pfs[0].ID}}),
				"program":   pmo.WithReach(ctx, pmo.Reach{Programs: []int64{prg[0].ID}}),
			}
			for scope, sctx := range scopes {
				for _, pf := range []int64{0, pfs[0].ID, pfs[1].ID} {
					got, err := s.Insights(sctx, pf)
					if err != nil {
						t.Fatal(err)
					}
					want, err := compliance.InsightsInGo(s, sctx, pf)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s, portfolio %d: insights differ (-in Go +in storage):\n%s", scope, pf, diff)
					}
					if scope == "everyone" && pf == 0 && (got.Open == 0 || got.Waived == 0 || len(got.Chronic) == 0 ||
						len(got.ByProgram) < 2 || len(got.AlwaysWaived)+len(got.NeverFailed) == 0) {
						t.Errorf("the seeded spread is too thin to compare: open %d, waived %d, chronic %d, programs %d",
							got.Open, got.Waived, len(got.Chronic), len(got.ByProgram))
					}
				}
			}
		})
	}
}
