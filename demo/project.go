package demo

import (
	"fmt"
	"math"

	"github.com/pmohq/pmo"
)

// plan is a project being generated, with what the later steps need.
type plan struct {
	p       *pmo.Project
	port    *portfolioPlan
	prog    *programPlan // nil when the project sits directly under the portfolio
	theme   *theme
	object  string   // what the project changes, e.g. "Payments Hub"
	started pmo.Date // actual start; zero when not started
	ended   pmo.Date // actual finish or cancellation; zero while running
	until   pmo.Date // the last day status reports may cover
	holdOn  pmo.Date // when an on-hold project was paused
	traj    trajectory
	last    *pmo.StatusReport // latest report; nil without history
}

// mix is the share of each stage and state in the portfolio: a snapshot in
// which most work is in execution, a pipeline waits for funding and the
// projects finished during the history window are in benefits review.
var mix = []struct {
	stage  pmo.Stage
	state  pmo.State
	weight float64
}{
	{pmo.Idea, pmo.Proposed, 5},
	{pmo.BusinessCase, pmo.Proposed, 5},
	{pmo.BusinessCase, pmo.Cancelled, 2},
	{pmo.Approved, pmo.Active, 3},
	{pmo.Planning, pmo.Active, 9},
	{pmo.Planning, pmo.OnHold, 2},
	{pmo.Planning, pmo.Cancelled, 1},
	{pmo.Execution, pmo.Active, 40},
	{pmo.Execution, pmo.OnHold, 3},
	{pmo.Execution, pmo.Cancelled, 2},
	{pmo.Closure, pmo.Active, 6},
	{pmo.Closure, pmo.Closed, 4},
	{pmo.BenefitsReview, pmo.Closed, 18},
}

var strategicTags = []string{"strategic", "cost-reduction", "mandatory", "quick-win", "growth", "resilience"}

// projects creates Options.Projects projects spread over the portfolios by
// template weight; about one in seven sits directly under its portfolio.
func (g *generator) projects() {
	weights := make([]float64, len(g.ports))
	for i, pp := range g.ports {
		weights[i] = pp.t.weight
	}
	mixWeights := make([]float64, len(mix))
	for i, m := range mix {
		mixWeights[i] = m.weight
	}
	g.d.Projects = make([]*pmo.Project, 0, g.opts.Projects)
	for i := range g.opts.Projects {
		pp := g.ports[g.weighted(weights)]
		// The first projects visit every portfolio, so small datasets have all.
		if i < len(g.ports) {
			pp = g.ports[i]
		}
		pl := &plan{port: pp, theme: &pp.t.direct}
		prefix := pp.p.Code
		if g.chance(0.86) && len(pp.programs) > 0 {
			pl.prog = pick(g, pp.programs)
			pl.theme, prefix = pl.prog.theme, pl.prog.p.Code
		}
		m := mix[g.weighted(mixWeights)]
		if i < len(mix) && g.opts.Projects >= 2*len(mix) {
			m = mix[i] // every stage and state appears at any realistic size
		}
		g.codeSeq[prefix]++
		pl.p = &pmo.Project{
			ID:          int64(i + 1),
			PortfolioID: pp.p.ID,
			Code:        fmt.Sprintf("%s-%03d", prefix, g.codeSeq[prefix]),
			Sponsor:     pick(g, pp.sponsors),
			Manager:     pick(g, pp.managers),
			Stage:       m.stage,
			State:       m.state,
		}
		if pl.prog != nil {
			pl.p.ProgramID = pl.prog.p.ID
			if g.chance(0.5) {
				pl.p.Sponsor = pl.prog.p.Sponsor
			}
		}
		g.describe(pl)
		g.schedule(pl)
		g.d.Projects = append(g.d.Projects, pl.p)
		g.plans = append(g.plans, pl)
	}
}

// describe names the project and fills description, budget, priority, tags.
func (g *generator) describe(pl *plan) {
	p, th := pl.p, pl.theme
	// Names stay unique while the vocabulary lasts, then get numbered.
	for try := 0; ; try++ {
		pl.object = pick(g, th.objects)
		p.Name = pl.object + " " + pick(g, th.works)
		if g.names[p.Name] == 0 || try == 20 {
			break
		}
	}
	g.names[p.Name]++
	if n := g.names[p.Name]; n > 1 {
		p.Name = fmt.Sprintf("%s %d", p.Name, n)
	}
	p.Description = pick(g, th.purposes) + ". " + pick(g, scopes)
	units := min(g.logNormal(pl.port.t.budgetMedian, 0.9), 45_000_000)
	step := 1000.0
	if units > 100_000 {
		step = 5000
	}
	p.Budget = money(roundTo(units, step), pl.port.p.Currency)
	p.Priority = 1 + g.weighted([]float64{10, 25, 40, 18, 7})
	p.Tags = append(p.Tags, th.tags[0])
	if len(th.tags) > 1 && g.chance(0.5) {
		p.Tags = append(p.Tags, th.tags[1])
	}
	if g.chance(0.6) {
		p.Tags = append(p.Tags, pick(g, strategicTags))
	}
	for _, t := range p.Tags {
		if t == "regulatory" || t == "mandatory" {
			p.Priority = min(p.Priority, 2)
		}
	}
}

