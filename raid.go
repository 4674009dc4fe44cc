package pmo

import (
	"context"
	"slices"
	"time"
)

// Level is where a record is managed: its project, or escalated to the
// project's program or portfolio.
type Level string

// Escalation levels.
const (
	ProjectLevel   Level = "project"
	ProgramLevel   Level = "program"
	PortfolioLevel Level = "portfolio"
)

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l == ProjectLevel || l == ProgramLevel || l == PortfolioLevel }

// Entry holds what every RAID record has: its project, title, owner, status
// and escalation level.
type Entry struct {
	ID          int64     `json:"id"`
	ProjectID   int64     `json:"project_id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Owner       string    `json:"owner"`
	Status      string    `json:"status"`
	Level       Level     `json:"level"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Base returns the entry itself, so generic code can reach common fields.
func (e *Entry) Base() *Entry { return e }

func (e *Entry) prepare(v *Validator, statuses []string) {
	e.Title, e.Owner = clean(e.Title), clean(e.Owner)
	v.Check(e.ProjectID > 0, "project_id", "is required")
	checkText(v, "title", e.Title, 1, 300)
	checkText(v, "description", e.Description, 0, 10000)
	checkText(v, "owner", e.Owner, 0, 200)
	if e.Status == "" {
		e.Status = statuses[0]
	}
	v.Check(slices.Contains(statuses, e.Status), "status", "must be one of %v", statuses)
	if e.Level == "" {
		e.Level = ProjectLevel
	}
	v.Check(e.Level.Valid(), "level", "must be project, program or portfolio")
}

// Record is implemented by every RAID type.
type Record interface {
	Base() *Entry
	Prepare() error
}

// RecordFilter selects RAID records. Sort accepts the fields each record
// type documents, e.g. "-score" for risks or "due" for actions.
type RecordFilter struct {
	PortfolioID int64
	ProgramID   int64
	ProjectID   int64
	Levels      []Level
	Statuses    []string
	// ProjectStages, ProjectStates and ProjectTag keep the records of
	// projects with one of these stages or states, or with this tag.
	ProjectStages []Stage
	ProjectStates []State
	ProjectTag    string
	// ProjectRAG keeps the records of projects whose current overall
	// rating is one of these; a project without a report counts as grey.
	ProjectRAG []RAG
	Owner      string
	Query      string // free text on title and description
	// Open keeps records whose status is not a closed one (closed, done, resolved, ...).
	Open bool
	// From and To bound the record's principal date: due (issues, actions),
	// need_by (dependencies, decisions), review_date (risks), forecast (milestones).
	From, To Date
	// Probabilities and Impacts keep the risks whose probability (impact)
	// is one of these values on the 1-5 scale; other record types refuse them.
	Probabilities, Impacts []int
	ListOptions
}

// RecordService stores one type of RAID record. Every method returns NotFound
// for a missing record, Invalid for bad input (also for an unknown project or
// an escalation to a program the project is not in) and Stale for an out-of-date version.
type RecordService[T any] interface {
	FindByID(ctx context.Context, id int64) (*T, error)
	Find(ctx context.Context, f RecordFilter) ([]*T, Page, error)
	Create(ctx context.Context, r *T) error
	Update(ctx context.Context, r *T) error
	Delete(ctx context.Context, id int64, version int) error
}

// Risk is an uncertain event that would affect the project if it happened.
type Risk struct {
	Entry
	Kind         string `json:"kind"` // threat or opportunity
	Category     string `json:"category"`
	Probability  int    `json:"probability"` // 1..5
	Impact       int    `json:"impact"`      // 1..5, the worst dimension
	Score        int    `json:"score"`       // probability x impact; read-only
	CostImpact   Money  `json:"cost_impact"` // monetary impact if it happens
	EMV          Money  `json:"emv"`         // expected monetary value; read-only, threats negative
	Response     string `json:"response"`    // response strategy
	ResponsePlan string `json:"response_plan"`
	ReviewDate   Date   `json:"review_date"`
}

// Risk statuses and responses.
var (
	RiskStatuses  = []string{"open", "closed", "realised"}
	RiskResponses = []string{"avoid", "mitigate", "transfer", "accept", "escalate", "exploit", "enhance", "share"}
)

// riskProbability is the midpoint of each probability band (DOMAIN.md §6).
var riskProbability = [6]int64{0, 5, 20, 40, 60, 85}

// Prepare validates r and computes score and EMV.
func (r *Risk) Prepare() error {
	var v Validator
	r.prepare(&v, RiskStatuses)
	if r.Kind == "" {
		r.Kind = "threat"
	}
	v.Check(r.Kind == "threat" || r.Kind == "opportunity", "kind", "must be threat or opportunity")
	checkText(&v, "category", r.Category, 0, 100)
	checkRange(&v, "probability", r.Probability, 1, 5)
	checkRange(&v, "impact", r.Impact, 1, 5)
	v.Check(r.Response == "" || slices.Contains(RiskResponses, r.Response), "response", "must be one of %v", RiskResponses)
	checkText(&v, "response_plan", r.ResponsePlan, 0, 10000)
	v.Check(r.CostImpact.Minor >= 0, "cost_impact.minor", "must not be negative")
	r.CostImpact.Validate("cost_impact", &v)
	if err := v.Err(); err != nil {
		return err
	}
	r.Score = r.Probability * r.Impact
	r.EMV = Money{Minor: r.CostImpact.Minor * riskProbability[r.Probability] / 100, Currency: r.CostImpact.Currency}
	if r.Kind == "threat" {
		r.EMV.Minor = -r.EMV.Minor
	}
	return nil
}

// ScoreBand names the band of a 5x5 score: low, medium, high or critical.
func ScoreBand(score int) string {
	switch {
	case score >= 16:
		return "critical"
	case score >= 10:
		return "high"
	case score >= 5:
		return "medium"
	}
	return "low"
}

// Issue is something happening now that needs managing.
type Issue struct {
	Entry
	Type       string `json:"type"`     // problem, request_for_change, off_specification
	Severity   string `json:"severity"` // low, medium, high, critical
	Due        Date   `json:"due"`
	Resolution string `json:"resolution"`
}

// Issue statuses, types and severities.
var (
	IssueStatuses   = []string{"open", "in_progress", "resolved", "closed"}
	IssueTypes      = []string{"problem", "request_for_change", "off_specification"}
	IssueSeverities = []string{"low", "medium", "high", "critical"}
)

// Prepare validates i.
func (i *Issue) Prepare() error {
	var v Validator
	i.prepare(&v, IssueStatuses)
	if i.Type == "" {
		i.Type = "problem"
	}
	v.Check(slices.Contains(IssueTypes, i.Type), "type", "must be one of %v", IssueTypes)
	if i.Severity == "" {
		i.Severity = "medium"
	}
	v.Check(slices.Contains(IssueSeverities, i.Severity), "severity", "must be one of %v", IssueSeverities)
	checkText(&v, "resolution", i.Resolution, 0, 10000)
	return v.Err()
}

// Action is a piece of work someone owes by a date.
type Action struct {
	Entry
	Category string `json:"category"` // e.g. general, mitigation, recovery
	Due      Date   `json:"due"`
}

// Action statuses.
var ActionStatuses = []string{"open", "in_progress", "done", "cancelled"}

// Prepare validates a.
func (a *Action) Prepare() error {
	var v Validator
	a.prepare(&v, ActionStatuses)
	if a.Category == "" {
		a.Category = "general"
	}
	checkText(&v, "category", a.Category, 1, 50)
	return v.Err()
}

// Decision records who decided what, when, and on which evidence. A pending
// decision is one the project needs from someone.
type Decision struct {
	Entry
	Forum     string `json:"forum"`      // e.g. steering committee
	DecidedBy string `json:"decided_by"` // who decided
	DecidedOn Date   `json:"decided_on"`
	Rationale string `json:"rationale"`
	Evidence  string `json:"evidence"`
	NeededBy  Date   `json:"needed_by"`
}

// Decision statuses.
var DecisionStatuses = []string{"pending", "decided", "superseded"}

// Prepare validates d.
func (d *Decision) Prepare() error {
	var v Validator
	d.prepare(&v, DecisionStatuses)
	d.DecidedBy = clean(d.DecidedBy)
	checkText(&v, "forum", d.Forum, 0, 200)
	checkText(&v, "decided_by", d.DecidedBy, 0, 200)
	checkText(&v, "rationale", d.Rationale, 0, 10000)
	checkText(&v, "evidence", d.Evidence, 0, 10000)
	if d.Status == "decided" {
		v.Check(d.DecidedBy != "", "decided_by", "is required once decided")
		v.Check(!d.DecidedOn.IsZero(), "decided_on", "is required once decided")
	}
	return v.Err()
}

// Dependency is something ProjectID needs from ToProjectID by NeedBy.
type Dependency struct {
	Entry
	ToProjectID int64  `json:"to_project_id"` // the providing project
	Deliverable string `json:"deliverable"`
	NeedBy      Date   `json:"need_by"`
	Committed   Date   `json:"committed"` // the date the provider commits to
}

// Dependency statuses.
var DependencyStatuses = []string{"open", "at_risk", "met", "missed", "withdrawn"}

// Prepare validates d.
func (d *Dependency) Prepare() error {
	var v Validator
	d.prepare(&v, DependencyStatuses)
	v.Check(d.ToProjectID > 0, "to_project_id", "is required")
	v.Check(d.ToProjectID != d.ProjectID, "to_project_id", "must differ from project_id")
	checkText(&v, "deliverable", d.Deliverable, 0, 500)
	v.Check(!d.NeedBy.IsZero(), "need_by", "is required")
	return v.Err()
}

// closedStatuses are statuses that end a record's life, for RecordFilter.Open.
var closedStatuses = []string{"closed", "realised", "resolved", "done", "cancelled", "decided", "superseded", "met", "missed", "withdrawn"}

// ClosedStatuses returns the statuses that RecordFilter.Open excludes.
func ClosedStatuses() []string { return slices.Clone(closedStatuses) }
