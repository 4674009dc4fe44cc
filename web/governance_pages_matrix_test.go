package web

import (
	"context"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/store"
)

// The expected access of the governance pages (web/ui_governance.go) and
// the records their {id} paths need.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		globalGov := access{adminOnly, nobody, false} // a grant on everything is needed
		return map[string]access{
			"GET /governance":                      list,
			"GET /governance/versions/{id}":        list,
			"GET /governance/diff":                 list,
			"GET /governance/rules/{id}":           list,
			"POST /governance/rules/{id}/comments": list,
			"GET /governance/draft":                govAll,
			"POST /governance/dry-run":             govAll,
			"POST /governance/publish":             globalGov,
			"GET /governance/findings":             list,
			"GET /governance/findings.csv":         list,
			"GET /governance/insights":             list,
			"POST /governance/audit":               globalGov,
			"GET /projects/{id}/governance":        read,
			"GET /projects/{id}/gates/new":         edit,
			"POST /projects/{id}/gates":            edit,
			"GET /gates/{id}":                      read,
			"POST /gates/{id}/decisions":           decide,
			"GET /projects/{id}/waivers/new":       govern,
			"POST /projects/{id}/waivers":          govern,
			"POST /waivers/{id}/revoke":            govern,
		}
	})
	matrixSeeds = append(matrixSeeds, seedGovernancePages)
}

// seedGovernancePages publishes the built-in framework (once) and gives
// each portfolio's project a gate review and a waiver.
func seedGovernancePages(t *testing.T, db *store.DB, code string, ids map[string]int64) {
	t.Helper()
	ctx := context.Background()
	svc := compliance.NewService(db, db)
	v, _, err := svc.EnsureFramework(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids["governance"] = v.ID // /governance/versions/{id}
	rv := &pmo.GateReview{ProjectID: ids["projects"], FrameworkID: v.ID, Gate: "G0", GateName: "Intake",
		FromStage: "idea", ToStage: "business_case", RequestedBy: "Ada " + code}
	if err := db.CreateGateReview(ctx, rv); err != nil {
		t.Fatal(err)
	}
	ids["gates"] = rv.ID
	wv := &pmo.Waiver{ProjectID: ids["projects"], Rule: "status-current", Reason: "seed", GrantedBy: "PMO",
		Expires: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := db.CreateWaiver(ctx, wv); err != nil {
		t.Fatal(err)
	}
	ids["waivers"] = wv.ID
}
