package web

import (
	"context"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
)

// lists returns every list page.
func (s *Server) lists() []listDef {
	return []listDef{
		s.projectList().def(),
		recordList(s, "risks", "Risks", "risk", s.svc.Risks(), pmo.RiskStatuses, riskColumns, riskOf),
		recordList(s, "issues", "Issues", "issue", s.svc.Issues(), pmo.IssueStatuses, issueColumns, issueOf),
		recordList(s, "actions", "Actions", "action", s.svc.Actions(), pmo.ActionStatuses, actionColumns, actionOf),
		recordList(s, "decisions", "Decisions", "decision", s.svc.Decisions(), pmo.DecisionStatuses, decisionColumns, decisionOf),
		recordList(s, "dependencies", "Dependencies", "dependency", s.svc.Dependencies(), pmo.DependencyStatuses, dependencyColumns,
			func(d *pmo.Dependency) []int64 { return []int64{d.ProjectID, d.ToProjectID} }),
		recordList(s, "milestones", "Milestones", "milestone", s.svc.Milestones(), nil, milestoneColumns,
			func(m *pmo.Milestone) []int64 { return []int64{m.ProjectID} }),
		s.changeList().def(),
	}
}

func riskOf(x *pmo.Risk) []int64         { return []int64{x.ProjectID} }
func issueOf(x *pmo.Issue) []int64       { return []int64{x.ProjectID} }
func actionOf(x *pmo.Action) []int64     { return []int64{x.ProjectID} }
func decisionOf(x *pmo.Decision) []int64 { return []int64{x.ProjectID} }

// projectFilter parses the filter of the project list; the same parameters
// as the API's GET /api/v1/projects.
func (s *Server) projectFilter(q *query, opts pmo.ListOptions) pmo.ProjectFilter {
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
		ListOptions: opts,
	}
	for _, p := range ragParams {
		if rags := enum(q, p[0], pmo.RAGs); len(rags) > 0 {
			if f.RAG == nil {
				f.RAG = map[string][]pmo.RAG{}
			}
			f.RAG[p[1]] = append(f.RAG[p[1]], rags...)
		}
	}
	return f
}

