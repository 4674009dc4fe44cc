package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// scenariosPageData is the data of scenarios.html.
type scenariosPageData struct {
	basePage
	Portfolio *pmo.Portfolio
	Scenarios []*pmo.Scenario
	Compared  []*pmo.Scenario // those with a run, the ones that compare
	CanGovern bool
}

// scenariosPage serves /portfolios/{id}/scenarios: the saved set-ups with
// their latest runs, and a form to compare two.
func (s *Server) scenariosPage(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.pathPortfolio(r)
	if err != nil {
		return err
	}
	scs, _, err := s.intake().FindScenarios(r.Context(), pmo.ScenarioFilter{PortfolioID: pf.ID, ListOptions: pmo.ListOptions{Sort: "name", Limit: pmo.MaxLimit}})
	if err != nil {
		return err
	}
	d := &scenariosPageData{basePage: s.base(r, "Scenarios · "+pf.Name, "intake"),
		Portfolio: pf, Scenarios: scs, CanGovern: may(r, auth.Govern, auth.Target{Portfolio: pf.ID})}
	for _, sc := range scs {
		if sc.LastRun != nil {
			d.Compared = append(d.Compared, sc)
		}
	}
	return s.render(w, http.StatusOK, "scenarios.html", d)
}

// scenarioFormPage is the data of scenario_form.html.
type scenarioFormPage struct {
	basePage
	Portfolio *pmo.Portfolio
	Heading   string
	Action    string
	Cancel    string
	Version   int
	Fields    []formField
	Errors    []string
}

// scenarioSections lays out the scenario form.
func scenarioFields(v map[string]string, errs map[string]string, isNew bool) []formField {
	f := func(name, lbl, kind, help string, required bool, opts ...option) formField {
		return formField{Name: name, Label: lbl, Kind: kind, Help: help, Required: required, Options: opts, Value: v[name], Error: errs[name]}
	}
	out := []formField{
		f("name", "Name", "text", "e.g. Budget cut 10%", true),
		f("notes", "Notes", "textarea", "", false),
		f("start", "First period", "text", "e.g. 2027-Q1; the proposals' business cases must use the same kind of period.", true),
		f("periods", "Periods in the horizon", "text", "", true),
		f("currency", "Currency", "text", "", false),
		f("budget", "Budget per period", "text", "Whole units, one per period or one for every period; empty for no budget limit.", false),
		f("capacity", "Capacity per role", "textarea", "One role a line: role, then FTE per period (or one value for every period), e.g. Developer: 6", false),
	}
	if isNew {
		out = append(out,
			f("budget_change", "Change the budget by", "text", "Percent, e.g. -10 for a 10% cut; applied on saving.", false),
			f("capacity_change", "Change every role's capacity by", "text", "Percent, e.g. 100 to double the teams.", false))
	}
	return append(out,
		f("objective", "Maximise", "select", "", false, option{Value: "score", Label: "weighted score"}, option{Value: "npv", Label: "net present value"}),
		f("timed", "Let the optimiser choose each start inside its window", "checkbox", "", false),
		f("lock_in", "Force in", "text", "Proposal codes that must be selected.", false),
		f("lock_out", "Force out", "text", "Proposal codes that must not be selected.", false),
		f("time_limit", "Time limit", "text", "Seconds a run may take, at most 600.", false),
		f("seed", "Seed", "text", "The same seed and limit give the same answer.", false))
}

// scenarioValues are the form values of a scenario.
func (s *Server) scenarioValues(ctx context.Context, sc *pmo.Scenario) map[string]string {
	v := map[string]string{"name": sc.Name, "notes": sc.Notes, "periods": strconv.Itoa(sc.Periods), "currency": sc.Currency,
		"budget": majors(sc.Budget), "objective": string(sc.Objective), "time_limit": strconv.FormatFloat(float64(sc.TimeLimitMS)/1000, 'f', -1, 64),
		"seed": strconv.FormatInt(sc.Seed, 10)}
	if !sc.Start.IsZero() {
		v["start"] = sc.Start.String()
	}
	if sc.Timed {
		v["timed"] = "on"
	}
	v["capacity"] = formatRoleLines(sc.Capacity)
	v["lock_in"], v["lock_out"] = s.proposalCodes(ctx, sc.LockIn), s.proposalCodes(ctx, sc.LockOut)
	return v
}

