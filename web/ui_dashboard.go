package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"sync"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/web/chart"
)

// Dashboard sizes: how many rows each panel shows before "see all".
const (
	dashExceptions = 30
	dashRows       = 8
	dashMilestones = 25
	dashHorizon    = 90 // days of milestones ahead
)

// countLink is a number on the dashboard with the list behind it.
type countLink struct {
	Label string
	Count int
	Href  string
}

// dashboardPage is the data of dashboard.html.
type dashboardPage struct {
	basePage
	Portfolio  *pmo.Portfolio // nil across all portfolios
	Portfolios []*pmo.Portfolio
	AsOf       pmo.Date
	Rollup     *pmo.Rollup

	Tiles        []countLink
	Stages       []countLink
	States       []countLink
	Distribution template.HTML
	RAGLinks     map[string]map[pmo.RAG]string // the list behind each rating count

	Heatmap       template.HTML
	Exceptions    int
	ExceptionsURL string
	AllURL        string

	Budget    template.HTML
	Budgets   []pmo.BudgetTotal
	BudgetURL string // the projects behind the totals, largest budget first

	Overdue      []pmo.OverdueStatus
	OverdueTotal int
	OverdueURL   string

	Timeline      template.HTML
	MilestonesURL string

	TopRisks  []riskRow
	RisksURL  string
	Escalated []escalation
	EscURL    map[string]string
	Decisions []decisionRow
	DecURL    string
}

// riskRow is a top risk; Href is where its title links (see recordLinks).
type riskRow struct {
	*pmo.Risk
	Project *pmo.Project
	Href    string
}

// decisionRow is a decision needed; Href as for riskRow.
type decisionRow struct {
	*pmo.Decision
	Project *pmo.Project
	Href    string
}

// escalation is one record escalated to portfolio level, of any type.
type escalation struct {
	Kind, Title, Href, Owner, Status string
	Score                            int
	Project                          *pmo.Project
}

