package web

import "net/http"

// uiRoutes is the route table of the server-rendered pages. It shares the
// route type with the API, so middleware (e.g. authentication) can wrap
// every route alike, but it is kept out of the OpenAPI document.
func (s *Server) uiRoutes() []route {
	get, post := http.MethodGet, http.MethodPost
	rts := []route{
		{Method: get, Pattern: "/{$}", Handler: s.dashboardPage, Summary: "Dashboard of all portfolios"},
		{Method: get, Pattern: "/portfolios/{id}", Handler: s.dashboardPage, Summary: "Dashboard of one portfolio"},
		{Method: get, Pattern: "/static/{file...}", Handler: s.static, Summary: "Static assets"},

		{Method: get, Pattern: "/projects/{id}", Handler: s.projectPage, Summary: "Project page"},
		{Method: get, Pattern: "/projects/{id}/status/new", Handler: s.statusForm, Summary: "Status report form"},
		{Method: post, Pattern: "/projects/{id}/status", Handler: s.submitStatus, Summary: "Submit a status report"},

		{Method: get, Pattern: "/changes/{id}", Handler: s.changePage, Summary: "Change request page"},
		{Method: post, Pattern: "/changes/{id}/transitions", Handler: s.transitionChange, Summary: "Move a change request"},
	}
	for _, l := range s.lists() {
		rts = append(rts,
			route{Method: get, Pattern: "/" + l.path, Handler: l.page, Summary: "List of " + l.title},
			route{Method: get, Pattern: "/" + l.path + ".csv", Handler: l.csv, Summary: "CSV export of " + l.title})
	}
	for _, f := range s.forms() {
		rts = append(rts,
			route{Method: get, Pattern: "/projects/{id}/" + f.path + "/new", Handler: f.newForm, Summary: "New " + f.name},
			route{Method: post, Pattern: "/projects/{id}/" + f.path, Handler: f.create, Summary: "Create " + f.name},
			route{Method: get, Pattern: "/" + f.path + "/{id}/edit", Handler: f.editForm, Summary: "Edit " + f.name},
			route{Method: post, Pattern: "/" + f.path + "/{id}", Handler: f.update, Summary: "Save " + f.name})
	}
	return rts
}
