package pmo

import (
	"context"
	"slices"
	"time"
)

// ProposalState is a step of the intake workflow.
type ProposalState string

// Proposal states. Funded is reached only through FundingService, when the
// PMO turns an approved proposal into a project.
const (
	ProposalDraft       ProposalState = "draft"
	ProposalSubmitted   ProposalState = "submitted"
	ProposalUnderReview ProposalState = "under_review"
	ProposalApproved    ProposalState = "approved"
	ProposalRejected    ProposalState = "rejected"
	ProposalWithdrawn   ProposalState = "withdrawn"
	ProposalFunded      ProposalState = "funded"
)

// ProposalStates lists the states in workflow order.
var ProposalStates = []ProposalState{ProposalDraft, ProposalSubmitted, ProposalUnderReview,
	ProposalApproved, ProposalRejected, ProposalWithdrawn, ProposalFunded}

// proposalFlow is the workflow: the requester submits a draft (or withdraws
// it); the PMO takes it under review or returns it to draft for more
// information; a review ends in approval or rejection. An approved
// proposal may be reopened for review until it is funded.
var proposalFlow = map[ProposalState][]ProposalState{
	ProposalDraft:       {ProposalSubmitted, ProposalWithdrawn},
	ProposalSubmitted:   {ProposalUnderReview, ProposalDraft, ProposalWithdrawn},
	ProposalUnderReview: {ProposalApproved, ProposalRejected, ProposalDraft, ProposalWithdrawn},
	ProposalApproved:    {ProposalUnderReview},
}

// Valid reports whether s is a known state.
func (s ProposalState) Valid() bool { return slices.Contains(ProposalStates, s) }

// NextProposalStates returns the states a proposal may move to from s by a
// transition (funding is not one).
func NextProposalStates(s ProposalState) []ProposalState { return slices.Clone(proposalFlow[s]) }

// CanTransitionProposal reports whether the workflow allows from -> to.
func CanTransitionProposal(from, to ProposalState) bool {
	return slices.Contains(proposalFlow[from], to)
}

// Editable reports whether a proposal in state s may still be edited: a
// decided proposal is the record of what was decided.
func (s ProposalState) Editable() bool {
	return s == ProposalDraft || s == ProposalSubmitted || s == ProposalUnderReview
}

// Category is the investment category of a proposal (DOMAIN.md §2).
type Category string

// The default categories.
const (
	CategoryMandatory Category = "mandatory" // mandatory / regulatory
	CategoryRun       Category = "run"
	CategoryGrow      Category = "grow"
	CategoryTransform Category = "transform"
)

// Categories lists the categories.
var Categories = []Category{CategoryMandatory, CategoryRun, CategoryGrow, CategoryTransform}

