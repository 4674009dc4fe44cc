package web

import (
	"context"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
)

// The expected access of the artefact routes (web/api_artefact.go) and an
// uploaded artefact in each portfolio for their {id} paths.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		return map[string]access{
			"GET /api/v1/projects/{id}/artefacts":  read,
			"POST /api/v1/projects/{id}/artefacts": edit,
			"GET /api/v1/artefacts/{id}":           read,
			"GET /api/v1/artefacts/{id}/file":      read,
			"DELETE /api/v1/artefacts/{id}":        edit,
			"GET /projects/{id}/artefacts":         read,
			"POST /projects/{id}/artefacts":        edit,
			"POST /artefacts/{id}/delete":          edit,
			"GET /artefacts/{id}/file":             read,
		}
	})
	matrixSeeds = append(matrixSeeds, func(t *testing.T, db *store.DB, code string, ids map[string]int64) {
		t.Helper()
		a := &pmo.Artefact{ProjectID: ids["projects"], Kind: "charter", Title: "Charter " + code, FileName: "charter.txt",
			Content: []byte("charter of " + code)}
		if err := db.CreateArtefact(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		ids["artefacts"] = a.ID
	})
}
