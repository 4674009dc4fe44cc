package pmo

import (
	"context"
	"time"
)

// Finding is one project failing one framework rule, tracked across audit
// runs: opened when first seen, updated while it persists, resolved when a
// run no longer finds it. A finding that reappears later is a new finding.
type Finding struct {
	ID          int64      `json:"id"`
	ProjectID   int64      `json:"project_id"`
	Rule        string     `json:"rule"`
	Kind        string     `json:"kind"` // violation, or rule_error for a rule that could not be evaluated
	Severity    string     `json:"severity"`
	Title       string     `json:"title"`
	Message     string     `json:"message"` // as the latest run rendered it
	Stage       string     `json:"stage"`
	Class       string     `json:"class"`
	Manager     string     `json:"manager"` // the owner of the finding
	Program     string     `json:"program"` // program code, "" when none
	Waived      bool       `json:"waived"`  // under a waiver at the latest run
	Seen        int        `json:"seen"`    // runs that found it
	FrameworkID int64      `json:"framework_id"`
	FirstRunID  int64      `json:"first_run_id"`
	LastRunID   int64      `json:"last_run_id"`
	FirstSeen   time.Time  `json:"first_seen"`
	LastSeen    time.Time  `json:"last_seen"`
	ResolvedAt  *time.Time `json:"resolved_at"`
}

// FindingKey matches findings across runs, as governance.Finding.Key does.
type FindingKey struct {
	ProjectID int64
	Rule      string
	Kind      string
}

// Key returns the key of f.
func (f *Finding) Key() FindingKey { return FindingKey{f.ProjectID, f.Rule, f.Kind} }

// FindingState is where a finding stands, for lists and exports.
type FindingState string

// Finding states.
const (
	FindingOpen     FindingState = "open"     // unresolved and not waived
	FindingWaived   FindingState = "waived"   // unresolved, under a waiver at the latest run
	FindingResolved FindingState = "resolved" // a later run no longer found it
)

// FindingStates lists the states.
var FindingStates = []FindingState{FindingOpen, FindingWaived, FindingResolved}

// FindingFilter selects findings, newest first unless Sort says otherwise.
// FindFindings reads every match (ListOptions.Limit 0 means no limit);
// FindFindingPage reads a page, sorted by id, first_seen, last_seen,
// seen, rule or manager.
type FindingFilter struct {
	ProjectID   int64
	PortfolioID int64
	ProgramID   int64
	Rule        string
	Severities  []string
	Stages      []string
	Kinds       []string // violation, rule_error
	Manager     string   // case-insensitive
	States      []FindingState
	Open        bool // unresolved only
	Resolved    bool // resolved only
	ListOptions
}

// AuditRun is one recorded audit of the portfolio (or of one portfolio).
type AuditRun struct {
	ID             int64     `json:"id"`
	At             time.Time `json:"at"`
	FrameworkID    int64     `json:"framework_id"`
	FrameworkLabel string    `json:"framework_label"`
	PortfolioID    int64     `json:"portfolio_id"` // 0: every portfolio
	Projects       int       `json:"projects"`
	Violations     int       `json:"violations"` // open, not waived
	Waived         int       `json:"waived"`
	RuleErrors     int       `json:"rule_errors"`
	Opened         int       `json:"opened"`   // new findings
	Resolved       int       `json:"resolved"` // findings this run closed
	// Counts holds the open violations per dimension (rule, severity,
	// program, manager, stage, class) and key: the trend lines.
	Counts map[string]map[string]int `json:"counts"`
	RunBy  string                    `json:"run_by"`
}

// Waiver exempts one project from one rule until it expires or is revoked.
type Waiver struct {
	ID        int64      `json:"id"`
	ProjectID int64      `json:"project_id"`
	Rule      string     `json:"rule"`
	Reason    string     `json:"reason"`
	Expires   time.Time  `json:"expires"`
	GrantedBy string     `json:"granted_by"`
	RevokedAt *time.Time `json:"revoked_at"`
	RevokedBy string     `json:"revoked_by"`
	Version   int        `json:"version"`
	CreatedAt time.Time  `json:"created_at"` // when granted
	UpdatedAt time.Time  `json:"updated_at"`
}

