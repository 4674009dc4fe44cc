package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/pmohq/pmo"
)

// recordHead points at the fields every stored record has.
type recordHead struct {
	ID, ProjectID      *int64
	Version            *int
	CreatedAt, Updated *time.Time
}

// recordSpec describes how one record type maps to its table: explicit
// columns (after id, before version/created_at/updated_at), how to read and
// write them, and what the filters and sorts of pmo.RecordFilter mean for it.
type recordSpec[T any] struct {
	what    string   // for messages, e.g. "risk"
	table   string   // e.g. "risks"
	cols    []string // data columns, project_id first
	args    func(*T) []any
	dests   func(*T) []any
	head    func(*T) recordHead
	prepare func(*T) error
	// entry reaches the RAID entry; nil for milestones, which have no
	// status, owner or level.
	entry    func(*T) *pmo.Entry
	titleCol string // column searched with description by Query
	dateCol  string // the principal date bounded by From and To
	openCond string // condition for RecordFilter.Open
	// rated says the table has probability and impact columns (risks),
	// which RecordFilter.Probabilities and Impacts select on.
	rated   bool
	sorts   map[string]sortKey
	defSort string
	// check verifies references beyond project_id (may be nil).
	check func(*tx, *T) error
}

func (s *recordSpec[T]) selectCols() string {
	return "r.id, r." + strings.Join(s.cols, ", r.") + ", r.version, r.created_at, r.updated_at"
}

func (s *recordSpec[T]) scan(rs rowScanner, extra ...any) (*T, error) {
	v := new(T)
	h := s.head(v)
	dest := append([]any{h.ID}, s.dests(v)...)
	dest = append(dest, h.Version, timeScan{h.CreatedAt}, timeScan{h.Updated})
	return v, rs.Scan(append(dest, extra...)...)
}

func (s *recordSpec[T]) insertSQL() string {
	head, tuple := s.insertParts()
	return head + tuple + " RETURNING id"
}

// insertParts returns "INSERT INTO ... VALUES " and one row's "(?, ...)".
func (s *recordSpec[T]) insertParts() (head, tuple string) {
	return "INSERT INTO " + s.table + " (" + strings.Join(s.cols, ", ") + ", version, created_at, updated_at) VALUES ",
		"(" + placeholders(len(s.cols)+3) + ")"
}

// records implements pmo.RecordService[T] with a spec.
type records[T any] struct {
	db   *DB
	spec *recordSpec[T]
}

// FindByID returns NotFound when no record has the id.
func (s records[T]) FindByID(ctx context.Context, id int64) (r *T, err error) {
	err = s.db.read(ctx, func(t *tx) error {
		r, err = s.spec.find(t, id)
		return err
	})
	return r, err
}

