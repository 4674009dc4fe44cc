package web

// The expected access of pool levelling (web/api_schedule_pool.go): the
// editors of the portfolio (or of part of it, who must then be able to edit
// every project levelled, which the handler checks).
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		return map[string]access{"POST /api/v1/portfolios/{id}/schedules/level": edit}
	})
}
