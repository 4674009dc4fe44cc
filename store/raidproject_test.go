package store

import (
	"testing"

	"github.com/pmohq/pmo"
)

// TestRecordProjectFilters filters records by their project's stage, state,
// overall rating and tag, over the projects of projectFixture.
func TestRecordProjectFilters(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		weekly, _, _ := projectFixture(t, db)
		ps, _, err := db.FindProjects(ctx, pmo.ProjectFilter{})
		must(t, err)
		for _, p := range ps {
			must(t, db.Risks().Create(ctx, &pmo.Risk{Entry: pmo.Entry{ProjectID: p.ID, Title: p.Code}, Probability: 2, Impact: 2}))
			must(t, db.Milestones().Create(ctx, &pmo.Milestone{ProjectID: p.ID, Name: p.Code, Forecast: mustDate(t, "2026-12-01")}))
		}
		tests := []struct {
			name string
			f    pmo.RecordFilter
			want []string
		}{
			{"stages", pmo.RecordFilter{ProjectStages: []pmo.Stage{pmo.Execution, pmo.Idea}}, []string{"A1", "A3", "B1", "B2"}},
			{"states", pmo.RecordFilter{ProjectStates: []pmo.State{pmo.OnHold, pmo.Proposed}}, []string{"A3", "B1"}},
			{"tag", pmo.RecordFilter{ProjectTag: "cloud"}, []string{"A1", "A2"}},
			{"rag", pmo.RecordFilter{ProjectRAG: []pmo.RAG{pmo.Red, pmo.Amber}}, []string{"A3", "A4"}},
			{"no report counts as grey", pmo.RecordFilter{ProjectRAG: []pmo.RAG{pmo.Grey}}, []string{"A2", "B1"}},
			{"combined", pmo.RecordFilter{PortfolioID: weekly.ID, ProjectStages: []pmo.Stage{pmo.Execution},
				ProjectRAG: []pmo.RAG{pmo.Green}}, []string{"A1"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.f.Sort = "title"
				rs, page, err := db.Risks().Find(ctx, tt.f)
				must(t, err)
				var got []string
				for _, r := range rs {
					got = append(got, r.Title)
				}
				if d := diff(tt.want, got); d != "" || page.Total != len(tt.want) {
					t.Errorf("risks: total %d; titles (-want +got):\n%s", page.Total, d)
				}
				tt.f.Sort = "name"
				ms, page, err := db.Milestones().Find(ctx, tt.f)
				must(t, err)
				got = nil
				for _, m := range ms {
					got = append(got, m.Name)
				}
				if d := diff(tt.want, got); d != "" || page.Total != len(tt.want) {
					t.Errorf("milestones: total %d; names (-want +got):\n%s", page.Total, d)
				}
			})
		}
		_, _, err = db.Risks().Find(ctx, pmo.RecordFilter{ProjectRAG: []pmo.RAG{"pink"}})
		wantKind(t, err, pmo.Invalid, "project_rag")
	})
}
