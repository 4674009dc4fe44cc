package web

// The expected access of the status report pages (web/ui_status_correct.go).
// Their {id} is a status report's, which the core seed creates in each
// portfolio (ids["status-reports"]): readers see a report and its
// revisions; only editors of the project may open the correction form or
// correct it, so team members and executives are refused.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		return map[string]access{
			"GET /status-reports/{id}":              read,
			"GET /status-reports/{id}/correct":      edit,
			"POST /status-reports/{id}/corrections": edit,
		}
	})
}
