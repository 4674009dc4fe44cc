package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/pmohq/pmo"
)

const findingCols = `f.id, f.project_id, f.rule, f.kind, f.severity, f.title, f.message, f.stage, f.class, f.manager,
	f.program, f.waived, f.seen, f.framework_id, f.first_run_id, f.last_run_id, f.first_seen, f.last_seen, f.resolved_at`

func scanFinding(rs rowScanner) (*pmo.Finding, error) { return scanFindingSorted(rs) }

// RecordAuditRun stores run and the lifecycle of its findings in one
// transaction. The trail gets one record for the run and one for each
// finding opened or resolved; a finding that persists is not a trail event.
func (db *DB) RecordAuditRun(ctx context.Context, run *pmo.AuditRun, audited []int64, findings []*pmo.Finding) error {
	if run.RunBy == "" {
		run.RunBy = actorName(ctx)
	}
	if run.Counts == nil {
		run.Counts = map[string]map[string]int{}
	}
	counts, err := jsonArg(run.Counts)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		fw, err := t.frameworkByID(run.FrameworkID)
		if err != nil {
			return err
		}
		if run.FrameworkLabel == "" {
			run.FrameworkLabel = fw.Label
		}
		run.At, run.Opened, run.Resolved = t.now, 0, 0
		run.ID, err = t.insert(`INSERT INTO audit_runs (at, framework_id, framework_label, portfolio_id, projects, violations,
			waived, rule_errors, opened, resolved, counts, run_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)`,
			timeArg(t.now), run.FrameworkID, run.FrameworkLabel, run.PortfolioID, run.Projects, run.Violations,
			run.Waived, run.RuleErrors, counts, run.RunBy)
		if err != nil {
			return err
		}
		inScope := make(map[int64]bool, len(audited))
		for _, id := range audited {
			inScope[id] = true
		}
		open := map[pmo.FindingKey]*pmo.Finding{}
		rows, err := t.query("SELECT " + findingCols + " FROM findings f WHERE f.resolved_at IS NULL")
		if err != nil {
			return err
		}
		olds, err := scanAll(rows, scanFinding)
		if err != nil {
			return err
		}
		for _, f := range olds {
			if inScope[f.ProjectID] {
				open[f.Key()] = f
			}
		}
		var unchanged []int64
		done := make(map[pmo.FindingKey]bool, len(findings))
		for _, f := range findings {
			if done[f.Key()] {
				continue // the same failure twice in one run is one finding
			}
			done[f.Key()] = true
			same, err := t.upsertFinding(run, f, open)
			if err != nil {
				return err
			}
			if same {
				unchanged = append(unchanged, f.ID)
			}
		}
		// Findings that persist as they were only move their last sighting:
		// one statement per batch rather than one per finding.
		for len(unchanged) > 0 {
			n := min(len(unchanged), 500)
			args := []any{run.FrameworkID, run.ID, timeArg(t.now)}
			for _, id := range unchanged[:n] {
				args = append(args, id)
			}
			if _, err := t.exec("UPDATE findings SET seen = seen + 1, framework_id = ?, last_run_id = ?, last_seen = ? WHERE id IN ("+
				placeholders(n)+")", args...); err != nil {
				return err
			}
			unchanged = unchanged[n:]
		}
		for _, f := range olds {
			if !inScope[f.ProjectID] || open[f.Key()] == nil {
				continue // out of scope, or found again by this run
			}
			if _, err := t.exec("UPDATE findings SET resolved_at = ? WHERE id = ?", timeArg(t.now), f.ID); err != nil {
				return err
			}
			run.Resolved++
			if err := t.audit("finding", f.ID, f.ProjectID, "resolve", map[string]any{"resolved_at": nil},
				map[string]any{"resolved_at": t.now, "run_id": run.ID}); err != nil {
				return err
			}
		}
		if _, err := t.exec("UPDATE audit_runs SET opened = ?, resolved = ? WHERE id = ?", run.Opened, run.Resolved, run.ID); err != nil {
			return err
		}
		if err := t.followFramework(run.FrameworkID, audited); err != nil {
			return err
		}
		return t.audit("audit_run", run.ID, 0, pmo.AuditCreate, nil, run)
	})
}

