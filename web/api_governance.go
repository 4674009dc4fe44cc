package web

// governanceAPI is the feature served from this file (see featureList).
func (s *Server) governanceAPI() feature { return feature{} }