func (s *Server) projectList() lister[pmo.Project] {
	return lister[pmo.Project]{
		s: s, path: "projects", title: "Projects", noun: "project",
		controls: []string{"q", "portfolio_id", "program_id", "manager", "tag", "stage", "state", "rag", "overdue"},
		find: func(ctx context.Context, q *query, opts pmo.ListOptions) ([]*pmo.Project, pmo.Page, error) {
			f := s.projectFilter(q, opts)
			if q.err() != nil {
				return nil, pmo.Page{}, nil
			}
			return s.svc.FindProjects(ctx, f)
		},
		columns: func(func(int64) *pmo.Project, recordLinks) []column[pmo.Project] {
			cols := []column[pmo.Project]{
				{Label: "Code", Sort: "code", Text: func(p *pmo.Project) string { return p.Code },
					HTML: func(p *pmo.Project) template.HTML { return linkTo("/projects/"+itoa(p.ID), p.Code) }},
				{Label: "Name", Sort: "name", Text: func(p *pmo.Project) string { return p.Name }},
				{Label: "Manager", Text: func(p *pmo.Project) string { return p.Manager }},
				{Label: "Stage", Sort: "stage", Text: func(p *pmo.Project) string { return label(p.Stage) }},
				{Label: "State", Sort: "state", Text: func(p *pmo.Project) string { return label(p.State) }},
			}
			for _, dim := range pmo.Dimensions {
				c := column[pmo.Project]{Label: label(dim),
					Text: func(p *pmo.Project) string { return string(ratingOf(p, dim)) },
					HTML: func(p *pmo.Project) template.HTML { return ragCell(ratingOf(p, dim), trendOf(p, dim)) }}
				if dim == "overall" {
					c.Sort = "overall"
				}
				cols = append(cols, c)
			}
			return append(cols,
				column[pmo.Project]{Label: "Forecast finish", Sort: "forecast_finish",
					Text: func(p *pmo.Project) string { return p.ForecastEnd.String() }},
				column[pmo.Project]{Label: "Budget", Sort: "budget", Num: true,
					Text: func(p *pmo.Project) string { return formatMoney(p.Budget) }},
				column[pmo.Project]{Label: "Last report",
					Text: func(p *pmo.Project) string {
						if p.Status == nil {
							return "never"
						}
						return p.Status.Period.String()
					}},
			)
		},
		csvCols: []column[pmo.Project]{
			{Label: "ID", Text: func(p *pmo.Project) string { return itoa(p.ID) }},
			{Label: "Portfolio ID", Text: func(p *pmo.Project) string { return itoa(p.PortfolioID) }},
			{Label: "Program ID", Text: func(p *pmo.Project) string { return idText(p.ProgramID) }},
			{Label: "Sponsor", Text: func(p *pmo.Project) string { return p.Sponsor }},
			{Label: "Priority", Text: func(p *pmo.Project) string { return strconv.Itoa(p.Priority) }},
			{Label: "Planned start", Text: func(p *pmo.Project) string { return p.PlannedStart.String() }},
			{Label: "Planned finish", Text: func(p *pmo.Project) string { return p.PlannedEnd.String() }},
			{Label: "Budget (minor units)", Text: func(p *pmo.Project) string { return strconv.FormatInt(p.Budget.Minor, 10) }},
			{Label: "Currency", Text: func(p *pmo.Project) string { return p.Budget.Currency }},
			{Label: "Overall trend", Text: func(p *pmo.Project) string { return string(trendOf(p, "overall")) }},
			{Label: "Tags", Text: func(p *pmo.Project) string { return strings.Join(p.Tags, ";") }},
		},
	}
}

func ratingOf(p *pmo.Project, dim string) pmo.RAG {
	if p.Status == nil {
		return pmo.Grey
	}
	return p.Status.Rating(dim)
}

func trendOf(p *pmo.Project, dim string) pmo.Trend {
	if p.Status == nil {
		return ""
	}
	return p.Status.Trend(dim)
}

// ragCell is a compact rating for tables: the letter on its colour, and
// an arrow when it changed since the previous report.
func ragCell(r pmo.RAG, t pmo.Trend) template.HTML {
	if t == pmo.Stable {
		t = "" // only changes draw the eye
	}
	if !r.Valid() {
		r = pmo.Grey
	}
	name := string(r)
	if r == pmo.Grey {
		name = "no data"
	}
	return template.HTML(`<span class="cell rag-` + string(r) + `" title="` + name + `">` + letterOf(r) +
		`<span class="visually-hidden"> ` + name + `</span></span>` + string(trendBadge(t)))
}

func letterOf(r pmo.RAG) string {
	switch r {
	case pmo.Red:
		return "R"
	case pmo.Amber:
		return "A"
	case pmo.Green:
		return "G"
	case pmo.Blue:
		return "B"
	}
	return "–"
}

func linkTo(href, text string) template.HTML {
	return template.HTML(`<a href="` + template.HTMLEscapeString(href) + `">` + template.HTMLEscapeString(text) + `</a>`)
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return itoa(id)
}

// recordFilter parses the filter of a RAID or milestone list; the same
// parameters as the API's record lists.
func recordFilter(q *query, opts pmo.ListOptions, statuses []string) pmo.RecordFilter {
	f := pmo.RecordFilter{
		PortfolioID: q.id("portfolio_id"),
		ProgramID:   q.id("program_id"),
		ProjectID:   q.id("project_id"),
		Query:       q.str("q"),
		From:        q.date("from"),
		To:          q.date("to"),
		Owner:       q.str("owner"),
		Open:        q.bool("open"),
		ListOptions: opts,
	}
	recordProjectFilter(q, &f)
	// Only the risk list offers these controls; on another list they reach
	// the store, which refuses them by name.
	f.Probabilities = q.scale("probability")
	f.Impacts = q.scale("impact")
	if statuses != nil {
		f.Levels = enum(q, "level", []pmo.Level{pmo.ProjectLevel, pmo.ProgramLevel, pmo.PortfolioLevel})
		f.Statuses = enum(q, "status", statuses)
	}
	return f
}

