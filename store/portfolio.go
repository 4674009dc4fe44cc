package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pmohq/pmo"
)

const portfolioCols = "id, code, name, description, pmo_type, cadence, currency, custom_fields, version, created_at, updated_at"

func scanPortfolio(rs rowScanner, extra ...any) (*pmo.Portfolio, error) {
	p := &pmo.Portfolio{}
	err := rs.Scan(append([]any{&p.ID, &p.Code, &p.Name, &p.Description, &p.PMOType, &p.Cadence, &p.Currency,
		jsonScan{&p.CustomFields}, &p.Version, timeScan{&p.CreatedAt}, timeScan{&p.UpdatedAt}}, extra...)...)
	return p, err
}

var portfolioSorts = map[string]sortKey{
	"code":       {expr: "code"},
	"name":       {expr: "name"},
	"created_at": {expr: "created_at"},
	"updated_at": {expr: "updated_at"},
}

// FindPortfolioByID returns NotFound when no portfolio has the id.
func (db *DB) FindPortfolioByID(ctx context.Context, id int64) (p *pmo.Portfolio, err error) {
	err = db.read(ctx, func(t *tx) error {
		p, err = t.findPortfolio(id)
		return err
	})
	return p, err
}

func (t *tx) findPortfolio(id int64) (*pmo.Portfolio, error) {
	p, err := scanPortfolio(t.queryRow("SELECT "+portfolioCols+" FROM portfolios WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("portfolio", id)
	}
	return p, err
}

// FindPortfolios returns a page of portfolios and the total matching. Sort
// accepts code (default), name, created_at and updated_at.
func (db *DB) FindPortfolios(ctx context.Context, f pmo.PortfolioFilter) (ps []*pmo.Portfolio, page pmo.Page, err error) {
	pg, err := newPager(f.ListOptions, portfolioSorts, "code", "id")
	if err != nil {
		return nil, page, err
	}
	w := &where{}
	w.like(f.Query, "code", "name")
	if r, ok := pmo.ReachFrom(ctx); ok {
		// A portfolio is listed when anything in it is in reach.
		cond, args := reachSQL(r, "")
		args = append(append(args, 0), int64sAny(r.Portfolios)...)
		args = append(append(args, 0), int64sAny(r.Programs)...)
		w.add("(id IN (SELECT portfolio_id FROM projects WHERE "+cond+") OR id IN ("+placeholders(len(r.Portfolios)+1)+
			") OR id IN (SELECT portfolio_id FROM programs WHERE id IN ("+placeholders(len(r.Programs)+1)+")))", args...)
	}
	err = db.read(ctx, func(t *tx) error {
		ps, page, err = findPage(t, listQuery{cols: portfolioCols, from: "portfolios", w: w, pg: pg}, scanPortfolio,
			func(p *pmo.Portfolio) int64 { return p.ID })
		return err
	})
	return ps, page, err
}

// CreatePortfolio returns Invalid, or Conflict on a duplicate code.
func (db *DB) CreatePortfolio(ctx context.Context, p *pmo.Portfolio) error {
	if err := p.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error { return t.createPortfolio(p) })
}

