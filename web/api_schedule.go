package web

// scheduleAPI is the feature served from this file (see featureList).
func (s *Server) scheduleAPI() feature { return feature{} }