// parseScenario reads the form into sc, errors of unreadable input beside
// their fields.
func (s *Server) parseScenario(ctx context.Context, v map[string]string, sc *pmo.Scenario, errs map[string]string) {
	sc.Name, sc.Notes, sc.Currency = v["name"], v["notes"], strings.ToUpper(strings.TrimSpace(v["currency"]))
	sc.Objective, sc.Timed = pmo.Objective(v["objective"]), v["timed"] != ""
	var err error
	if sc.Start, err = pmo.ParsePeriod(strings.TrimSpace(v["start"])); err != nil {
		errs["start"] = err.Error()
	}
	if sc.Periods, err = strconv.Atoi(strings.TrimSpace(v["periods"])); err != nil {
		errs["periods"] = "must be a whole number"
	}
	pct := func(name string) float64 {
		t := strings.TrimSuffix(strings.TrimSpace(v[name]), "%")
		if t == "" {
			return 0
		}
		x, err := strconv.ParseFloat(t, 64)
		if err != nil || x < -100 {
			errs[name] = "must be a percentage from -100, e.g. -10"
		}
		return x
	}
	bchange, cchange := pct("budget_change"), pct("capacity_change")
	spread := func(name string, xs []float64) []float64 {
		if len(xs) == 1 && sc.Periods > 1 {
			for len(xs) < sc.Periods {
				xs = append(xs, xs[0])
			}
		}
		return xs
	}
	var budget []float64
	for _, x := range splitList(v["budget"]) {
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			errs["budget"] = fmt.Sprintf("%q is not an amount", x)
		}
		budget = append(budget, f)
	}
	sc.Budget = nil
	for _, b := range spread("budget", budget) {
		sc.Budget = append(sc.Budget, int64(math.Round(b*(1+bchange/100)*100)))
	}
	capacity, bad := parseRoleLines(v["capacity"])
	if bad > 0 {
		errs["capacity"] = fmt.Sprintf("line %d: write the role, a colon, then FTE, e.g. Developer: 6", bad)
	}
	for i := range capacity {
		for k := range capacity[i].FTE {
			capacity[i].FTE[k] *= 1 + cchange/100
		}
		capacity[i].FTE = spread("capacity", capacity[i].FTE)
	}
	sc.Capacity = capacity
	if t := strings.TrimSpace(v["time_limit"]); t != "" {
		x, err := strconv.ParseFloat(t, 64)
		if err != nil || x <= 0 {
			errs["time_limit"] = "must be a number of seconds above 0"
		}
		sc.TimeLimitMS = int(math.Round(x * 1000))
	}
	if t := strings.TrimSpace(v["seed"]); t != "" {
		if sc.Seed, err = strconv.ParseInt(t, 10, 64); err != nil {
			errs["seed"] = "must be a whole number"
		}
	}
	byCode := map[string]int64{}
	if ps, err := s.portfolioProposals(ctx, sc.PortfolioID); err == nil {
		for _, p := range ps {
			byCode[strings.ToUpper(p.Code)] = p.ID
		}
	}
	lock := func(name string) []int64 {
		var out []int64
		for _, code := range splitList(v[name]) {
			id, ok := byCode[strings.ToUpper(code)]
			if !ok {
				errs[name] = fmt.Sprintf("no proposal %q in this portfolio", code)
			}
			out = append(out, id)
		}
		return out
	}
	sc.LockIn, sc.LockOut = lock("lock_in"), lock("lock_out")
}

func (s *Server) renderScenarioForm(w http.ResponseWriter, r *http.Request, status int, pf *pmo.Portfolio, sc *pmo.Scenario, v, errs map[string]string, general []string) error {
	d := &scenarioFormPage{basePage: s.base(r, "New scenario", "intake"), Portfolio: pf, Heading: "New scenario",
		Action: "/portfolios/" + itoa(pf.ID) + "/scenarios", Cancel: "/portfolios/" + itoa(pf.ID) + "/scenarios", Errors: general}
	if sc.ID != 0 {
		d.Title, d.Heading, d.Action, d.Cancel, d.Version = "Edit "+sc.Name, "Edit scenario "+sc.Name, "/scenarios/"+itoa(sc.ID), "/scenarios/"+itoa(sc.ID), sc.Version
	}
	d.Fields = scenarioFields(v, errs, sc.ID == 0)
	return s.render(w, status, "scenario_form.html", d)
}