// schedule sets dates consistent with the stage and state: plans for the
// pipeline, actual start for work under way, actual finish for closed and
// stopped work. Nothing actual lies after Today.
func (g *generator) schedule(pl *plan) {
	p, today := pl.p, g.today
	// Bigger budgets run longer: about 7 months at 50,000, a year at
	// 300,000, two and a half years at 5,000,000.
	budgetScale := math.Pow(float64(p.Budget.Minor)/100/300_000, 0.3)
	dur := int(min(max(g.logNormal(360, 0.25)*budgetScale, 90), 1100))
	switch p.Stage {
	case pmo.Idea:
		p.PlannedStart = today.AddDays(g.between(90, 400))
	case pmo.BusinessCase:
		p.PlannedStart = today.AddDays(g.between(30, 240))
		if p.State == pmo.Cancelled {
			p.PlannedStart = today.AddDays(-g.between(0, 120))
		}
	case pmo.Approved:
		pl.started = today.AddDays(-g.between(7, 56))
	case pmo.Planning:
		pl.started = today.AddDays(-g.between(21, 180))
	case pmo.Execution:
		pl.started = today.AddDays(-int(float64(dur) * g.uniform(0.25, 1.05)))
	case pmo.Closure:
		pl.started = today.AddDays(-dur - g.between(-20, 40))
		if p.State == pmo.Closed {
			pl.ended = today.AddDays(-g.between(3, 60))
		}
	case pmo.BenefitsReview:
		// Finished work is spread over the history window, so the
		// portfolio reported on a similar number of projects throughout.
		pl.ended = today.AddDays(-g.between(40, max(200, 7*g.opts.Weeks)))
		pl.started = pl.ended.AddDays(-dur - g.between(-30, 90))
	}
	if p.State == pmo.OnHold {
		// Paused after at least four weeks of work.
		pl.holdOn = today.AddDays(-g.between(10, 120))
		pl.started = minDate(pl.started, pl.holdOn.AddDays(-28))
	}
	if !pl.started.IsZero() {
		// Running work has at least one complete reporting period behind it,
		// so no active project shows as never having reported.
		lastPeriod := reportPeriod(pl.port.p.Cadence, today)
		if lastPeriod.End().After(today) {
			lastPeriod = reportPeriod(pl.port.p.Cadence, lastPeriod.Start.AddDays(-1))
		}
		pl.started = minDate(pl.started, lastPeriod.End())
		p.PlannedStart = pl.started.AddDays(-g.between(-7, 30))
	}
	p.PlannedEnd = p.PlannedStart.AddDays(dur)
	pl.until = today
	switch p.State {
	case pmo.Proposed:
		p.ForecastStart = p.PlannedStart
	case pmo.Cancelled:
		if !pl.started.IsZero() {
			pl.ended = today.AddDays(-g.between(14, 300))
			pl.started = minDate(pl.started, pl.ended.AddDays(-g.between(30, 200)))
			p.PlannedStart = pl.started.AddDays(-g.between(-7, 30))
			p.PlannedEnd = p.PlannedStart.AddDays(dur)
		}
	case pmo.Active:
		// A few active projects stopped reporting: their status is overdue.
		if pl.started.Before(today.AddDays(-120)) {
			g.established++
		}
		if pl.started.Before(today.AddDays(-120)) && g.established%16 == 5 {
			pl.until = today.AddDays(-pl.port.p.Cadence.Days()*g.between(2, 4) - 3)
		}
	}
	if !pl.ended.IsZero() {
		pl.until = pl.ended
		p.ActualEnd = pl.ended
	}
	p.ActualStart = pl.started
	p.ForecastEnd = p.PlannedEnd
	if p.State == pmo.Closed {
		p.ForecastEnd = p.ActualEnd
	}
	if p.State == pmo.Cancelled {
		p.ForecastEnd = pmo.Date{}
	}
	p.CustomFields = g.customFields(pl)
}

// forecast moves the forecast finish after the history is known: troubled
// projects forecast a finish later than planned, and nothing still running
// forecasts a finish in the past.
func (g *generator) forecast(pl *plan) {
	p := pl.p
	if p.State != pmo.Active && p.State != pmo.OnHold {
		return
	}
	dur := float64(p.PlannedStart.DaysUntil(p.PlannedEnd))
	slip := 0.0
	if pl.last != nil {
		switch pl.last.Schedule {
		case pmo.Red:
			slip = g.uniform(0.11, 0.3)
		case pmo.Amber:
			slip = g.uniform(0.05, 0.1)
		}
	}
	p.ForecastEnd = p.PlannedEnd.AddDays(int(dur * slip))
	if !pl.started.IsZero() && p.ForecastEnd.Before(g.today.AddDays(14)) {
		p.ForecastEnd = g.today.AddDays(g.between(14, 60))
	}
}
