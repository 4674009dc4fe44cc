package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/planning"
)

// intakePlan is one portfolio's pipeline as it is generated.
type intakePlan struct {
	port      *portfolioPlan
	roles     []string
	start     pmo.Period // first quarter of the planning horizon
	horizon   int        // quarters
	proposals []*pmo.Proposal
	quality   map[int64]float64 // latent merit, 0..1, that reviewers' scores scatter around
}

// The intake vocabulary.
var (
	itRoles            = []string{"Developer", "Business analyst", "Architect", "Data engineer", "Project manager"}
	estateRoles        = []string{"Project manager", "Surveyor", "Building services engineer", "Business analyst", "Procurement"}
	intakeWorks        = []string{"Modernisation", "Automation", "Consolidation", "Rollout", "Replacement", "Expansion", "Pilot", "Uplift"}
	alternative        = []string{"(build in-house)", "(buy as a service)"}
	proposalRejections = []string{"Benefits not evidenced; resubmit with a costed benefits case.", "Duplicates work already funded in the portfolio.",
		"Strategic fit too weak for this funding round.", "Cost too high for the value; explore a smaller option."}
	proposalReturns = []string{"Please add the role demand per quarter.", "Business case needs the opex after go-live."}
)

// intake generates each portfolio's intake pipeline: proposals across the
// workflow with business cases, a scoring model with DOMAIN.md's default
// criteria, two or three reviewers' scores that disagree, and scenarios
// whose budget and role capacity bind. It draws from its own stream, so
// the rest of the dataset is the same with or without it.
func (g *generator) intake() {
	saved := g.rng
	g.rng = rand.New(rand.NewPCG(uint64(g.opts.Seed), 0x696e74616b65))
	defer func() { g.rng = saved }()
	start := pmo.QuarterOf(g.today).Next()
	for _, pp := range g.ports {
		ip := &intakePlan{port: pp, roles: itRoles, start: start, horizon: 8, quality: map[int64]float64{}}
		if slices.ContainsFunc(pp.programs, func(p *programPlan) bool { return p.theme.estate }) {
			ip.roles = estateRoles
		}
		n := g.between(28, 36)
		for i := range n {
			g.proposal(ip, i)
		}
		g.proposalLinks(ip)
		g.scoringModel(ip)
		g.scenarios(ip)
	}
}

// proposal adds the i-th proposal of a portfolio's pipeline; the first two
// are mandatory (regulatory).
func (g *generator) proposal(ip *intakePlan, i int) {
	pp := ip.port
	prog := pick(g, pp.programs)
	object := pick(g, prog.theme.objects)
	title := object + " " + pick(g, intakeWorks)
	mandatory := i < 2
	category := []pmo.Category{pmo.CategoryRun, pmo.CategoryGrow, pmo.CategoryTransform}[g.weighted([]float64{0.3, 0.4, 0.3})]
	if mandatory {
		category = pmo.CategoryMandatory
		title = object + " Compliance"
	}
	dur := g.between(2, 6)
	total := roundTo(g.logNormal(pp.t.budgetMedian*1.4, 0.55), 10_000)
	c := pmo.ProposalCase{Currency: pp.p.Currency, PeriodKind: pmo.Quarter, DiscountRate: 0.08, Duration: dur,
		Capex: make([]int64, dur), Opex: make([]int64, dur+4)}
	for k := range dur {
		c.Capex[k] = int64(roundTo(total*0.8/float64(dur)*g.uniform(0.7, 1.3), 1000)) * 100
	}
	for k := range c.Opex {
		c.Opex[k] = int64(roundTo(total*0.02*g.uniform(0.5, 1.5), 500)) * 100
	}
	// Benefits run for three years after go-live; mandatory and run work
	// proposalReturns less than it costs.
	yield := g.uniform(0.3, 0.95)
	if mandatory || category == pmo.CategoryRun {
		yield = g.uniform(0.05, 0.3)
	}
	c.Benefits = make([]int64, dur+12)
	for k := dur; k < len(c.Benefits); k++ {
		c.Benefits[k] = int64(roundTo(total*yield/4*g.uniform(0.8, 1.2), 1000)) * 100
	}
	// Effort: about one FTE-quarter per 40,000 of capex, over two or three roles.
	roles := slices.Clone(ip.roles)
	g.rng.Shuffle(len(roles), func(a, b int) { roles[a], roles[b] = roles[b], roles[a] })
	shares := []float64{0.55, 0.3, 0.15}[:g.between(2, 3)]
	for r, share := range shares {
		d := pmo.RoleDemand{Role: roles[r], FTE: make([]float64, dur)}
		for k := range dur {
			d.FTE[k] = math.Max(0.5, math.Round(float64(c.Capex[k])/100/40_000*share*2)/2)
		}
		c.Demand = append(c.Demand, d)
	}
	earliest := g.between(0, 3)
	latest := min(earliest+g.between(1, 3), ip.horizon-1)
	if mandatory {
		earliest, latest = 0, 1 // the regulator's deadline leaves no room
	}
	p := &pmo.Proposal{
		ID: int64(len(g.d.Proposals) + 1), PortfolioID: pp.p.ID, ProgramID: prog.p.ID,
		Code:  fmt.Sprintf("IN-%s-%03d", pp.p.Code, i+1),
		Title: title, Description: pick(g, prog.theme.purposes) + ".",
		Requester: pick(g, append(slices.Clone(pp.managers), team...)), Sponsor: pick(g, pp.sponsors),
		Category: category, Mandatory: mandatory, Objectives: []string{pick(g, objectives)},
		Alignment: g.between(1, 5), Risk: g.between(1, 5),
		EarliestStart: ip.start.Add(earliest), LatestStart: ip.start.Add(latest), Case: c,
	}
	if mandatory {
		p.LegalBasis = pick(g, regulations)
	}
	ip.quality[p.ID] = g.uniform(0.15, 0.95)
	g.workflow(ip, p, i)
	ip.proposals = append(ip.proposals, p)
	g.d.Proposals = append(g.d.Proposals, p)
}

