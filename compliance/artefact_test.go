package compliance_test

import (
	"context"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
	"github.com/pmohq/pmo/store"
)

// item returns the checklist item with requirement id req.
func item(t *testing.T, res governance.GateResult, req string) governance.GateItem {
	t.Helper()
	for _, it := range res.Items {
		if it.Requirement == req {
			return it
		}
	}
	t.Fatalf("gate %s has no item %s: %+v", res.Gate, req, res.Items)
	return governance.GateItem{}
}

// TestGateSeesArtefacts: the funding gate requires a charter; the checklist
// misses it until a charter is linked to the project, and an artefact of
// another project or kind does not count.
func TestGateSeesArtefacts(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *compliance.Service, db *store.DB) {
		ctx := context.Background()
		if _, _, err := s.EnsureFramework(ctx); err != nil {
			t.Fatal(err)
		}
		ps, _, err := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 1}})
		if err != nil {
			t.Fatal(err)
		}
		p := &pmo.Project{PortfolioID: ps[0].PortfolioID, Code: "FUND-1", Name: "To be funded", Stage: pmo.Approved,
			State: pmo.Active, Sponsor: "Sue", Priority: 2, Manager: "Ann", CustomFields: ps[0].CustomFields}
		if err := db.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		before, err := s.CheckGate(ctx, p.ID, "G2")
		if err != nil {
			t.Fatal(err)
		}
		if it := item(t, before, "artefact:charter"); it.Met {
			t.Fatalf("charter met before any artefact: %+v", it)
		}
		for _, a := range []*pmo.Artefact{
			{ProjectID: ps[0].ID, Kind: "charter", Title: "Someone else's charter", URL: "https://intranet.example/other"},
			{ProjectID: p.ID, Kind: "project_plan", Title: "Plan", URL: "https://intranet.example/fund-1/plan"},
		} {
			if err := db.CreateArtefact(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if res, _ := s.CheckGate(ctx, p.ID, "G2"); item(t, res, "artefact:charter").Met {
			t.Fatal("another project's charter or another kind met the requirement")
		}
		charter := &pmo.Artefact{ProjectID: p.ID, Kind: "charter", Title: "Charter", Gate: "G2",
			URL: "https://intranet.example/fund-1/charter.docx"}
		if err := db.CreateArtefact(ctx, charter); err != nil {
			t.Fatal(err)
		}
		after, err := s.CheckGate(ctx, p.ID, "G2")
		if err != nil {
			t.Fatal(err)
		}
		if it := item(t, after, "artefact:charter"); !it.Met {
			t.Fatalf("charter not met after linking one: %+v", it)
		}
		data, err := compliance.Load(ctx, db, compliance.Filter{ProjectID: p.ID})
		if err != nil || len(data) != 1 || len(data[0].Artefacts) != 2 || data[0].Artefacts[1].Link != charter.URL ||
			data[0].Artefacts[1].Gate != "G2" {
			t.Fatalf("loaded artefacts = %+v, %v", data, err)
		}
	})
}
