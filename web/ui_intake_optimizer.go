package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/planning"
	"github.com/pmohq/pmo/web/chart"
)

// optimizerPageData is the data of optimizer.html: a scenario, its latest
// run in PMO terms, and what can be done with it.
type optimizerPageData struct {
	basePage
	Portfolio  *pmo.Portfolio
	Scenario   *pmo.Scenario
	Run        *pmo.ScenarioRun
	Outcome    *planning.Outcome
	Value      string
	Bound      string
	Gap        string
	Selected   []selectedRow
	Rejected   []rejectedRow
	SpendChart template.HTML
	LoadChart  template.HTML
	Others     []*pmo.Scenario // run scenarios to compare with, when this one has run
	Notes      []string
	Errors     []string
	CanGovern  bool
	CanDecide  bool
	ToApprove  int // selected proposals not yet approved
	ToFund     int // selected proposals approved, not yet funded
	Funded     int
}

// selectedRow is a proposal of the selection.
type selectedRow struct {
	planning.Chosen
	State   pmo.ProposalState
	Project *pmo.Project
	ValueT  string
	CostT   string
}

// rejectedRow is a candidate left out, with its explanation link.
type rejectedRow struct {
	ID          int64
	Code, Title string
	Explain     string
}

// loadOptimizer gathers the optimiser page of the path's scenario.
func (s *Server) loadOptimizer(r *http.Request) (*optimizerPageData, error) {
	ctx := r.Context()
	sc, err := s.pathScenario(r)
	if err != nil {
		return nil, err
	}
	pf, err := s.svc.FindPortfolioByID(ctx, sc.PortfolioID)
	if err != nil {
		return nil, err
	}
	t := auth.Target{Portfolio: pf.ID}
	d := &optimizerPageData{basePage: s.base(r, sc.Name+" · optimiser", "intake"), Portfolio: pf, Scenario: sc,
		CanGovern: may(r, auth.Govern, t), CanDecide: may(r, auth.Decide, t)}
	others, _, err := s.intake().FindScenarios(ctx, pmo.ScenarioFilter{PortfolioID: pf.ID, ListOptions: pmo.ListOptions{Sort: "name", Limit: pmo.MaxLimit, SkipTotal: true}})
	if err != nil {
		return nil, err
	}
	// Only runs compare: offering a scenario that never ran leads to an error.
	for _, o := range others {
		if o.ID != sc.ID && o.LastRun != nil && sc.LastRun != nil {
			d.Others = append(d.Others, o)
		}
	}
	if sc.LastRun == nil {
		return d, nil
	}
	d.Run = sc.LastRun
	_, _, out, err := s.runOutcome(ctx, sc, d.Run)
	if pmo.ErrorKind(err) == pmo.Invalid {
		d.Errors = append(d.Errors, "The pipeline no longer fits this scenario, so the stored run cannot be shown against it: "+strings.Join(errorLines(err), "; "))
		return d, nil
	}
	if err != nil {
		return nil, err
	}
	d.Outcome = out
	d.Value, d.Bound = formatValue(sc, d.Run.Value), formatValue(sc, d.Run.Bound)
	d.Gap = fmt.Sprintf("%.2f%%", d.Run.Gap*100)
	for _, n := range out.Notes {
		d.Notes = append(d.Notes, n.Code+": "+n.Message)
	}
	for _, ch := range out.Selected {
		row := selectedRow{Chosen: ch, ValueT: formatValue(sc, ch.Value), CostT: formatMoney(pmo.Money{Minor: ch.Cost, Currency: sc.Currency})}
		if p, err := s.intake().FindProposalByID(ctx, ch.ProposalID); err == nil {
			row.State = p.State
			if p.ProjectID > 0 {
				row.Project, _ = s.svc.FindProjectByID(ctx, p.ProjectID)
			}
		}
		switch row.State {
		case pmo.ProposalApproved:
			d.ToFund++
		case pmo.ProposalFunded:
			d.Funded++
		default:
			d.ToApprove++
		}
		d.Selected = append(d.Selected, row)
	}
	ps, err := s.portfolioProposals(ctx, pf.ID)
	if err != nil {
		return nil, err
	}
	byCode := map[string]*pmo.Proposal{}
	for _, p := range ps {
		byCode[p.Code] = p
	}
	for _, code := range out.Rejected {
		if p := byCode[code]; p != nil {
			d.Rejected = append(d.Rejected, rejectedRow{ID: p.ID, Code: p.Code, Title: p.Title,
				Explain: fmt.Sprintf("/scenario-runs/%d/explain?proposal=%d", d.Run.ID, p.ID)})
		}
	}
	d.SpendChart, d.LoadChart = usageCharts(sc, out)
	return d, nil
}

// errorLines lists a domain error's fields and details.
func errorLines(err error) []string {
	var out []string
	for _, fe := range pmo.ErrorFields(err) {
		out = append(out, fe.Field+" "+fe.Detail)
	}
	if len(out) == 0 {
		out = append(out, pmo.ErrorMessage(err))
	}
	return out
}

