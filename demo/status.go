package demo

import (
	"math"

	"github.com/pmohq/pmo"
)

// profile is the shape of a project's health over its life.
type profile int

const (
	steady     profile = iota // mostly green with occasional amber blips
	sliding                   // green, then slides through amber into red and stays there
	recovering                // slides into trouble, then recovers to green
	chronic                   // amber much of the time
)

// trajectory gives a project's underlying stress on any date: below 0.35
// reads green, from 0.7 red (see rag).
type trajectory struct {
	profile          profile
	base, peak       float64
	onset            pmo.Date
	rise, hold, fall int // days from onset to peak, at peak, back to base
}

// stress returns the stress on day d.
func (t *trajectory) stress(d pmo.Date) float64 {
	if t.profile != sliding && t.profile != recovering {
		return t.base
	}
	x := t.onset.DaysUntil(d)
	switch {
	case x <= 0:
		return t.base
	case x < t.rise:
		return t.base + (t.peak-t.base)*float64(x)/float64(t.rise)
	case t.profile == sliding || x < t.rise+t.hold:
		return t.peak
	case x < t.rise+t.hold+t.fall:
		return t.peak - (t.peak-t.base)*float64(x-t.rise-t.hold)/float64(t.fall)
	}
	return t.base
}

// profileWeights are the chances of steady, sliding, recovering and chronic
// health by project state.
var profileWeights = map[pmo.State][]float64{
	pmo.Active:    {62, 12, 15, 11},
	pmo.OnHold:    {40, 25, 0, 35},
	pmo.Closed:    {70, 0, 30, 0},
	pmo.Cancelled: {20, 60, 0, 20},
}

// chooseTrajectory picks a health profile that fits the reporting life:
// a slide starts late enough to end in red, a recovery early enough to finish.
func (g *generator) chooseTrajectory(pl *plan) {
	t := trajectory{profile: profile(g.weighted(profileWeights[pl.p.State])), base: g.uniform(0.05, 0.2)}
	from, end := pl.started.AddDays(28), pl.until
	switch t.profile {
	case sliding:
		t.rise, t.peak = g.between(42, 112), g.uniform(0.8, 1.1)
		lo, hi := maxDate(from, end.AddDays(-280)), end.AddDays(-t.rise-7)
		if hi.Before(lo) {
			t.rise = max(7, from.DaysUntil(end)/2)
			t.onset = from
		} else {
			t.onset = lo.AddDays(g.between(0, lo.DaysUntil(hi)))
		}
	case recovering:
		t.rise, t.hold, t.fall, t.peak = g.between(21, 56), g.between(14, 42), g.between(42, 84), g.uniform(0.75, 1.0)
		hi := end.AddDays(-t.rise - t.hold - t.fall - 14)
		if hi.Before(from) {
			t.profile = steady
			break
		}
		t.onset = from.AddDays(g.between(0, from.DaysUntil(hi)))
	case chronic:
		t.base = g.uniform(0.38, 0.5)
	}
	pl.traj = t
}

// rag reads a stress level as a rating.
func rag(s float64) pmo.RAG {
	switch {
	case s >= 0.7:
		return pmo.Red
	case s >= 0.35:
		return pmo.Amber
	}
	return pmo.Green
}

// costRAG reads a forecast overrun (EAC over budget) as a rating, per the
// DOMAIN.md §4 thresholds: green up to 5 %, amber up to 10 %, red beyond.
func costRAG(overrun float64) pmo.RAG {
	switch {
	case overrun > 0.10:
		return pmo.Red
	case overrun > 0.05:
		return pmo.Amber
	}
	return pmo.Green
}

// reportPeriod returns the reporting period containing d for a cadence.
func reportPeriod(c pmo.Cadence, d pmo.Date) pmo.Period {
	switch c {
	case pmo.Monthly:
		return pmo.MonthOf(d)
	case pmo.Quarterly:
		return pmo.QuarterOf(d)
	}
	return pmo.WeekOf(d)
}