// recordList is the list page of one record type.
func recordList[T any](s *Server, path, title, noun string, svc pmo.RecordService[T], statuses []string,
	columns func(func(int64) *pmo.Project, recordLinks) []column[T], projectOf func(*T) []int64) listDef {
	controls := []string{"q", "portfolio_id", "program_id", "project_id", "owner", "status", "level", "from", "to", "open"}
	if statuses == nil {
		controls = []string{"q", "portfolio_id", "program_id", "project_id", "from", "to", "open"}
	}
	controls = append(controls, "project_stage", "project_state", "project_rag", "project_tag")
	if path == "risks" {
		controls = append(controls, "probability", "impact")
	}
	return lister[T]{
		s: s, path: path, title: title, noun: noun, controls: controls, statuses: statuses,
		find: func(ctx context.Context, q *query, opts pmo.ListOptions) ([]*T, pmo.Page, error) {
			f := recordFilter(q, opts, statuses)
			if q.err() != nil {
				return nil, pmo.Page{}, nil
			}
			return svc.Find(ctx, f)
		},
		columns: columns, projectOf: projectOf,
	}.def()
}

// projectCol is the project column of a record list.
func projectCol[T any](lookup func(int64) *pmo.Project, id func(*T) int64) column[T] {
	return column[T]{Label: "Project",
		Text: func(x *T) string { return lookup(id(x)).Code },
		HTML: func(x *T) template.HTML {
			p := lookup(id(x))
			return linkTo("/projects/"+itoa(p.ID), p.Code)
		}}
}

// titleCol is a record's title linking to its edit form for editors and
// to its project's register for readers (see recordLinks).
func titleCol[T any](path string, links recordLinks, e func(*T) *pmo.Entry) column[T] {
	return column[T]{Label: "Title", Sort: "title", Text: func(x *T) string { return e(x).Title },
		HTML: func(x *T) template.HTML {
			return linkOrText(links.href(path, e(x).ID, e(x).ProjectID), e(x).Title)
		}}
}

func entryCols[T any](e func(*T) *pmo.Entry) []column[T] {
	return []column[T]{
		{Label: "Owner", Text: func(x *T) string { return e(x).Owner }},
		{Label: "Status", Sort: "status", Text: func(x *T) string { return label(e(x).Status) }},
		{Label: "Level", Text: func(x *T) string { return label(e(x).Level) }},
	}
}

func riskColumns(lookup func(int64) *pmo.Project, links recordLinks) []column[pmo.Risk] {
	e := func(x *pmo.Risk) *pmo.Entry { return &x.Entry }
	cols := []column[pmo.Risk]{projectCol(lookup, func(x *pmo.Risk) int64 { return x.ProjectID }), titleCol("risks", links, e)}
	cols = append(cols, entryCols(e)...)
	return append(cols,
		column[pmo.Risk]{Label: "P", Sort: "probability", Num: true, Text: func(x *pmo.Risk) string { return strconv.Itoa(x.Probability) }},
		column[pmo.Risk]{Label: "I", Sort: "impact", Num: true, Text: func(x *pmo.Risk) string { return strconv.Itoa(x.Impact) }},
		column[pmo.Risk]{Label: "Score", Sort: "score", Num: true, Text: func(x *pmo.Risk) string { return strconv.Itoa(x.Score) },
			HTML: func(x *pmo.Risk) template.HTML { return scoreBadge(x.Score) }},
		column[pmo.Risk]{Label: "EMV", Sort: "emv", Num: true, Text: func(x *pmo.Risk) string { return formatMoney(x.EMV) }},
		column[pmo.Risk]{Label: "Review", Sort: "review_date", Text: func(x *pmo.Risk) string { return x.ReviewDate.String() }},
	)
}

