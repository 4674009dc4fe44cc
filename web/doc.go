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
//   - POST returns 201 with Location and ETag.
package web