// history writes one status report per reporting period of the project's
// life inside the history window, up to the last complete period.
func (g *generator) history(pl *plan) {
	defer g.forecast(pl)
	if pl.started.IsZero() {
		return
	}
	g.chooseTrajectory(pl)
	cad := pl.port.p.Cadence
	first := reportPeriod(cad, maxDate(pl.started, g.start))
	if first.Start.Before(g.start) {
		first = first.Next()
	}
	step := func(p pmo.Period) pmo.Period {
		if cad == pmo.Fortnightly {
			p = p.Next()
		}
		return p.Next()
	}
	n := 0
	for p := first; !p.End().After(g.today) && !p.Start.After(pl.until); p = step(p) {
		n++
	}
	if n == 0 {
		return
	}
	// One allocation per project keeps half a million reports cheap.
	slab := make([]pmo.StatusReport, n)
	p := pl.p
	budget := float64(p.Budget.Minor)
	dur := float64(max(1, p.PlannedStart.DaysUntil(p.PlannedEnd)))
	var prev *pmo.StatusReport
	blipDim, blipLeft := 0, 0
	var actual int64
	per := first
	for i := range slab {
		r := &slab[i]
		d := per.End()
		s := pl.traj.stress(d)
		dims := [4]float64{s + 0.06, s, s - 0.05, s - 0.22} // schedule and cost lead
		if blipLeft > 0 {
			blipLeft--
			dims[blipDim] += 0.3
		} else if g.chance(0.04) {
			blipDim, blipLeft = g.rng.IntN(4), g.between(0, 2)
			dims[blipDim] += 0.3
		}
		for k := range dims {
			dims[k] += g.rng.NormFloat64() * 0.04
		}
		onHold := !pl.holdOn.IsZero() && d.After(pl.holdOn)
		if onHold {
			dims[0] = max(dims[0], 0.45)
		}
		// Spend follows an S-curve over the planned duration and stops while
		// paused; money spent stays spent, so the forecast never drops below
		// the actual.
		eac := budget * (1 + max(0, dims[1]-0.1)*0.2)
		spentTo := d
		if onHold {
			spentTo = pl.holdOn
		}
		x := min(1, max(0, float64(pl.started.DaysUntil(spentTo))/dur))
		actual = max(actual, int64(math.Round(eac*x*x*(3-2*x)*0.97/10_000)*10_000))
		eac = math.Ceil(max(eac, float64(actual))/100_000) * 100_000
		r.ProjectID, r.Period, r.Revision = p.ID, per, 1
		r.Schedule, r.Cost, r.Scope, r.Risk = rag(dims[0]), costRAG(eac/budget-1), rag(dims[3]), rag(dims[2])
		last := i == n-1
		if last && p.State == pmo.Closed {
			r.Schedule, r.Cost, r.Scope, r.Risk = pmo.Blue, pmo.Blue, pmo.Blue, pmo.Blue
			actual = int64(eac)
		}
		r.Overall = pmo.Worst(r.Schedule, r.Cost, r.Scope, r.Risk)
		r.ActualCost = pmo.Money{Minor: actual, Currency: p.Budget.Currency}
		r.ForecastCost = pmo.Money{Minor: int64(eac), Currency: p.Budget.Currency}
		r.SetTrends(prev)
		g.narrate(pl, r, onHold, last)
		r.SubmittedBy = p.Manager
		r.SubmittedAt = g.at(d)
		g.d.StatusReports = append(g.d.StatusReports, r)
		prev = r
		per = step(per)
	}
	pl.last = prev
}

// narrate writes the report's text to match its ratings and trend.
func (g *generator) narrate(pl *plan, r *pmo.StatusReport, onHold, last bool) {
	switch {
	case last && pl.p.State == pmo.Closed:
		r.Summary, r.Achievements, r.NextSteps = pick(g, closedSummaries), pick(g, closedAchievements), pick(g, closedNext)
		return
	case last && pl.p.State == pmo.Cancelled:
		r.Summary, r.Achievements, r.NextSteps = pick(g, cancelledSummaries), pick(g, achievements), pick(g, cancelledNext)
		return
	case onHold:
		r.Summary, r.Achievements, r.NextSteps = pick(g, holdSummaries), pick(g, holdAchievements), pick(g, holdNext)
		r.DecisionsNeeded = pick(g, holdDecisions)
		return
	}
	switch {
	case r.Overall == pmo.Red:
		r.Summary = pick(g, redSummaries[r.Cost == pmo.Red])
		r.DecisionsNeeded = pick(g, redDecisions)
	case r.OverallTrend == pmo.Improving:
		r.Summary = pick(g, improvingSummaries)
	case r.Overall == pmo.Amber:
		r.Summary = pick(g, amberSummaries[r.Cost == pmo.Amber])
		if g.chance(0.4) {
			r.DecisionsNeeded = pick(g, amberDecisions)
		}
	default:
		r.Summary = pick(g, greenSummaries)
	}
	r.Achievements, r.NextSteps = pick(g, achievements), pick(g, nextSteps)
	switch pl.p.Stage {
	case pmo.Approved, pmo.Planning:
		r.Achievements, r.NextSteps = pick(g, planningAchievements), pick(g, planningNext)
	case pmo.Closure, pmo.BenefitsReview:
		// The last months of a finished project are go-live and handover.
		if r.Overall != pmo.Red && pl.p.PlannedEnd.DaysUntil(r.Period.End()) > -60 {
			r.Achievements, r.NextSteps = pick(g, closureAchievements), pick(g, closureNext)
		}
	}
}