// dashboardPage serves / and /portfolios/{id}.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := &dashboardPage{basePage: s.base(r, "Portfolio dashboard", "dashboard"), AsOf: pmo.DateOf(s.now())}
	scope := url.Values{}
	if r.PathValue("id") != "" {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if d.Portfolio, err = s.svc.FindPortfolioByID(ctx, id); err != nil {
			return err
		}
		d.Title = d.Portfolio.Name
		scope.Set("portfolio_id", itoa(id))
	}
	pid := int64(0)
	if d.Portfolio != nil {
		pid = d.Portfolio.ID
	}
	var (
		exceptions []*pmo.Project
		milestones []*pmo.Milestone
		risks      []*pmo.Risk
		decisions  []*pmo.Decision
		escRisks   []*pmo.Risk
		escIssues  []*pmo.Issue
		escDecs    []*pmo.Decision
	)
	// Panels show their first rows and link to the list for the rest, so
	// they skip counting every match.
	open := func(sort string, limit int) pmo.RecordFilter {
		return pmo.RecordFilter{PortfolioID: pid, Open: true, ListOptions: pmo.ListOptions{Sort: sort, Limit: limit, SkipTotal: true}}
	}
	escalated := func(sort string) pmo.RecordFilter {
		f := open(sort, dashRows)
		f.Levels = []pmo.Level{pmo.PortfolioLevel}
		return f
	}
	var g group
	g.Go(func() (err error) {
		d.Portfolios, _, err = s.svc.FindPortfolios(readerReach(ctx), pmo.PortfolioFilter{ListOptions: pmo.ListOptions{Sort: "name", Limit: 100}})
		return err
	})
	g.Go(func() (err error) {
		d.Rollup, err = s.svc.Rollup(ctx, pmo.RollupFilter{PortfolioID: pid, AsOf: d.AsOf})
		return err
	})
	g.Go(func() (err error) {
		exceptions, _, err = s.svc.FindProjects(ctx, pmo.ProjectFilter{PortfolioID: pid,
			States: []pmo.State{pmo.Active, pmo.OnHold}, RAG: map[string][]pmo.RAG{"overall": {pmo.Red, pmo.Amber}},
			ListOptions: pmo.ListOptions{Sort: "overall", Limit: dashExceptions, SkipTotal: true}})
		return err
	})
	g.Go(func() (err error) {
		f := open("forecast", dashMilestones)
		f.From, f.To = d.AsOf, d.AsOf.AddDays(dashHorizon)
		milestones, _, err = s.svc.Milestones().Find(ctx, f)
		return err
	})
	g.Go(func() (err error) {
		risks, _, err = s.svc.Risks().Find(ctx, open("-score", dashRows))
		return err
	})
	g.Go(func() (err error) {
		f := open("needed_by", dashRows)
		f.Statuses = []string{"pending"}
		decisions, _, err = s.svc.Decisions().Find(ctx, f)
		return err
	})
	g.Go(func() (err error) {
		escRisks, _, err = s.svc.Risks().Find(ctx, escalated("-score"))
		return err
	})
	g.Go(func() (err error) {
		escIssues, _, err = s.svc.Issues().Find(ctx, escalated("due"))
		return err
	})
	g.Go(func() (err error) {
		escDecs, _, err = s.svc.Decisions().Find(ctx, escalated("needed_by"))
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}

	// The projects that the record panels name, read once each.
	ids := []int64{}
	for _, m := range milestones {
		ids = append(ids, m.ProjectID)
	}
	for _, x := range risks {
		ids = append(ids, x.ProjectID)
	}
	for _, x := range decisions {
		ids = append(ids, x.ProjectID)
	}
	for _, x := range escRisks {
		ids = append(ids, x.ProjectID)
	}
	for _, x := range escIssues {
		ids = append(ids, x.ProjectID)
	}
	for _, x := range escDecs {
		ids = append(ids, x.ProjectID)
	}
	projects, err := s.projectsByID(ctx, ids)
	if err != nil {
		return err
	}

	ru := d.Rollup
	live := withValues(scope, "state", "active", "state", "on_hold")
	d.Tiles = []countLink{
		{"Projects", ru.Projects, listURL("projects", scope)},
		{"Active", ru.ByState[pmo.Active], listURL("projects", withValues(scope, "state", "active"))},
		{"Red overall", ru.RAG["overall"][pmo.Red], listURL("projects", withValues(live, "rag", "red"))},
		{"Amber overall", ru.RAG["overall"][pmo.Amber], listURL("projects", withValues(live, "rag", "amber"))},
		{"Status overdue", len(ru.Overdue), listURL("projects", withValues(scope, "overdue", "true"))},
	}
	for _, st := range pmo.Stages {
		d.Stages = append(d.Stages, countLink{label(st), ru.ByStage[st], listURL("projects", withValues(scope, "stage", string(st)))})
	}
	for _, st := range pmo.States {
		d.States = append(d.States, countLink{label(st), ru.ByState[st], listURL("projects", withValues(scope, "state", string(st)))})
	}
	var dist []chart.DistRow
	d.RAGLinks = map[string]map[pmo.RAG]string{}
	for _, dim := range pmo.Dimensions {
		row := chart.DistRow{Name: label(dim)}
		d.RAGLinks[dim] = map[pmo.RAG]string{}
		for _, rg := range pmo.RAGs {
			href := listURL("projects", withValues(live, "rag."+dim, string(rg)))
			d.RAGLinks[dim][rg] = href
			row.Segments = append(row.Segments, chart.Segment{RAG: rg, Count: ru.RAG[dim][rg], Href: href})
		}
		dist = append(dist, row)
	}
	d.Distribution = chart.Distribution(dist)

	// The roll-up counts the same projects: live ones rated red or amber.
	d.Exceptions = ru.RAG["overall"][pmo.Red] + ru.RAG["overall"][pmo.Amber]
	d.ExceptionsURL = listURL("projects", withValues(live, "rag", "red", "rag", "amber", "sort", "overall"))
	d.AllURL = listURL("projects", withValues(live, "sort", "overall"))
	d.Heatmap = heatmap(exceptions, live)

	d.Budgets = ru.Budgets
	d.BudgetURL = listURL("projects", withValues(scope, "state", "proposed", "state", "active", "state", "on_hold",
		"state", "closed", "sort", "-budget"))
	var bars []chart.BudgetBar
	for _, b := range ru.Budgets {
		cur := b.Currency
		bars = append(bars, chart.BudgetBar{Label: cur, Budget: b.Budget, Forecast: b.Forecast, Actual: b.Actual,
			Format: func(m int64) string { return cur + " " + formatShort(m) }})
	}
	d.Budget = chart.BudgetBars(bars)

	d.OverdueTotal = len(ru.Overdue)
	d.Overdue = ru.Overdue[:min(len(ru.Overdue), dashRows)]
	d.OverdueURL = listURL("projects", withValues(scope, "overdue", "true"))

	var marks []chart.Mark
	for _, m := range milestones {
		p := projects[m.ProjectID]
		marks = append(marks, chart.Mark{Label: p.Code + " · " + m.Name, Baseline: m.Baseline, Forecast: m.Forecast,
			Key: m.Key, Href: "/projects/" + itoa(m.ProjectID)})
	}
	d.Timeline = chart.Timeline(d.AsOf, d.AsOf.AddDays(dashHorizon), d.AsOf, marks)
	d.MilestonesURL = listURL("milestones", withValues(scope, "open", "true", "from", d.AsOf.String(),
		"to", d.AsOf.AddDays(dashHorizon).String()))

	links := listLinks(r, func(id int64) *pmo.Project { return projects[id] })
	for _, x := range risks {
		d.TopRisks = append(d.TopRisks, riskRow{x, projects[x.ProjectID], links.href("risks", x.ID, x.ProjectID)})
	}
	d.RisksURL = listURL("risks", withValues(scope, "open", "true", "sort", "-score"))
	for _, x := range decisions {
		d.Decisions = append(d.Decisions, decisionRow{x, projects[x.ProjectID], links.href("decisions", x.ID, x.ProjectID)})
	}
	d.DecURL = listURL("decisions", withValues(scope, "status", "pending", "sort", "needed_by"))
	for _, x := range escRisks {
		d.Escalated = append(d.Escalated, escalation{Kind: "Risk", Title: x.Title, Href: links.href("risks", x.ID, x.ProjectID),
			Owner: x.Owner, Status: x.Status, Score: x.Score, Project: projects[x.ProjectID]})
	}
	for _, x := range escIssues {
		d.Escalated = append(d.Escalated, escalation{Kind: "Issue", Title: x.Title, Href: links.href("issues", x.ID, x.ProjectID),
			Owner: x.Owner, Status: x.Status, Project: projects[x.ProjectID]})
	}
	for _, x := range escDecs {
		d.Escalated = append(d.Escalated, escalation{Kind: "Decision", Title: x.Title, Href: links.href("decisions", x.ID, x.ProjectID),
			Owner: x.Owner, Status: x.Status, Project: projects[x.ProjectID]})
	}
	esc := withValues(scope, "level", "portfolio", "open", "true")
	d.EscURL = map[string]string{"risks": listURL("risks", esc), "issues": listURL("issues", esc), "decisions": listURL("decisions", esc)}
	return s.render(w, http.StatusOK, "dashboard.html", d)
}

