package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// rule is the access rule of one route. Every route of both tables has
// exactly one; a route without one is refused to everybody (and fails
// TestRoleMatrix).
type rule struct {
	public   bool // anyone, signed in or not
	signedIn bool // any signed-in user; the handler acts on the caller's own account
	perm     auth.Permission
	// permOf picks the permission from the request (workflow moves).
	permOf func(r *http.Request) auth.Permission
	// target locates the record; nil (without body) means the permission
	// must be held somewhere, and reads are narrowed to the caller's reach.
	target targetFunc
	// body checks the place a JSON body names: for creates (no target) it
	// is the target, and a body that names none needs a grant on all; for
	// changes it must be allowed too (a move to another place).
	body bool
	// within lets a reader of anything inside a portfolio or program read
	// the portfolio or program itself (its name, dashboard, roll-up).
	within bool
}

// policy returns the rule of every route, keyed "METHOD PATTERN".
func (s *Server) policy() map[string]rule {
	public := rule{public: true}
	self := rule{signedIn: true}
	list := rule{perm: auth.Read}
	m := map[string]rule{
		"GET /healthz":          public,
		"GET /api/openapi.json": public,
		"GET /static/{file...}": public,

		"GET /api/v1/rollup":                 list,
		"GET /api/v1/portfolios/{id}/rollup": {perm: auth.Read, target: portfolioTarget, within: true},
		"GET /api/v1/portfolios":             list,
		"POST /api/v1/portfolios":            {perm: auth.Edit, target: everything},
		"GET /api/v1/portfolios/{id}":        {perm: auth.Read, target: portfolioTarget, within: true},
		"PATCH /api/v1/portfolios/{id}":      {perm: auth.Edit, target: portfolioTarget},
		"DELETE /api/v1/portfolios/{id}":     {perm: auth.Edit, target: portfolioTarget},
		"GET /api/v1/programs":               list,
		"POST /api/v1/programs":              {perm: auth.Edit, body: true},
		"GET /api/v1/programs/{id}":          {perm: auth.Read, target: programTarget, within: true},
		"PATCH /api/v1/programs/{id}":        {perm: auth.Edit, target: programTarget, body: true},
		"DELETE /api/v1/programs/{id}":       {perm: auth.Edit, target: programTarget},
		"GET /api/v1/projects":               list,
		"POST /api/v1/projects":              {perm: auth.Edit, body: true},
		"GET /api/v1/projects/{id}":          {perm: auth.Read, target: projectTarget},
		"PATCH /api/v1/projects/{id}":        {perm: auth.Edit, target: projectTarget, body: true},
		"DELETE /api/v1/projects/{id}":       {perm: auth.Edit, target: projectTarget},
		"GET /api/v1/project-codes/{code}":   {perm: auth.Read, target: projectCodeTarget},

		"GET /api/v1/projects/{id}/status-reports":      {perm: auth.Read, target: projectTarget},
		"POST /api/v1/projects/{id}/status-reports":     {perm: auth.Edit, target: projectTarget},
		"GET /api/v1/status-reports/{id}":               {perm: auth.Read, target: statusTarget},
		"POST /api/v1/status-reports/{id}/corrections":  {perm: auth.Edit, target: statusTarget},
		"GET /api/v1/change-requests":                   list,
		"POST /api/v1/change-requests":                  {perm: auth.Request, body: true},
		"GET /api/v1/change-requests/{id}":              {perm: auth.Read, target: changeTarget},
		"PATCH /api/v1/change-requests/{id}":            {perm: auth.Edit, target: changeTarget},
		"DELETE /api/v1/change-requests/{id}":           {perm: auth.Edit, target: changeTarget},
		"POST /api/v1/change-requests/{id}/transitions": {permOf: transitionPerm, target: changeTarget},

		// Accounts, tokens and the audit trail (web/auth_api.go).
		"GET /api/v1/me":                  self,
		"POST /api/v1/me/password":        self,
		"GET /api/v1/tokens":              self,
		"POST /api/v1/tokens":             self,
		"DELETE /api/v1/tokens/{id}":      self,
		"GET /api/v1/users":               {perm: auth.Admin, target: everything},
		"POST /api/v1/users":              {perm: auth.Admin, target: everything},
		"PUT /api/v1/users/{id}/grants":   {perm: auth.Admin, target: everything},
		"PUT /api/v1/users/{id}/disabled": {perm: auth.Admin, target: everything},
		"GET /api/v1/audit":               {perm: auth.Audit},
		"GET /api/v1/audit.csv":           {perm: auth.Audit},
		"GET /api/v1/audit/{id}":          {perm: auth.Audit, target: auditTarget},
		"GET /login":                      public,
		"POST /login":                     public,
		"POST /logout":                    self,
		"GET /account":                    self,
		"POST /account/password":          self,
		"GET /audit":                      {perm: auth.Audit},
		"GET /auth/oidc/login":            public,
		"GET /auth/oidc/callback":         public,
		"GET /{$}":                        list,
		"GET /portfolios/{id}":            {perm: auth.Read, target: portfolioTarget, within: true},
		"GET /projects/{id}":              {perm: auth.Read, target: projectTarget},
		"GET /projects/{id}/status/new":   {perm: auth.Edit, target: projectTarget},
		"POST /projects/{id}/status":      {perm: auth.Edit, target: projectTarget},
		"GET /changes/{id}":               {perm: auth.Read, target: changeTarget},
		"POST /changes/{id}/transitions":  {permOf: transitionPerm, target: changeTarget},
		"GET /changes/{id}/edit":          {perm: auth.Edit, target: changeTarget},
		"POST /changes/{id}":              {perm: auth.Edit, target: changeTarget},
		"GET /projects/{id}/changes/new":  {perm: auth.Request, target: projectTarget},
		"POST /projects/{id}/changes":     {perm: auth.Request, target: projectTarget},
	}
	for _, name := range []string{"projects", "risks", "issues", "actions", "decisions", "dependencies", "milestones", "changes"} {
		m["GET /"+name] = list
		m["GET /"+name+".csv"] = list
	}
	for name, target := range recordTargets {
		api := "/api/v1/" + name
		m["GET "+api] = list
		m["POST "+api] = rule{perm: auth.Edit, body: true}
		m["GET "+api+"/{id}"] = rule{perm: auth.Read, target: target}
		m["PATCH "+api+"/{id}"] = rule{perm: auth.Edit, target: target, body: true}
		m["DELETE "+api+"/{id}"] = rule{perm: auth.Edit, target: target}
		m["GET /projects/{id}/"+name+"/new"] = rule{perm: auth.Edit, target: projectTarget}
		m["POST /projects/{id}/"+name] = rule{perm: auth.Edit, target: projectTarget}
		m["GET /"+name+"/{id}/edit"] = rule{perm: auth.Edit, target: target}
		m["POST /"+name+"/{id}"] = rule{perm: auth.Edit, target: target}
	}
	for _, f := range s.features {
		for key, r := range f.rules {
			if _, dup := m[key]; dup {
				panic("web: two access rules for " + key)
			}
			m[key] = r
		}
	}
	return m
}

// publicRoutes are the API routes anyone may call, for the OpenAPI document.
var publicRoutes = map[string]bool{"GET /healthz": true, "GET /api/openapi.json": true}

// transitionPerm is Decide for approving or rejecting a change request,
// Edit for the other moves. The API sends {"to": ...}, the pages a form.
func transitionPerm(r *http.Request) auth.Permission {
	var to string
	if strings.HasPrefix(r.URL.Path, "/api/") {
		var body struct {
			To string `json:"to"`
		}
		_ = json.Unmarshal(peekBody(r), &body)
		to = body.To
	} else {
		to = r.PostFormValue("to")
	}
	if to == string(pmo.ChangeApproved) || to == string(pmo.ChangeRejected) {
		return auth.Decide
	}
	return auth.Edit
}
