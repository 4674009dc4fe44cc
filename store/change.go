package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/pmohq/pmo"
)

const changeCols = `r.id, r.project_id, r.title, r.description, r.justification, r.requested_by, r.priority,
	r.cost_impact_minor, r.cost_impact_currency, r.schedule_days, r.scope_impact, r.benefits_impact, r.state,
	r.version, r.created_at, r.updated_at`

func scanChange(rs rowScanner, extra ...any) (*pmo.ChangeRequest, error) {
	c := &pmo.ChangeRequest{}
	err := rs.Scan(append([]any{&c.ID, &c.ProjectID, &c.Title, &c.Description, &c.Justification, &c.RequestedBy,
		&c.Priority, &c.CostImpact.Minor, &c.CostImpact.Currency, &c.ScheduleDays, &c.ScopeImpact,
		&c.BenefitsImpact, &c.State, &c.Version, timeScan{&c.CreatedAt}, timeScan{&c.UpdatedAt}}, extra...)...)
	return c, err
}

var changeSorts = map[string]sortKey{
	"created_at":  {expr: "r.created_at"},
	"priority":    {expr: "r.priority", num: true},
	"state":       {expr: rankCase("r.state", pmo.ChangeStates), num: true},
	"cost_impact": {expr: "r.cost_impact_minor", num: true},
	"id":          {expr: "r.id", num: true}, // insertion order, served by the primary key
}

// FindChangeRequestByID returns NotFound; the result includes its history,
// oldest event first.
func (db *DB) FindChangeRequestByID(ctx context.Context, id int64) (c *pmo.ChangeRequest, err error) {
	err = db.read(ctx, func(t *tx) error {
		c, err = t.findChange(id)
		return err
	})
	return c, err
}

func (t *tx) findChange(id int64) (*pmo.ChangeRequest, error) {
	c, err := scanChange(t.queryRow("SELECT "+changeCols+" FROM change_requests r WHERE r.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("change request", id)
	}
	if err != nil {
		return nil, err
	}
	rows, err := t.query("SELECT from_state, to_state, actor, comment, at FROM change_events WHERE change_request_id = ? ORDER BY id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c.History = []pmo.ChangeEvent{}
	for rows.Next() {
		var e pmo.ChangeEvent
		if err := rows.Scan(&e.From, &e.To, &e.Actor, &e.Comment, timeScan{&e.At}); err != nil {
			return nil, err
		}
		c.History = append(c.History, e)
	}
	return c, rows.Err()
}

// FindChangeRequests returns a page (without history) and the total
// matching. Sort accepts created_at (default "-created_at"), priority,
// state (workflow order) and cost_impact.
func (db *DB) FindChangeRequests(ctx context.Context, f pmo.ChangeFilter) (cs []*pmo.ChangeRequest, page pmo.Page, err error) {
	pg, err := newPager(f.ListOptions, changeSorts, "-created_at", "r.id")
	if err != nil {
		return nil, page, err
	}
	w := &where{}
	scopeWhere(w, f.PortfolioID, f.ProgramID, f.ProjectID)
	in(w, "r.state", f.States)
	w.like(f.Query, "r.title", "r.description")
	reachJoined(ctx, w)
	err = db.read(ctx, func(t *tx) error {
		cs, page, err = findPage(t, listQuery{cols: changeCols, from: "change_requests r JOIN projects p ON p.id = r.project_id", w: w, pg: pg},
			scanChange, func(c *pmo.ChangeRequest) int64 { return c.ID })
		return err
	})
	return cs, page, err
}

// scopeWhere filters records (alias r) joined to their project (alias p).
func scopeWhere(w *where, portfolioID, programID, projectID int64) {
	if portfolioID != 0 {
		w.add("p.portfolio_id = ?", portfolioID)
	}
	if programID != 0 {
		w.add("p.program_id = ?", programID)
	}
	if projectID != 0 {
		w.add("r.project_id = ?", projectID)
	}
}

// CreateChangeRequest records a draft whatever c.State and c.History say;
// Invalid for bad input or an unknown project.
func (db *DB) CreateChangeRequest(ctx context.Context, c *pmo.ChangeRequest) error {
	c.State, c.History = pmo.ChangeDraft, []pmo.ChangeEvent{}
	if err := c.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.checkRef("projects", "project_id", c.ProjectID); err != nil {
			return err
		}
		if err := t.insertChange(c); err != nil {
			return err
		}
		return t.audit("change_request", c.ID, c.ProjectID, pmo.AuditCreate, nil, c)
	})
}

