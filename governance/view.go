package governance

import (
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/pmohq/pmo"
)

// ProjectData is everything the engine knows about one project: the project
// with its latest status report and its records. The caller (the store, a
// test, a demo generator) fills it; the engine only reads it.
type ProjectData struct {
	Project       *pmo.Project
	PortfolioCode string
	ProgramCode   string // "" when the project sits directly under its portfolio
	// Status is the latest status report; when nil, Project.Status (the
	// current status summary) is used if set.
	Status       *pmo.StatusReport
	Risks        []*pmo.Risk
	Issues       []*pmo.Issue
	Actions      []*pmo.Action
	Decisions    []*pmo.Decision
	Dependencies []*pmo.Dependency
	Milestones   []*pmo.Milestone
	Changes      []*pmo.ChangeRequest
	Artefacts    []Artefact
	Approvals    []Approval
	// Links tie decision records to the change requests and milestones
	// they decide about.
	Links []Link
}

// Artefact is a document attached to or linked from a project.
type Artefact struct {
	Kind  string   `json:"kind"` // an artefact kind of the framework, e.g. business_case
	Title string   `json:"title"`
	Link  string   `json:"link"` // URL or document reference
	Gate  string   `json:"gate"` // the gate it was produced for, optional
	Added pmo.Date `json:"added"`
}

// GateDecision is the outcome of a gate review (DOMAIN.md §3).
type GateDecision string

// Gate decisions. A conditional go is Go with conditions recorded by the review.
const (
	Go      GateDecision = "go"
	Hold    GateDecision = "hold"
	Recycle GateDecision = "recycle"
	Kill    GateDecision = "kill"
)

// Approval is one approver's decision at a gate. Only Go counts towards an
// approval requirement.
type Approval struct {
	Gate     string       `json:"gate"`
	Role     string       `json:"role"` // a role of the framework
	Approver string       `json:"approver"`
	Decision GateDecision `json:"decision"`
	At       time.Time    `json:"at"`
}

// LinkKind names what a decision record is about.
type LinkKind string

// Link kinds.
const (
	ChangeLink    LinkKind = "change"
	MilestoneLink LinkKind = "milestone"
)

// Link records that decision Decision is about the change request or
// milestone ID.
type Link struct {
	Decision int64    `json:"decision"`
	Kind     LinkKind `json:"kind"`
	ID       int64    `json:"id"`
}

// projectView is the CEL value of project.
type projectView struct {
	p     *pmo.Project
	d     *ProjectData
	class string
}

// statusView is the CEL value of status.
type statusView struct {
	period                              pmo.Period
	start, end, submitted               pmo.Date
	daysOld                             int64
	schedule, cost, scope, risk, overll string
	trend, override                     string
	actual, forecast                    pmo.Money
}

type milestoneView struct {
	m         *pmo.Milestone
	today     pmo.Date
	decisions []any
}

type changeView struct {
	c         *pmo.ChangeRequest
	plannedD  int
	decisions []any
}

// activation resolves the variables of one project for CEL; list values are
// built on first use and kept for the project's remaining rules.
type activation struct {
	d       *ProjectData
	project *projectView
	status  *statusView
	now     ref.Val // types.Timestamp, boxed once
	todayTS ref.Val
	today   pmo.Date

	lists [listCount]any
}

const (
	risksList = iota
	issuesList
	actionsList
	decisionsList
	dependenciesList
	milestonesList
	changesList
	artefactsList
	approvalsList
	listCount
)

// listNames are the list variables, in index order.
var listNames = [listCount]string{"risks", "issues", "actions", "decisions", "dependencies", "milestones", "changes", "artefacts", "approvals"}

