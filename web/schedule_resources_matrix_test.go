package web

// The expected access of a schedule's resources and assignments
// (web/api_schedule_resource.go): editors of the project.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		m := map[string]access{}
		for _, c := range []string{"resources", "assignments"} {
			base := "/api/v1/projects/{id}/schedule/" + c
			m["POST "+base], m["PUT "+base+"/{uid}"], m["DELETE "+base+"/{uid}"] = edit, edit, edit
		}
		return m
	})
}