// usageCharts draws spend per period against the budget (in whole
// currency units) and each role's FTE against its capacity.
func usageCharts(sc *pmo.Scenario, out *planning.Outcome) (template.HTML, template.HTML) {
	var periods []string
	money := chart.UsageRow{Name: "Spend"}
	for _, ps := range out.Spend {
		periods = append(periods, ps.Period.String())
		money.Committed = append(money.Committed, float64(ps.Committed)/100)
		money.Selected = append(money.Selected, float64(ps.Selected)/100)
		if ps.Budget != nil {
			money.Limit = append(money.Limit, float64(*ps.Budget)/100)
		}
	}
	if len(money.Limit) != len(periods) {
		money.Limit = nil
	}
	unit := sc.Currency
	spend := chart.Usage("Spend per period against the budget", unit, periods, []chart.UsageRow{money})
	var rows []chart.UsageRow
	for _, ru := range out.Capacity {
		rows = append(rows, chart.UsageRow{Name: ru.Role, Committed: ru.Committed, Selected: ru.Selected, Limit: ru.Capacity})
	}
	if len(rows) == 0 {
		return spend, ""
	}
	return spend, chart.Usage("Capacity use per role against capacity", "FTE", periods, rows)
}

// optimizerPage serves /scenarios/{id}.
func (s *Server) optimizerPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadOptimizer(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "optimizer.html", d)
}

// runScenarioPage runs the optimiser within the scenario's time limit,
// stores the run and shows it (PRG); a set-up the pipeline does not fit
// is shown on the page with its fields.
func (s *Server) runScenarioPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := readForm(r); err != nil {
		return err
	}
	sc, err := s.pathScenario(r)
	if err != nil {
		return err
	}
	_, _, err = s.runScenario(r.Context(), sc, actorName(r, ""))
	if err == nil {
		return redirect(w, r, "/scenarios/"+itoa(sc.ID)+"?saved=run")
	}
	if pmo.ErrorKind(err) != pmo.Invalid {
		return err
	}
	d, lerr := s.loadOptimizer(r)
	if lerr != nil {
		return lerr
	}
	d.Errors = append([]string{"The optimiser cannot plan this scenario as it stands:"}, errorLines(err)...)
	return s.render(w, http.StatusUnprocessableEntity, "optimizer.html", d)
}

// frontierPageData is the data of frontier.html.
type frontierPageData struct {
	basePage
	Scenario *pmo.Scenario
	Chart    template.HTML
	Points   []frontierRow
	Error    string
}

// frontierRow is one level in the table under the chart.
type frontierRow struct {
	Level, Budget, Value, Bound string
	Proven                      bool
	Selected                    string
}

// frontierPage serves /scenarios/{id}/frontier; an htmx request (from the
// optimiser page) gets the chart and table alone.
func (s *Server) frontierPage(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.pathScenario(r)
	if err != nil {
		return err
	}
	d := &frontierPageData{basePage: s.base(r, sc.Name+" · efficient frontier", "intake"), Scenario: sc}
	pts, err := s.frontier(r.Context(), sc)
	switch {
	case pmo.ErrorKind(err) == pmo.Invalid:
		d.Error = strings.Join(errorLines(err), "; ")
	case err != nil:
		return err
	default:
		f := chart.Frontier{Unit: "score points"}
		scale := 1.0
		if sc.Objective == pmo.ObjectiveNPV {
			f.Unit, scale = "NPV, "+sc.Currency, 100
		}
		for _, p := range pts {
			budget := formatMoney(pmo.Money{Minor: p.Budget, Currency: sc.Currency})
			f.Points = append(f.Points, chart.FrontierPoint{Level: p.Level, Budget: budget, Value: p.Value / scale, Bound: p.Bound / scale,
				ValueText: formatValue(sc, p.Value), Proven: p.Proven, Count: len(p.Selected)})
			d.Points = append(d.Points, frontierRow{Level: fmt.Sprintf("%.0f%%", p.Level*100), Budget: budget, Value: formatValue(sc, p.Value),
				Bound: formatValue(sc, p.Bound), Proven: p.Proven, Selected: strings.Join(p.Selected, ", ")})
		}
		if run := sc.LastRun; run != nil && !run.Infeasible {
			f.Current = &chart.FrontierPoint{Level: 1, Value: run.Value / scale, Bound: run.Bound / scale, Proven: run.Proven,
				ValueText: formatValue(sc, run.Value), Count: len(run.Selected)}
		}
		d.Chart = chart.FrontierChart(f)
	}
	if r.Header.Get("HX-Request") == "true" {
		var buf bytes.Buffer
		if err := s.ui.pages["frontier.html"].ExecuteTemplate(&buf, "frontierpart", d); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, err := w.Write(buf.Bytes())
		return err
	}
	return s.render(w, http.StatusOK, "frontier.html", d)
}
