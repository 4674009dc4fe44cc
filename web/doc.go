// Package web serves pmo over HTTP: the server-rendered pages, the JSON REST
// API under /api/v1, its OpenAPI 3.1 document at /api/openapi.json and a
// health check at /healthz.
//
// The package sees only the pmo service interfaces (pmo.Services), never a
// concrete store. cmd/pmo wires it:
//
//	srv := web.New(db, web.Options{Logger: logger})
//	http.ListenAndServe(addr, srv)
//
// # Plumbing
//
// Every route is declared once, in the table in api_routes.go, which drives
// both the ServeMux and the OpenAPI document. Handlers return an error; one
// adapter (problem.go) maps it to a status by its pmo.Kind and writes an RFC
// 9457 problem+json body whose "errors" extension names each field at fault.
// Middleware (middleware.go) adds a request id, an access log, panic
// recovery, a body size limit and gzip.
//
// # API conventions
//
//   - Request bodies are decoded strictly (decode.go): JSON content type,
//     valid UTF-8, no unknown or read-only fields, no trailing data. Such
//     faults are 400; a well-formed request the domain rejects is 422.
//   - Lists return {"items": [...], "total": N, "next_cursor": "..."}, take
//     sort, limit and cursor, and reject unknown or malformed parameters
//     with 400 naming the parameter. Multi-valued filters accept repeated
//     parameters or comma-separated lists.
//   - Every single-record GET returns an ETag (the record's version) and
//     honours If-None-Match. PATCH, DELETE and transitions require If-Match
//     (428 without it, 412 when it is not the current version).
//   - PATCH takes a JSON Merge Patch (RFC 7396).
//   - POST returns 201 with Location and ETag. Fields the server maintains
//     (id, version, timestamps, computed scores, a change request's state
//     and history, ...) are refused with 400 in POST and PATCH bodies, and
//     marked readOnly in the OpenAPI document.
//   - Field names must match exactly: encoding/json would accept "Name" for
//     "name", the API does not.
//
// A project can also be read by code at /api/v1/project-codes/{code}:
// /api/v1/projects/by-code/{code} would clash in ServeMux with
// /api/v1/projects/{id}/status-reports.
//
// # Pages
//
// The pages (ui_*.go) have their own route table, uiRoutes, of the same
// route type as the API, so middleware can wrap both alike; it is left out
// of the OpenAPI document. Page handlers return errors too; adaptPage shows
// them as an HTML error page with the status the API would use. Templates
// under templates/ are embedded and parsed once in New (a bad template
// panics at startup); static files under static/ are served at
// content-hashed URLs with a year of caching. Charts are SVG drawn by the
// pure package web/chart.
//
//   - / and /portfolios/{id}: the dashboard. Its panels load concurrently
//     and skip counting (pmo.ListOptions.SkipTotal) where they only show the
//     first rows.
//   - /projects, /risks, /issues, /actions, /decisions, /dependencies,
//     /milestones, /changes: lists with the API's filter parameters, so
//     every view is a shareable URL; the same path with .csv streams every
//     matching row. htmx updates the results in place as filters change.
//   - /projects/{id}: header facts, status history strips, milestones, and
//     a tab per register.
//   - Forms post back and redirect (POST-redirect-GET). Invalid input comes
//     back with each domain field error next to its input; a stale version
//     (pmo.Stale) comes back with the user's input, the values saved
//     meanwhile, and the current version so a second save wins. Every form
//     renders the "csrf" partial, the single place an anti-forgery token
//     goes (Server.csrfToken).
//
// # Files
//
// server.go, route.go and middleware.go hold the plumbing; problem.go the
// error adapter; decode.go, diagnose.go, merge.go and query.go the request
// side; respond.go the response side and ETags; resource.go the generic
// handlers every versioned record shares; api_*.go one resource each, with
// api_routes.go the table; openapi.go and schema.go the document; ui_*.go
// the pages, with ui_routes.go their table.
package web
