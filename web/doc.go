// Package web serves pmo over HTTP: the JSON REST API under /api/v1, its
// OpenAPI 3.1 document at /api/openapi.json and a health check at /healthz.
// The server-rendered pages will live here too, sharing the plumbing.
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
// # Files
//
// server.go, route.go and middleware.go hold the plumbing; problem.go the
// error adapter; decode.go, diagnose.go, merge.go and query.go the request
// side; respond.go the response side and ETags; resource.go the generic
// handlers every versioned record shares; api_*.go one resource each, with
// api_routes.go the table; openapi.go and schema.go the document.
package web