func (s *recordSpec[T]) find(t *tx, id int64) (*T, error) {
	r, err := s.scan(t.queryRow("SELECT "+s.selectCols()+" FROM "+s.table+" r WHERE r.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(s.what, id)
	}
	return r, err
}

// Find returns a page of records and the total matching.
func (s records[T]) Find(ctx context.Context, f pmo.RecordFilter) (rs []*T, page pmo.Page, err error) {
	pg, err := newPager(f.ListOptions, s.spec.sorts, s.spec.defSort, "r.id")
	if err != nil {
		return nil, page, err
	}
	w, err := s.spec.where(f)
	if err != nil {
		return nil, page, err
	}
	reachJoined(ctx, w)
	from := s.spec.table + " r JOIN projects p ON p.id = r.project_id"
	if len(f.ProjectRAG) > 0 {
		from += " LEFT JOIN project_current_status c ON c.project_id = p.id"
	}
	q := listQuery{cols: s.spec.selectCols(), from: from, w: w, pg: pg}
	err = s.db.read(ctx, func(t *tx) error {
		rs, page, err = findPage(t, q, s.spec.scan, func(r *T) int64 { return *s.spec.head(r).ID })
		return err
	})
	return rs, page, err
}

func (s *recordSpec[T]) where(f pmo.RecordFilter) (*where, error) {
	w := &where{}
	scopeWhere(w, f.PortfolioID, f.ProgramID, f.ProjectID)
	projectAttrWhere(w, f.ProjectStages, f.ProjectStates, f.ProjectTag)
	if err := ragWhere(w, "project_rag", "overall", f.ProjectRAG); err != nil {
		return nil, err
	}
	if s.entry == nil {
		var v pmo.Validator
		v.Check(len(f.Levels) == 0, "levels", "%ss have no level", s.what)
		v.Check(len(f.Statuses) == 0, "statuses", "%ss have no status; use open", s.what)
		v.Check(f.Owner == "", "owner", "%ss have no owner", s.what)
		if err := v.Err(); err != nil {
			return nil, err
		}
	}
	if err := s.ratedWhere(w, f); err != nil {
		return nil, err
	}
	in(w, "r.level", f.Levels)
	in(w, "r.status", f.Statuses)
	if f.Owner != "" {
		w.equalFold("r.owner", f.Owner)
	}
	w.like(f.Query, "r."+s.titleCol, "r.description")
	if f.Open {
		w.add(s.openCond)
	}
	if !f.From.IsZero() {
		w.add("r."+s.dateCol+" >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("r."+s.dateCol+" <= ?", f.To.String())
	}
	return w, nil
}

// ratedWhere adds the probability and impact filters; Invalid when the
// record type has no such scale or a value lies outside 1-5.
func (s *recordSpec[T]) ratedWhere(w *where, f pmo.RecordFilter) error {
	var v pmo.Validator
	for _, c := range []struct {
		field, col string
		vals       []int
	}{{"probabilities", "r.probability", f.Probabilities}, {"impacts", "r.impact", f.Impacts}} {
		if len(c.vals) == 0 {
			continue
		}
		if !s.rated {
			v.Add(c.field, "%ss have no probability or impact", s.what)
			continue
		}
		args := make([]any, len(c.vals))
		for i, n := range c.vals {
			v.Check(n >= 1 && n <= 5, c.field, "%d is not on the 1-5 scale", n)
			args[i] = n
		}
		w.add(c.col+" IN ("+placeholders(len(c.vals))+")", args...)
	}
	return v.Err()
}

// Create stores a new record; Invalid for bad input or references.
func (s records[T]) Create(ctx context.Context, r *T) error {
	if err := s.spec.prepare(r); err != nil {
		return err
	}
	return s.db.write(ctx, func(t *tx) error {
		if err := s.spec.checkRefs(t, r); err != nil {
			return err
		}
		if err := s.spec.insert(t, r); err != nil {
			return err
		}
		h := s.spec.head(r)
		return t.audit(s.spec.what, *h.ID, *h.ProjectID, pmo.AuditCreate, nil, r)
	})
}

// insert adds r and sets its id, version and times.
func (s *recordSpec[T]) insert(t *tx, r *T) error {
	h := s.head(r)
	if err := t.queryRow(s.insertSQL(), append(s.args(r), 1, timeArg(t.now), timeArg(t.now))...).Scan(h.ID); err != nil {
		return err
	}
	*h.Version, *h.CreatedAt, *h.Updated = 1, t.now, t.now
	return nil
}

// checkRefs checks the project, the escalation level and the spec's own references.
func (s *recordSpec[T]) checkRefs(t *tx, r *T) error {
	var programID sql.NullInt64
	err := t.queryRow("SELECT program_id FROM projects WHERE id = ?", *s.head(r).ProjectID).Scan(&programID)
	if errors.Is(err, sql.ErrNoRows) {
		return pmo.FieldErr("project_id", "no such project: %d", *s.head(r).ProjectID)
	}
	if err != nil {
		return err
	}
	if s.entry != nil && s.entry(r).Level == pmo.ProgramLevel && !programID.Valid {
		return pmo.FieldErr("level", "cannot escalate to program: the project is not in a program")
	}
	if s.check != nil {
		return s.check(t, r)
	}
	return nil
}

// Update replaces r; Stale when its version is not current.
func (s records[T]) Update(ctx context.Context, r *T) error {
	if err := s.spec.prepare(r); err != nil {
		return err
	}
	return s.db.write(ctx, func(t *tx) error {
		if err := s.spec.checkRefs(t, r); err != nil {
			return err
		}
		h := s.spec.head(r)
		before, err := s.spec.find(t, *h.ID)
		if err != nil {
			return err
		}
		args := append(s.spec.args(r), timeArg(t.now), *h.ID, *h.Version)
		res, err := t.exec("UPDATE "+s.spec.table+" SET "+strings.Join(s.spec.cols, " = ?, ")+
			" = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?", args...)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, s.spec.table, s.spec.what, *h.ID); err != nil {
			return err
		}
		if err := t.queryRow("SELECT version, created_at, updated_at FROM "+s.spec.table+" WHERE id = ?", *h.ID).
			Scan(h.Version, timeScan{h.CreatedAt}, timeScan{h.Updated}); err != nil {
			return err
		}
		return t.audit(s.spec.what, *h.ID, *h.ProjectID, pmo.AuditUpdate, before, r)
	})
}

// Delete removes a record; Stale when version is not current.
func (s records[T]) Delete(ctx context.Context, id int64, version int) error {
	return s.db.write(ctx, func(t *tx) error {
		before, err := s.spec.find(t, id)
		if err != nil {
			return err
		}
		res, err := t.exec("DELETE FROM "+s.spec.table+" WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, s.spec.table, s.spec.what, id); err != nil {
			return err
		}
		return t.audit(s.spec.what, id, *s.spec.head(before).ProjectID, pmo.AuditDelete, before, nil)
	})
}
