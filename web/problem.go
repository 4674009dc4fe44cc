package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/pmohq/pmo"
)

// problem is an RFC 9457 problem detail. It is also an error, so handlers
// and helpers can return one for a fault the domain knows nothing about
// (malformed JSON, a missing If-Match, ...).
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// Errors names each field (or parameter, or header) at fault.
	Errors []pmo.FieldError `json:"errors,omitempty"`
	// Locations places each error of a document sent in the body (a
	// framework's YAML) at its line and column.
	Locations []location `json:"locations,omitempty"`
}

// location is one error in a document at a line and column (1-based; 0
// when it has no single place).
type location struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

func (p *problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

// problemType is the type of every problem: the status code says it all,
// and the errors extension says which fields are at fault.
const problemType = "about:blank"

// problemContentType is the media type of problem bodies.
const problemContentType = "application/problem+json"

func newProblem(status int, detail string, fields ...pmo.FieldError) *problem {
	return &problem{Type: problemType, Title: http.StatusText(status), Status: status,
		Detail: detail, Errors: fields}
}

// badRequest is a 400 problem: the request cannot be understood as sent.
func badRequest(detail string, fields ...pmo.FieldError) *problem {
	return newProblem(http.StatusBadRequest, detail, fields...)
}

func fieldError(field, format string, args ...any) pmo.FieldError {
	return pmo.FieldError{Field: field, Detail: fmt.Sprintf(format, args...)}
}

// kindStatus maps a domain error kind to its HTTP status.
var kindStatus = map[pmo.Kind]int{
	pmo.Invalid:      http.StatusUnprocessableEntity,
	pmo.NotFound:     http.StatusNotFound,
	pmo.Conflict:     http.StatusConflict,
	pmo.Stale:        http.StatusPreconditionFailed,
	pmo.Unauthorized: http.StatusForbidden,
	pmo.Internal:     http.StatusInternalServerError,
}

// problemFor turns any error into a problem. Only problems and pmo errors
// carry a message to the client; anything else is an internal error.
func problemFor(err error) *problem {
	var p *problem
	if errors.As(err, &p) {
		cp := *p
		return &cp
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return newProblem(http.StatusRequestEntityTooLarge,
			fmt.Sprintf("the request body exceeds the limit of %d bytes", tooBig.Limit))
	}
	kind := pmo.ErrorKind(err)
	status := kindStatus[kind]
	if status == 0 || kind == pmo.Internal {
		return newProblem(http.StatusInternalServerError, "an internal error occurred; quote the request id when reporting it")
	}
	return newProblem(status, pmo.ErrorMessage(err), pmo.ErrorFields(err)...)
}

// writeError renders err as a problem, logging it when it is internal.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p := problemFor(err)
	if p.Status >= 500 {
		level := slog.LevelError
		if errors.Is(err, context.Canceled) {
			level = slog.LevelInfo // the client went away
		}
		s.log.Log(r.Context(), level, "request failed",
			"request_id", requestIDFrom(r.Context()),
			"method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.writeProblem(w, r, p)
}

// writeProblem writes p as application/problem+json.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, p *problem) {
	p.Instance = r.URL.Path
	p.RequestID = requestIDFrom(r.Context())
	b, err := json.Marshal(p)
	if err != nil {
		b = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
	}
	h := w.Header()
	// A problem is never the resource: drop headers set for a success.
	h.Del("ETag")
	h.Del("Location")
	h.Set("Content-Type", problemContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Del("Content-Length")
	w.WriteHeader(p.Status)
	_, _ = w.Write(append(b, '\n'))
}
