package web

// governancePages is the feature served from this file (see featureList).
func (s *Server) governancePages() feature { return feature{} }
