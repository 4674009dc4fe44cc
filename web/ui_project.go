package web

import (
	"context"
	"html/template"
	"net/http"
	"slices"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/web/chart"
)

// historyPeriods is how many periods of status history the project page draws.
const historyPeriods = 26

// tabRows caps the rows of a RAID tab; the tab links to the full list.
const tabRows = 200

// table is a rendered table of records.
type table struct {
	Header []headerCell
	Rows   [][]template.HTML
	Nums   []bool
}

// tableOf renders items with cols, leaving out the project column.
func tableOf[T any](items []*T, cols []column[T]) table {
	var t table
	cols = slices.DeleteFunc(slices.Clone(cols), func(c column[T]) bool { return c.Label == "Project" })
	for _, c := range cols {
		t.Header = append(t.Header, headerCell{Label: c.Label, Num: c.Num})
		t.Nums = append(t.Nums, c.Num)
	}
	for _, it := range items {
		row := make([]template.HTML, len(cols))
		for i, c := range cols {
			if c.HTML != nil {
				row[i] = c.HTML(it)
			} else {
				row[i] = template.HTML(template.HTMLEscapeString(c.Text(it)))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// tab is one RAID tab of the project page.
type tab struct {
	Key, Label string
	Count      int
	Href       string
	Active     bool
	New        string // the "new record" form
	Noun       string
	ListURL    string
}

// projectPage is the data of project.html.
type projectPage struct {
	basePage
	Project   *pmo.Project
	Portfolio *pmo.Portfolio
	Program   *pmo.Program
	Overdue   bool
	Forecast  pmo.Money
	Variance  int64 // budget minus forecast, in minor units; positive is favourable
	Tabs      []tab
	Tab       string
	// Edit: the user may edit this project's records and status (readers see no edit or "new" links).
	Edit bool
	// Governance is the project's standing against the framework
	// (web/ui_governance_project.go); nil without one.
	Governance *projectGovSummary
	// Proposal is the intake proposal the project was funded from
	// (web/ui_intake_decide.go); nil otherwise.
	Proposal *pmo.Proposal

	// Overview
	Strips     template.HTML
	Reports    []*pmo.StatusReport
	Milestones []*pmo.Milestone
	Timeline   template.HTML
	AsOf       pmo.Date

	// A RAID tab
	Table   table
	Matrix  template.HTML
	More    bool
	ListURL string
}

var projectTabs = []struct{ key, label, noun string }{
	{"overview", "Overview", ""},
	{"risks", "Risks", "risk"},
	{"issues", "Issues", "issue"},
	{"actions", "Actions", "action"},
	{"decisions", "Decisions", "decision"},
	{"dependencies", "Dependencies", "dependency"},
	{"milestones", "Milestones", "milestone"},
	{"changes", "Change requests", "change request"},
}

// projectPage serves /projects/{id}: header facts, status history and
// milestones on the overview, and a tab per RAID register.
func (s *Server) projectPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, pf, err := s.projectFor(ctx, id)
	if err != nil {
		return err
	}
	d := &projectPage{basePage: s.base(r, p.Code+" "+p.Name, "projects"), Project: p, Portfolio: pf, AsOf: pmo.DateOf(s.now()),
		Edit: mayEdit(r, p)}
	d.Tab = r.URL.Query().Get("tab")
	if !slices.ContainsFunc(projectTabs, func(t struct{ key, label, noun string }) bool { return t.key == d.Tab }) {
		d.Tab = "overview"
	}
	var last pmo.Period
	if p.Status != nil {
		last = p.Status.Period
	}
	d.Overdue = p.State == pmo.Active && pmo.StatusOverdue(pf.Cadence, last, d.AsOf)
	d.Forecast = p.Budget
	if p.Status != nil && p.Status.ForecastCost.Currency != "" {
		d.Forecast = p.Status.ForecastCost
	}
	if d.Forecast.Currency == p.Budget.Currency {
		d.Variance = p.Budget.Minor - d.Forecast.Minor
	}

	counts := make([]int, len(projectTabs))
	rf := pmo.RecordFilter{ProjectID: id, ListOptions: pmo.ListOptions{Limit: 1}}
	var g group
	if p.ProgramID != 0 {
		g.Go(func() (err error) { d.Program, err = s.svc.FindProgramByID(ctx, p.ProgramID); return err })
	}
	count := func(i int, f func() (pmo.Page, error)) {
		g.Go(func() error {
			pg, err := f()
			counts[i] = pg.Total
			return err
		})
	}
	count(1, func() (pmo.Page, error) { _, pg, err := s.svc.Risks().Find(ctx, rf); return pg, err })
	count(2, func() (pmo.Page, error) { _, pg, err := s.svc.Issues().Find(ctx, rf); return pg, err })
	count(3, func() (pmo.Page, error) { _, pg, err := s.svc.Actions().Find(ctx, rf); return pg, err })
	count(4, func() (pmo.Page, error) { _, pg, err := s.svc.Decisions().Find(ctx, rf); return pg, err })
	count(5, func() (pmo.Page, error) { _, pg, err := s.svc.Dependencies().Find(ctx, rf); return pg, err })
	count(6, func() (pmo.Page, error) { _, pg, err := s.svc.Milestones().Find(ctx, rf); return pg, err })
	count(7, func() (pmo.Page, error) {
		_, pg, err := s.svc.FindChangeRequests(ctx, pmo.ChangeFilter{ProjectID: id, ListOptions: pmo.ListOptions{Limit: 1}})
		return pg, err
	})
	g.Go(func() error { return s.fillTab(ctx, d) })
	g.Go(func() (err error) { d.Governance, err = s.governanceSummary(ctx, id); return err })
	g.Go(func() (err error) { d.Proposal, err = s.projectProposal(ctx, id); return err })
	if err := g.Wait(); err != nil {
		return err
	}
	for i, t := range projectTabs {
		tb := tab{Key: t.key, Label: t.label, Count: counts[i], Href: "/projects/" + itoa(id) + "?tab=" + t.key,
			Active: t.key == d.Tab, Noun: t.noun}
		if t.key != "overview" {
			if d.Edit || (t.key == "changes" && may(r, auth.Request, auth.Target{Portfolio: p.PortfolioID, Program: p.ProgramID, Project: id})) {
				tb.New = "/projects/" + itoa(id) + "/" + t.key + "/new"
			}
			tb.ListURL = "/" + t.key + "?project_id=" + itoa(id)
		}
		if tb.Active {
			d.ListURL = tb.ListURL
		}
		d.Tabs = append(d.Tabs, tb)
	}
	return s.render(w, http.StatusOK, "project.html", d)
}

// fillTab loads what the active tab shows.
func (s *Server) fillTab(ctx context.Context, d *projectPage) error {
	id := d.Project.ID
	rf := pmo.RecordFilter{ProjectID: id, ListOptions: pmo.ListOptions{Limit: tabRows}}
	self := func(int64) *pmo.Project { return d.Project }
	links := recordLinks{edit: func(int64) bool { return d.Edit }, tab: true}
	var err error
	var total int
	switch d.Tab {
	case "overview":
		return s.fillOverview(ctx, d)
	case "risks":
		var xs []*pmo.Risk
		var pg pmo.Page
		if xs, pg, err = s.svc.Risks().Find(ctx, rf); err == nil {
			d.Table, total = tableOf(xs, riskColumns(self, links)), pg.Total
			d.Matrix, err = s.projectRiskMatrix(ctx, id)
		}
	case "issues":
		var xs []*pmo.Issue
		var pg pmo.Page
		if xs, pg, err = s.svc.Issues().Find(ctx, rf); err == nil {
			d.Table, total = tableOf(xs, issueColumns(self, links)), pg.Total
		}
	case "actions":
		var xs []*pmo.Action
		var pg pmo.Page
		if xs, pg, err = s.svc.Actions().Find(ctx, rf); err == nil {
			d.Table, total = tableOf(xs, actionColumns(self, links)), pg.Total
		}
	case "decisions":
		var xs []*pmo.Decision
		var pg pmo.Page
		if xs, pg, err = s.svc.Decisions().Find(ctx, rf); err == nil {
			d.Table, total = tableOf(xs, decisionColumns(self, links)), pg.Total
		}
	case "dependencies":
		var xs []*pmo.Dependency
		var pg pmo.Page
		if xs, pg, err = s.svc.Dependencies().Find(ctx, rf); err == nil {
			var lookup func(int64) *pmo.Project
			lookup, err = lookupFor(ctx, s, xs, func(x *pmo.Dependency) []int64 { return []int64{x.ToProjectID} })
			if err == nil {
				d.Table, total = tableOf(xs, dependencyColumns(lookup, links)), pg.Total
			}
		}
	case "milestones":
		var xs []*pmo.Milestone
		var pg pmo.Page
		if xs, pg, err = s.svc.Milestones().Find(ctx, rf); err == nil {
			d.Table, total = tableOf(xs, milestoneColumns(self, links)), pg.Total
		}
	case "changes":
		var xs []*pmo.ChangeRequest
		var pg pmo.Page
		xs, pg, err = s.svc.FindChangeRequests(ctx, pmo.ChangeFilter{ProjectID: id, ListOptions: rf.ListOptions})
		if err == nil {
			d.Table, total = tableOf(xs, s.changeList().columns(self, links)), pg.Total
		}
	}
	d.More = total > len(d.Table.Rows)
	return err
}

// fillOverview loads the status history and the milestones.
func (s *Server) fillOverview(ctx context.Context, d *projectPage) error {
	id := d.Project.ID
	reports, _, err := s.svc.FindStatusReports(ctx, pmo.StatusFilter{ProjectID: id,
		ListOptions: pmo.ListOptions{Sort: "-period", Limit: historyPeriods}})
	if err != nil {
		return err
	}
	d.Reports = reports
	d.Milestones, _, err = s.svc.Milestones().Find(ctx, pmo.RecordFilter{ProjectID: id,
		ListOptions: pmo.ListOptions{Sort: "forecast", Limit: tabRows}})
	if err != nil {
		return err
	}
	if len(reports) > 0 {
		periods := make([]string, len(reports))
		rows := make([]chart.StripRow, len(pmo.Dimensions))
		for i, dim := range pmo.Dimensions {
			rows[i].Name = label(dim)
		}
		for j := range reports {
			rep := reports[len(reports)-1-j] // oldest first
			periods[j] = rep.Period.String()
			for i, rg := range []pmo.RAG{rep.Schedule, rep.Cost, rep.Scope, rep.Risk, rep.Overall} {
				rows[i].Cells = append(rows[i].Cells, chart.Cell{RAG: rg})
			}
		}
		d.Strips = chart.Strips(periods, rows)
	}
	if len(d.Milestones) > 0 {
		from, to := d.Milestones[0].Forecast, d.Milestones[0].Forecast
		var marks []chart.Mark
		for _, m := range d.Milestones {
			for _, x := range []pmo.Date{m.Baseline, m.Forecast} {
				if x.IsZero() {
					continue
				}
				if x.Before(from) {
					from = x
				}
				if x.After(to) {
					to = x
				}
			}
			mk := chart.Mark{Label: m.Name, Baseline: m.Baseline, Forecast: m.Forecast, Key: m.Key}
			if d.Edit {
				mk.Href = "/milestones/" + itoa(m.ID) + "/edit"
			}
			marks = append(marks, mk)
		}
		from, to = from.AddDays(-14), to.AddDays(14)
		d.Timeline = chart.Timeline(from, to, d.AsOf, marks)
	}
	return nil
}
