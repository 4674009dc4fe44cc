package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/pmohq/pmo"
)

const gateCols = `id, project_id, framework_id, gate, gate_name, from_stage, to_stage, status, requested_by, note, ready,
	checklist, outcome, conditions, comment, decided_by, decided_at, decision_id, version, created_at, updated_at`

func scanGate(rs rowScanner) (*pmo.GateReview, error) {
	var r pmo.GateReview
	var ready int
	err := rs.Scan(&r.ID, &r.ProjectID, &r.FrameworkID, &r.Gate, &r.GateName, &r.FromStage, &r.ToStage, &r.Status,
		&r.RequestedBy, &r.Note, &ready, jsonScan{&r.Checklist}, &r.Outcome, &r.Conditions, &r.Comment, &r.DecidedBy,
		optTime{&r.DecidedAt}, &r.DecisionID, &r.Version, timeScan{&r.CreatedAt}, timeScan{&r.UpdatedAt})
	r.Ready = ready == 1
	r.Votes = []pmo.GateVote{}
	return &r, err
}

// CreateGateReview stores a requested review and records the framework
// version the project follows.
func (db *DB) CreateGateReview(ctx context.Context, r *pmo.GateReview) error {
	if err := r.Prepare(); err != nil {
		return err
	}
	checklist, err := jsonArg(r.Checklist)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if ok, err := t.exists("projects", r.ProjectID); err != nil || !ok {
			return cmpErr(err, notFound("project", r.ProjectID))
		}
		if _, err := t.frameworkByID(r.FrameworkID); err != nil {
			return err
		}
		var open int64
		err := t.queryRow("SELECT id FROM gate_reviews WHERE project_id = ? AND gate = ? AND status = ?",
			r.ProjectID, r.Gate, pmo.GateRequested).Scan(&open)
		if err == nil {
			return pmo.Errorf(pmo.Conflict, "gate %s of this project already has an open review (%d); decide it first", r.Gate, open)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		r.Status, r.Version, r.CreatedAt, r.UpdatedAt, r.Votes = pmo.GateRequested, 1, t.now, t.now, []pmo.GateVote{}
		r.ID, err = t.insert(`INSERT INTO gate_reviews (project_id, framework_id, gate, gate_name, from_stage, to_stage,
			status, requested_by, note, ready, checklist, outcome, conditions, comment, decided_by, decision_id, version,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '', 0, 1, ?, ?)`,
			r.ProjectID, r.FrameworkID, r.Gate, r.GateName, r.FromStage, r.ToStage, r.Status, r.RequestedBy, r.Note,
			boolInt(r.Ready), checklist, timeArg(t.now), timeArg(t.now))
		if err != nil {
			return err
		}
		if err := t.followFramework(r.FrameworkID, []int64{r.ProjectID}); err != nil {
			return err
		}
		return t.audit("gate_review", r.ID, r.ProjectID, pmo.AuditCreate, nil, r)
	})
}

