package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// handlerFunc is an HTTP handler that reports failure by returning an error;
// the adapter turns the error into a problem response.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one entry of the route table. The same entry registers the
// handler on the mux and documents the operation in the OpenAPI document.
type route struct {
	Method  string
	Pattern string // ServeMux pattern without the method, e.g. /api/v1/projects/{id}
	Handler handlerFunc
	Summary string
	Tag     string
	Params  []param // query parameters; path parameters come from Pattern
	Body    string  // request schema name; empty when the operation takes no body
	// YAML says the body may also be a YAML document (application/yaml),
	// the "document" member of the Body schema sent as is.
	YAML bool
	// BodyMedia, instead of Body, is the media type of a body that is not
	// JSON (such as application/xml); the document gives it as a string.
	BodyMedia string
	// ReadOnly lists the body fields clients may not send; the OpenAPI
	// document marks them readOnly in the Body schema.
	ReadOnly []string
	// Response is the success schema name; empty means no body (204).
	Response string
	// ResponseMedia, instead of Response, is the media type of a success
	// body that is not JSON.
	ResponseMedia string
	Status        int  // success status; 0 means 200
	IfMatch       bool // the operation requires If-Match
	// NotFound says the operation can answer 404 although its path has no
	// id, e.g. while nothing it reads exists yet.
	NotFound bool
	ETag     bool // the success response carries an ETag
	// MaxBody, when above the server's limit, is this route's request body
	// limit in bytes: file uploads such as MS Project files are larger
	// than any JSON record.
	MaxBody int64
}

// paramKind is the type of a query parameter.
type paramKind string

const (
	intParam    paramKind = "integer"
	stringParam paramKind = "string"
	boolParam   paramKind = "boolean"
	dateParam   paramKind = "date"
)

// param documents a query parameter. Handlers parse values with query.
type param struct {
	Name  string
	Kind  paramKind
	Enum  []string // allowed values, if closed
	Multi bool     // repeated or comma-separated values
	Doc   string
}

// adapt wraps a route's handler: it rejects unknown query parameters, runs
// the handler and renders any error it returns as a problem.
func (s *Server) adapt(rt route) http.Handler {
	known := map[string]bool{}
	for _, p := range rt.Params {
		known[p.Name] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkParams(r.URL.Query(), known); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := rt.Handler(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// checkParams rejects query parameters the route does not declare.
func checkParams(q url.Values, known map[string]bool) error {
	var names []string
	for name := range q {
		if !known[name] {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	p := badRequest("unknown query parameter")
	allowed := slices.Sorted(maps.Keys(known))
	for _, n := range names {
		detail := "is not a parameter of this operation"
		if len(allowed) > 0 {
			detail += "; accepted: " + strings.Join(allowed, ", ")
		}
		p.Errors = append(p.Errors, fieldError(n, "%s", detail))
	}
	return p
}

// chain applies middleware so that the first one listed runs first.
func chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}
