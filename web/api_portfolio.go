package web

import (
	"net/http"

	"github.com/pmohq/pmo"
)

func (s *Server) portfolios() resource[pmo.Portfolio] {
	return resource[pmo.Portfolio]{
		name: "portfolio", path: "/api/v1/portfolios", readOnly: baseReadOnly,
		keys:   func(p *pmo.Portfolio) (*int64, *int) { return &p.ID, &p.Version },
		find:   s.svc.FindPortfolioByID,
		create: s.svc.CreatePortfolio,
		update: s.svc.UpdatePortfolio,
		remove: s.svc.DeletePortfolio,
	}
}

var portfolioParams = append([]param{
	{Name: "q", Kind: stringParam, Doc: "free text on code and name"},
}, listParams()...)

// listPortfolios serves GET /api/v1/portfolios.
func (s *Server) listPortfolios(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := pmo.PortfolioFilter{Query: q.str("q"), ListOptions: q.list(nil)}
	if err := q.err(); err != nil {
		return err
	}
	items, page, err := s.svc.FindPortfolios(r.Context(), f)
	if err != nil {
		return listError(err)
	}
	return writeList(w, items, page)
}

func (s *Server) programs() resource[pmo.Program] {
	return resource[pmo.Program]{
		name: "program", path: "/api/v1/programs", readOnly: baseReadOnly,
		keys:   func(p *pmo.Program) (*int64, *int) { return &p.ID, &p.Version },
		find:   s.svc.FindProgramByID,
		create: s.svc.CreateProgram,
		update: s.svc.UpdateProgram,
		remove: s.svc.DeleteProgram,
	}
}

var programParams = append([]param{
	{Name: "portfolio_id", Kind: intParam, Doc: "only programs of this portfolio"},
	{Name: "q", Kind: stringParam, Doc: "free text on code and name"},
}, listParams()...)

// listPrograms serves GET /api/v1/programs.
func (s *Server) listPrograms(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := pmo.ProgramFilter{PortfolioID: q.id("portfolio_id"), Query: q.str("q"), ListOptions: q.list(nil)}
	if err := q.err(); err != nil {
		return err
	}
	items, page, err := s.svc.FindPrograms(r.Context(), f)
	if err != nil {
		return listError(err)
	}
	return writeList(w, items, page)
}
