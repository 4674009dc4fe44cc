package web

// intakeAPI is the feature served from this file (see featureList).
func (s *Server) intakeAPI() feature { return feature{} }
