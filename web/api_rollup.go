package web

import (
	"net/http"

	"github.com/pmohq/pmo"
)

var rollupParams = []param{
	{Name: "as_of", Kind: dateParam, Doc: "date against which overdue status is judged (default today)"},
}

var allRollupParams = append([]param{
	{Name: "portfolio_id", Kind: intParam, Doc: "only this portfolio"},
	{Name: "program_id", Kind: intParam, Doc: "only this program"},
}, rollupParams...)

// rollup serves GET /api/v1/rollup: all portfolios, or one portfolio or program.
func (s *Server) rollup(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := pmo.RollupFilter{PortfolioID: q.id("portfolio_id"), ProgramID: q.id("program_id"), AsOf: s.asOf(q)}
	if err := q.err(); err != nil {
		return err
	}
	return s.writeRollup(w, r, f)
}

// portfolioRollup serves GET /api/v1/portfolios/{id}/rollup.
func (s *Server) portfolioRollup(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := pmo.RollupFilter{PortfolioID: id, AsOf: s.asOf(q)}
	if err := q.err(); err != nil {
		return err
	}
	return s.writeRollup(w, r, f)
}

func (s *Server) writeRollup(w http.ResponseWriter, r *http.Request, f pmo.RollupFilter) error {
	ru, err := s.svc.Rollup(r.Context(), f)
	if err != nil {
		if pmo.ErrorKind(err) == pmo.Invalid {
			return listError(err)
		}
		return err
	}
	return writeJSON(w, http.StatusOK, ru)
}

// health is the body of GET /healthz.
type health struct {
	Status string `json:"status"` // "ok"
}

// healthz serves GET /healthz: the process is up and serving.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, health{Status: "ok"})
}

// openAPIDoc serves GET /api/openapi.json.
func (s *Server) openAPIDoc(w http.ResponseWriter, r *http.Request) error {
	doc, etag := s.openAPIDocument()
	w.Header().Set("ETag", etag)
	if notModified(r, etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(doc)
	return nil
}
