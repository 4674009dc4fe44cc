package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/pmohq/pmo"
)

// adaptPage wraps a page handler: an error it returns becomes an HTML
// error page with the status its kind maps to (the same mapping as the API).
// Pages ignore unknown query parameters, so old bookmarks keep working.
func (s *Server) adaptPage(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := rt.Handler(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

// errorPage is the data of error.html.
type errorPage struct {
	basePage
	Status  int
	Message string
	Fields  []pmo.FieldError
}

// renderError shows err as a page, logging internal errors as the API does.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	p := problemFor(err)
	if p.Status >= 500 {
		level := slog.LevelError
		if errors.Is(err, context.Canceled) {
			level = slog.LevelInfo
		}
		s.log.Log(r.Context(), level, "request failed",
			"request_id", requestIDFrom(r.Context()),
			"method", r.Method, "path", r.URL.Path, "err", err)
	}
	data := errorPage{basePage: s.base(r, http.StatusText(p.Status), ""), Status: p.Status, Message: p.Detail, Fields: p.Errors}
	if p.Status >= 500 {
		data.Message = "Something went wrong on our side. Quote request " + requestIDFrom(r.Context()) + " when reporting it."
	}
	if rerr := s.render(w, p.Status, "error.html", data); rerr != nil {
		http.Error(w, http.StatusText(p.Status), p.Status)
	}
}

// notFoundPage is the error for a page address that names nothing.
func notFoundPage(r *http.Request) error {
	return pmo.Errorf(pmo.NotFound, "There is no page at %s.", r.URL.Path)
}

// isPagePath reports whether a path belongs to the pages rather than the API.
func isPagePath(p string) bool {
	return !strings.HasPrefix(p, "/api/") && p != "/healthz"
}
