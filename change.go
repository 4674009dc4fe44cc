package pmo

import (
	"context"
	"slices"
	"time"
)

// ChangeState is a step of the change control workflow.
type ChangeState string

// Change request states.
const (
	ChangeDraft       ChangeState = "draft"
	ChangeSubmitted   ChangeState = "submitted"
	ChangeAssessed    ChangeState = "assessed"
	ChangeApproved    ChangeState = "approved"
	ChangeRejected    ChangeState = "rejected"
	ChangeImplemented ChangeState = "implemented"
)

// ChangeStates lists the states in workflow order.
var ChangeStates = []ChangeState{ChangeDraft, ChangeSubmitted, ChangeAssessed, ChangeApproved, ChangeRejected, ChangeImplemented}

// changeFlow is the workflow: draft -> submitted -> assessed -> approved /
// rejected -> implemented (from approved).
var changeFlow = map[ChangeState][]ChangeState{
	ChangeDraft:     {ChangeSubmitted},
	ChangeSubmitted: {ChangeAssessed},
	ChangeAssessed:  {ChangeApproved, ChangeRejected},
	ChangeApproved:  {ChangeImplemented},
}

// NextChangeStates returns the states a change request may move to from s.
func NextChangeStates(s ChangeState) []ChangeState { return slices.Clone(changeFlow[s]) }

// CanTransition reports whether the workflow allows from -> to.
func CanTransition(from, to ChangeState) bool { return slices.Contains(changeFlow[from], to) }

// Editable reports whether a change request in state s may still be edited;
// once decided its content is the record of what was decided.
func (s ChangeState) Editable() bool {
	return s == ChangeDraft || s == ChangeSubmitted || s == ChangeAssessed
}

// ChangeRequest proposes a change to a project's baselines.
type ChangeRequest struct {
	ID             int64         `json:"id"`
	ProjectID      int64         `json:"project_id"`
	Title          string        `json:"title"`
	Description    string        `json:"description"`
	Justification  string        `json:"justification"`
	RequestedBy    string        `json:"requested_by"`
	Priority       int           `json:"priority"`             // 1 (highest) .. 5
	CostImpact     Money         `json:"cost_impact"`          // change to budget; negative saves
	ScheduleDays   int           `json:"schedule_impact_days"` // change to the finish; negative earlier
	ScopeImpact    string        `json:"scope_impact"`
	BenefitsImpact string        `json:"benefits_impact"`
	State          ChangeState   `json:"state"` // read-only: moved by transitions
	History        []ChangeEvent `json:"history"`
	Version        int           `json:"version"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// ChangeEvent records one workflow transition.
type ChangeEvent struct {
	From    ChangeState `json:"from"`
	To      ChangeState `json:"to"`
	Actor   string      `json:"actor"`
	Comment string      `json:"comment"`
	At      time.Time   `json:"at"`
}

// Prepare normalises c and validates it.
func (c *ChangeRequest) Prepare() error {
	var v Validator
	c.Title, c.RequestedBy = clean(c.Title), clean(c.RequestedBy)
	v.Check(c.ProjectID > 0, "project_id", "is required")
	checkText(&v, "title", c.Title, 1, 300)
	checkText(&v, "description", c.Description, 0, 10000)
	checkText(&v, "justification", c.Justification, 0, 10000)
	checkText(&v, "requested_by", c.RequestedBy, 1, 200)
	if c.Priority == 0 {
		c.Priority = 3
	}
	checkRange(&v, "priority", c.Priority, 1, 5)
	c.CostImpact.Validate("cost_impact", &v)
	v.Check(c.ScheduleDays > -3650 && c.ScheduleDays < 3650, "schedule_impact_days", "must be within ten years")
	checkText(&v, "scope_impact", c.ScopeImpact, 0, 10000)
	checkText(&v, "benefits_impact", c.BenefitsImpact, 0, 10000)
	if c.State == "" {
		c.State = ChangeDraft
	}
	v.Check(slices.Contains(ChangeStates, c.State), "state", "must be one of %v", ChangeStates)
	return v.Err()
}

// Transition asks to move a change request to another state.
type Transition struct {
	To      ChangeState `json:"to"`
	Actor   string      `json:"actor"`
	Comment string      `json:"comment"`
}

// Validate checks t against the workflow from state from.
func (t *Transition) Validate(from ChangeState) error {
	var v Validator
	t.Actor = clean(t.Actor)
	checkText(&v, "actor", t.Actor, 1, 200)
	checkText(&v, "comment", t.Comment, 0, 5000)
	if !slices.Contains(ChangeStates, t.To) {
		v.Add("to", "must be one of %v", ChangeStates)
	} else if !CanTransition(from, t.To) {
		v.Add("to", "cannot move from %s to %s; allowed: %v", from, t.To, changeFlow[from])
	}
	if t.To == ChangeRejected {
		v.Check(clean(t.Comment) != "", "comment", "a rejection needs a reason")
	}
	return v.Err()
}

// ChangeFilter selects change requests. Sort accepts created_at, priority,
// state and cost_impact.
type ChangeFilter struct {
	PortfolioID int64
	ProgramID   int64
	ProjectID   int64
	States      []ChangeState
	Query       string
	ListOptions
}

// ChangeService manages change requests and their workflow.
type ChangeService interface {
	// FindChangeRequestByID returns NotFound; the result includes its history.
	FindChangeRequestByID(ctx context.Context, id int64) (*ChangeRequest, error)
	// FindChangeRequests returns a page (without history) and the total matching.
	FindChangeRequests(ctx context.Context, f ChangeFilter) ([]*ChangeRequest, Page, error)
	// CreateChangeRequest records a draft; Invalid for bad input or an unknown project.
	CreateChangeRequest(ctx context.Context, c *ChangeRequest) error
	// UpdateChangeRequest replaces editable fields; Stale for an old version,
	// Conflict once the request is decided. State is not changed here.
	UpdateChangeRequest(ctx context.Context, c *ChangeRequest) error
	// TransitionChangeRequest moves the request along the workflow and records
	// the event; Invalid for a move the workflow forbids, Stale for an old version.
	TransitionChangeRequest(ctx context.Context, id int64, version int, t Transition) (*ChangeRequest, error)
	// DeleteChangeRequest removes a draft; Conflict once submitted.
	DeleteChangeRequest(ctx context.Context, id int64, version int) error
}
