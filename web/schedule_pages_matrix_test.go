package web

// The expected access of the schedule pages (web/ui_schedule.go). Their
// {id} is the project's; the schedule those pages show is the one
// seedSchedule (web/schedule_matrix_test.go) gives it.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		return map[string]access{
			"GET /projects/{id}/schedule":              read,
			"GET /projects/{id}/schedule.xml":          read,
			"POST /projects/{id}/schedule/import":      edit,
			"POST /projects/{id}/schedule/reschedule":  edit,
			"POST /projects/{id}/schedule/level":       edit,
			"POST /projects/{id}/schedule/baselines":   edit,
			"GET /api/v1/projects/{id}/schedule/check": read,
		}
	})
}
