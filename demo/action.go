package demo

import (
	"strings"

	"github.com/pmohq/pmo"
)

var (
	issueTitles = []string{
		"Integration test environment unavailable for a week",
		"Supplier build delivered with critical defects",
		"Lead developer has resigned",
		"Business sign-off of requirements is late",
		"Production change freeze moved forward",
		"Licence costs higher than contracted",
		"Data migration scripts failing on legacy records",
		"Penetration test found high-severity findings",
		"Key stakeholder unavailable for design decisions",
	}
	estateIssues = []string{
		"Contractor stood down after a site safety incident",
		"Equipment delivery delayed by the manufacturer",
		"Landlord consent for works not yet received",
	}
	offSpecIssues = []string{
		"Delivered reports do not meet the agreed format",
		"Installed units below the specified efficiency rating",
	}
	resolutions = []string{
		"Workaround agreed and schedule absorbed within float.",
		"Supplier fixed the defects under warranty.",
		"Replacement resource onboarded.",
		"Escalated to the sponsor, who agreed the way forward.",
		"Closed via an approved change request.",
	}
	actionTitles = map[string][]string{
		"general": {
			"Update the RAID log before the steering committee",
			"Confirm UAT testers with business leads",
			"Circulate the revised plan to stakeholders",
			"Book the go/no-go meeting",
			"Complete the data protection impact assessment",
			"Agree the support model with IT Operations",
		},
		"mitigation": {
			"Agree a recovery plan with the supplier",
			"Secure a second test environment",
			"Run a load test on the new platform",
			"Identify a backup for the lead architect",
		},
		"recovery": {
			"Prepare the exception report for the steering committee",
			"Commission an independent assurance review",
			"Re-plan the remaining work and propose a new baseline",
			"Agree descoping options with the sponsor",
			"Hold daily stand-ups with the supplier until the backlog clears",
			"Submit a change request for the revised budget and dates",
		},
	}
	decidedTitles = []string{
		"Proceed with the preferred supplier",
		"Adopt a phased rollout",
		"Use contingency for additional testers",
		"Defer reporting features to phase 2",
		"Host the solution on the group cloud platform",
		"Go decision for the pilot launch",
	}
	pendingTitles = []string{
		"Confirm the go-live date",
		"Approve the extension of the supplier contract",
		"Choose between descoping and additional funding",
		"Agree the decommissioning date for the legacy system",
	}
	rationales = []string{
		"Best value of the options assessed; within the approved budget.",
		"Lowest delivery risk and no impact on the critical path.",
		"Keeps the regulatory deadline while protecting the budget.",
		"Recommended by the design authority after the options review.",
	}
)

// issues records what went wrong: few for healthy work, more for troubled.
func (g *generator) issues(pl *plan) {
	if pl.started.IsZero() {
		return
	}
	n := g.between(0, 3)
	if pl.troubled() {
		n += g.between(2, 3)
	}
	for range n {
		i := &pmo.Issue{Type: "problem", Severity: pick(g, []string{"low", "medium", "medium", "high"})}
		title := pick(g, issueTitles)
		switch {
		case g.chance(0.1):
			i.Type, title = "off_specification", pick(g, offSpecIssues)
		case g.chance(0.1):
			i.Type = "request_for_change"
		case pl.theme.estate && g.chance(0.4):
			title = pick(g, estateIssues)
		}
		if pl.red() && g.chance(0.5) {
			i.Severity = pick(g, []string{"high", "critical"})
		}
		on := g.raised(pl)
		status := pick(g, []string{"open", "in_progress", "resolved", "closed", "closed"})
		if !pl.ended.IsZero() {
			status = "closed"
		}
		g.entry(pl, &i.Entry, title, status, on)
		i.ID = int64(len(g.d.Issues) + 1)
		i.Owner = pick(g, append([]string{pl.p.Manager}, team...))
		i.Due = on.AddDays(g.between(7, 42))
		if status == "resolved" || status == "closed" {
			i.Resolution = pick(g, resolutions)
		} else {
			i.Level = g.escalate(pl, i.Severity == "high" || i.Severity == "critical")
		}
		g.d.Issues = append(g.d.Issues, i)
	}
}

// actions records owed work; red projects carry recovery actions.
func (g *generator) actions(pl *plan) {
	if pl.started.IsZero() {
		return
	}
	n := g.between(2, 5)
	for k := range n + 3 {
		cat := pick(g, []string{"general", "general", "mitigation"})
		on := g.raised(pl)
		if k >= n {
			if !pl.red() || k-n >= 2+g.between(0, 1) {
				continue
			}
			// Recovery actions follow the slide into red.
			cat, on = "recovery", g.today.AddDays(-g.between(3, 40))
		}
		a := &pmo.Action{Category: cat}
		due := on.AddDays(g.between(5, 30))
		status := "done"
		switch {
		case !pl.ended.IsZero():
			status = pick(g, []string{"done", "done", "cancelled"})
		case due.After(g.today):
			status = pick(g, []string{"open", "in_progress"})
		case g.chance(0.2):
			status = "open" // overdue
		}
		g.entry(pl, &a.Entry, pick(g, actionTitles[cat]), status, on)
		a.ID = int64(len(g.d.Actions) + 1)
		a.Owner = pick(g, append([]string{pl.p.Manager, pl.p.Sponsor}, team...))
		a.Due = due
		g.d.Actions = append(g.d.Actions, a)
	}
}

// decisions logs decisions taken and, for projects in difficulty, the
// decisions they need from their sponsor or board.
func (g *generator) decisions(pl *plan) {
	if pl.started.IsZero() {
		return
	}
	n := g.between(1, 3)
	for range n {
		d := &pmo.Decision{Forum: pick(g, forums)}
		on := g.raised(pl)
		g.entry(pl, &d.Entry, pick(g, decidedTitles), "decided", on)
		d.ID = int64(len(g.d.Decisions) + 1)
		d.Owner = pl.p.Manager
		d.DecidedBy = pick(g, []string{pl.p.Sponsor, pl.p.Sponsor, pl.p.Manager})
		d.DecidedOn = g.notAfter(on.AddDays(g.between(0, 14)))
		d.NeededBy = d.DecidedOn
		d.Rationale = pick(g, rationales)
		d.Evidence = "Options paper and impact assessment presented to the " + d.Forum + "."
		if g.chance(0.1) {
			d.Status = "superseded"
		}
		g.d.Decisions = append(g.d.Decisions, d)
	}
	if pl.ended.IsZero() && (pl.red() || pl.troubled() && g.chance(0.4) || g.chance(0.15)) {
		d := &pmo.Decision{Forum: pick(g, forums)}
		title := pick(g, pendingTitles)
		if pl.red() {
			title = strings.TrimSuffix(pick(g, redDecisions), ".")
		}
		g.entry(pl, &d.Entry, title, "pending", g.today.AddDays(-g.between(1, 30)))
		d.ID = int64(len(g.d.Decisions) + 1)
		d.Owner = pl.p.Sponsor
		d.NeededBy = g.today.AddDays(g.between(-7, 28)) // some already overdue
		d.Level = g.escalate(pl, pl.red())
		g.d.Decisions = append(g.d.Decisions, d)
	}
}