// workflow moves p to a state of the pipeline, recording who did what
// over the last three months. Mandatory proposals are always in review or
// approved; the better proposals are likelier approved.
func (g *generator) workflow(ip *intakePlan, p *pmo.Proposal, i int) {
	office := ip.port.managers[0]
	var path []pmo.ProposalState
	switch w := g.weighted([]float64{0.1, 0.17, 0.4, 0.2, 0.08, 0.05}); {
	case i < 2:
		path = []pmo.ProposalState{pmo.ProposalSubmitted, pmo.ProposalUnderReview}
		if i == 0 {
			path = append(path, pmo.ProposalApproved)
		}
	case w == 0:
	case w == 1:
		path = []pmo.ProposalState{pmo.ProposalSubmitted}
	case w == 2:
		path = []pmo.ProposalState{pmo.ProposalSubmitted, pmo.ProposalUnderReview}
	case w == 3 && ip.quality[p.ID] > 0.45 || w == 4 && ip.quality[p.ID] > 0.7:
		path = []pmo.ProposalState{pmo.ProposalSubmitted, pmo.ProposalUnderReview, pmo.ProposalApproved}
	case w == 3 || w == 4:
		path = []pmo.ProposalState{pmo.ProposalSubmitted, pmo.ProposalUnderReview, pmo.ProposalRejected}
	default:
		path = []pmo.ProposalState{pmo.ProposalWithdrawn}
	}
	if len(path) > 1 && g.chance(0.15) {
		// Returned once for more information before it went on.
		path = append([]pmo.ProposalState{pmo.ProposalSubmitted, pmo.ProposalDraft}, path...)
	}
	at := g.today.AddDays(-g.between(30, 90))
	state := pmo.ProposalDraft
	for _, to := range path {
		ev := pmo.ProposalEvent{From: state, To: to, Actor: office, At: g.at(at)}
		switch to {
		case pmo.ProposalSubmitted, pmo.ProposalWithdrawn:
			ev.Actor = p.Requester
		case pmo.ProposalDraft:
			ev.Comment = pick(g, proposalReturns)
		case pmo.ProposalApproved:
			ev.Actor, ev.Comment = p.Sponsor, "Approved by the investment committee, subject to funding."
		case pmo.ProposalRejected:
			ev.Actor, ev.Comment = p.Sponsor, pick(g, proposalRejections)
		}
		p.History = append(p.History, ev)
		state = to
		at = g.notAfter(at.AddDays(g.between(3, 20)))
	}
	p.State = state
}

