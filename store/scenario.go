package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pmohq/pmo"
)

const scenarioCols = `s.id, s.portfolio_id, s.name, s.notes, s.start_period, s.periods, s.currency, s.budget,
	s.capacity, s.objective, s.lock_in, s.lock_out, s.time_limit_ms, s.seed, s.timed, s.committed, s.version, s.created_at, s.updated_at`

func scanScenario(rs rowScanner, extra ...any) (*pmo.Scenario, error) {
	s := &pmo.Scenario{}
	var timed int
	err := rs.Scan(append([]any{&s.ID, &s.PortfolioID, &s.Name, &s.Notes, periodScan{&s.Start}, &s.Periods,
		&s.Currency, jsonScan{&s.Budget}, jsonScan{&s.Capacity}, &s.Objective, jsonScan{&s.LockIn},
		jsonScan{&s.LockOut}, &s.TimeLimitMS, &s.Seed, &timed, jsonScan{&s.Committed}, &s.Version, timeScan{&s.CreatedAt},
		timeScan{&s.UpdatedAt}}, extra...)...)
	s.Timed = timed != 0
	return s, err
}

var scenarioSorts = map[string]sortKey{
	"name":       {expr: "s.name"},
	"created_at": {expr: "s.created_at"},
	"updated_at": {expr: "s.updated_at"},
	"id":         {expr: "s.id", num: true},
}

// FindScenarioByID returns NotFound; the result carries its last run.
func (db *DB) FindScenarioByID(ctx context.Context, id int64) (s *pmo.Scenario, err error) {
	err = db.read(ctx, func(t *tx) error {
		s, err = t.findScenario(id)
		if err != nil {
			return err
		}
		return t.fillLastRuns([]*pmo.Scenario{s})
	})
	return s, err
}

