package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pmohq/pmo"
)

var _ pmo.GovernanceServices = (*DB)(nil)

const frameworkCols = "id, seq, label, name, document, hash, is_current, published_at, published_by"

func scanFramework(rs rowScanner) (*pmo.FrameworkVersion, error) {
	var v pmo.FrameworkVersion
	var current int
	err := rs.Scan(&v.ID, &v.Seq, &v.Label, &v.Name, &v.Document, &v.Hash, &current, timeScan{&v.PublishedAt}, &v.PublishedBy)
	v.Current = current == 1
	return &v, err
}

// optTime scans a nullable timestamp into a *time.Time (nil for NULL).
type optTime struct{ t **time.Time }

// Scan implements sql.Scanner.
func (s optTime) Scan(src any) error {
	if src == nil {
		*s.t = nil
		return nil
	}
	var t time.Time
	if err := (timeScan{&t}).Scan(src); err != nil {
		return err
	}
	*s.t = &t
	return nil
}

// optTimeArg is the column value of a nullable timestamp.
func optTimeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return timeArg(*t)
}

// actorName is who ctx acts for, "system" for the CLI and jobs.
func actorName(ctx context.Context) string {
	if n := pmo.ActorFrom(ctx).Name; n != "" {
		return n
	}
	return "system"
}

// PublishFramework stores v as the next version and makes it current.
func (db *DB) PublishFramework(ctx context.Context, v *pmo.FrameworkVersion) error {
	if strings.TrimSpace(v.Document) == "" {
		return pmo.FieldErr("document", "is empty")
	}
	if v.PublishedBy = strings.TrimSpace(v.PublishedBy); v.PublishedBy == "" {
		v.PublishedBy = actorName(ctx)
	}
	sum := sha256.Sum256([]byte(v.Document))
	v.Hash = hex.EncodeToString(sum[:])
	return db.write(ctx, func(t *tx) error {
		cur, err := t.currentFramework()
		if err != nil && pmo.ErrorKind(err) != pmo.NotFound {
			return err
		}
		if cur != nil && cur.Hash == v.Hash {
			return pmo.Errorf(pmo.Conflict, "the document is identical to the current version %d (%s); nothing to publish", cur.Seq, cur.Label)
		}
		if err := t.queryRow("SELECT COALESCE(MAX(seq), 0) + 1 FROM framework_versions").Scan(&v.Seq); err != nil {
			return err
		}
		if _, err := t.exec("UPDATE framework_versions SET is_current = 0 WHERE is_current = 1"); err != nil {
			return err
		}
		v.ID, err = t.insert(`INSERT INTO framework_versions (seq, label, name, document, hash, is_current, published_at,
			published_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`, v.Seq, v.Label, v.Name, v.Document, v.Hash, timeArg(t.now), v.PublishedBy)
		if err != nil {
			return err
		}
		v.Current, v.PublishedAt = true, t.now
		return t.audit("framework", v.ID, 0, "publish", nil, frameworkAudit(v))
	})
}

// frameworkAudit is what the trail keeps of a version: not the document,
// which the version itself keeps forever.
func frameworkAudit(v *pmo.FrameworkVersion) any {
	return map[string]any{"seq": v.Seq, "label": v.Label, "name": v.Name, "hash": v.Hash, "current": v.Current}
}

func (t *tx) currentFramework() (*pmo.FrameworkVersion, error) {
	v, err := scanFramework(t.queryRow("SELECT " + frameworkCols + " FROM framework_versions WHERE is_current = 1"))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pmo.Errorf(pmo.NotFound, "no framework has been published; run pmo framework publish")
	}
	return v, err
}

// CurrentFramework returns NotFound when none has been published.
func (db *DB) CurrentFramework(ctx context.Context) (v *pmo.FrameworkVersion, err error) {
	err = db.read(ctx, func(t *tx) error {
		v, err = t.currentFramework()
		return err
	})
	return v, err
}

