package store

import (
	"testing"

	"github.com/pmohq/pmo"
)

// TestImportIntake imports the demo's intake pipeline and reads it back:
// every proposal with its history and links, the models, scores and
// scenarios, with local ids mapped to stored ones.
func TestImportIntake(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		d := smallDataset()
		if len(d.Proposals) == 0 || len(d.Scores) == 0 || len(d.Scenarios) == 0 {
			t.Fatal("the demo has no intake pipeline")
		}
		must(t, db.ImportDataset(ctx, d))
		ps, page, err := db.FindProposals(ctx, pmo.ProposalFilter{ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit, Sort: "code"}})
		must(t, err)
		if page.Total != len(d.Proposals) {
			t.Fatalf("%d proposals stored, want %d", page.Total, len(d.Proposals))
		}
		byCode := map[string]*pmo.Proposal{}
		for _, p := range ps {
			byCode[p.Code] = p
		}
		local := map[int64]*pmo.Proposal{}
		for _, lp := range d.Proposals {
			local[lp.ID] = lp
		}
		links := 0
		for _, lp := range d.Proposals {
			p := byCode[lp.Code]
			if p.State != lp.State || len(p.Dependencies) != len(lp.Dependencies) || len(p.Excludes) != len(lp.Excludes) {
				t.Errorf("%s: state %s deps %d excludes %d, want %s %d %d", lp.Code, p.State, len(p.Dependencies),
					len(p.Excludes), lp.State, len(lp.Dependencies), len(lp.Excludes))
				continue
			}
			for j, dep := range lp.Dependencies {
				if dep.ProposalID != 0 {
					links++
					other, err := db.FindProposalByID(ctx, p.Dependencies[j].ProposalID)
					must(t, err)
					if other.Code != local[dep.ProposalID].Code {
						t.Errorf("%s depends on %s, want %s", lp.Code, other.Code, local[dep.ProposalID].Code)
					}
				}
			}
			full, err := db.FindProposalByID(ctx, p.ID)
			must(t, err)
			if len(full.History) != len(lp.History) {
				t.Errorf("%s: %d events, want %d", lp.Code, len(full.History), len(lp.History))
			}
		}
		if links == 0 {
			t.Error("no dependency between proposals was imported")
		}
		scores, err := db.FindScores(ctx, pmo.ScoreFilter{})
		must(t, err)
		if len(scores) != len(d.Scores) {
			t.Errorf("%d scores, want %d", len(scores), len(d.Scores))
		}
		scens, page, err := db.FindScenarios(ctx, pmo.ScenarioFilter{})
		must(t, err)
		if page.Total != len(d.Scenarios) || len(scens[0].Capacity) == 0 {
			t.Errorf("%d scenarios, want %d", page.Total, len(d.Scenarios))
		}
	})
}

// TestImportIntakeBadReferences checks that a broken reference names its
// record and field and imports nothing.
func TestImportIntakeBadReferences(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(d *pmo.Dataset)
		field string
	}{
		{"score of an unknown proposal", func(d *pmo.Dataset) { d.Scores[0].ProposalID = 9999 }, "scores[0].proposal_id"},
		{"dependency on an unknown proposal", func(d *pmo.Dataset) {
			d.Proposals[3].Dependencies = []pmo.ProposalDependency{{ProposalID: 9999}}
		}, "proposals[3].dependencies[0].proposal_id"},
		{"history that skips review", func(d *pmo.Dataset) {
			d.Proposals[0].History = []pmo.ProposalEvent{{From: pmo.ProposalDraft, To: pmo.ProposalApproved, Actor: "x"}}
		}, "proposals[0].history[0]"},
		{"negative budget", func(d *pmo.Dataset) { d.Scenarios[0].Budget[2] = -1 }, "scenarios[0].budget[2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpenSQLite(t)
			d := smallDataset()
			tt.spoil(d)
			wantKind(t, db.ImportDataset(ctx, d), pmo.Invalid, tt.field)
			if _, page, _ := db.FindPortfolios(ctx, pmo.PortfolioFilter{}); page.Total != 0 {
				t.Errorf("%d portfolios after a failed import", page.Total)
			}
		})
	}
}
