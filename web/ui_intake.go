package web

// intakePages is the feature served from this file (see featureList).
func (s *Server) intakePages() feature { return feature{} }
