package web

// accountPages is the feature served from this file (see featureList).
func (s *Server) accountPages() feature { return feature{} }
