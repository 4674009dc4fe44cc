package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/pmohq/pmo"
)

const waiverCols = "id, project_id, rule, reason, expires_at, granted_by, revoked_at, revoked_by, version, created_at, updated_at"

func scanWaiver(rs rowScanner) (*pmo.Waiver, error) {
	var w pmo.Waiver
	err := rs.Scan(&w.ID, &w.ProjectID, &w.Rule, &w.Reason, timeScan{&w.Expires}, &w.GrantedBy, optTime{&w.RevokedAt},
		&w.RevokedBy, &w.Version, timeScan{&w.CreatedAt}, timeScan{&w.UpdatedAt})
	return &w, err
}

// CreateWaiver stores w; Invalid, NotFound for an unknown project.
func (db *DB) CreateWaiver(ctx context.Context, w *pmo.Waiver) error {
	if err := w.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if ok, err := t.exists("projects", w.ProjectID); err != nil || !ok {
			return cmpErr(err, notFound("project", w.ProjectID))
		}
		var err error
		w.ID, err = t.insert(`INSERT INTO waivers (project_id, rule, reason, expires_at, granted_by, revoked_by, version,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', 1, ?, ?)`,
			w.ProjectID, w.Rule, w.Reason, timeArg(w.Expires), w.GrantedBy, timeArg(t.now), timeArg(t.now))
		if err != nil {
			return err
		}
		w.Version, w.CreatedAt, w.UpdatedAt, w.RevokedAt, w.RevokedBy = 1, t.now, t.now, nil, ""
		return t.audit("waiver", w.ID, w.ProjectID, pmo.AuditCreate, nil, w)
	})
}

// FindWaivers lists waivers, newest first.
func (db *DB) FindWaivers(ctx context.Context, f pmo.WaiverFilter) (ws []*pmo.Waiver, err error) {
	w := &where{}
	if f.ID != 0 {
		w.add("id = ?", f.ID)
	}
	if f.ProjectID != 0 {
		w.add("project_id = ?", f.ProjectID)
	}
	if f.Rule != "" {
		w.add("rule = ?", f.Rule)
	}
	if !f.ActiveAt.IsZero() {
		w.add("revoked_at IS NULL AND expires_at > ?", timeArg(f.ActiveAt))
	}
	if r, ok := pmo.ReachFrom(ctx); ok {
		reachProjects(w, r, "project_id")
	}
	err = db.read(ctx, func(t *tx) error {
		rows, err := t.query("SELECT "+waiverCols+" FROM waivers"+w.String()+" ORDER BY id DESC", w.args...)
		if err != nil {
			return err
		}
		ws, err = scanAll(rows, scanWaiver)
		return err
	})
	return ws, err
}

// RevokeWaiver ends a waiver now; NotFound, Stale, Conflict when already revoked.
func (db *DB) RevokeWaiver(ctx context.Context, id int64, version int, by string) (w *pmo.Waiver, err error) {
	if by == "" {
		by = actorName(ctx)
	}
	err = db.write(ctx, func(t *tx) error {
		before, err := scanWaiver(t.queryRow("SELECT "+waiverCols+" FROM waivers WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("waiver", id)
		}
		if err != nil {
			return err
		}
		if before.RevokedAt != nil {
			return pmo.Errorf(pmo.Conflict, "waiver %d was already revoked", id)
		}
		res, err := t.exec(`UPDATE waivers SET revoked_at = ?, revoked_by = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`, timeArg(t.now), by, timeArg(t.now), id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "waivers", "waiver", id); err != nil {
			return err
		}
		after := *before
		now := t.now
		after.RevokedAt, after.RevokedBy, after.Version, after.UpdatedAt = &now, by, before.Version+1, now
		w = &after
		return t.audit("waiver", id, w.ProjectID, pmo.AuditUpdate, before, w)
	})
	return w, err
}

const commentCols = "id, rule, COALESCE(project_id, 0), framework_id, author, body, created_at"

func scanComment(rs rowScanner) (*pmo.RuleComment, error) {
	var c pmo.RuleComment
	err := rs.Scan(&c.ID, &c.Rule, &c.ProjectID, &c.FrameworkID, &c.Author, &c.Body, timeScan{&c.CreatedAt})
	return &c, err
}

// CreateRuleComment stores c; Invalid, NotFound for an unknown project.
func (db *DB) CreateRuleComment(ctx context.Context, c *pmo.RuleComment) error {
	if err := c.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if c.ProjectID != 0 {
			if ok, err := t.exists("projects", c.ProjectID); err != nil || !ok {
				return cmpErr(err, notFound("project", c.ProjectID))
			}
		}
		var err error
		c.ID, err = t.insert("INSERT INTO rule_comments (rule, project_id, framework_id, author, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			c.Rule, nullID(c.ProjectID), c.FrameworkID, c.Author, c.Body, timeArg(t.now))
		if err != nil {
			return err
		}
		c.CreatedAt = t.now
		return t.audit("rule_comment", c.ID, c.ProjectID, pmo.AuditCreate, nil, c)
	})
}

// FindRuleComments lists comments on rule ("" for every rule), oldest
// first. Within a reach, comments about projects out of reach are left out.
func (db *DB) FindRuleComments(ctx context.Context, rule string) (cs []*pmo.RuleComment, err error) {
	w := &where{}
	if rule != "" {
		w.add("rule = ?", rule)
	}
	if r, ok := pmo.ReachFrom(ctx); ok {
		// Comments about no one project are for everyone to read.
		cond, args := reachSQL(r, "")
		w.add("(project_id IS NULL OR project_id IN (SELECT id FROM projects WHERE "+cond+"))", args...)
	}
	err = db.read(ctx, func(t *tx) error {
		rows, err := t.query("SELECT "+commentCols+" FROM rule_comments"+w.String()+" ORDER BY id", w.args...)
		if err != nil {
			return err
		}
		cs, err = scanAll(rows, scanComment)
		return err
	})
	return cs, err
}
