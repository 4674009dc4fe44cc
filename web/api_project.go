package web

import (
	"net/http"
	"strings"

	"github.com/pmohq/pmo"
)

func (s *Server) projects() resource[pmo.Project] {
	return resource[pmo.Project]{
		name: "project", path: "/api/v1/projects",
		readOnly: append([]string{"current_status"}, baseReadOnly...),
		keys:     func(p *pmo.Project) (*int64, *int) { return &p.ID, &p.Version },
		find:     s.svc.FindProjectByID,
		create:   s.svc.CreateProject,
		update:   s.svc.UpdateProject,
		remove:   s.svc.DeleteProject,
	}
}

// projectSorts are the sort fields pmo.ProjectFilter documents.
var projectSorts = []string{"code", "name", "priority", "stage", "state", "budget",
	"planned_finish", "forecast_finish", "updated_at", "overall"}

// ragParams are the RAG filter parameters, each with its status dimension;
// "rag" alone filters on the overall rating.
var ragParams = func() [][2]string {
	ps := [][2]string{{"rag", "overall"}}
	for _, d := range pmo.Dimensions {
		ps = append(ps, [2]string{"rag." + d, d})
	}
	return ps
}()

var projectParams = func() []param {
	ps := []param{
		{Name: "portfolio_id", Kind: intParam, Doc: "only projects of this portfolio"},
		{Name: "program_id", Kind: intParam, Doc: "only projects of this program"},
		{Name: "stage", Kind: stringParam, Multi: true, Enum: strs(pmo.Stages), Doc: "lifecycle stages"},
		{Name: "state", Kind: stringParam, Multi: true, Enum: strs(pmo.States), Doc: "project states"},
		{Name: "manager", Kind: stringParam, Doc: "project manager"},
		{Name: "sponsor", Kind: stringParam, Doc: "sponsor"},
		{Name: "tag", Kind: stringParam, Doc: "tag"},
		{Name: "q", Kind: stringParam, Doc: "free text on code, name and description"},
		{Name: "rag", Kind: stringParam, Multi: true, Enum: strs(pmo.RAGs), Doc: "overall rating of the current status"},
	}
	for _, d := range pmo.Dimensions {
		ps = append(ps, param{Name: "rag." + d, Kind: stringParam, Multi: true, Enum: strs(pmo.RAGs),
			Doc: d + " rating of the current status"})
	}
	ps = append(ps,
		param{Name: "overdue", Kind: boolParam, Doc: "only projects whose status report is overdue"},
		param{Name: "as_of", Kind: dateParam, Doc: "date against which overdue is judged (default today)"},
	)
	return append(ps, listParams(projectSorts...)...)
}()

// listProjects serves GET /api/v1/projects.
func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := pmo.ProjectFilter{
		PortfolioID: q.id("portfolio_id"),
		ProgramID:   q.id("program_id"),
		Stages:      enum(q, "stage", pmo.Stages),
		States:      enum(q, "state", pmo.States),
		Manager:     q.str("manager"),
		Sponsor:     q.str("sponsor"),
		Tag:         q.str("tag"),
		Query:       q.str("q"),
		Overdue:     q.bool("overdue"),
		AsOf:        s.asOf(q),
		ListOptions: q.list(projectSorts),
	}
	for _, p := range ragParams {
		name, dim := p[0], p[1]
		if rags := enum(q, name, pmo.RAGs); len(rags) > 0 {
			if f.RAG == nil {
				f.RAG = map[string][]pmo.RAG{}
			}
			f.RAG[dim] = append(f.RAG[dim], rags...)
		}
	}
	if err := q.err(); err != nil {
		return err
	}
	items, page, err := s.svc.FindProjects(r.Context(), f)
	if err != nil {
		return listError(err)
	}
	return writeList(w, items, page)
}

// projectByCode serves GET /api/v1/project-codes/{code}.
func (s *Server) projectByCode(w http.ResponseWriter, r *http.Request) error {
	code := strings.TrimSpace(r.PathValue("code"))
	p, err := s.svc.FindProjectByCode(r.Context(), code)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Location", "/api/v1/projects/"+itoa(p.ID))
	return writeEntity(w, r, http.StatusOK, versionETag(p.Version), p)
}

// asOf returns the as_of parameter, defaulting to today on the server clock.
func (s *Server) asOf(q *query) pmo.Date {
	d := q.date("as_of")
	if d.IsZero() {
		d = pmo.DateOf(s.now())
	}
	return d
}

// strs converts a list of string-like values for documentation.
func strs[S ~string](xs []S) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