func (t *tx) gateReview(id int64) (*pmo.GateReview, error) {
	r, err := scanGate(t.queryRow("SELECT "+gateCols+" FROM gate_reviews WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("gate review", id)
	}
	if err != nil {
		return nil, err
	}
	return r, t.fillVotes([]*pmo.GateReview{r})
}

// fillVotes loads the votes of rs in one query.
func (t *tx) fillVotes(rs []*pmo.GateReview) error {
	if len(rs) == 0 {
		return nil
	}
	byID := map[int64]*pmo.GateReview{}
	args := make([]any, len(rs))
	for i, r := range rs {
		byID[r.ID], args[i] = r, r.ID
	}
	rows, err := t.query("SELECT review_id, id, approver, role, decision, conditions, comment, at FROM gate_votes WHERE review_id IN ("+
		placeholders(len(rs))+") ORDER BY id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rid int64
		var v pmo.GateVote
		if err := rows.Scan(&rid, &v.ID, &v.Approver, &v.Role, &v.Decision, &v.Conditions, &v.Comment, timeScan{&v.At}); err != nil {
			return err
		}
		byID[rid].Votes = append(byID[rid].Votes, v)
	}
	return rows.Err()
}

// FindGateReviewByID returns NotFound.
func (db *DB) FindGateReviewByID(ctx context.Context, id int64) (r *pmo.GateReview, err error) {
	err = db.read(ctx, func(t *tx) error {
		r, err = t.gateReview(id)
		return err
	})
	return r, err
}

// FindGateReviews lists reviews with their votes, newest first. Within a
// reach, only reviews of projects in reach are returned.
func (db *DB) FindGateReviews(ctx context.Context, f pmo.GateReviewFilter) (rs []*pmo.GateReview, err error) {
	w := &where{}
	if f.ProjectID != 0 {
		w.add("project_id = ?", f.ProjectID)
	}
	if f.Gate != "" {
		w.add("gate = ?", f.Gate)
	}
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	if r, ok := pmo.ReachFrom(ctx); ok {
		reachProjects(w, r, "project_id")
	}
	err = db.read(ctx, func(t *tx) error {
		rows, err := t.query("SELECT "+gateCols+" FROM gate_reviews"+w.String()+" ORDER BY id DESC", w.args...)
		if err != nil {
			return err
		}
		if rs, err = scanAll(rows, scanGate); err != nil {
			return err
		}
		return t.fillVotes(rs)
	})
	return rs, err
}

// AddGateVote records v and, when close is set, closes the review: the
// outcome, a decided Decision record on the project, and on go the move to
// the next stage (on kill the project is cancelled, on hold put on hold).
func (db *DB) AddGateVote(ctx context.Context, id int64, version int, v *pmo.GateVote, close *pmo.GateClose) (r *pmo.GateReview, err error) {
	if err := v.Prepare(); err != nil {
		return nil, err
	}
	if close != nil && !close.Outcome.Valid() {
		return nil, pmo.FieldErr("outcome", "must be one of go, hold, recycle, kill")
	}
	err = db.write(ctx, func(t *tx) error {
		before, err := t.gateReview(id)
		if err != nil {
			return err
		}
		if before.Status != pmo.GateRequested {
			return pmo.Errorf(pmo.Conflict, "gate review %d was already decided (%s)", id, before.Outcome)
		}
		if before.Version != version {
			return pmo.Errorf(pmo.Stale, "someone else saved this gate review first; the current version is %d: reload and try again", before.Version)
		}
		v.At = t.now
		v.ID, err = t.insert("INSERT INTO gate_votes (review_id, approver, role, decision, conditions, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			id, v.Approver, v.Role, v.Decision, v.Conditions, v.Comment, timeArg(t.now))
		if err != nil {
			return err
		}
		after := *before
		after.Votes = append(append([]pmo.GateVote{}, before.Votes...), *v)
		after.Version, after.UpdatedAt = before.Version+1, t.now
		if close != nil {
			if err := t.closeGate(&after, close); err != nil {
				return err
			}
		}
		res, err := t.exec(`UPDATE gate_reviews SET status = ?, outcome = ?, conditions = ?, comment = ?, decided_by = ?,
			decided_at = ?, decision_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			after.Status, after.Outcome, after.Conditions, after.Comment, after.DecidedBy, optTimeArg(after.DecidedAt),
			after.DecisionID, timeArg(t.now), id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "gate_reviews", "gate review", id); err != nil {
			return err
		}
		r = &after
		action := "vote"
		if close != nil {
			action = "decide"
		}
		return t.audit("gate_review", id, r.ProjectID, action, before, r)
	})
	return r, err
}

// closeGate sets the outcome on r, writes the decision record and moves the project.
func (t *tx) closeGate(r *pmo.GateReview, c *pmo.GateClose) error {
	now := t.now
	r.Status, r.Outcome, r.Conditions, r.Comment, r.DecidedBy, r.DecidedAt = pmo.GateDecided, c.Outcome,
		c.Conditions, c.Comment, c.DecidedBy, &now
	p, err := t.findProjectBy("p.id = ?", r.ProjectID)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("Gate %s (%s): %s", r.Gate, r.GateName, strings.ToUpper(string(c.Outcome)))
	rationale := c.Comment
	if c.Conditions != "" {
		rationale = strings.TrimSpace(rationale + "\n\nConditions: " + c.Conditions)
	}
	if rationale == "" {
		rationale = title
	}
	d := &pmo.Decision{Entry: pmo.Entry{ProjectID: r.ProjectID, Title: title, Status: "decided", Owner: p.Manager,
		Description: fmt.Sprintf("Gate review %d, requested by %s", r.ID, r.RequestedBy)},
		Forum: "gate review", DecidedBy: c.DecidedBy, DecidedOn: pmo.DateOf(now), Rationale: rationale}
	if len(title) > 300 {
		d.Title = title[:300]
	}
	if err := decisionSpec.prepare(d); err != nil {
		return err
	}
	if err := decisionSpec.insert(t, d); err != nil {
		return err
	}
	if err := t.audit("decision", d.ID, d.ProjectID, pmo.AuditCreate, nil, d); err != nil {
		return err
	}
	r.DecisionID = d.ID
	stage, state := p.Stage, p.State
	switch c.Outcome {
	case pmo.GateGo:
		if r.ToStage != "" {
			stage = pmo.Stage(r.ToStage)
			if !stage.Valid() {
				return pmo.FieldErr("to_stage", "%q is not a stage projects can be in", r.ToStage)
			}
		}
		if state == pmo.OnHold || state == pmo.Proposed {
			state = pmo.Active
		}
	case pmo.GateHold:
		state = pmo.OnHold
	case pmo.GateKill:
		state = pmo.Cancelled
	}
	if stage == p.Stage && state == p.State {
		return nil
	}
	if _, err := t.exec("UPDATE projects SET stage = ?, state = ?, version = version + 1, updated_at = ? WHERE id = ?",
		stage, state, timeArg(t.now), p.ID); err != nil {
		return err
	}
	after := *p
	after.Stage, after.State, after.Version, after.UpdatedAt = stage, state, p.Version+1, t.now
	return t.audit("project", p.ID, p.ID, pmo.AuditTransition, p, &after)
}
