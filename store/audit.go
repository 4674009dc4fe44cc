package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"github.com/pmohq/pmo"
)

// auditIgnored are fields every write touches; the diff leaves them out.
var auditIgnored = map[string]bool{"version": true, "updated_at": true}

// audit appends one record to the trail in the transaction of the write it
// describes, so that a write and its record commit or roll back together.
// before is nil for a create, after nil for a delete.
func (t *tx) audit(entity string, id, projectID int64, action string, before, after any) error {
	diff, err := auditDiff(before, after)
	if err != nil {
		return err
	}
	a := pmo.ActorFrom(t.ctx)
	name := a.Name
	if name == "" {
		name = "system"
	}
	_, err = t.exec(`INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, project_id, diff,
		request_id, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		timeArg(t.now), a.UserID, name, action, entity, id, projectID, string(diff), a.RequestID, a.Address)
	return err
}

// auditDiff maps each field that differs between before and after (JSON
// encodings of records) to {"before": ..., "after": ...}.
func auditDiff(before, after any) (json.RawMessage, error) {
	b, err := fieldsOf(before)
	if err != nil {
		return nil, err
	}
	a, err := fieldsOf(after)
	if err != nil {
		return nil, err
	}
	type change struct {
		Before json.RawMessage `json:"before"`
		After  json.RawMessage `json:"after"`
	}
	null := json.RawMessage("null")
	diff := map[string]change{}
	for _, m := range []map[string]json.RawMessage{b, a} {
		for k := range m {
			if auditIgnored[k] {
				continue
			}
			bv, av := b[k], a[k]
			if bytes.Equal(bv, av) {
				continue
			}
			if bv == nil {
				bv = null
			}
			if av == nil {
				av = null
			}
			diff[k] = change{bv, av}
		}
	}
	return json.Marshal(diff)
}

func fieldsOf(v any) (map[string]json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	if v == nil {
		return m, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(raw, []byte("null")) {
		return m, nil
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	return m, nil
}

const auditCols = "id, at, actor_id, actor, action, entity, entity_id, project_id, diff, request_id, address"

func scanAudit(rs rowScanner, extra ...any) (*pmo.AuditRecord, error) {
	var r pmo.AuditRecord
	var diff string
	err := rs.Scan(append([]any{&r.ID, timeScan{&r.At}, &r.ActorID, &r.Actor, &r.Action, &r.Entity, &r.EntityID,
		&r.ProjectID, &diff, &r.RequestID, &r.Address}, extra...)...)
	r.Diff = json.RawMessage(diff)
	return &r, err
}

var auditSorts = map[string]sortKey{"id": {expr: "id", num: true}}

// FindAuditRecords returns a page of the trail, newest first by default.
// Within a reach, only records of projects in reach are returned.
func (db *DB) FindAuditRecords(ctx context.Context, f pmo.AuditFilter) (rs []*pmo.AuditRecord, page pmo.Page, err error) {
	if f.Sort == "" {
		f.Sort = "-id"
	}
	pg, err := newPager(f.ListOptions, auditSorts, "-id", "id")
	if err != nil {
		return nil, page, err
	}
	w := &where{}
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		w.add("entity_id = ?", f.EntityID)
	}
	if f.ProjectID != 0 {
		w.add("project_id = ?", f.ProjectID)
	}
	if f.ActorID != 0 {
		w.add("actor_id = ?", f.ActorID)
	}
	if f.Actor != "" {
		w.add("actor = ?", f.Actor)
	}
	if f.Action != "" {
		w.add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		w.add("at >= ?", timeArg(f.From))
	}
	if !f.To.IsZero() {
		w.add("at <= ?", timeArg(f.To))
	}
	if r, ok := pmo.ReachFrom(ctx); ok {
		reachProjects(w, r, "project_id")
	}
	err = db.read(ctx, func(t *tx) error {
		rs, page, err = findPage(t, listQuery{cols: auditCols, from: "audit_log", w: w, pg: pg}, scanAudit,
			func(r *pmo.AuditRecord) int64 { return r.ID })
		return err
	})
	return rs, page, err
}

// FindAuditRecordByID returns NotFound.
func (db *DB) FindAuditRecordByID(ctx context.Context, id int64) (r *pmo.AuditRecord, err error) {
	err = db.read(ctx, func(t *tx) error {
		r, err = scanAudit(t.queryRow("SELECT "+auditCols+" FROM audit_log WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("audit record", id)
		}
		return err
	})
	return r, err
}

// RecordEvent appends an event that is not a write of a record: sign-ins,
// failed sign-ins, sign-outs and permission denials. Actor, request id and
// address default to those of ctx.
func (db *DB) RecordEvent(ctx context.Context, r *pmo.AuditRecord) error {
	a := pmo.ActorFrom(ctx)
	if r.ActorID == 0 {
		r.ActorID = a.UserID
	}
	if r.Actor == "" {
		r.Actor = a.Name
	}
	if r.Actor == "" {
		r.Actor = "anonymous"
	}
	if r.RequestID == "" {
		r.RequestID = a.RequestID
	}
	if r.Address == "" {
		r.Address = a.Address
	}
	if len(r.Diff) == 0 {
		r.Diff = json.RawMessage("{}")
	}
	return db.write(ctx, func(t *tx) error {
		r.At = t.now
		var err error
		r.ID, err = t.insert(`INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, project_id, diff,
			request_id, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			timeArg(t.now), r.ActorID, r.Actor, r.Action, r.Entity, r.EntityID, r.ProjectID, string(r.Diff), r.RequestID, r.Address)
		return err
	})
}

// reachProjects limits a query over a project id column to the projects in r.
func reachProjects(w *where, r pmo.Reach, col string) {
	cond, args := reachSQL(r, "")
	w.add(col+" IN (SELECT id FROM projects WHERE "+cond+")", args...)
}

// reachJoined limits a query that joins projects as alias p to the reach
// of ctx, if any.
func reachJoined(ctx context.Context, w *where) {
	if r, ok := pmo.ReachFrom(ctx); ok {
		cond, args := reachSQL(r, "p.")
		w.add(cond, args...)
	}
}

// reachSQL is the condition on the projects table (columns prefixed with
// prefix) that selects the projects in r; "1 = 0" when r is empty.
func reachSQL(r pmo.Reach, prefix string) (string, []any) {
	var conds []string
	var args []any
	add := func(col string, ids []int64) {
		if len(ids) == 0 {
			return
		}
		ids = slices.Compact(slices.Sorted(slices.Values(ids)))
		conds = append(conds, prefix+col+" IN ("+placeholders(len(ids))+")")
		for _, id := range ids {
			args = append(args, id)
		}
	}
	add("portfolio_id", r.Portfolios)
	add("program_id", r.Programs)
	add("id", r.Projects)
	if len(conds) == 0 {
		return "1 = 0", nil
	}
	s := conds[0]
	for _, c := range conds[1:] {
		s += " OR " + c
	}
	return "(" + s + ")", args
}