func newActivation(d *ProjectData, now time.Time) *activation {
	a := &activation{d: d, now: types.Timestamp{Time: now.UTC()}, today: pmo.DateOf(now.UTC())}
	a.todayTS = types.Timestamp{Time: a.today.Time()}
	p := d.Project
	if p == nil {
		p = &pmo.Project{}
	}
	a.project = &projectView{p: p, d: d}
	switch {
	case d.Status != nil:
		s := d.Status
		a.status = &statusView{period: s.Period, submitted: pmo.DateOf(s.SubmittedAt),
			schedule: string(s.Schedule), cost: string(s.Cost), scope: string(s.Scope), risk: string(s.Risk), overll: string(s.Overall),
			trend: string(s.OverallTrend), override: s.OverrideReason, actual: s.ActualCost, forecast: s.ForecastCost}
		if s.SubmittedAt.IsZero() {
			a.status.submitted = pmo.Date{}
		}
	case p.Status != nil:
		s := p.Status
		a.status = &statusView{period: s.Period,
			schedule: string(s.Schedule), cost: string(s.Cost), scope: string(s.Scope), risk: string(s.Risk), overll: string(s.Overall),
			trend: string(s.OverallTrend), forecast: s.ForecastCost}
	}
	if a.status != nil && !a.status.period.IsZero() {
		a.status.start, a.status.end = a.status.period.Start, a.status.period.End()
		a.status.daysOld = int64(a.status.end.DaysUntil(a.today))
	}
	return a
}

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "project":
		return a.project, true
	case "status":
		if a.status == nil {
			return nil, true
		}
		return a.status, true
	case "now":
		return a.now, true
	case "today":
		return a.todayTS, true
	}
	for i, n := range listNames {
		if n == name {
			return a.list(i), true
		}
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

func (a *activation) list(i int) any {
	if l := a.lists[i]; l != nil {
		return l
	}
	var out []any
	d := a.d
	switch i {
	case risksList:
		out = each(d.Risks)
	case issuesList:
		out = each(d.Issues)
	case actionsList:
		out = each(d.Actions)
	case decisionsList:
		out = each(d.Decisions)
	case dependenciesList:
		out = each(d.Dependencies)
	case milestonesList:
		out = make([]any, 0, len(d.Milestones))
		for _, m := range d.Milestones {
			out = append(out, &milestoneView{m: m, today: a.today, decisions: a.linked(MilestoneLink, m.ID)})
		}
	case changesList:
		out = make([]any, 0, len(d.Changes))
		dur := plannedDuration(a.project.p)
		for _, c := range d.Changes {
			out = append(out, &changeView{c: c, plannedD: dur, decisions: a.linked(ChangeLink, c.ID)})
		}
	case artefactsList:
		out = make([]any, len(d.Artefacts))
		for j := range d.Artefacts {
			out[j] = &d.Artefacts[j]
		}
	case approvalsList:
		out = make([]any, len(d.Approvals))
		for j := range d.Approvals {
			out[j] = &d.Approvals[j]
		}
	}
	// Adapt the elements once, not on every access by every rule.
	vals := make([]ref.Val, len(out))
	for j, v := range out {
		vals[j] = theAdapter.NativeToValue(v)
	}
	l := types.NewRefValList(theAdapter, vals)
	a.lists[i] = l
	return l
}

func each[T any](recs []*T) []any {
	out := make([]any, 0, len(recs))
	for _, r := range recs {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

func (a *activation) linked(kind LinkKind, id int64) []any {
	out := []any{}
	for _, l := range a.d.Links {
		if l.Kind == kind && l.ID == id {
			out = append(out, l.Decision)
		}
	}
	return out
}

// plannedDuration is the baseline duration in calendar days, 0 without a baseline.
func plannedDuration(p *pmo.Project) int {
	if p.PlannedStart.IsZero() || p.PlannedEnd.IsZero() {
		return 0
	}
	return p.PlannedStart.DaysUntil(p.PlannedEnd)
}

// dateVal is a date as a CEL timestamp, or null when unset.
func dateVal(d pmo.Date) any {
	if d.IsZero() {
		return nil
	}
	return types.Timestamp{Time: d.Time()}
}

func timeVal(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return types.Timestamp{Time: t.UTC()}
}

func amount(m pmo.Money) types.Double { return types.Double(float64(m.Minor) / 100) }

// isOpen mirrors pmo.ClosedStatuses: a switch, as it runs for every record
// in every rule.
func isOpen(e *pmo.Entry) bool {
	switch e.Status {
	case "closed", "realised", "resolved", "done", "cancelled", "decided", "superseded", "met", "missed", "withdrawn":
		return false
	}
	return true
}
