package web

// feature is one area of the product served beside the core: its API
// routes (documented in OpenAPI), its pages, and the access rule of each.
// Areas live in their own files so that they grow without touching the
// core route tables; TestRoleMatrix covers them like every other route.
type feature struct {
	api, pages []route
	rules      map[string]rule // keyed "METHOD PATTERN"
}

// featureList returns the areas this server serves. An area whose storage
// the server's Services do not provide returns the zero feature.
func (s *Server) featureList() []feature {
	return []feature{
		s.governanceAPI(),       // web/api_governance.go
		s.governancePages(),     // web/ui_governance.go
		s.intakeAPI(),           // web/api_intake.go
		s.intakePages(),         // web/ui_intake.go
		s.optimizeAPI(),         // web/api_optimize.go
		s.scheduleAPI(),         // web/api_schedule.go
		s.schedulePoolAPI(),     // web/api_schedule_pool.go
		s.scheduleTaskAPI(),     // web/api_schedule_task.go
		s.scheduleResourceAPI(), // web/api_schedule_resource.go
		s.schedulePages(),       // web/ui_schedule.go
		s.accountPages(),        // web/ui_accounts.go
		s.statusPages(),         // web/ui_status_correct.go
		s.artefactAPI(),         // web/api_artefact.go
	}
}
