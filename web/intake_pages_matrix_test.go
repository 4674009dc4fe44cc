package web

import "github.com/pmohq/pmo"

// The expected access of the intake pages (web/ui_intake.go). Their
// records come from the intake and optimiser seeds (ids "portfolios",
// "proposals", "scenarios" and "scenario-runs").
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		requestOrRead := access{askersOrReaders, nobody, false}
		return map[string]access{
			"GET /intake":                        self,
			"GET /portfolios/{id}/intake":        requestOrRead,
			"GET /portfolios/{id}/proposals/new": ask,
			"POST /portfolios/{id}/proposals":    ask,
			"GET /proposals/{id}":                read,
			"GET /proposals/{id}/edit":           govern, // the seeds are nobody's own
			"POST /proposals/{id}":               govern,
			"POST /proposals/{id}/transitions":   decide, // the matrix approves
			"POST /proposals/{id}/scores":        decide,
			"GET /portfolios/{id}/scoring":       read,
			"POST /portfolios/{id}/scoring":      govern,
			"GET /portfolios/{id}/ranking":       read,
			"GET /portfolios/{id}/scenarios":     read,
			"GET /portfolios/{id}/scenarios/new": govern,
			"POST /portfolios/{id}/scenarios":    govern,
			"GET /scenarios/{id}":                read,
			"GET /scenarios/{id}/edit":           govern,
			"POST /scenarios/{id}":               govern,
			"POST /scenarios/{id}/runs":          govern,
			"GET /scenarios/{id}/frontier":       read,
			"GET /scenarios/{id}/compare":        read,
			"GET /scenario-runs/{id}/explain":    read,
			"POST /scenario-runs/{id}/approve":   decide,
			"POST /scenario-runs/{id}/funding":   govern,
		}
	})
}

// askersOrReaders may open a portfolio's intake list: readers see the
// pipeline, requesters their own proposals.
var askersOrReaders = append(readers[:len(readers):len(readers)], pmo.Requester)