// upsertFinding opens f, or matches it to the open finding with its key
// and updates that one. It reports a match whose rendering is unchanged, for
// the caller to update in a batch. A matched key is removed from open, so
// what stays there is resolved.
func (t *tx) upsertFinding(run *pmo.AuditRun, f *pmo.Finding, open map[pmo.FindingKey]*pmo.Finding) (unchanged bool, err error) {
	f.FrameworkID, f.LastRunID, f.LastSeen, f.ResolvedAt = run.FrameworkID, run.ID, t.now, nil
	if old := open[f.Key()]; old != nil {
		delete(open, f.Key())
		f.ID, f.FirstRunID, f.FirstSeen, f.Seen = old.ID, old.FirstRunID, old.FirstSeen, old.Seen+1
		if f.Severity == old.Severity && f.Title == old.Title && f.Message == old.Message && f.Stage == old.Stage &&
			f.Class == old.Class && f.Manager == old.Manager && f.Program == old.Program && f.Waived == old.Waived {
			return true, nil
		}
		_, err := t.exec(`UPDATE findings SET severity = ?, title = ?, message = ?, stage = ?, class = ?, manager = ?,
			program = ?, waived = ?, seen = ?, framework_id = ?, last_run_id = ?, last_seen = ? WHERE id = ?`,
			f.Severity, f.Title, f.Message, f.Stage, f.Class, f.Manager, f.Program, boolInt(f.Waived), f.Seen,
			f.FrameworkID, f.LastRunID, timeArg(t.now), f.ID)
		return false, err
	}
	f.FirstRunID, f.FirstSeen, f.Seen = run.ID, t.now, 1
	f.ID, err = t.insert(`INSERT INTO findings (project_id, rule, kind, severity, title, message, stage, class, manager,
		program, waived, seen, framework_id, first_run_id, last_run_id, first_seen, last_seen)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
		f.ProjectID, f.Rule, f.Kind, f.Severity, f.Title, f.Message, f.Stage, f.Class, f.Manager, f.Program,
		boolInt(f.Waived), f.FrameworkID, f.FirstRunID, f.LastRunID, timeArg(t.now), timeArg(t.now))
	if err != nil {
		return false, err
	}
	run.Opened++
	return false, t.audit("finding", f.ID, f.ProjectID, pmo.AuditCreate, nil, f)
}

const runCols = `id, at, framework_id, framework_label, portfolio_id, projects, violations, waived, rule_errors, opened,
	resolved, counts, run_by`

func scanRun(rs rowScanner) (*pmo.AuditRun, error) {
	var r pmo.AuditRun
	err := rs.Scan(&r.ID, timeScan{&r.At}, &r.FrameworkID, &r.FrameworkLabel, &r.PortfolioID, &r.Projects,
		&r.Violations, &r.Waived, &r.RuleErrors, &r.Opened, &r.Resolved, jsonScan{&r.Counts}, &r.RunBy)
	return &r, err
}

// FindAuditRuns lists runs, newest first; limit 0 means all.
func (db *DB) FindAuditRuns(ctx context.Context, limit int) (rs []*pmo.AuditRun, err error) {
	q := "SELECT " + runCols + " FROM audit_runs ORDER BY id DESC"
	if limit > 0 {
		q += " LIMIT ?"
	}
	err = db.read(ctx, func(t *tx) error {
		args := []any{}
		if limit > 0 {
			args = append(args, limit)
		}
		rows, err := t.query(q, args...)
		if err != nil {
			return err
		}
		rs, err = scanAll(rows, scanRun)
		return err
	})
	return rs, err
}

// FindAuditRunByID returns NotFound.
func (db *DB) FindAuditRunByID(ctx context.Context, id int64) (r *pmo.AuditRun, err error) {
	err = db.read(ctx, func(t *tx) error {
		r, err = scanRun(t.queryRow("SELECT "+runCols+" FROM audit_runs WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("audit run", id)
		}
		return err
	})
	return r, err
}

// findingWhere builds the conditions of f, within the reach of ctx.
func findingWhere(ctx context.Context, f pmo.FindingFilter) *where {
	w := &where{}
	if f.ProjectID != 0 {
		w.add("f.project_id = ?", f.ProjectID)
	}
	if f.PortfolioID != 0 {
		w.add("f.project_id IN (SELECT id FROM projects WHERE portfolio_id = ?)", f.PortfolioID)
	}
	if f.ProgramID != 0 {
		w.add("f.project_id IN (SELECT id FROM projects WHERE program_id = ?)", f.ProgramID)
	}
	if f.Rule != "" {
		w.add("f.rule = ?", f.Rule)
	}
	in(w, "f.severity", f.Severities)
	in(w, "f.stage", f.Stages)
	in(w, "f.kind", f.Kinds)
	if f.Manager != "" {
		w.equalFold("f.manager", f.Manager)
	}
	if len(f.States) > 0 {
		var conds []string
		for _, st := range f.States {
			switch st {
			case pmo.FindingOpen:
				conds = append(conds, "(f.resolved_at IS NULL AND f.waived = 0)")
			case pmo.FindingWaived:
				conds = append(conds, "(f.resolved_at IS NULL AND f.waived = 1)")
			case pmo.FindingResolved:
				conds = append(conds, "f.resolved_at IS NOT NULL")
			default:
				conds = append(conds, "1 = 0") // an unknown state matches nothing
			}
		}
		w.add("(" + strings.Join(conds, " OR ") + ")")
	}
	if f.Open {
		w.add("f.resolved_at IS NULL")
	}
	if f.Resolved {
		w.add("f.resolved_at IS NOT NULL")
	}
	if r, ok := pmo.ReachFrom(ctx); ok {
		reachProjects(w, r, "f.project_id")
	}
	return w
}

// FindFindings lists findings, newest first. Within a reach, only findings
// of projects in reach are returned.
func (db *DB) FindFindings(ctx context.Context, f pmo.FindingFilter) (fs []*pmo.Finding, err error) {
	w := findingWhere(ctx, f)
	q := "SELECT " + findingCols + " FROM findings f" + w.String() + " ORDER BY f.id DESC"
	args := w.args
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	err = db.read(ctx, func(t *tx) error {
		rows, err := t.query(q, args...)
		if err != nil {
			return err
		}
		fs, err = scanAll(rows, scanFinding)
		return err
	})
	return fs, err
}

var findingSorts = map[string]sortKey{
	"id":         {expr: "f.id", num: true},
	"first_seen": {expr: "f.first_seen"},
	"last_seen":  {expr: "f.last_seen"},
	"seen":       {expr: "f.seen", num: true},
	"rule":       {expr: "f.rule"},
	"manager":    {expr: "f.manager"},
}

// scanFindingSorted reads a finding followed by its sort value.
func scanFindingSorted(rs rowScanner, extra ...any) (*pmo.Finding, error) {
	var f pmo.Finding
	var waived int
	err := rs.Scan(append([]any{&f.ID, &f.ProjectID, &f.Rule, &f.Kind, &f.Severity, &f.Title, &f.Message, &f.Stage,
		&f.Class, &f.Manager, &f.Program, &waived, &f.Seen, &f.FrameworkID, &f.FirstRunID, &f.LastRunID,
		timeScan{&f.FirstSeen}, timeScan{&f.LastSeen}, optTime{&f.ResolvedAt}}, extra...)...)
	f.Waived = waived == 1
	return &f, err
}

// FindFindingPage returns a page of findings, newest first by default,
// and the count of all matches. Within a reach, only findings of projects
// in reach are returned.
func (db *DB) FindFindingPage(ctx context.Context, f pmo.FindingFilter) (fs []*pmo.Finding, page pmo.Page, err error) {
	pg, err := newPager(f.ListOptions, findingSorts, "-id", "f.id")
	if err != nil {
		return nil, page, err
	}
	w := findingWhere(ctx, f)
	err = db.read(ctx, func(t *tx) error {
		fs, page, err = findPage(t, listQuery{cols: findingCols, from: "findings f", w: w, pg: pg}, scanFindingSorted,
			func(f *pmo.Finding) int64 { return f.ID })
		return err
	})
	return fs, page, err
}