func (t *tx) insertChange(c *pmo.ChangeRequest) error {
	id, err := t.insert(`INSERT INTO change_requests (project_id, title, description, justification, requested_by,
		priority, cost_impact_minor, cost_impact_currency, schedule_days, scope_impact, benefits_impact, state,
		version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		c.ProjectID, c.Title, c.Description, c.Justification, c.RequestedBy, c.Priority, c.CostImpact.Minor,
		c.CostImpact.Currency, c.ScheduleDays, c.ScopeImpact, c.BenefitsImpact, c.State, timeArg(t.now), timeArg(t.now))
	if err != nil {
		return err
	}
	c.ID, c.Version, c.CreatedAt, c.UpdatedAt = id, 1, t.now, t.now
	return nil
}

// UpdateChangeRequest replaces the editable fields of c; Stale for an old
// version, Conflict once the request is decided. The project and the state
// are never changed here; c returns with the stored state and history.
func (db *DB) UpdateChangeRequest(ctx context.Context, c *pmo.ChangeRequest) error {
	if err := c.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		cur, err := t.findChange(c.ID)
		if err != nil {
			return err
		}
		if cur.Version != c.Version {
			return t.versionError("change_requests", "change request", c.ID)
		}
		if !cur.State.Editable() {
			return pmo.Errorf(pmo.Conflict, "the change request is %s and can no longer be edited", cur.State)
		}
		res, err := t.exec(`UPDATE change_requests SET title = ?, description = ?, justification = ?, requested_by = ?,
			priority = ?, cost_impact_minor = ?, cost_impact_currency = ?, schedule_days = ?, scope_impact = ?,
			benefits_impact = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			c.Title, c.Description, c.Justification, c.RequestedBy, c.Priority, c.CostImpact.Minor,
			c.CostImpact.Currency, c.ScheduleDays, c.ScopeImpact, c.BenefitsImpact, timeArg(t.now), c.ID, c.Version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "change_requests", "change request", c.ID); err != nil {
			return err
		}
		c.ProjectID, c.State, c.History = cur.ProjectID, cur.State, cur.History
		c.Version, c.CreatedAt, c.UpdatedAt = cur.Version+1, cur.CreatedAt, t.now
		return t.audit("change_request", c.ID, c.ProjectID, pmo.AuditUpdate, cur, c)
	})
}

// TransitionChangeRequest moves the request along the workflow and records
// the event; Invalid for a move the workflow forbids, Stale for an old
// version, NotFound for an unknown request.
func (db *DB) TransitionChangeRequest(ctx context.Context, id int64, version int, tr pmo.Transition) (c *pmo.ChangeRequest, err error) {
	err = db.write(ctx, func(t *tx) error {
		cur, err := t.findChange(id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return t.versionError("change_requests", "change request", id)
		}
		if err := tr.Validate(cur.State); err != nil {
			return err
		}
		res, err := t.exec("UPDATE change_requests SET state = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
			tr.To, timeArg(t.now), id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "change_requests", "change request", id); err != nil {
			return err
		}
		ev := pmo.ChangeEvent{From: cur.State, To: tr.To, Actor: tr.Actor, Comment: tr.Comment, At: t.now}
		if err := t.insertEvent(id, ev); err != nil {
			return err
		}
		before := map[string]any{"state": cur.State}
		cur.State, cur.Version, cur.UpdatedAt = tr.To, version+1, t.now
		cur.History = append(cur.History, ev)
		c = cur
		return t.audit("change_request", id, cur.ProjectID, pmo.AuditTransition, before,
			map[string]any{"state": tr.To, "comment": tr.Comment, "actor": tr.Actor})
	})
	return c, err
}

func (t *tx) insertEvent(id int64, e pmo.ChangeEvent) error {
	_, err := t.exec("INSERT INTO change_events (change_request_id, from_state, to_state, actor, comment, at) VALUES (?, ?, ?, ?, ?, ?)",
		id, e.From, e.To, e.Actor, e.Comment, timeArg(e.At))
	return err
}

// DeleteChangeRequest removes a draft; Conflict once submitted, Stale for
// an old version.
func (db *DB) DeleteChangeRequest(ctx context.Context, id int64, version int) error {
	return db.write(ctx, func(t *tx) error {
		var state pmo.ChangeState
		err := t.queryRow("SELECT state FROM change_requests WHERE id = ?", id).Scan(&state)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("change request", id)
		}
		if err != nil {
			return err
		}
		if state != pmo.ChangeDraft {
			return pmo.Errorf(pmo.Conflict, "the change request is %s; only drafts can be deleted", state)
		}
		before, err := t.findChange(id)
		if err != nil {
			return err
		}
		res, err := t.exec("DELETE FROM change_requests WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "change_requests", "change request", id); err != nil {
			return err
		}
		return t.audit("change_request", id, before.ProjectID, pmo.AuditDelete, before, nil)
	})
}