// scoreBadge shows a risk score with its band spelled out.
func scoreBadge(score int) template.HTML {
	band := pmo.ScoreBand(score)
	return template.HTML(fmt.Sprintf(`<span class="score band-%s" title="%s">%d <small>%s</small></span>`, band, band, score, band))
}

func issueColumns(lookup func(int64) *pmo.Project, links recordLinks) []column[pmo.Issue] {
	e := func(x *pmo.Issue) *pmo.Entry { return &x.Entry }
	cols := []column[pmo.Issue]{projectCol(lookup, func(x *pmo.Issue) int64 { return x.ProjectID }), titleCol("issues", links, e)}
	cols = append(cols, entryCols(e)...)
	return append(cols,
		column[pmo.Issue]{Label: "Severity", Sort: "severity", Text: func(x *pmo.Issue) string { return label(x.Severity) }},
		column[pmo.Issue]{Label: "Due", Sort: "due", Text: func(x *pmo.Issue) string { return x.Due.String() }},
	)
}

func actionColumns(lookup func(int64) *pmo.Project, links recordLinks) []column[pmo.Action] {
	e := func(x *pmo.Action) *pmo.Entry { return &x.Entry }
	cols := []column[pmo.Action]{projectCol(lookup, func(x *pmo.Action) int64 { return x.ProjectID }), titleCol("actions", links, e)}
	cols = append(cols, entryCols(e)...)
	return append(cols,
		column[pmo.Action]{Label: "Category", Text: func(x *pmo.Action) string { return x.Category }},
		column[pmo.Action]{Label: "Due", Sort: "due", Text: func(x *pmo.Action) string { return x.Due.String() }},
	)
}

func decisionColumns(lookup func(int64) *pmo.Project, links recordLinks) []column[pmo.Decision] {
	e := func(x *pmo.Decision) *pmo.Entry { return &x.Entry }
	cols := []column[pmo.Decision]{projectCol(lookup, func(x *pmo.Decision) int64 { return x.ProjectID }), titleCol("decisions", links, e)}
	cols = append(cols, entryCols(e)...)
	return append(cols,
		column[pmo.Decision]{Label: "Needed by", Sort: "needed_by", Text: func(x *pmo.Decision) string { return x.NeededBy.String() }},
		column[pmo.Decision]{Label: "Forum", Text: func(x *pmo.Decision) string { return x.Forum }},
		column[pmo.Decision]{Label: "Decided", Sort: "decided_on", Text: func(x *pmo.Decision) string {
			if x.DecidedOn.IsZero() {
				return ""
			}
			return x.DecidedOn.String() + " by " + x.DecidedBy
		}},
	)
}

func dependencyColumns(lookup func(int64) *pmo.Project, links recordLinks) []column[pmo.Dependency] {
	e := func(x *pmo.Dependency) *pmo.Entry { return &x.Entry }
	cols := []column[pmo.Dependency]{projectCol(lookup, func(x *pmo.Dependency) int64 { return x.ProjectID }), titleCol("dependencies", links, e)}
	cols = append(cols, entryCols(e)...)
	return append(cols,
		column[pmo.Dependency]{Label: "Provider", Text: func(x *pmo.Dependency) string { return lookup(x.ToProjectID).Code },
			HTML: func(x *pmo.Dependency) template.HTML {
				return linkTo("/projects/"+itoa(x.ToProjectID), lookup(x.ToProjectID).Code)
			}},
		column[pmo.Dependency]{Label: "Need by", Sort: "need_by", Text: func(x *pmo.Dependency) string { return x.NeedBy.String() }},
		column[pmo.Dependency]{Label: "Committed", Sort: "committed", Text: func(x *pmo.Dependency) string { return x.Committed.String() }},
	)
}