// heatmap draws projects against the rated dimensions; each cell links to
// the list of live projects with the same rating in that dimension.
func heatmap(ps []*pmo.Project, scope url.Values) template.HTML {
	cols := make([]string, len(pmo.Dimensions))
	for i, dim := range pmo.Dimensions {
		cols[i] = label(dim)
	}
	rows := make([]chart.HeatRow, 0, len(ps))
	for _, p := range ps {
		row := chart.HeatRow{Label: p.Code + " " + p.Name, Href: "/projects/" + itoa(p.ID)}
		for _, dim := range pmo.Dimensions {
			c := chart.Cell{RAG: pmo.Grey}
			if p.Status != nil {
				c.RAG, c.Trend = p.Status.Rating(dim), p.Status.Trend(dim)
			}
			c.Href = listURL("projects", withValues(scope, "rag."+dim, string(c.RAG)))
			row.Cells = append(row.Cells, c)
		}
		rows = append(rows, row)
	}
	return chart.Heatmap(cols, rows)
}

// projectsByID reads the distinct projects named by ids, a page of up to
// pmo.MaxLimit at a time.
func (s *Server) projectsByID(ctx context.Context, ids []int64) (map[int64]*pmo.Project, error) {
	out := map[int64]*pmo.Project{}
	var want []int64
	seen := map[int64]bool{}
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			want = append(want, id)
		}
	}
	for len(want) > 0 {
		batch := want[:min(len(want), pmo.MaxLimit)]
		want = want[len(batch):]
		ps, _, err := s.svc.FindProjects(ctx, pmo.ProjectFilter{IDs: batch,
			ListOptions: pmo.ListOptions{Limit: len(batch), SkipTotal: true}})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			out[p.ID] = p
		}
	}
	return out, nil
}

// listURL is the address of a list page with the given query.
func listURL(path string, q url.Values) string {
	if len(q) == 0 {
		return "/" + path
	}
	return "/" + path + "?" + q.Encode()
}

// withValues returns a copy of q with name/value pairs added.
func withValues(q url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Add(kv[i], kv[i+1])
	}
	return out
}

// group runs loaders concurrently and keeps the first error, so a page's
// independent queries overlap on the database's reader pool.
type group struct {
	wg   sync.WaitGroup
	once sync.Once
	err  error
}

// Go runs f in its own goroutine.
func (g *group) Go(f func() error) {
	g.wg.Go(func() {
		if err := f(); err != nil {
			g.once.Do(func() { g.err = err })
		}
	})
}

// Wait waits for every loader and returns the first error.
func (g *group) Wait() error {
	g.wg.Wait()
	return g.err
}

// readerReach narrows ctx to what the signed-in user may read. A page of one
// portfolio is not narrowed by the guard (its reader may read all of it), yet
// its portfolio switcher must list only the portfolios the user may open.
func readerReach(ctx context.Context) context.Context {
	p := principalFrom(ctx)
	if p == nil || isAdmin(p.user.Grants) {
		return ctx
	}
	if reach, all := auth.ReachOf(p.user.Grants, auth.Read); !all {
		return pmo.WithReach(ctx, reach)
	}
	return ctx
}
