package demo

import (
	"github.com/pmohq/pmo"
)

// handoffs are what a provider hands over, after its object: "Payments Hub release".
var handoffs = []string{"release", "go-live", "data feed", "design sign-off", "test environment", "API"}

// dependencies links running projects to providers in the same portfolio,
// mostly within the same program. About one in three running projects
// depends on another.
func (g *generator) dependencies() {
	byPortfolio := make([][]*plan, len(g.ports))
	for _, pl := range g.plans {
		if pl.p.State == pmo.Active || pl.p.State == pmo.OnHold || pl.p.State == pmo.Proposed {
			i := pl.p.PortfolioID - 1
			byPortfolio[i] = append(byPortfolio[i], pl)
		}
	}
	for _, pl := range g.plans {
		peers := byPortfolio[pl.p.PortfolioID-1]
		if pl.p.State != pmo.Active || pl.started.IsZero() || len(peers) < 2 || !g.chance(0.55) {
			continue
		}
		// Prefer a provider in the same program; fall back to the portfolio.
		var to *plan
		for range 6 {
			c := pick(g, peers)
			if c != pl && (c.prog == pl.prog || to == nil) {
				to = c
				if c.prog == pl.prog {
					break
				}
			}
		}
		if to == nil {
			continue
		}
		what := to.object + " " + pick(g, handoffs)
		d := &pmo.Dependency{ToProjectID: to.p.ID, Deliverable: what, NeedBy: g.today.AddDays(g.between(-60, 180))}
		status := "open"
		switch {
		case d.NeedBy.Before(g.today):
			d.Committed = d.NeedBy.AddDays(g.between(-14, 10))
			status = "met"
			if d.Committed.After(d.NeedBy) {
				status = "missed"
			}
			if status == "met" && d.Committed.After(g.today) {
				d.Committed = g.today
			}
		case g.chance(0.3) || to.red():
			d.Committed = d.NeedBy.AddDays(g.between(7, 45))
			status = "at_risk"
		case g.chance(0.7):
			d.Committed = d.NeedBy.AddDays(-g.between(0, 14))
		}
		if g.chance(0.04) {
			status = "withdrawn"
		}
		g.entry(pl, &d.Entry, what+" from "+to.p.Code, status, g.raised(pl))
		d.ID = int64(len(g.d.Dependencies) + 1)
		d.Owner = pl.p.Manager
		d.Description = pl.p.Code + " needs " + what + " from " + to.p.Code + " (" + to.p.Name + ")."
		if status == "at_risk" || status == "missed" {
			// Cross-program dependencies go to the portfolio.
			d.Level = pmo.PortfolioLevel
			if pl.prog != nil && to.prog == pl.prog {
				d.Level = pmo.ProgramLevel
			}
		}
		g.d.Dependencies = append(g.d.Dependencies, d)
	}
}