func (t *tx) createPortfolio(p *pmo.Portfolio) error {
	defs, err := jsonArg(p.CustomFields)
	if err != nil {
		return err
	}
	id, err := t.insert(`INSERT INTO portfolios (code, name, description, pmo_type, cadence, currency, custom_fields,
		version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		p.Code, p.Name, p.Description, p.PMOType, p.Cadence, p.Currency, defs, timeArg(t.now), timeArg(t.now))
	if err != nil {
		return err
	}
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt = id, 1, t.now, t.now
	return t.audit("portfolio", p.ID, 0, pmo.AuditCreate, nil, p)
}

// UpdatePortfolio replaces p; Stale when p.Version is not current.
func (db *DB) UpdatePortfolio(ctx context.Context, p *pmo.Portfolio) error {
	if err := p.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		defs, err := jsonArg(p.CustomFields)
		if err != nil {
			return err
		}
		before, err := t.findPortfolio(p.ID)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE portfolios SET code = ?, name = ?, description = ?, pmo_type = ?, cadence = ?,
			currency = ?, custom_fields = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			p.Code, p.Name, p.Description, p.PMOType, p.Cadence, p.Currency, defs, timeArg(t.now), p.ID, p.Version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "portfolios", "portfolio", p.ID); err != nil {
			return err
		}
		if err := t.queryRow("SELECT version, created_at, updated_at FROM portfolios WHERE id = ?", p.ID).
			Scan(&p.Version, timeScan{&p.CreatedAt}, timeScan{&p.UpdatedAt}); err != nil {
			return err
		}
		return t.audit("portfolio", p.ID, 0, pmo.AuditUpdate, before, p)
	})
}

// DeletePortfolio returns Conflict while programs, projects or proposals remain.
func (db *DB) DeletePortfolio(ctx context.Context, id int64, version int) error {
	return db.write(ctx, func(t *tx) error {
		if err := t.refuseChildren("portfolio", id, "programs", "portfolio_id", "projects", "portfolio_id", "proposals", "portfolio_id"); err != nil {
			return err
		}
		before, err := t.findPortfolio(id)
		if err != nil {
			return err
		}
		res, err := t.exec("DELETE FROM portfolios WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "portfolios", "portfolio", id); err != nil {
			return err
		}
		return t.audit("portfolio", id, 0, pmo.AuditDelete, before, nil)
	})
}

// refuseChildren returns Conflict when any of the (table, column) pairs
// has a row referring to id.
func (t *tx) refuseChildren(what string, id int64, tableCols ...string) error {
	for i := 0; i < len(tableCols); i += 2 {
		var n int
		q := fmt.Sprintf("SELECT COUNT(*) FROM %s WHERE %s = ?", tableCols[i], tableCols[i+1])
		if err := t.queryRow(q, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return pmo.Errorf(pmo.Conflict, "the %s still has %d %s; move or delete them first", what, n, tableCols[i])
		}
	}
	return nil
}

const programCols = "id, portfolio_id, code, name, description, manager, sponsor, version, created_at, updated_at"

func scanProgram(rs rowScanner, extra ...any) (*pmo.Program, error) {
	p := &pmo.Program{}
	err := rs.Scan(append([]any{&p.ID, &p.PortfolioID, &p.Code, &p.Name, &p.Description, &p.Manager, &p.Sponsor,
		&p.Version, timeScan{&p.CreatedAt}, timeScan{&p.UpdatedAt}}, extra...)...)
	return p, err
}

// FindProgramByID returns NotFound when no program has the id.
func (db *DB) FindProgramByID(ctx context.Context, id int64) (p *pmo.Program, err error) {
	err = db.read(ctx, func(t *tx) error {
		p, err = t.findProgram(id)
		return err
	})
	return p, err
}

func (t *tx) findProgram(id int64) (*pmo.Program, error) {
	p, err := scanProgram(t.queryRow("SELECT "+programCols+" FROM programs WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("program", id)
	}
	return p, err
}

// FindPrograms returns a page of programs and the total matching. Sort
// accepts code (default), name, created_at and updated_at.
func (db *DB) FindPrograms(ctx context.Context, f pmo.ProgramFilter) (ps []*pmo.Program, page pmo.Page, err error) {
	pg, err := newPager(f.ListOptions, portfolioSorts, "code", "id")
	if err != nil {
		return nil, page, err
	}
	w := &where{}
	if f.PortfolioID != 0 {
		w.add("portfolio_id = ?", f.PortfolioID)
	}
	w.like(f.Query, "code", "name")
	if r, ok := pmo.ReachFrom(ctx); ok {
		// A program is listed when it is in reach itself or holds a project in reach.
		cond, args := reachSQL(r, "")
		ids := append([]any{}, args...)
		pcond := "id IN (SELECT program_id FROM projects WHERE " + cond + ")"
		if len(r.Programs) > 0 || len(r.Portfolios) > 0 {
			pcond = "(" + pcond + " OR id IN (" + placeholders(len(r.Programs)+1) + ") OR portfolio_id IN (" + placeholders(len(r.Portfolios)+1) + "))"
			ids = append(ids, 0)
			for _, id := range r.Programs {
				ids = append(ids, id)
			}
			ids = append(ids, 0)
			for _, id := range r.Portfolios {
				ids = append(ids, id)
			}
		}
		w.add(pcond, ids...)
	}
	err = db.read(ctx, func(t *tx) error {
		ps, page, err = findPage(t, listQuery{cols: programCols, from: "programs", w: w, pg: pg}, scanProgram,
			func(p *pmo.Program) int64 { return p.ID })
		return err
	})
	return ps, page, err
}

// CreateProgram returns Invalid (also for a missing portfolio) or Conflict on a duplicate code.
func (db *DB) CreateProgram(ctx context.Context, p *pmo.Program) error {
	if err := p.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error { return t.createProgram(p) })
}

func (t *tx) createProgram(p *pmo.Program) error {
	if err := t.checkRef("portfolios", "portfolio_id", p.PortfolioID); err != nil {
		return err
	}
	id, err := t.insert(`INSERT INTO programs (portfolio_id, code, name, description, manager, sponsor,
		version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		p.PortfolioID, p.Code, p.Name, p.Description, p.Manager, p.Sponsor, timeArg(t.now), timeArg(t.now))
	if err != nil {
		return err
	}
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt = id, 1, t.now, t.now
	return t.audit("program", p.ID, 0, pmo.AuditCreate, nil, p)
}

// UpdateProgram replaces p; Stale when p.Version is not current. Moving a
// program to another portfolio is refused while it has projects.
func (db *DB) UpdateProgram(ctx context.Context, p *pmo.Program) error {
	if err := p.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.checkRef("portfolios", "portfolio_id", p.PortfolioID); err != nil {
			return err
		}
		var n int
		if err := t.queryRow("SELECT COUNT(*) FROM projects WHERE program_id = ? AND portfolio_id <> ?", p.ID, p.PortfolioID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return pmo.FieldErr("portfolio_id", "cannot change while the program has projects")
		}
		before, err := t.findProgram(p.ID)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE programs SET portfolio_id = ?, code = ?, name = ?, description = ?, manager = ?,
			sponsor = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			p.PortfolioID, p.Code, p.Name, p.Description, p.Manager, p.Sponsor, timeArg(t.now), p.ID, p.Version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "programs", "program", p.ID); err != nil {
			return err
		}
		if err := t.queryRow("SELECT version, created_at, updated_at FROM programs WHERE id = ?", p.ID).
			Scan(&p.Version, timeScan{&p.CreatedAt}, timeScan{&p.UpdatedAt}); err != nil {
			return err
		}
		return t.audit("program", p.ID, 0, pmo.AuditUpdate, before, p)
	})
}

// DeleteProgram returns Conflict while projects or proposals remain in it.
func (db *DB) DeleteProgram(ctx context.Context, id int64, version int) error {
	return db.write(ctx, func(t *tx) error {
		if err := t.refuseChildren("program", id, "projects", "program_id", "proposals", "program_id"); err != nil {
			return err
		}
		before, err := t.findProgram(id)
		if err != nil {
			return err
		}
		res, err := t.exec("DELETE FROM programs WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "programs", "program", id); err != nil {
			return err
		}
		return t.audit("program", id, 0, pmo.AuditDelete, before, nil)
	})
}

// checkRef returns Invalid naming field when table has no row with id.
func (t *tx) checkRef(table, field string, id int64) error {
	ok, err := t.exists(table, id)
	if err != nil {
		return err
	}
	if !ok {
		return pmo.FieldErr(field, "no such record: %d", id)
	}
	return nil
}

// int64sAny converts ids to query arguments.
func int64sAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
