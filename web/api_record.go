package web

import (
	"net/http"
	"slices"

	"github.com/pmohq/pmo"
)

// recordKind describes one milestone or RAID record type for the generic
// handlers over pmo.RecordService.
type recordKind[T any] struct {
	tag      string   // plural title, e.g. "Risks"
	schema   string   // OpenAPI schema name, e.g. "Risk"
	name     string   // singular noun
	path     string   // collection path
	statuses []string // allowed status values; nil when the type has none
	readOnly []string // besides baseReadOnly
	rated    bool     // has probability and impact (risks), filterable
	keys     func(*T) (*int64, *int)
}

// recordRoutes returns the CRUD routes of one record type.
func recordRoutes[T any](svc pmo.RecordService[T], k recordKind[T]) []route {
	rs := resource[T]{
		name: k.name, path: k.path, keys: k.keys,
		readOnly: append(slices.Clone(baseReadOnly), k.readOnly...),
		find:     svc.FindByID,
		create:   svc.Create,
		update:   svc.Update,
		remove:   svc.Delete,
	}
	return rs.routes(k.tag, k.schema, listRecords(svc, k.statuses, k.rated), recordParams(k.statuses, k.rated))
}

// recordParams documents the RecordFilter parameters; types without a
// status (milestones) take no status, level, owner or open filter; only
// rated types (risks) take probability and impact.
func recordParams(statuses []string, rated bool) []param {
	ps := []param{
		{Name: "portfolio_id", Kind: intParam, Doc: "only records of projects in this portfolio"},
		{Name: "program_id", Kind: intParam, Doc: "only records of projects in this program"},
		{Name: "project_id", Kind: intParam, Doc: "only records of this project"},
		{Name: "q", Kind: stringParam, Doc: "free text on title and description"},
		{Name: "from", Kind: dateParam, Doc: "principal date (due, need-by, review or forecast) on or after"},
		{Name: "to", Kind: dateParam, Doc: "principal date on or before"},
		{Name: "project_stage", Kind: stringParam, Multi: true, Enum: strs(pmo.Stages), Doc: "only records of projects in these lifecycle stages"},
		{Name: "project_state", Kind: stringParam, Multi: true, Enum: strs(pmo.States), Doc: "only records of projects in these states"},
		{Name: "project_rag", Kind: stringParam, Multi: true, Enum: strs(pmo.RAGs), Doc: "only records of projects with this current overall rating (grey without a report)"},
		{Name: "project_tag", Kind: stringParam, Doc: "only records of projects with this tag"},
	}
	if statuses != nil {
		ps = append(ps,
			param{Name: "level", Kind: stringParam, Multi: true, Enum: strs([]pmo.Level{pmo.ProjectLevel, pmo.ProgramLevel, pmo.PortfolioLevel}), Doc: "escalation levels"},
			param{Name: "status", Kind: stringParam, Multi: true, Enum: statuses, Doc: "statuses"},
			param{Name: "owner", Kind: stringParam, Doc: "owner"},
			param{Name: "open", Kind: boolParam, Doc: "only records whose status is not a closed one"},
		)
	}
	if rated {
		ps = append(ps,
			param{Name: "probability", Kind: intParam, Multi: true, Doc: "probabilities on the 1-5 scale"},
			param{Name: "impact", Kind: intParam, Multi: true, Doc: "impacts on the 1-5 scale"},
		)
	}
	return append(ps, listParams()...)
}

// listRecords serves the list of one record type.
func listRecords[T any](svc pmo.RecordService[T], statuses []string, rated bool) handlerFunc {
	levels := []pmo.Level{pmo.ProjectLevel, pmo.ProgramLevel, pmo.PortfolioLevel}
	return func(w http.ResponseWriter, r *http.Request) error {
		q := newQuery(r)
		f := pmo.RecordFilter{
			PortfolioID: q.id("portfolio_id"),
			ProgramID:   q.id("program_id"),
			ProjectID:   q.id("project_id"),
			Query:       q.str("q"),
			From:        q.date("from"),
			To:          q.date("to"),
			ListOptions: q.list(nil),
		}
		recordProjectFilter(q, &f)
		if statuses != nil {
			f.Levels = enum(q, "level", levels)
			f.Statuses = enum(q, "status", statuses)
			f.Owner = q.str("owner")
			f.Open = q.bool("open")
		}
		if rated {
			f.Probabilities = q.scale("probability")
			f.Impacts = q.scale("impact")
		}
		if err := q.err(); err != nil {
			return err
		}
		items, page, err := svc.Find(r.Context(), f)
		if err != nil {
			return listError(err)
		}
		return writeList(w, items, page)
	}
}

// recordProjectFilter parses the record filters on the records' projects.
func recordProjectFilter(q *query, f *pmo.RecordFilter) {
	f.ProjectStages = enum(q, "project_stage", pmo.Stages)
	f.ProjectStates = enum(q, "project_state", pmo.States)
	f.ProjectRAG = enum(q, "project_rag", pmo.RAGs)
	f.ProjectTag = q.str("project_tag")
}

// raidRoutes returns the routes of milestones and the five RAID types.
func (s *Server) raidRoutes() []route {
	return slices.Concat(
		recordRoutes(s.svc.Milestones(), recordKind[pmo.Milestone]{
			tag: "Milestones", schema: "Milestone", name: "milestone", path: "/api/v1/milestones",
			keys: func(m *pmo.Milestone) (*int64, *int) { return &m.ID, &m.Version },
		}),
		recordRoutes(s.svc.Risks(), recordKind[pmo.Risk]{
			tag: "Risks", schema: "Risk", name: "risk", path: "/api/v1/risks",
			statuses: pmo.RiskStatuses, readOnly: []string{"score", "emv"}, rated: true,
			keys: func(r *pmo.Risk) (*int64, *int) { return &r.ID, &r.Version },
		}),
		recordRoutes(s.svc.Issues(), recordKind[pmo.Issue]{
			tag: "Issues", schema: "Issue", name: "issue", path: "/api/v1/issues",
			statuses: pmo.IssueStatuses,
			keys:     func(i *pmo.Issue) (*int64, *int) { return &i.ID, &i.Version },
		}),
		recordRoutes(s.svc.Actions(), recordKind[pmo.Action]{
			tag: "Actions", schema: "Action", name: "action", path: "/api/v1/actions",
			statuses: pmo.ActionStatuses,
			keys:     func(a *pmo.Action) (*int64, *int) { return &a.ID, &a.Version },
		}),
		recordRoutes(s.svc.Decisions(), recordKind[pmo.Decision]{
			tag: "Decisions", schema: "Decision", name: "decision", path: "/api/v1/decisions",
			statuses: pmo.DecisionStatuses,
			keys:     func(d *pmo.Decision) (*int64, *int) { return &d.ID, &d.Version },
		}),
		recordRoutes(s.svc.Dependencies(), recordKind[pmo.Dependency]{
			tag: "Dependencies", schema: "Dependency", name: "dependency", path: "/api/v1/dependencies",
			statuses: pmo.DependencyStatuses,
			keys:     func(d *pmo.Dependency) (*int64, *int) { return &d.ID, &d.Version },
		}),
	)
}
