package demo

import (
	"fmt"
	"math"

	"github.com/pmohq/pmo"
)

var (
	changeTitles = []string{
		"Add accessibility enhancements to scope",
		"Extend user acceptance testing by two weeks",
		"Move hosting from on-premise to the group cloud",
		"Descope phase 2 reporting",
		"Migrate additional legacy products",
		"Increase budget for supplier rate change",
		"Bring go-live forward for the regulatory deadline",
		"Add integration with the CRM platform",
		"Change the pilot site",
		"Add training for contact centre staff",
	}
	justifications = []string{
		"Required to meet the regulatory deadline.",
		"Avoids rework after go-live and protects the benefits case.",
		"Requested by the business following the pilot.",
		"Supplier costs have changed since the baseline was approved.",
	}
	scopeImpacts = []string{"No change to scope.", "Adds one deliverable to the baseline.", "Removes a deliverable from the baseline.", "Changes acceptance criteria."}
	rejections   = []string{
		"Rejected: benefits do not justify the cost; revisit at the next release.",
		"Rejected: outside the program's funding envelope this year.",
		"Rejected: risk to the go-live date is too high.",
	}
)

// changeWeights are the chances of each final state: most requests run
// their course, some are still moving, a few are rejected.
var changeWeights = []float64{10, 12, 12, 14, 12, 40} // in pmo.ChangeStates order

// changes raises change requests for started projects, each with the
// workflow history that leads to its state.
func (g *generator) changes(pl *plan) {
	if pl.started.IsZero() {
		return
	}
	n := g.weighted([]float64{25, 35, 25, 15})
	if pl.troubled() {
		n++
	}
	p := pl.p
	for range n {
		state := pmo.ChangeStates[g.weighted(changeWeights)]
		if !pl.ended.IsZero() && state.Editable() {
			state = pmo.ChangeImplemented
		}
		c := &pmo.ChangeRequest{
			ID:             int64(len(g.d.ChangeRequests) + 1),
			ProjectID:      p.ID,
			Title:          pick(g, changeTitles),
			Justification:  pick(g, justifications),
			RequestedBy:    pick(g, append([]string{p.Manager, p.Sponsor}, team...)),
			Priority:       1 + g.weighted([]float64{10, 30, 40, 15, 5}),
			ScheduleDays:   g.between(-10, 45),
			ScopeImpact:    pick(g, scopeImpacts),
			BenefitsImpact: "Benefits profile unchanged.",
			State:          state,
		}
		c.Description = c.Title + ". " + c.Justification
		share := g.uniform(-0.03, 0.1)
		c.CostImpact = money(roundTo(float64(p.Budget.Minor)/100*math.Abs(share), 1000), p.Budget.Currency)
		if share < 0 {
			c.CostImpact.Minor = -c.CostImpact.Minor
		}
		g.changeHistory(pl, c)
		g.d.ChangeRequests = append(g.d.ChangeRequests, c)
	}
}

// changeHistory writes the events from draft to c.State, spaced a few days
// apart and ending no later than Today (or the project's end).
func (g *generator) changeHistory(pl *plan, c *pmo.ChangeRequest) {
	p := pl.p
	var steps []pmo.ChangeState
	switch c.State {
	case pmo.ChangeSubmitted:
		steps = []pmo.ChangeState{pmo.ChangeSubmitted}
	case pmo.ChangeAssessed:
		steps = []pmo.ChangeState{pmo.ChangeSubmitted, pmo.ChangeAssessed}
	case pmo.ChangeApproved, pmo.ChangeRejected:
		steps = []pmo.ChangeState{pmo.ChangeSubmitted, pmo.ChangeAssessed, c.State}
	case pmo.ChangeImplemented:
		steps = []pmo.ChangeState{pmo.ChangeSubmitted, pmo.ChangeAssessed, pmo.ChangeApproved, pmo.ChangeImplemented}
	}
	gaps := make([]int, len(steps))
	total := 0
	for i := range gaps {
		gaps[i] = g.between(1, 12)
		total += gaps[i]
	}
	end := g.today
	if !pl.ended.IsZero() {
		end = pl.ended
	}
	created := end.AddDays(-total)
	if span := pl.started.DaysUntil(created); span > 0 {
		created = pl.started.AddDays(g.between(0, span))
	}
	c.CreatedAt = g.at(created)
	at, from := created, pmo.ChangeDraft
	for i, to := range steps {
		at = at.AddDays(gaps[i])
		e := pmo.ChangeEvent{From: from, To: to, At: g.at(at)}
		switch to {
		case pmo.ChangeSubmitted:
			e.Actor, e.Comment = c.RequestedBy, "Submitted for impact assessment."
		case pmo.ChangeAssessed:
			e.Actor = pick(g, team)
			e.Comment = fmt.Sprintf("Impact assessed: %s, cost %s.", days(c.ScheduleDays), c.CostImpact)
		case pmo.ChangeApproved:
			e.Actor, e.Comment = p.Sponsor, "Approved at the change control board."
		case pmo.ChangeRejected:
			e.Actor, e.Comment = p.Sponsor, pick(g, rejections)
		case pmo.ChangeImplemented:
			e.Actor, e.Comment = p.Manager, "Baseline updated and change communicated."
		}
		c.History = append(c.History, e)
		from = to
	}
	c.UpdatedAt = c.CreatedAt
	if len(c.History) > 0 {
		c.UpdatedAt = c.History[len(c.History)-1].At
	}
}

// days formats a schedule impact: "+12 days", "-1 day", "no schedule change".
func days(n int) string {
	switch n {
	case 0:
		return "no schedule change"
	case 1, -1:
		return fmt.Sprintf("%+d day", n)
	}
	return fmt.Sprintf("%+d days", n)
}
