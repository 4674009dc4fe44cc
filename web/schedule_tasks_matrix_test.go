package web

// The expected access of adding and deleting tasks
// (web/api_schedule_task.go): editors of the project.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		return map[string]access{
			"POST /api/v1/projects/{id}/schedule/tasks": edit,
			"DELETE /api/v1/tasks/{id}":                 edit,
		}
	})
}