func (t *tx) frameworkByID(id int64) (*pmo.FrameworkVersion, error) {
	v, err := scanFramework(t.queryRow("SELECT "+frameworkCols+" FROM framework_versions WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("framework version", id)
	}
	return v, err
}

// FindFrameworkByID returns NotFound.
func (db *DB) FindFrameworkByID(ctx context.Context, id int64) (v *pmo.FrameworkVersion, err error) {
	err = db.read(ctx, func(t *tx) error {
		v, err = t.frameworkByID(id)
		return err
	})
	return v, err
}

// FindFrameworks lists every version, newest first, without documents.
func (db *DB) FindFrameworks(ctx context.Context) (vs []*pmo.FrameworkVersion, err error) {
	err = db.read(ctx, func(t *tx) error {
		rows, err := t.query("SELECT id, seq, label, name, '', hash, is_current, published_at, published_by FROM framework_versions ORDER BY seq DESC")
		if err != nil {
			return err
		}
		vs, err = scanAll(rows, scanFramework)
		return err
	})
	return vs, err
}

// SetCurrentFramework makes version id current; NotFound.
func (db *DB) SetCurrentFramework(ctx context.Context, id int64) error {
	return db.write(ctx, func(t *tx) error {
		v, err := t.frameworkByID(id)
		if err != nil {
			return err
		}
		if v.Current {
			return nil
		}
		if _, err := t.exec("UPDATE framework_versions SET is_current = 0 WHERE is_current = 1"); err != nil {
			return err
		}
		if _, err := t.exec("UPDATE framework_versions SET is_current = 1 WHERE id = ?", id); err != nil {
			return err
		}
		after := *v
		after.Current = true
		return t.audit("framework", id, 0, pmo.AuditUpdate, frameworkAudit(v), frameworkAudit(&after))
	})
}

// ProjectFramework returns the version recorded for the project, else the current one.
func (db *DB) ProjectFramework(ctx context.Context, projectID int64) (v *pmo.FrameworkVersion, err error) {
	err = db.read(ctx, func(t *tx) error {
		if ok, err := t.exists("projects", projectID); err != nil || !ok {
			return cmpErr(err, notFound("project", projectID))
		}
		v, err = scanFramework(t.queryRow("SELECT f."+strings.ReplaceAll(frameworkCols, ", ", ", f.")+
			" FROM project_frameworks pf JOIN framework_versions f ON f.id = pf.framework_id WHERE pf.project_id = ?", projectID))
		if errors.Is(err, sql.ErrNoRows) {
			v, err = t.currentFramework()
		}
		return err
	})
	return v, err
}

// cmpErr returns err when set, else alt.
func cmpErr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}

// followFramework records that the projects follow version fw. Only
// changes are written, and audited.
func (t *tx) followFramework(fw int64, projects []int64) error {
	prev := map[int64]int64{}
	rows, err := t.query("SELECT project_id, framework_id FROM project_frameworks")
	if err != nil {
		return err
	}
	for rows.Next() {
		var p, f int64
		if err := rows.Scan(&p, &f); err != nil {
			rows.Close()
			return err
		}
		prev[p] = f
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	by := actorName(t.ctx)
	for _, id := range projects {
		old, ok := prev[id]
		switch {
		case !ok:
			_, err = t.exec("INSERT INTO project_frameworks (project_id, framework_id, recorded_at, recorded_by) VALUES (?, ?, ?, ?)",
				id, fw, timeArg(t.now), by)
		case old != fw:
			_, err = t.exec("UPDATE project_frameworks SET framework_id = ?, recorded_at = ?, recorded_by = ? WHERE project_id = ?",
				fw, timeArg(t.now), by, id)
		default:
			continue
		}
		if err != nil {
			return fmt.Errorf("recording the framework of project %d: %w", id, err)
		}
		if err := t.audit("project_framework", id, id, pmo.AuditUpdate,
			map[string]any{"framework_id": old}, map[string]any{"framework_id": fw}); err != nil {
			return err
		}
	}
	return nil
}

// scanAll scans every row with scan.
func scanAll[T any](rows *sql.Rows, scan func(rowScanner) (*T, error)) ([]*T, error) {
	defer rows.Close()
	out := []*T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
