package web

import "net/http"

// apiRoutes is the route table of the API: every route the server answers,
// with what the OpenAPI document says about it.
func (s *Server) apiRoutes() []route {
	var rts []route
	rts = append(rts, []route{
		{Method: http.MethodGet, Pattern: "/healthz", Handler: s.healthz, Tag: "Meta",
			Summary: "Report that the server is up", Response: "Health"},
		{Method: http.MethodGet, Pattern: "/api/openapi.json", Handler: s.openAPIDoc, Tag: "Meta",
			Summary: "This OpenAPI document", Response: "OpenAPI"},
		{Method: http.MethodGet, Pattern: "/api/v1/rollup", Handler: s.rollup, Tag: "Rollups",
			Summary: "Roll up all portfolios, or one portfolio or program", Params: allRollupParams, Response: "Rollup"},
		{Method: http.MethodGet, Pattern: "/api/v1/portfolios/{id}/rollup", Handler: s.portfolioRollup, Tag: "Rollups",
			Summary: "Roll up one portfolio", Params: rollupParams, Response: "Rollup"},
	}...)
	rts = append(rts, s.portfolios().routes("Portfolios", "Portfolio", s.listPortfolios, portfolioParams)...)
	rts = append(rts, s.programs().routes("Programs", "Program", s.listPrograms, programParams)...)
	rts = append(rts, s.projects().routes("Projects", "Project", s.listProjects, projectParams)...)
	rts = append(rts, []route{
		{Method: http.MethodGet, Pattern: "/api/v1/project-codes/{code}", Handler: s.projectByCode, Tag: "Projects",
			Summary: "Read a project by its code", Response: "Project", ETag: true},
		{Method: http.MethodGet, Pattern: "/api/v1/projects/{id}/status-reports", Handler: s.listStatusReports,
			Tag: "Status reports", Summary: "List a project's status reports", Params: statusParams,
			Response: "StatusReportList"},
		{Method: http.MethodPost, Pattern: "/api/v1/projects/{id}/status-reports", Handler: s.submitStatusReport,
			Tag: "Status reports", Summary: "Submit a status report for a new period", Body: "StatusReport",
			ReadOnly: statusReadOnly, Response: "StatusReport", Status: http.StatusCreated, ETag: true},
		{Method: http.MethodGet, Pattern: "/api/v1/status-reports/{id}", Handler: s.statusReport,
			Tag: "Status reports", Summary: "Read a status report (one revision)", Response: "StatusReport", ETag: true},
		{Method: http.MethodPost, Pattern: "/api/v1/status-reports/{id}/corrections", Handler: s.correctStatusReport,
			Tag: "Status reports", Summary: "Correct a status report with a new revision (needs correction_reason)",
			Body: "StatusReport", ReadOnly: statusReadOnly, Response: "StatusReport", Status: http.StatusCreated, ETag: true},
	}...)
	rts = append(rts, s.raidRoutes()...)
	rts = append(rts, s.changeRequests().routes("Change requests", "ChangeRequest", s.listChangeRequests, changeParams)...)
	rts = append(rts, route{Method: http.MethodPost, Pattern: "/api/v1/change-requests/{id}/transitions",
		Handler: s.transitionChangeRequest, Tag: "Change requests",
		Summary: "Move a change request along the workflow", Body: "Transition",
		Response: "ChangeRequest", IfMatch: true, ETag: true})
	return rts
}
