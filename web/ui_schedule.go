package web

// schedulePages is the feature served from this file (see featureList).
func (s *Server) schedulePages() feature { return feature{} }
