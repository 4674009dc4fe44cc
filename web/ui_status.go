package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/pmohq/pmo"
)

// statusFields are the inputs of the status report form.
func statusFields(p *pmo.Project, pf *pmo.Portfolio, prev *pmo.StatusReport) []fieldDef[pmo.StatusReport] {
	period := fieldDef[pmo.StatusReport]{
		formField: formField{Name: "period", Label: "Period", Kind: "text", Required: true,
			Help: "An ISO week (2026-W48), month (2026-11) or quarter (2026-Q4); this portfolio reports " + string(pf.Cadence) + "."},
		get: func(r *pmo.StatusReport) string { return r.Period.String() },
		set: func(r *pmo.StatusReport, v string) error {
			per, err := pmo.ParsePeriod(v)
			if err != nil && v != "" {
				return fmt.Errorf("must be a period such as 2026-W48, 2026-11 or 2026-Q4")
			}
			r.Period = per
			return nil
		},
	}
	rag := func(name, lbl string, ptr func(*pmo.StatusReport) *pmo.RAG) fieldDef[pmo.StatusReport] {
		f := fieldDef[pmo.StatusReport]{formField: formField{Name: name, Label: lbl, Kind: "rag", Required: true},
			get: func(r *pmo.StatusReport) string { return string(*ptr(r)) },
			set: func(r *pmo.StatusReport, v string) error { *ptr(r) = pmo.RAG(v); return nil }}
		for _, rg := range pmo.RAGs {
			f.Options = append(f.Options, option{Value: string(rg), Label: label(rg)})
		}
		if prev != nil {
			f.Help = "Last period: " + string(*ptr(prev))
		}
		return f
	}
	overall := rag("overall", "Overall", func(r *pmo.StatusReport) *pmo.RAG { return &r.Overall })
	overall.Kind, overall.Required = "select", false
	overall.Options = append([]option{{Value: "", Label: "Worst of the dimensions (default)"}}, overall.Options...)
	const better = "A better overall rating than the worst dimension needs a reason."
	if overall.Help == "" {
		overall.Help = better
	} else {
		overall.Help += ". " + better
	}
	cur := currencyOf(p, pf)
	summary := areaField("summary", "Summary", func(r *pmo.StatusReport) *string { return &r.Summary })
	summary.Required, summary.Help = true, "One or two sentences: where the project stands and why."
	return []fieldDef[pmo.StatusReport]{
		period,
		rag("schedule", "Schedule", func(r *pmo.StatusReport) *pmo.RAG { return &r.Schedule }),
		rag("cost", "Cost", func(r *pmo.StatusReport) *pmo.RAG { return &r.Cost }),
		rag("scope", "Scope", func(r *pmo.StatusReport) *pmo.RAG { return &r.Scope }),
		rag("risk", "Risk", func(r *pmo.StatusReport) *pmo.RAG { return &r.Risk }),
		overall,
		areaField("override_reason", "Reason for the overall rating", func(r *pmo.StatusReport) *string { return &r.OverrideReason }),
		summary,
		areaField("achievements", "Done this period", func(r *pmo.StatusReport) *string { return &r.Achievements }),
		areaField("next_steps", "Planned next period", func(r *pmo.StatusReport) *string { return &r.NextSteps }),
		areaField("decisions_needed", "Decisions or help needed", func(r *pmo.StatusReport) *string { return &r.DecisionsNeeded }),
		moneyField("actual_cost", "Actual cost to date (AC)", cur, func(r *pmo.StatusReport) *pmo.Money { return &r.ActualCost }),
		moneyField("forecast_cost", "Estimate at completion (EAC)", cur, func(r *pmo.StatusReport) *pmo.Money { return &r.ForecastCost }),
	}
}

// currentPeriod is the period containing today in a portfolio's cadence.
func currentPeriod(c pmo.Cadence, today pmo.Date) pmo.Period {
	switch c {
	case pmo.Monthly:
		return pmo.MonthOf(today)
	case pmo.Quarterly:
		return pmo.QuarterOf(today)
	}
	return pmo.WeekOf(today)
}

// statusContext loads what the status form needs: the project, its
// portfolio and its latest report (nil before the first).
func (s *Server) statusContext(ctx context.Context, r *http.Request) (*pmo.Project, *pmo.Portfolio, *pmo.StatusReport, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, nil, err
	}
	p, pf, err := s.projectFor(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	rs, _, err := s.svc.FindStatusReports(ctx, pmo.StatusFilter{ProjectID: id, ListOptions: pmo.ListOptions{Sort: "-period", Limit: 1}})
	if err != nil || len(rs) == 0 {
		return p, pf, nil, err
	}
	return p, pf, rs[0], nil
}

func (s *Server) statusPage(r *http.Request, p *pmo.Project, prev *pmo.StatusReport) *formPage {
	return &formPage{basePage: s.base(r, "Status report · "+p.Code, "projects"), Heading: "Submit a status report",
		Action: "/projects/" + itoa(p.ID) + "/status", Cancel: "/projects/" + itoa(p.ID), Submit: "Submit status report",
		Project: p, Previous: prev}
}

// statusForm serves the status report form, starting from the previous
// report's ratings and costs, with the previous report beside it.
func (s *Server) statusForm(w http.ResponseWriter, r *http.Request) error {
	p, pf, prev, err := s.statusContext(r.Context(), r)
	if err != nil {
		return err
	}
	next := &pmo.StatusReport{Period: currentPeriod(pf.Cadence, pmo.DateOf(s.now()))}
	if prev != nil {
		if !prev.Period.Start.Before(next.Period.Start) {
			next.Period = prev.Period.Next()
		}
		next.Schedule, next.Cost, next.Scope, next.Risk = prev.Schedule, prev.Cost, prev.Scope, prev.Risk
		next.ActualCost, next.ForecastCost = prev.ActualCost, prev.ForecastCost
	}
	defs := statusFields(p, pf, prev)
	d := s.statusPage(r, p, prev)
	d.Fields = renderFields(defs, valuesOf(defs, next), nil)
	return s.render(w, http.StatusOK, "form.html", d)
}

// submitStatus records a status report (POST-redirect-GET), or shows the
// form again with the user's input and the errors next to their fields.
func (s *Server) submitStatus(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	p, pf, prev, err := s.statusContext(r.Context(), r)
	if err != nil {
		return err
	}
	defs := statusFields(p, pf, prev)
	rep := &pmo.StatusReport{ProjectID: p.ID}
	errs := applyForm(defs, rep, vals)
	rep.SubmittedBy = actorName(r, rep.SubmittedBy) // who is signed in (web/auth.go)
	if len(errs) == 0 {
		if err = s.svc.SubmitStatusReport(r.Context(), rep); err == nil {
			return redirect(w, r, "/projects/"+itoa(p.ID)+"?saved=status")
		}
	} else {
		err = rep.Prepare()
	}
	d := s.statusPage(r, p, prev)
	names := map[string]bool{}
	for _, f := range defs {
		names[f.Name] = true
	}
	status := http.StatusUnprocessableEntity
	switch pmo.ErrorKind(err) {
	case "", pmo.Invalid:
	case pmo.Conflict:
		status = http.StatusConflict
	default:
		return err
	}
	if err != nil {
		d.Errors = fieldErrors(err, names, nil, errs)
	}
	d.Fields = renderFields(defs, vals, errs)
	return s.render(w, status, "form.html", d)
}