// Proposal is a request for investment raised to the PMO: what, why, what
// it costs and returns (its business case) and when it could start.
type Proposal struct {
	ID          int64  `json:"id"`
	PortfolioID int64  `json:"portfolio_id"`
	ProgramID   int64  `json:"program_id,omitempty"` // 0: directly under the portfolio
	Code        string `json:"code"`                 // unique across proposals
	Title       string `json:"title"`
	Description string `json:"description"` // the problem or opportunity
	Requester   string `json:"requester"`
	// RequesterID is the user who raised it (0 when imported); requesters
	// may edit only their own drafts. Set by the server, not the client.
	RequesterID int64    `json:"requester_id"`
	Sponsor     string   `json:"sponsor"`
	Category    Category `json:"category"`
	Mandatory   bool     `json:"mandatory"`   // regulatory or already promised: forced into every selection
	LegalBasis  string   `json:"legal_basis"` // why it is mandatory
	Objectives  []string `json:"objectives"`  // strategic objectives it serves
	Alignment   int      `json:"alignment"`   // strategic alignment, 0 (none) .. 5
	Risk        int      `json:"risk"`        // delivery risk, 1 (low) .. 5

	// EarliestStart and LatestStart bound the period the work may start in,
	// of the business case's period kind; zero means open.
	EarliestStart Period       `json:"earliest_start"`
	LatestStart   Period       `json:"latest_start"`
	Case          ProposalCase `json:"business_case"`
	// NPV is computed from the business case (read-only), in minor units.
	NPV          int64                `json:"npv"`
	Dependencies []ProposalDependency `json:"dependencies"`
	// Excludes lists alternative proposals: at most one of a pair is
	// selected. The relation is symmetric; naming it on one side suffices.
	Excludes []int64 `json:"excludes"`

	State     ProposalState   `json:"state"`             // read-only: moved by transitions
	ProjectID int64           `json:"funded_project_id"` // the project it became once funded (read-only)
	History   []ProposalEvent `json:"history"`
	Version   int             `json:"version"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// ProposalDependency says a proposal needs another proposal (which must be
// selected too) or an existing project. With FinishFirst the other must
// end before this one starts.
type ProposalDependency struct {
	ProposalID  int64 `json:"proposal_id,omitempty"`
	ProjectID   int64 `json:"project_id,omitempty"`
	FinishFirst bool  `json:"finish_first"`
}

// ProposalEvent records one workflow transition.
type ProposalEvent struct {
	From    ProposalState `json:"from"`
	To      ProposalState `json:"to"`
	Actor   string        `json:"actor"`
	Comment string        `json:"comment"`
	At      time.Time     `json:"at"`
}

// Prepare normalises p, computes its NPV and validates the fields that need
// no lookup; the store checks that the proposals and projects named exist.
func (p *Proposal) Prepare() error {
	var v Validator
	p.Code, p.Title, p.Requester, p.Sponsor = clean(p.Code), clean(p.Title), clean(p.Requester), clean(p.Sponsor)
	v.Check(p.PortfolioID > 0, "portfolio_id", "is required")
	v.Check(p.ProgramID >= 0, "program_id", "must be a program id")
	checkCode(&v, "code", p.Code)
	checkText(&v, "title", p.Title, 1, 300)
	checkText(&v, "description", p.Description, 0, 10000)
	checkText(&v, "requester", p.Requester, 1, 200)
	checkText(&v, "sponsor", p.Sponsor, 0, 200)
	if p.Category == "" {
		p.Category = CategoryGrow
		if p.Mandatory {
			p.Category = CategoryMandatory
		}
	}
	v.Check(slices.Contains(Categories, p.Category), "category", "must be one of %v", Categories)
	checkText(&v, "legal_basis", p.LegalBasis, 0, 2000)
	v.Check(!p.Mandatory || clean(p.LegalBasis) != "", "legal_basis", "a mandatory proposal needs its legal basis or commitment")
	p.Objectives = normaliseList(&v, "objectives", p.Objectives)
	checkRange(&v, "alignment", p.Alignment, 0, 5)
	if p.Risk == 0 {
		p.Risk = 3
	}
	checkRange(&v, "risk", p.Risk, 1, 5)
	p.Case.prepare("business_case", &v)
	for _, w := range []struct {
		f string
		p Period
	}{{"earliest_start", p.EarliestStart}, {"latest_start", p.LatestStart}} {
		v.Check(w.p.IsZero() || w.p.Kind == p.Case.PeriodKind, w.f, "must be a %s like the business case", p.Case.PeriodKind)
	}
	if !p.EarliestStart.IsZero() && !p.LatestStart.IsZero() {
		v.Check(!p.LatestStart.Start.Before(p.EarliestStart.Start), "latest_start", "must not be before earliest_start")
	}
	p.NPV = p.Case.NPV()
	p.checkLinks(&v)
	if p.State == "" {
		p.State = ProposalDraft
	}
	v.Check(p.State.Valid(), "state", "must be one of %v", ProposalStates)
	return v.Err()
}

// checkLinks validates dependencies and exclusions: no self-reference, no
// duplicates, each dependency names exactly one proposal or project.
func (p *Proposal) checkLinks(v *Validator) {
	if p.Dependencies == nil {
		p.Dependencies = []ProposalDependency{}
	}
	if p.Excludes == nil {
		p.Excludes = []int64{}
	}
	v.Check(len(p.Dependencies) <= 100, "dependencies", "at most 100")
	v.Check(len(p.Excludes) <= 100, "excludes", "at most 100")
	seen := map[ProposalDependency]bool{}
	for i, d := range p.Dependencies {
		f := fieldIndex("dependencies", i)
		switch {
		case (d.ProposalID > 0) == (d.ProjectID > 0):
			v.Add(f, "must name exactly one proposal_id or project_id")
		case d.ProposalID == p.ID && p.ID != 0:
			v.Add(f+".proposal_id", "proposal %s cannot depend on itself", p.Code)
		}
		key := ProposalDependency{ProposalID: d.ProposalID, ProjectID: d.ProjectID}
		v.Check(!seen[key], f, "is listed twice")
		seen[key] = true
	}
	ex := map[int64]bool{}
	for i, id := range p.Excludes {
		f := fieldIndex("excludes", i)
		v.Check(id > 0, f, "must be a proposal id")
		v.Check(id != p.ID || p.ID == 0, f, "proposal %s cannot exclude itself", p.Code)
		v.Check(!ex[id], f, "is listed twice")
		ex[id] = true
		for _, d := range p.Dependencies {
			v.Check(d.ProposalID != id || id == 0, f, "proposal %d is both required and excluded", id)
		}
	}
}

// normaliseList trims, drops blanks and duplicates, and bounds a list of
// short names.
func normaliseList(v *Validator, field string, xs []string) []string {
	out := []string{}
	for i, x := range xs {
		x = clean(x)
		checkText(v, fieldIndex(field, i), x, 0, 200)
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	v.Check(len(out) <= 20, field, "at most 20")
	return out
}

// ProposalTransition asks to move a proposal to another state.
type ProposalTransition struct {
	To      ProposalState `json:"to"`
	Actor   string        `json:"actor"`
	Comment string        `json:"comment"`
}

// Validate checks t against the workflow from state from.
func (t *ProposalTransition) Validate(from ProposalState) error {
	var v Validator
	t.Actor = clean(t.Actor)
	checkText(&v, "actor", t.Actor, 1, 200)
	checkText(&v, "comment", t.Comment, 0, 5000)
	switch {
	case !t.To.Valid():
		v.Add("to", "must be one of %v", ProposalStates)
	case t.To == ProposalFunded:
		v.Add("to", "a proposal is funded by turning it into a project, not by a transition")
	case !CanTransitionProposal(from, t.To):
		v.Add("to", "cannot move from %s to %s; allowed: %v", from, t.To, proposalFlow[from])
	}
	if t.To == ProposalRejected || (t.To == ProposalDraft && from != ProposalDraft) {
		v.Check(clean(t.Comment) != "", "comment", "a rejection or a return to draft needs a reason")
	}
	return v.Err()
}

// ProposalFilter selects proposals. Sort accepts code, title, state,
// created_at, updated_at, npv and cost, each optionally prefixed with "-".
type ProposalFilter struct {
	IDs         []int64
	PortfolioID int64
	ProgramID   int64
	ProjectID   int64 // the proposal a funded project came from
	States      []ProposalState
	Categories  []Category
	RequesterID int64
	Mandatory   *bool
	Query       string // free text on code, title and description
	ListOptions
}

// ProposalService manages proposals and their workflow.
type ProposalService interface {
	// FindProposalByID returns NotFound; the result includes its history.
	FindProposalByID(ctx context.Context, id int64) (*Proposal, error)
	// FindProposals returns a page (without history) and the total matching.
	FindProposals(ctx context.Context, f ProposalFilter) ([]*Proposal, Page, error)
	// CreateProposal records a draft; Invalid for bad input or an unknown
	// portfolio, program, proposal or project; Conflict on a duplicate code.
	CreateProposal(ctx context.Context, p *Proposal) error
	// UpdateProposal replaces the editable fields; Stale for an old version,
	// Conflict once decided, Invalid also for a dependency that would close
	// a cycle. State, requester id and project are not changed.
	UpdateProposal(ctx context.Context, p *Proposal) error
	// TransitionProposal moves it along the workflow and records the event;
	// Invalid for a move the workflow forbids, Stale for an old version.
	TransitionProposal(ctx context.Context, id int64, version int, t ProposalTransition) (*Proposal, error)
	// DeleteProposal removes a draft or withdrawn proposal that no other
	// proposal names; Conflict otherwise.
	DeleteProposal(ctx context.Context, id int64, version int) error
}
