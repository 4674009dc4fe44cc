package store

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo"
)

// TestFindingFilter checks each filter of findings, paging with a cursor
// and the reach of a caller, over two portfolios.
func TestFindingFilter(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		fw := mustFramework(t, db, "name: a\n")
		a, b := mustPortfolio(t, db, "A"), mustPortfolio(t, db, "B")
		pg := mustProgram(t, db, a.ID, "PG")
		p1 := mustProject(t, db, a.ID, "P1", func(p *pmo.Project) { p.ProgramID = pg.ID })
		p2 := mustProject(t, db, a.ID, "P2")
		p3 := mustProject(t, db, b.ID, "P3")
		f := func(p int64, rule, sev, stage, manager string, waived bool) *pmo.Finding {
			return &pmo.Finding{ProjectID: p, Rule: rule, Kind: "violation", Severity: sev, Stage: stage,
				Manager: manager, Waived: waived, Message: rule}
		}
		all := []int64{p1.ID, p2.ID, p3.ID}
		must(t, db.RecordAuditRun(ctx, &pmo.AuditRun{FrameworkID: fw.ID}, all, []*pmo.Finding{
			f(p1.ID, "r1", "major", "execution", "Ada", false),
			f(p1.ID, "r2", "minor", "execution", "Ada", true),
			f(p2.ID, "r1", "major", "planning", "Grace", false),
			f(p3.ID, "r1", "critical", "execution", "Linus", false),
			f(p3.ID, "r3", "minor", "planning", "Linus", false),
		}))
		// A second run resolves r3 on P3.
		must(t, db.RecordAuditRun(ctx, &pmo.AuditRun{FrameworkID: fw.ID}, all, []*pmo.Finding{
			f(p1.ID, "r1", "major", "execution", "Ada", false),
			f(p1.ID, "r2", "minor", "execution", "Ada", true),
			f(p2.ID, "r1", "major", "planning", "Grace", false),
			f(p3.ID, "r1", "critical", "execution", "Linus", false),
		}))
		key := func(fs []*pmo.Finding) []string {
			var out []string
			for _, f := range fs {
				out = append(out, map[int64]string{p1.ID: "P1", p2.ID: "P2", p3.ID: "P3"}[f.ProjectID]+"/"+f.Rule)
			}
			return out
		}
		for _, tt := range []struct {
			name string
			f    pmo.FindingFilter
			want []string
		}{
			{"all", pmo.FindingFilter{}, []string{"P3/r3", "P3/r1", "P2/r1", "P1/r2", "P1/r1"}},
			{"portfolio", pmo.FindingFilter{PortfolioID: b.ID}, []string{"P3/r3", "P3/r1"}},
			{"program", pmo.FindingFilter{ProgramID: pg.ID}, []string{"P1/r2", "P1/r1"}},
			{"severity", pmo.FindingFilter{Severities: []string{"critical", "minor"}}, []string{"P3/r3", "P3/r1", "P1/r2"}},
			{"stage", pmo.FindingFilter{Stages: []string{"planning"}}, []string{"P3/r3", "P2/r1"}},
			{"manager any case", pmo.FindingFilter{Manager: "grace"}, []string{"P2/r1"}},
			{"open", pmo.FindingFilter{States: []pmo.FindingState{pmo.FindingOpen}}, []string{"P3/r1", "P2/r1", "P1/r1"}},
			{"waived", pmo.FindingFilter{States: []pmo.FindingState{pmo.FindingWaived}}, []string{"P1/r2"}},
			{"resolved or waived", pmo.FindingFilter{States: []pmo.FindingState{pmo.FindingResolved, pmo.FindingWaived}},
				[]string{"P3/r3", "P1/r2"}},
			{"rule and kind", pmo.FindingFilter{Rule: "r1", Kinds: []string{"violation"}}, []string{"P3/r1", "P2/r1", "P1/r1"}},
			{"rule errors", pmo.FindingFilter{Kinds: []string{"rule_error"}}, nil},
			{"sorted by rule", pmo.FindingFilter{ListOptions: pmo.ListOptions{Sort: "rule"}},
				[]string{"P1/r1", "P2/r1", "P3/r1", "P1/r2", "P3/r3"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, page, err := db.FindFindingPage(ctx, tt.f)
				must(t, err)
				if diff := cmp.Diff(tt.want, key(got)); diff != "" {
					t.Errorf("FindFindingPage (-want +got):\n%s", diff)
				}
				if page.Total != len(tt.want) {
					t.Errorf("total = %d, want %d", page.Total, len(tt.want))
				}
				if tt.f.Sort == "" {
					plain, err := db.FindFindings(ctx, tt.f)
					must(t, err)
					if diff := cmp.Diff(tt.want, key(plain)); diff != "" {
						t.Errorf("FindFindings (-want +got):\n%s", diff)
					}
				}
			})
		}

		// Paging: two by two, the cursor carries on where the page ended,
		// on an integer and on a time sort (ties broken by id).
		for sort, want := range map[string][]string{
			"":           {"P3/r3", "P3/r1", "P2/r1", "P1/r2", "P1/r1"},
			"-last_seen": {"P3/r1", "P2/r1", "P1/r2", "P1/r1", "P3/r3"},
			"first_seen": {"P1/r1", "P1/r2", "P2/r1", "P3/r1", "P3/r3"},
		} {
			var pages []string
			o := pmo.ListOptions{Limit: 2, Sort: sort}
			for i := 0; ; i++ {
				got, page, err := db.FindFindingPage(ctx, pmo.FindingFilter{ListOptions: o})
				must(t, err)
				pages = append(pages, key(got)...)
				if page.NextCursor == "" || i > 5 {
					break
				}
				o.Cursor = page.NextCursor
			}
			if diff := cmp.Diff(want, pages); diff != "" {
				t.Errorf("pages sorted by %q (-want +got):\n%s", sort, diff)
			}
		}
		_, _, err := db.FindFindingPage(ctx, pmo.FindingFilter{ListOptions: pmo.ListOptions{Sort: "severity"}})
		wantKind(t, err, pmo.Invalid, "sort")
		_, _, err = db.FindFindingPage(ctx, pmo.FindingFilter{ListOptions: pmo.ListOptions{Cursor: "nonsense"}})
		wantKind(t, err, pmo.Invalid, "cursor")

		// A caller who reaches portfolio B sees its findings only, and the
		// comments about its projects or about none.
		rctx := pmo.WithReach(ctx, pmo.Reach{Portfolios: []int64{b.ID}})
		got, _, err := db.FindFindingPage(rctx, pmo.FindingFilter{})
		must(t, err)
		if diff := cmp.Diff([]string{"P3/r3", "P3/r1"}, key(got)); diff != "" {
			t.Errorf("in reach of B (-want +got):\n%s", diff)
		}
		for _, c := range []*pmo.RuleComment{{Rule: "r1", ProjectID: p1.ID, Author: "Ada", Body: "about A"},
			{Rule: "r1", ProjectID: p3.ID, Author: "Linus", Body: "about B"}, {Rule: "r1", Author: "PMO", Body: "general"}} {
			must(t, db.CreateRuleComment(ctx, c))
		}
		cs, err := db.FindRuleComments(rctx, "r1")
		must(t, err)
		var bodies []string
		for _, c := range cs {
			bodies = append(bodies, c.Body)
		}
		if diff := cmp.Diff([]string{"about B", "general"}, bodies); diff != "" {
			t.Errorf("comments in reach of B (-want +got):\n%s", diff)
		}
	})
}