// Prepare validates w.
func (w *Waiver) Prepare() error {
	var v Validator
	w.Rule, w.GrantedBy = clean(w.Rule), clean(w.GrantedBy)
	v.Check(w.ProjectID > 0, "project_id", "is required")
	checkText(&v, "rule", w.Rule, 1, 200)
	checkText(&v, "reason", w.Reason, 1, 10000)
	checkText(&v, "granted_by", w.GrantedBy, 1, 200)
	v.Check(!w.Expires.IsZero(), "expires", "is required: a waiver must end")
	return v.Err()
}

// Active reports whether w applies at now.
func (w *Waiver) Active(now time.Time) bool { return w.RevokedAt == nil && now.Before(w.Expires) }

// WaiverFilter selects waivers, newest first.
type WaiverFilter struct {
	ID        int64
	ProjectID int64
	Rule      string
	ActiveAt  time.Time // when set, only waivers in force at that instant
}

// RuleComment is a remark by a project team (or anyone) on a framework
// rule, which the PMO reads beside the rule's failure and waiver counts.
type RuleComment struct {
	ID          int64     `json:"id"`
	Rule        string    `json:"rule"`
	ProjectID   int64     `json:"project_id"` // 0 when not about one project
	FrameworkID int64     `json:"framework_id"`
	Author      string    `json:"author"`
	Body        string    `json:"body"`
	CreatedAt   time.Time `json:"created_at"`
}

// Prepare validates c.
func (c *RuleComment) Prepare() error {
	var v Validator
	c.Rule, c.Author, c.Body = clean(c.Rule), clean(c.Author), clean(c.Body)
	checkText(&v, "rule", c.Rule, 1, 200)
	checkText(&v, "author", c.Author, 1, 200)
	checkText(&v, "body", c.Body, 1, 10000)
	return v.Err()
}

// ComplianceService stores audit runs with the findings lifecycle, waivers
// and rule comments.
type ComplianceService interface {
	// RecordAuditRun stores run and upserts its findings in one
	// transaction: a finding whose key has an open finding updates it (last
	// seen, message, waived, seen + 1); any other opens a new one; the open
	// findings of the audited projects that the run did not find are
	// resolved. It records fw as the version each audited project follows.
	// run.ID, At, Opened and Resolved are set. Invalid, NotFound for an
	// unknown framework version.
	RecordAuditRun(ctx context.Context, run *AuditRun, audited []int64, findings []*Finding) error
	// FindAuditRuns lists runs, newest first; limit 0 means all.
	FindAuditRuns(ctx context.Context, limit int) ([]*AuditRun, error)
	// TallyFindings counts the findings that f matches (its paging ignored)
	// in groups of the dimensions by (none: one group of every match), in
	// storage rather than by reading them. Within a reach only findings of
	// projects in reach count. Open findings seen by at least chronicSeen
	// runs count as Chronic. Invalid for an unknown dimension.
	TallyFindings(ctx context.Context, f FindingFilter, chronicSeen int, by ...FindingDim) ([]FindingTally, error)
	// FindAuditRunByID returns NotFound.
	FindAuditRunByID(ctx context.Context, id int64) (*AuditRun, error)
	// FindFindings lists findings, newest first.
	FindFindings(ctx context.Context, f FindingFilter) ([]*Finding, error)
	// FindFindingPage returns a page of findings and the count of all
	// matches; Invalid for a bad sort, limit or cursor.
	FindFindingPage(ctx context.Context, f FindingFilter) ([]*Finding, Page, error)
	// CreateWaiver stores w; Invalid, NotFound for an unknown project. It
	// does not check who grants it: see compliance.Service.GrantWaiver.
	CreateWaiver(ctx context.Context, w *Waiver) error
	// FindWaivers lists waivers, newest first.
	FindWaivers(ctx context.Context, f WaiverFilter) ([]*Waiver, error)
	// RevokeWaiver ends a waiver now; NotFound, Stale, Conflict when
	// already revoked.
	RevokeWaiver(ctx context.Context, id int64, version int, by string) (*Waiver, error)
	// CreateRuleComment stores c; Invalid, NotFound for an unknown project.
	CreateRuleComment(ctx context.Context, c *RuleComment) error
	// FindRuleComments lists comments on rule ("" for every rule), oldest first.
	FindRuleComments(ctx context.Context, rule string) ([]*RuleComment, error)
}

// GovernanceServices is the storage side of the governance workflow
// (issue 5). It is apart from Services so that fakes of Services need not
// implement it.
type GovernanceServices interface {
	FrameworkService
	GateReviewService
	ComplianceService
}