// proposalLinks adds dependencies (on earlier proposals and on a running
// project) and a pair of alternatives that exclude each other.
func (g *generator) proposalLinks(ip *intakePlan) {
	ps := ip.proposals
	for k := range 3 {
		a, b := ps[2+k], ps[len(ps)-1-k]
		b.Dependencies = append(b.Dependencies, pmo.ProposalDependency{ProposalID: a.ID, FinishFirst: k < 2})
	}
	for _, pl := range g.plans {
		if pl.port == ip.port && pl.p.State == pmo.Active && pl.p.Stage == pmo.Execution {
			ps[5].Dependencies = append(ps[5].Dependencies, pmo.ProposalDependency{ProjectID: pl.p.ID, FinishFirst: true})
			break
		}
	}
	// Two ways to the same end: an in-house build and a service.
	x, y := ps[8], ps[9]
	y.ProgramID, y.Description, y.Objectives = x.ProgramID, x.Description, slices.Clone(x.Objectives)
	base := x.Title
	x.Title, y.Title = base+" "+alternative[0], base+" "+alternative[1]
	y.Excludes = append(y.Excludes, x.ID)
}

// scoringModel adds DOMAIN.md's default criteria and the reviewers'
// scores: each reviewer scatters around the proposal's merit, and one of
// them is harsher, so the spread shows.
func (g *generator) scoringModel(ip *intakePlan) {
	anchors := []string{"none", "minor", "some", "moderate", "strong", "exceptional"}
	m := &pmo.ScoringModel{PortfolioID: ip.port.p.ID, Name: "Investment scoring " + ip.port.p.Code, Criteria: []pmo.Criterion{
		{Key: "strategic_alignment", Name: "Strategic alignment", Weight: 30, Max: 5, Anchors: anchors},
		{Key: "financial_value", Name: "Financial value", Weight: 25, Max: 5, Anchors: anchors},
		{Key: "urgency", Name: "Urgency", Weight: 15, Max: 5, Anchors: anchors},
		{Key: "risk_of_not_doing", Name: "Risk of not doing", Weight: 10, Max: 5, Anchors: anchors},
		{Key: "delivery_risk", Name: "Delivery risk", Weight: 10, Max: 5, Direction: pmo.DirectionCost,
			Description: "scored inversely: 5 is the riskiest", Anchors: anchors},
		{Key: "stakeholder_impact", Name: "Stakeholder and customer impact", Weight: 10, Max: 5, Anchors: anchors},
	}}
	m.ID = int64(len(g.d.ScoringModels) + 1)
	g.d.ScoringModels = append(g.d.ScoringModels, m)
	panel := append(slices.Clone(ip.port.sponsors[:min(2, len(ip.port.sponsors))]), ip.port.managers[0])
	for _, p := range ip.proposals {
		if p.State == pmo.ProposalDraft || p.State == pmo.ProposalWithdrawn || p.State == pmo.ProposalSubmitted && g.chance(0.5) {
			continue
		}
		q := ip.quality[p.ID]
		reviewers := panel[:g.between(2, len(panel))]
		for r, who := range reviewers {
			bias := 0.0
			if r == 1 {
				bias = -0.7 // the sceptic of the panel
			}
			for _, c := range m.Criteria {
				mean := q * 5
				if c.Direction == pmo.DirectionCost {
					mean = float64(p.Risk)
				}
				v := math.Round(math.Max(0, math.Min(5, mean+bias+g.rng.NormFloat64()*0.8)))
				sc := &pmo.Score{ProposalID: p.ID, Reviewer: who, Criterion: c.Key, Value: v, At: g.at(g.today.AddDays(-g.between(1, 25)))}
				if v <= 1 && g.chance(0.5) {
					sc.Comment = "Case does not show this; happy to revisit with evidence."
				}
				g.d.Scores = append(g.d.Scores, sc)
			}
		}
	}
}

