package demo

import (
	"slices"

	"github.com/pmohq/pmo"
)

// Milestone sequences in lifecycle order, with the key ones the portfolio
// board watches.
var (
	deliveryMilestones = []string{
		"Project initiation document approved", "Requirements signed off", "Design approved",
		"Supplier contract signed", "Build complete", "System integration testing complete",
		"User acceptance testing complete", "Go-live", "Hypercare exit", "Closure report approved",
	}
	estateMilestones = []string{
		"Site surveys complete", "Planning consent granted", "Contractor appointed",
		"Works start on site", "Installation complete", "Commissioning complete",
		"Handover to facilities", "Closure report approved",
	}
	keyMilestones = []string{"Design approved", "User acceptance testing complete", "Go-live",
		"Planning consent granted", "Commissioning complete", "Handover to facilities"}
)

// milestones gives a started project 3-8 milestones spread over its planned
// life. Achieved ones have actual dates; troubled projects forecast slips
// that grow towards the end, so a red project often has a missed key date.
func (g *generator) milestones(pl *plan) {
	if pl.started.IsZero() {
		return
	}
	p := pl.p
	names := deliveryMilestones
	if pl.theme.estate {
		names = estateMilestones
	}
	// Choose n of the sequence, always including the go-live equivalent.
	anchor := len(names) - 3
	n := g.between(3, min(8, len(names)))
	chosen := []int{anchor}
	for _, i := range g.rng.Perm(len(names)) {
		if len(chosen) == n {
			break
		}
		if i != anchor {
			chosen = append(chosen, i)
		}
	}
	slices.Sort(chosen)

	dur := p.PlannedStart.DaysUntil(p.PlannedEnd)
	slip := 0.0
	if pl.last != nil {
		switch pl.last.Schedule {
		case pmo.Red:
			slip = g.uniform(0.11, 0.3)
		case pmo.Amber:
			slip = g.uniform(0.04, 0.1)
		}
	}
	cutoff := g.today
	switch {
	case !pl.ended.IsZero():
		cutoff = pl.ended
	case !pl.holdOn.IsZero():
		cutoff = pl.holdOn
	}
	var prev pmo.Date
	for _, i := range chosen {
		frac := float64(i+1) / float64(len(names)+1)
		m := &pmo.Milestone{
			ID:        int64(len(g.d.Milestones) + 1),
			ProjectID: p.ID,
			Name:      names[i],
			Key:       slices.Contains(keyMilestones, names[i]),
			Baseline:  p.PlannedStart.AddDays(int(frac * float64(dur))),
		}
		if m.Key {
			m.Description = "Key milestone reported to the portfolio board."
		}
		// Later milestones carry more of the slip.
		m.Forecast = m.Baseline.AddDays(int(slip*frac*float64(dur)) + g.between(-3, 5))
		switch {
		case p.State == pmo.Closed:
			// Everything was achieved, spread over the actual life.
			m.Actual = pl.started.AddDays(int(frac * float64(pl.started.DaysUntil(pl.ended))))
			m.Forecast = m.Actual
		case !m.Forecast.After(cutoff):
			m.Actual = maxDate(pl.started, minDate(m.Forecast.AddDays(g.between(-2, 3)), cutoff))
			m.Forecast = m.Actual
		case p.State == pmo.Active || p.State == pmo.OnHold:
			m.Forecast = maxDate(m.Forecast, g.today.AddDays(g.between(7, 45)))
		}
		// Milestones stay in sequence.
		if m.Actual.IsZero() && m.Forecast.Before(prev) {
			m.Forecast = prev.AddDays(g.between(1, 14))
		}
		prev = m.Forecast
		g.d.Milestones = append(g.d.Milestones, m)
	}
}
