package web

import (
	"context"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
)

// The expected access of the intake API (web/api_intake.go) and the
// records its {id} paths need in both portfolios.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		return map[string]access{
			"GET /api/v1/proposals":                   self, // readers see their reach, requesters their own
			"POST /api/v1/proposals":                  ask,
			"GET /api/v1/proposals/{id}":              read,
			"PATCH /api/v1/proposals/{id}":            govern, // the seeds are nobody's own
			"DELETE /api/v1/proposals/{id}":           govern,
			"POST /api/v1/proposals/{id}/transitions": decide, // the matrix approves
			"GET /api/v1/proposals/{id}/scores":       read,
			"PUT /api/v1/proposals/{id}/scores":       decide,
			"GET /api/v1/portfolios/{id}/ranking":     read,
			"POST /api/v1/portfolios/{id}/funding":    govern,
			"GET /api/v1/scenarios/{id}/runs":         read,
			"GET /api/v1/scoring-models":              list,
			"POST /api/v1/scoring-models":             govern,
			"GET /api/v1/scoring-models/{id}":         read,
			"PATCH /api/v1/scoring-models/{id}":       govern,
			"DELETE /api/v1/scoring-models/{id}":      govern,
			"GET /api/v1/scenarios":                   list,
			"POST /api/v1/scenarios":                  govern,
			"GET /api/v1/scenarios/{id}":              read,
			"PATCH /api/v1/scenarios/{id}":            govern,
			"DELETE /api/v1/scenarios/{id}":           govern,
		}
	})
	matrixSeeds = append(matrixSeeds, seedIntake)
}

// seedIntake gives the portfolio a proposal, a scoring model and a
// scenario.
func seedIntake(t *testing.T, db *store.DB, code string, ids map[string]int64) {
	t.Helper()
	ctx := context.Background()
	q1, _ := pmo.ParsePeriod("2027-Q1")
	p := &pmo.Proposal{PortfolioID: ids["portfolios"], ProgramID: ids["programs"], Code: "PRP-" + code,
		Title: "Proposal " + code, Requester: "Ada", EarliestStart: q1,
		Case: pmo.ProposalCase{Currency: "EUR", Capex: []int64{100000}, Demand: []pmo.RoleDemand{{Role: "Developer", FTE: []float64{1}}}}}
	m := &pmo.ScoringModel{PortfolioID: ids["portfolios"], Name: "Model " + code, Criteria: []pmo.Criterion{
		{Key: "fit", Name: "Strategic fit", Weight: 70, Max: 5}, {Key: "risk", Name: "Delivery risk", Weight: 30, Max: 5, Direction: pmo.DirectionCost}}}
	s := &pmo.Scenario{PortfolioID: ids["portfolios"], Name: "Base " + code, Start: q1, Periods: 4,
		Capacity: []pmo.RoleDemand{{Role: "Developer", FTE: []float64{3, 3, 3, 3}}}}
	for _, err := range []error{db.CreateProposal(ctx, p), db.CreateScoringModel(ctx, m), db.CreateScenario(ctx, s)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	ids["proposals"], ids["scoring-models"], ids["scenarios"] = p.ID, m.ID, s.ID
}
