package pmo

import (
	"context"
	"encoding/json"
	"time"
)

// Audit actions besides create, update and delete.
const (
	AuditCreate     = "create"
	AuditUpdate     = "update"
	AuditDelete     = "delete"
	AuditTransition = "transition"
	AuditImport     = "import"
	AuditSignIn     = "sign_in"
	AuditSignInFail = "sign_in_failed"
	AuditSignOut    = "sign_out"
	AuditDenied     = "permission_denied"
)

// AuditRecord is one append-only entry of the audit trail.
type AuditRecord struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	ActorID   int64     `json:"actor_id"` // 0 for the system or an unknown user
	Actor     string    `json:"actor"`
	Action    string    `json:"action"`
	Entity    string    `json:"entity"` // e.g. project, risk, user, session
	EntityID  int64     `json:"entity_id"`
	ProjectID int64     `json:"project_id"` // 0 when not about one project
	// Diff maps each changed field to {"before": ..., "after": ...}.
	Diff      json.RawMessage `json:"diff"`
	RequestID string          `json:"request_id"`
	Address   string          `json:"address"`
}

// AuditFilter selects audit records, newest first.
type AuditFilter struct {
	Entity    string
	EntityID  int64
	ProjectID int64
	ActorID   int64
	Actor     string
	Action    string
	From, To  time.Time // bounds on At; zero is open
	ListOptions
}

// AuditService reads the audit trail and records events that are not
// writes (sign-ins, denials). Nothing can change or remove a record.
type AuditService interface {
	// FindAuditRecords returns a page, newest first, and the total.
	FindAuditRecords(ctx context.Context, f AuditFilter) ([]*AuditRecord, Page, error)
	// FindAuditRecordByID returns NotFound.
	FindAuditRecordByID(ctx context.Context, id int64) (*AuditRecord, error)
	// RecordEvent appends r; actor, request id and time come from ctx and the clock
	// unless set.
	RecordEvent(ctx context.Context, r *AuditRecord) error
}