// newScenarioPage serves the form, prefilled from ?from= (a scenario to
// vary) or with the next four quarters.
func (s *Server) newScenarioPage(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.pathPortfolio(r)
	if err != nil {
		return err
	}
	base := &pmo.Scenario{PortfolioID: pf.ID, Start: pmo.QuarterOf(pmo.DateOf(s.now())).Next(), Periods: 4, Currency: pf.Currency,
		Objective: pmo.ObjectiveScore, TimeLimitMS: 10000, Seed: 1}
	if from, err := strconv.ParseInt(r.URL.Query().Get("from"), 10, 64); err == nil {
		if sc, err := s.intake().FindScenarioByID(r.Context(), from); err == nil && sc.PortfolioID == pf.ID {
			base = sc
		}
	}
	v := s.scenarioValues(r.Context(), base)
	if base.ID != 0 {
		v["name"] = base.Name + " (variant)"
	} else {
		v["name"] = ""
	}
	return s.renderScenarioForm(w, r, http.StatusOK, pf, &pmo.Scenario{}, v, map[string]string{}, nil)
}

// createScenarioPage saves a new scenario (PRG to its optimiser page).
func (s *Server) createScenarioPage(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.pathPortfolio(r)
	if err != nil {
		return err
	}
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	sc := &pmo.Scenario{PortfolioID: pf.ID}
	return s.saveScenarioForm(w, r, pf, sc, vals, s.intake().CreateScenario)
}

// saveScenarioForm validates and saves, or shows the errors by field.
func (s *Server) saveScenarioForm(w http.ResponseWriter, r *http.Request, pf *pmo.Portfolio, sc *pmo.Scenario, v map[string]string, save func(context.Context, *pmo.Scenario) error) error {
	errs := map[string]string{}
	s.parseScenario(r.Context(), v, sc, errs)
	var general []string
	if len(errs) == 0 {
		err := save(r.Context(), sc)
		if err == nil {
			return redirect(w, r, "/scenarios/"+itoa(sc.ID)+"?saved=scenario")
		}
		switch pmo.ErrorKind(err) {
		case pmo.Invalid, pmo.Conflict, pmo.Stale:
			for _, fe := range pmo.ErrorFields(err) {
				name := fe.Field
				if i := strings.IndexAny(name, ".["); i > 0 {
					name = name[:i]
				}
				if name == "time_limit_ms" {
					name = "time_limit"
				}
				if _, ok := v[name]; ok && errs[name] == "" {
					errs[name] = fe.Detail
					continue
				}
				general = append(general, fe.Field+" "+fe.Detail)
			}
			if len(pmo.ErrorFields(err)) == 0 {
				general = append(general, pmo.ErrorMessage(err))
			}
		default:
			return err
		}
	}
	return s.renderScenarioForm(w, r, http.StatusUnprocessableEntity, pf, sc, v, errs, general)
}

// editScenarioPage serves the form for an existing scenario.
func (s *Server) editScenarioPage(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.pathScenario(r)
	if err != nil {
		return err
	}
	pf, err := s.svc.FindPortfolioByID(r.Context(), sc.PortfolioID)
	if err != nil {
		return err
	}
	return s.renderScenarioForm(w, r, http.StatusOK, pf, sc, s.scenarioValues(r.Context(), sc), map[string]string{}, nil)
}

// updateScenarioPage saves the form over a scenario at its version.
func (s *Server) updateScenarioPage(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.pathScenario(r)
	if err != nil {
		return err
	}
	pf, err := s.svc.FindPortfolioByID(r.Context(), sc.PortfolioID)
	if err != nil {
		return err
	}
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	if sc.Version, err = strconv.Atoi(vals["version"]); err != nil || sc.Version < 1 {
		return badRequest("the form lacks the version it edits; reload the page", fieldError("version", "is required"))
	}
	return s.saveScenarioForm(w, r, pf, sc, vals, s.intake().UpdateScenario)
}
