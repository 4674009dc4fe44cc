package pmo

import (
	"context"
	"time"
)

// FrameworkVersion is one published version of the delivery framework
// document (package governance parses and evaluates it). Versions are
// immutable; exactly one is current once any is published.
type FrameworkVersion struct {
	ID          int64     `json:"id"`
	Seq         int       `json:"seq"`      // 1, 2, ... in order of publication
	Label       string    `json:"label"`    // the document's own version label, e.g. "2026.2"
	Name        string    `json:"name"`     // the document's name
	Document    string    `json:"document"` // the YAML text as published
	Hash        string    `json:"hash"`     // SHA-256 of the document, hex
	Current     bool      `json:"current"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by"`
}

// ProjectFramework records which framework version a project follows: the
// version it was last audited or gate-reviewed against.
type ProjectFramework struct {
	ProjectID   int64     `json:"project_id"`
	FrameworkID int64     `json:"framework_id"`
	RecordedAt  time.Time `json:"recorded_at"`
	RecordedBy  string    `json:"recorded_by"`
}

// FrameworkService stores published framework versions. It does not parse
// documents: callers validate them (governance.Parse and Compile) first.
type FrameworkService interface {
	// PublishFramework stores v as the next version and makes it current;
	// Invalid when the document is empty, Conflict when it is identical to
	// the current version. ID, Seq, Hash, Current and PublishedAt are set.
	PublishFramework(ctx context.Context, v *FrameworkVersion) error
	// CurrentFramework returns the current version; NotFound when none has
	// been published.
	CurrentFramework(ctx context.Context) (*FrameworkVersion, error)
	// FindFrameworkByID returns NotFound.
	FindFrameworkByID(ctx context.Context, id int64) (*FrameworkVersion, error)
	// FindFrameworks lists every version, newest first, without documents.
	FindFrameworks(ctx context.Context) ([]*FrameworkVersion, error)
	// SetCurrentFramework makes an earlier version current again (a
	// rollback); NotFound.
	SetCurrentFramework(ctx context.Context, id int64) error
	// ProjectFramework returns the version a project follows: the one
	// recorded for it, else the current one. NotFound when the project is
	// unknown or nothing is published.
	ProjectFramework(ctx context.Context, projectID int64) (*FrameworkVersion, error)
}