// scenarios adds the base plan, whose budget and role capacity cover
// about half of the live pipeline's demand, and variants of it.
func (g *generator) scenarios(ip *intakePlan) {
	n := ip.horizon
	cost := make([]float64, n)
	demand := map[string][]float64{}
	for _, p := range ip.proposals {
		if p.State != pmo.ProposalSubmitted && p.State != pmo.ProposalUnderReview && p.State != pmo.ProposalApproved {
			continue
		}
		at := pmo.PeriodDistance(ip.start, p.EarliestStart)
		for k, x := range p.Case.Cost() {
			if at+k < n {
				cost[at+k] += float64(x)
			}
		}
		for _, d := range p.Case.Demand {
			if demand[d.Role] == nil {
				demand[d.Role] = make([]float64, n)
			}
			for k, x := range d.FTE {
				if at+k < n {
					demand[d.Role][at+k] += x
				}
			}
		}
	}
	mean := func(xs []float64) float64 {
		t := 0.0
		for _, x := range xs {
			t += x
		}
		return t / float64(len(xs))
	}
	base := &pmo.Scenario{PortfolioID: ip.port.p.ID, Name: "Base plan", Start: ip.start, Periods: n,
		Currency: ip.port.p.Currency, Objective: pmo.ObjectiveScore, Timed: true, TimeLimitMS: 5000, Seed: 1,
		Notes: "Budget and teams as agreed in the annual plan."}
	// The budget covers what running projects still spend (the committed
	// load the optimiser subtracts first) plus about half the pipeline.
	committed := g.committed(ip, base)
	budget := roundTo(mean(cost)/100*0.45, 10_000)
	for t := range n {
		base.Budget = append(base.Budget, int64(budget)*100+roundUp(committed.Cost, t))
	}
	for i, role := range ip.roles {
		share := 0.8
		if i == 3 {
			share = 0.5 // the scarce team
		}
		fte := math.Max(1, math.Round(mean(demand[role])*share))
		c := pmo.RoleDemand{Role: role, FTE: make([]float64, n)}
		for k := range n {
			c.FTE[k] = fte
		}
		base.Capacity = append(base.Capacity, c)
	}
	cut := cloneScenario(base, "Budget cut 10%", "Finance's downside case: every quarter's money for new work 10% lower.")
	for k := range cut.Budget {
		c := roundUp(committed.Cost, k)
		cut.Budget[k] = c + (cut.Budget[k]-c)/10*9
	}
	doubled := cloneScenario(base, ip.roles[3]+" team doubled", "What hiring a second "+ip.roles[3]+" team would unlock.")
	for k := range doubled.Capacity[3].FTE {
		doubled.Capacity[3].FTE[k] *= 2
	}
	npv := cloneScenario(base, "Maximise NPV", "The same constraints, valued by net present value instead of score.")
	npv.Objective = pmo.ObjectiveNPV
	for _, s := range []*pmo.Scenario{base, cut, doubled, npv} {
		s.ID = int64(len(g.d.Scenarios) + 1)
		g.d.Scenarios = append(g.d.Scenarios, s)
	}
}

// cloneScenario copies s under a new name, with slices of its own.
func cloneScenario(s *pmo.Scenario, name, notes string) *pmo.Scenario {
	c := *s
	c.Name, c.Notes = name, notes
	c.Budget = slices.Clone(s.Budget)
	c.Capacity = make([]pmo.RoleDemand, len(s.Capacity))
	for i, r := range s.Capacity {
		c.Capacity[i] = pmo.RoleDemand{Role: r.Role, FTE: slices.Clone(r.FTE)}
	}
	return &c
}

// committed is the load the portfolio's running projects put on the
// scenario's horizon, as the optimiser will derive it from the database.
func (g *generator) committed(ip *intakePlan, s *pmo.Scenario) planning.Load {
	run := planning.Running{Proposals: ip.proposals, Spent: map[int64]int64{}}
	latest := map[int64]pmo.Period{}
	for _, r := range g.d.StatusReports {
		if r.Period.Start.Before(latest[r.ProjectID].Start) {
			continue
		}
		latest[r.ProjectID] = r.Period
		run.Spent[r.ProjectID] = r.ActualCost.Minor
	}
	for _, pl := range g.plans {
		if pl.port == ip.port {
			run.Projects = append(run.Projects, pl.p)
		}
	}
	return planning.CommittedLoad(s, run)
}

// roundUp is xs[t] (0 past its end) rounded up to whole thousands of
// the currency, as a budget line would be.
func roundUp(xs []int64, t int) int64 {
	if t >= len(xs) || xs[t] == 0 {
		return 0
	}
	return (xs[t] + 100_000 - 1) / 100_000 * 100_000
}
