package demo

import (
	"github.com/pmohq/pmo"
)

// riskTemplate is a cause-event-effect statement and its category.
type riskTemplate struct{ category, title string }

var (
	threats = []riskTemplate{
		{"supplier", "Supplier may miss the agreed delivery date, delaying integration testing"},
		{"supplier", "Supplier key staff may be reassigned, reducing delivery capacity"},
		{"supplier", "Vendor pricing may rise at contract renewal, increasing run costs"},
		{"technical", "Legacy interfaces may behave differently than documented, causing rework"},
		{"technical", "Performance may fall short of targets under peak load"},
		{"technical", "Test environments may not be ready in time for integration testing"},
		{"resourcing", "Business experts may not be released for testing, delaying sign-off"},
		{"resourcing", "Loss of the lead architect would stall design decisions"},
		{"resourcing", "Contractor day rates may rise above budgeted levels"},
		{"regulatory", "Regulator may change requirements before go-live, forcing rework"},
		{"regulatory", "Audit may find gaps in control evidence at closure"},
		{"stakeholder", "Users may resist the new process, lowering adoption and benefits"},
		{"stakeholder", "Sponsor attention may drift to competing priorities"},
		{"data", "Poor data quality in source systems may delay migration"},
		{"data", "Data protection impact assessment may require design changes"},
		{"financial", "Budget may be cut in the next planning round"},
	}
	estateThreats = []riskTemplate{
		{"planning", "Planning consent may be delayed by the local authority"},
		{"health_and_safety", "Asbestos may be found during works, stopping work on site"},
		{"supplier", "Long lead times for plant and equipment may delay installation"},
		{"operations", "Works may disrupt branch opening hours and customer service"},
	}
	opportunities = []riskTemplate{
		{"financial", "Early release of legacy licences could reduce run costs"},
		{"technical", "Reuse of the group API platform could shorten the build"},
		{"supplier", "Joint purchasing with a sister project could lower unit prices"},
		{"benefits", "Automation could free more staff time than the business case assumes"},
	}
	responsePlans = map[string][]string{
		"mitigate": {"Weekly checkpoints with the supplier and an agreed recovery plan.", "Add a buffer to the plan and order long-lead items early.", "Run an early proof of concept to retire the uncertainty."},
		"avoid":    {"Change the delivery approach to remove the dependency."},
		"transfer": {"Covered by liquidated damages in the supplier contract."},
		"accept":   {"Monitor monthly; contingency held in the project budget."},
		"escalate": {"Raised with the program board, which owns the response."},
		"exploit":  {"Plan the licence exit into the cutover."},
		"enhance":  {"Agree reuse with the platform team at design stage."},
		"share":    {"Coordinate purchasing through the PMO."},
	}
	sources = []string{
		"Identified at the planning risk workshop.", "Raised by the supplier at the weekly checkpoint.",
		"Raised by the PMO during an assurance review.", "Carried over from the business case.",
		"Raised at the steering committee.", "Identified during sprint review.",
	}
	threatResponses      = []string{"mitigate", "mitigate", "mitigate", "avoid", "transfer", "accept", "accept"}
	opportunityResponses = []string{"exploit", "enhance", "share", "accept"}
)

// impactBands are the cost bands of DOMAIN.md §6 as shares of budget.
var impactBands = [6][2]float64{{}, {0.002, 0.01}, {0.01, 0.05}, {0.05, 0.1}, {0.1, 0.2}, {0.2, 0.35}}

// raised returns a date on which a record of the project was raised.
func (g *generator) raised(pl *plan) pmo.Date {
	from := g.today.AddDays(-120)
	if !pl.started.IsZero() {
		from = pl.started.AddDays(-20)
	}
	to := g.today
	if !pl.ended.IsZero() {
		to = pl.ended
	}
	if !from.Before(to) {
		return to
	}
	return from.AddDays(g.between(0, from.DaysUntil(to)))
}

// entry fills the common fields of a RAID record raised on day on.
func (g *generator) entry(pl *plan, e *pmo.Entry, title, status string, on pmo.Date) {
	e.ProjectID, e.Title, e.Status, e.Level = pl.p.ID, title, status, pmo.ProjectLevel
	e.CreatedAt = g.at(on)
	e.UpdatedAt = e.CreatedAt
}

// escalate moves a serious record to the program (when the project has
// one) or the portfolio about half of the time.
func (g *generator) escalate(pl *plan, serious bool) pmo.Level {
	if !serious || !g.chance(0.5) {
		return pmo.ProjectLevel
	}
	if pl.prog != nil && g.chance(0.7) {
		return pmo.ProgramLevel
	}
	return pmo.PortfolioLevel
}

// troubled reports whether the project is or was in difficulty.
func (pl *plan) troubled() bool {
	return pl.traj.profile != steady || (pl.last != nil && pl.last.Overall.Worse(pmo.Green))
}

// red reports whether the project's latest report is red.
func (pl *plan) red() bool { return pl.last != nil && pl.last.Overall == pmo.Red }

// risks fills the risk register: a couple for the pipeline, more for
// running work, most for troubled projects.
func (g *generator) risks(pl *plan) {
	n := g.between(1, 2)
	if !pl.started.IsZero() {
		n = g.between(3, 7)
		if pl.troubled() {
			n += g.between(2, 4)
		}
	}
	for range n {
		r := &pmo.Risk{Kind: "threat"}
		t := pick(g, threats)
		if pl.theme.estate && g.chance(0.5) {
			t = pick(g, estateThreats)
		}
		responses := threatResponses
		if g.chance(0.1) {
			r.Kind, t, responses = "opportunity", pick(g, opportunities), opportunityResponses
		}
		on := g.raised(pl)
		status := pick(g, []string{"open", "open", "open", "open", "closed", "closed", "realised"})
		if pl.p.State == pmo.Closed || pl.p.State == pmo.Cancelled {
			status = pick(g, []string{"closed", "closed", "realised"})
		}
		if r.Kind == "opportunity" && status == "realised" {
			status = "closed"
		}
		g.entry(pl, &r.Entry, t.title, status, on)
		r.ID = int64(len(g.d.Risks) + 1)
		r.Owner = pick(g, append([]string{pl.p.Manager}, team...))
		r.Category = t.category
		r.Probability, r.Impact = g.between(1, 4), g.between(1, 4)
		if pl.red() && g.chance(0.4) {
			r.Probability, r.Impact = g.between(4, 5), g.between(4, 5)
		}
		band := impactBands[r.Impact]
		r.CostImpact = money(roundTo(float64(pl.p.Budget.Minor)/100*g.uniform(band[0], band[1]), 1000), pl.p.Budget.Currency)
		r.Response = pick(g, responses)
		if r.Kind == "threat" && r.Probability*r.Impact >= 16 && g.chance(0.3) {
			r.Response = "escalate"
		}
		r.ResponsePlan = pick(g, responsePlans[r.Response])
		if r.Kind == "opportunity" && r.Response == "accept" {
			r.ResponsePlan = "Take the opportunity if it arises; no action planned."
		}
		r.ReviewDate = g.today.AddDays(g.between(3, 60))
		if status != "open" {
			r.ReviewDate = g.notAfter(on.AddDays(g.between(14, 60)))
		}
		r.Description = pick(g, sources)
		if status == "open" {
			r.Level = g.escalate(pl, r.Probability*r.Impact >= 16 || r.Response == "escalate")
		}
		g.d.Risks = append(g.d.Risks, r)
	}
}

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
