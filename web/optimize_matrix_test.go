package web

import (
	"context"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
)

// The expected access of the optimiser API (web/api_optimize.go) and the
// stored run its /scenario-runs/{id} paths need in both portfolios.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		return map[string]access{
			"POST /api/v1/scenarios/{id}/runs":           govern,
			"GET /api/v1/scenario-runs/{id}":             read,
			"GET /api/v1/scenario-runs/{id}/explanation": read,
			"GET /api/v1/scenarios/{id}/frontier":        read,
			"GET /api/v1/scenarios/{id}/conflicts":       read,
			"GET /api/v1/scenarios/{id}/comparison":      read,
		}
	})
	matrixSeeds = append(matrixSeeds, seedOptimize)
}

// seedOptimize stores a run of the portfolio's scenario (seeded by
// web/intake_matrix_test.go, whose init runs first).
func seedOptimize(t *testing.T, db *store.DB, code string, ids map[string]int64) {
	t.Helper()
	run := &pmo.ScenarioRun{ScenarioID: ids["scenarios"], Objective: pmo.ObjectiveScore, Proven: true, Actor: "matrix " + code}
	if err := db.RecordScenarioRun(context.Background(), run); err != nil {
		t.Fatal(err)
	}
	ids["scenario-runs"] = run.ID
}