func milestoneColumns(lookup func(int64) *pmo.Project, links recordLinks) []column[pmo.Milestone] {
	return []column[pmo.Milestone]{
		projectCol(lookup, func(x *pmo.Milestone) int64 { return x.ProjectID }),
		{Label: "Milestone", Sort: "name", Text: func(x *pmo.Milestone) string { return x.Name },
			HTML: func(x *pmo.Milestone) template.HTML {
				return linkOrText(links.href("milestones", x.ID, x.ProjectID), x.Name)
			}},
		{Label: "Key", Text: func(x *pmo.Milestone) string {
			if x.Key {
				return "key"
			}
			return ""
		}},
		{Label: "Baseline", Sort: "baseline", Text: func(x *pmo.Milestone) string { return x.Baseline.String() }},
		{Label: "Forecast", Sort: "forecast", Text: func(x *pmo.Milestone) string { return x.Forecast.String() }},
		{Label: "Slip", Num: true, Text: func(x *pmo.Milestone) string { return slipText(x.SlipDays()) }},
		{Label: "Actual", Sort: "actual", Text: func(x *pmo.Milestone) string { return x.Actual.String() }},
	}
}

func (s *Server) changeList() lister[pmo.ChangeRequest] {
	return lister[pmo.ChangeRequest]{
		s: s, path: "changes", title: "Change requests", noun: "change request",
		controls: []string{"q", "portfolio_id", "program_id", "project_id", "change_state"},
		find: func(ctx context.Context, q *query, opts pmo.ListOptions) ([]*pmo.ChangeRequest, pmo.Page, error) {
			f := pmo.ChangeFilter{PortfolioID: q.id("portfolio_id"), ProgramID: q.id("program_id"),
				ProjectID: q.id("project_id"), States: enum(q, "state", pmo.ChangeStates), Query: q.str("q"), ListOptions: opts}
			if q.err() != nil {
				return nil, pmo.Page{}, nil
			}
			return s.svc.FindChangeRequests(ctx, f)
		},
		projectOf: func(c *pmo.ChangeRequest) []int64 { return []int64{c.ProjectID} },
		columns: func(lookup func(int64) *pmo.Project, _ recordLinks) []column[pmo.ChangeRequest] {
			return []column[pmo.ChangeRequest]{
				projectCol(lookup, func(x *pmo.ChangeRequest) int64 { return x.ProjectID }),
				{Label: "Title", Text: func(x *pmo.ChangeRequest) string { return x.Title },
					HTML: func(x *pmo.ChangeRequest) template.HTML { return linkTo("/changes/"+itoa(x.ID), x.Title) }},
				{Label: "State", Sort: "state", Text: func(x *pmo.ChangeRequest) string { return label(x.State) },
					HTML: func(x *pmo.ChangeRequest) template.HTML {
						return template.HTML(`<span class="state state-` + string(x.State) + `">` + label(x.State) + `</span>`)
					}},
				{Label: "Priority", Sort: "priority", Num: true, Text: func(x *pmo.ChangeRequest) string { return strconv.Itoa(x.Priority) }},
				{Label: "Cost impact", Sort: "cost_impact", Num: true, Text: func(x *pmo.ChangeRequest) string { return formatMoney(x.CostImpact) }},
				{Label: "Schedule impact", Num: true, Text: func(x *pmo.ChangeRequest) string { return fmt.Sprintf("%+d d", x.ScheduleDays) }},
				{Label: "Requested by", Text: func(x *pmo.ChangeRequest) string { return x.RequestedBy }},
				{Label: "Raised", Sort: "created_at", Text: func(x *pmo.ChangeRequest) string { return pmo.DateOf(x.CreatedAt).String() }},
			}
		},
	}
}