func (t *tx) findScenario(id int64) (*pmo.Scenario, error) {
	s, err := scanScenario(t.queryRow("SELECT "+scenarioCols+" FROM scenarios s WHERE s.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("scenario", id)
	}
	return s, err
}

// FindScenarios returns a page with last runs and the total. Sort accepts
// name (default), created_at and updated_at.
func (db *DB) FindScenarios(ctx context.Context, f pmo.ScenarioFilter) (ss []*pmo.Scenario, page pmo.Page, err error) {
	pg, err := newPager(f.ListOptions, scenarioSorts, "name", "s.id")
	if err != nil {
		return nil, page, err
	}
	w := &where{}
	if f.PortfolioID != 0 {
		w.add("s.portfolio_id = ?", f.PortfolioID)
	}
	w.like(f.Query, "s.name")
	if r, ok := pmo.ReachFrom(ctx); ok {
		w.add("s.portfolio_id IN ("+placeholders(len(r.Portfolios)+1)+")", append(int64sAny(r.Portfolios), int64(0))...)
	}
	err = db.read(ctx, func(t *tx) error {
		ss, page, err = findPage(t, listQuery{cols: scenarioCols, from: "scenarios s", w: w, pg: pg},
			scanScenario, func(s *pmo.Scenario) int64 { return s.ID })
		if err != nil {
			return err
		}
		return t.fillLastRuns(ss)
	})
	return ss, page, err
}

// fillLastRuns sets each scenario's latest run.
func (t *tx) fillLastRuns(ss []*pmo.Scenario) error {
	for _, s := range ss {
		runs, err := t.findRuns("r.scenario_id = ?", s.ID, 1)
		if err != nil {
			return err
		}
		if len(runs) > 0 {
			s.LastRun = runs[0]
		}
	}
	return nil
}

// CreateScenario returns Invalid (also for locks naming proposals of
// another portfolio) or Conflict on a duplicate name in the portfolio.
func (db *DB) CreateScenario(ctx context.Context, s *pmo.Scenario) error {
	if err := s.Prepare(); err != nil {
		return err
	}
	s.LastRun = nil
	return db.write(ctx, func(t *tx) error {
		if err := t.checkScenarioRefs(s); err != nil {
			return err
		}
		if err := t.insertScenario(s); err != nil {
			return err
		}
		return t.audit("scenario", s.ID, 0, pmo.AuditCreate, nil, s)
	})
}

// insertScenario inserts s at version 1.
func (t *tx) insertScenario(s *pmo.Scenario) error {
	args, err := scenarioArgs(s)
	if err != nil {
		return err
	}
	id, err := t.insert(`INSERT INTO scenarios (portfolio_id, name, notes, start_period, periods, currency, budget,
		capacity, objective, lock_in, lock_out, time_limit_ms, seed, timed, committed, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		append([]any{s.PortfolioID}, append(args, timeArg(t.now), timeArg(t.now))...)...)
	if err != nil {
		return err
	}
	s.ID, s.Version, s.CreatedAt, s.UpdatedAt = id, 1, t.now, t.now
	return nil
}

// checkScenarioRefs checks the portfolio and that the locks name its proposals.
func (t *tx) checkScenarioRefs(s *pmo.Scenario) error {
	if err := t.checkRef("portfolios", "portfolio_id", s.PortfolioID); err != nil {
		return err
	}
	var v pmo.Validator
	for _, l := range []struct {
		field string
		ids   []int64
	}{{"lock_in", s.LockIn}, {"lock_out", s.LockOut}} {
		for i, id := range l.ids {
			var portfolioID int64
			err := t.queryRow("SELECT portfolio_id FROM proposals WHERE id = ?", id).Scan(&portfolioID)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			v.Check(err == nil && portfolioID == s.PortfolioID, fmt.Sprintf("%s[%d]", l.field, i), "no proposal %d in this portfolio", id)
		}
	}
	return v.Err()
}

// scenarioArgs are the values from name to committed.
func scenarioArgs(s *pmo.Scenario) ([]any, error) {
	out := []any{s.Name, s.Notes, s.Start.String(), s.Periods, s.Currency}
	for _, v := range []any{s.Budget, s.Capacity} {
		j, err := jsonArg(v)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	out = append(out, s.Objective)
	for _, v := range []any{s.LockIn, s.LockOut} {
		j, err := jsonArg(v)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	c, err := jsonArg(s.Committed)
	if err != nil {
		return nil, err
	}
	return append(out, s.TimeLimitMS, s.Seed, boolInt(s.Timed), c), nil
}

// UpdateScenario replaces s (not its portfolio); Stale for an old version.
// Its stored runs stay: each records the set-up's outcome at its time.
func (db *DB) UpdateScenario(ctx context.Context, s *pmo.Scenario) error {
	return db.write(ctx, func(t *tx) error {
		cur, err := t.findScenario(s.ID)
		if err != nil {
			return err
		}
		s.PortfolioID = cur.PortfolioID
		if err := s.Prepare(); err != nil {
			return err
		}
		if err := t.checkScenarioRefs(s); err != nil {
			return err
		}
		args, err := scenarioArgs(s)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE scenarios SET name = ?, notes = ?, start_period = ?, periods = ?, currency = ?,
			budget = ?, capacity = ?, objective = ?, lock_in = ?, lock_out = ?, time_limit_ms = ?, seed = ?, timed = ?, committed = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, append(args, timeArg(t.now), s.ID, s.Version)...)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "scenarios", "scenario", s.ID); err != nil {
			return err
		}
		s.Version, s.CreatedAt, s.UpdatedAt = cur.Version+1, cur.CreatedAt, t.now
		if err := t.fillLastRuns([]*pmo.Scenario{s}); err != nil {
			return err
		}
		return t.audit("scenario", s.ID, 0, pmo.AuditUpdate, cur, withoutRun(s))
	})
}

// withoutRun is s without its last run, which is not part of the set-up.
func withoutRun(s *pmo.Scenario) *pmo.Scenario {
	c := *s
	c.LastRun = nil
	return &c
}

// DeleteScenario removes it with its runs; Stale for an old version.
func (db *DB) DeleteScenario(ctx context.Context, id int64, version int) error {
	return db.write(ctx, func(t *tx) error {
		before, err := t.findScenario(id)
		if err != nil {
			return err
		}
		res, err := t.exec("DELETE FROM scenarios WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "scenarios", "scenario", id); err != nil {
			return err
		}
		return t.audit("scenario", id, 0, pmo.AuditDelete, before, nil)
	})
}

const scenarioRunCols = `r.id, r.scenario_id, r.objective, r.selected, r.value, r.bound, r.gap, r.proven, r.infeasible,
	r.elapsed_ms, r.message, r.actor, r.at`

func scanScenarioRun(rs rowScanner) (*pmo.ScenarioRun, error) {
	r := &pmo.ScenarioRun{}
	var proven, infeasible int
	err := rs.Scan(&r.ID, &r.ScenarioID, &r.Objective, jsonScan{&r.Selected}, &r.Value, &r.Bound, &r.Gap,
		&proven, &infeasible, &r.ElapsedMS, &r.Message, &r.Actor, timeScan{&r.At})
	r.Proven, r.Infeasible = proven != 0, infeasible != 0
	return r, err
}

// RecordScenarioRun stores r; Invalid, NotFound for an unknown scenario.
// Actor defaults to the caller in ctx.
func (db *DB) RecordScenarioRun(ctx context.Context, r *pmo.ScenarioRun) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.Actor == "" {
		r.Actor = pmo.ActorFrom(ctx).Name
	}
	return db.write(ctx, func(t *tx) error {
		if _, err := t.findScenario(r.ScenarioID); err != nil {
			return err
		}
		sel, err := jsonArg(r.Selected)
		if err != nil {
			return err
		}
		id, err := t.insert(`INSERT INTO scenario_runs (scenario_id, objective, selected, value, bound, gap, proven,
			infeasible, elapsed_ms, message, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ScenarioID, r.Objective, sel, r.Value, r.Bound, r.Gap, boolInt(r.Proven), boolInt(r.Infeasible),
			r.ElapsedMS, r.Message, r.Actor, timeArg(t.now))
		if err != nil {
			return err
		}
		r.ID, r.At = id, t.now
		return t.audit("scenario_run", r.ID, 0, pmo.AuditCreate, nil, r)
	})
}

// FindScenarioRunByID returns NotFound.
func (db *DB) FindScenarioRunByID(ctx context.Context, id int64) (r *pmo.ScenarioRun, err error) {
	err = db.read(ctx, func(t *tx) error {
		runs, err := t.findRuns("r.id = ?", id, 1)
		if err != nil {
			return err
		}
		if len(runs) == 0 {
			return notFound("scenario run", id)
		}
		r = runs[0]
		return nil
	})
	return r, err
}

// FindScenarioRuns lists a scenario's runs, newest first; limit 0 means all.
func (db *DB) FindScenarioRuns(ctx context.Context, scenarioID int64, limit int) (rs []*pmo.ScenarioRun, err error) {
	err = db.read(ctx, func(t *tx) error {
		rs, err = t.findRuns("r.scenario_id = ?", scenarioID, limit)
		return err
	})
	return rs, err
}

func (t *tx) findRuns(cond string, arg any, limit int) ([]*pmo.ScenarioRun, error) {
	q := "SELECT " + scenarioRunCols + " FROM scenario_runs r WHERE " + cond + " ORDER BY r.id DESC"
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := t.query(q, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*pmo.ScenarioRun{}
	for rows.Next() {
		r, err := scanScenarioRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
