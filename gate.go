package pmo

import (
	"context"
	"slices"
	"time"
)

// GateStatus is where a gate review is: requested until an approver's
// decision closes it.
type GateStatus string

// Gate review statuses.
const (
	GateRequested GateStatus = "requested"
	GateDecided   GateStatus = "decided"
)

// GateOutcome is an approver's decision at a gate (DOMAIN.md §3): go moves
// the project to the gate's next stage; hold pauses it; recycle sends it
// back to rework the stage; kill stops it.
type GateOutcome string

// Gate outcomes.
const (
	GateGo      GateOutcome = "go"
	GateHold    GateOutcome = "hold"
	GateRecycle GateOutcome = "recycle"
	GateKill    GateOutcome = "kill"
)

// GateOutcomes lists the outcomes.
var GateOutcomes = []GateOutcome{GateGo, GateHold, GateRecycle, GateKill}

// Valid reports whether o is a known outcome.
func (o GateOutcome) Valid() bool { return slices.Contains(GateOutcomes, o) }

// GateCheck is one item of a gate's checklist as evaluated when the review
// was requested (a snapshot of governance.GateItem).
type GateCheck struct {
	Requirement string `json:"requirement"`
	Kind        string `json:"kind"`
	Met         bool   `json:"met"`
	Message     string `json:"message"`
	Error       string `json:"error,omitempty"`
}

// GateVote is one approver's decision on a gate review.
type GateVote struct {
	ID         int64       `json:"id"`
	Approver   string      `json:"approver"`
	Role       string      `json:"role"` // a role of the framework, e.g. sponsor
	Decision   GateOutcome `json:"decision"`
	Conditions string      `json:"conditions"` // for a conditional go: actions with due dates
	Comment    string      `json:"comment"`
	At         time.Time   `json:"at"`
}

// Prepare validates v.
func (v *GateVote) Prepare() error {
	var val Validator
	v.Approver, v.Role = clean(v.Approver), clean(v.Role)
	checkText(&val, "approver", v.Approver, 1, 200)
	checkText(&val, "role", v.Role, 0, 100)
	val.Check(v.Decision.Valid(), "decision", "must be one of go, hold, recycle, kill")
	checkText(&val, "conditions", v.Conditions, 0, 10000)
	checkText(&val, "comment", v.Comment, 0, 10000)
	return val.Err()
}

// GateReview is a request to pass a gate, its checklist snapshot, the
// approvers' decisions, and the outcome that closed it.
type GateReview struct {
	ID          int64       `json:"id"`
	ProjectID   int64       `json:"project_id"`
	FrameworkID int64       `json:"framework_id"`
	Gate        string      `json:"gate"` // gate id in the framework
	GateName    string      `json:"gate_name"`
	FromStage   string      `json:"from_stage"`
	ToStage     string      `json:"to_stage"` // "" for a gate that ends the lifecycle
	Status      GateStatus  `json:"status"`
	RequestedBy string      `json:"requested_by"`
	Note        string      `json:"note"`
	Ready       bool        `json:"ready"` // every checklist item met when requested
	Checklist   []GateCheck `json:"checklist"`
	Votes       []GateVote  `json:"votes"`
	// Set when decided.
	Outcome    GateOutcome `json:"outcome,omitempty"`
	Conditions string      `json:"conditions"`
	Comment    string      `json:"comment"`
	DecidedBy  string      `json:"decided_by"`
	DecidedAt  *time.Time  `json:"decided_at"`
	DecisionID int64       `json:"decision_id"` // the Decision record written on the project
	Version    int         `json:"version"`
	CreatedAt  time.Time   `json:"created_at"` // when requested
	UpdatedAt  time.Time   `json:"updated_at"`
}

// Prepare validates a new review.
func (r *GateReview) Prepare() error {
	var v Validator
	r.RequestedBy = clean(r.RequestedBy)
	v.Check(r.ProjectID > 0, "project_id", "is required")
	v.Check(r.FrameworkID > 0, "framework_id", "is required")
	checkText(&v, "gate", r.Gate, 1, 100)
	checkText(&v, "requested_by", r.RequestedBy, 1, 200)
	checkText(&v, "note", r.Note, 0, 10000)
	if r.Status == "" {
		r.Status = GateRequested
	}
	if r.Checklist == nil {
		r.Checklist = []GateCheck{}
	}
	return v.Err()
}

// GateClose is what closes a review: the outcome, and for go the stage the
// project moves to (ToStage of the review).
type GateClose struct {
	Outcome    GateOutcome
	Conditions string
	Comment    string
	DecidedBy  string
}

// GateReviewFilter selects gate reviews, newest first.
type GateReviewFilter struct {
	ProjectID int64
	Gate      string
	Status    GateStatus
}

// GateReviewService stores gate reviews. The checklist evaluation and the
// rules for when a vote closes a review live in package compliance.
type GateReviewService interface {
	// CreateGateReview stores a requested review; Invalid, NotFound for an
	// unknown project or framework version, Conflict when the project
	// already has an open review for the gate. It records the framework
	// version the project follows.
	CreateGateReview(ctx context.Context, r *GateReview) error
	// FindGateReviewByID returns the review with its votes; NotFound.
	FindGateReviewByID(ctx context.Context, id int64) (*GateReview, error)
	// FindGateReviews lists reviews with their votes, newest first.
	FindGateReviews(ctx context.Context, f GateReviewFilter) ([]*GateReview, error)
	// AddGateVote records v on review id at version. When close is not nil
	// it also closes the review with that outcome, writes a decided Decision
	// record on the project and, on go, moves the project to the review's
	// ToStage, all in one transaction. NotFound, Stale, Invalid, Conflict
	// when the review is already decided.
	AddGateVote(ctx context.Context, id int64, version int, v *GateVote, close *GateClose) (*GateReview, error)
}
