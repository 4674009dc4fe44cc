package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/pmohq/pmo"
)

// projectCols reads a project and, through the LEFT JOIN of projectFrom,
// its current status (report id 0 when it has none).
const projectCols = `p.id, p.portfolio_id, COALESCE(p.program_id, 0), p.code, p.name, p.description, p.sponsor,
	p.manager, p.stage, p.state, p.priority, p.planned_start, p.planned_finish, p.forecast_start, p.forecast_finish,
	p.actual_start, p.actual_finish, p.budget_minor, p.budget_currency, p.custom_fields, p.version, p.created_at,
	p.updated_at, COALESCE(c.report_id, 0), COALESCE(c.period, ''), COALESCE(c.schedule, ''), COALESCE(c.cost, ''),
	COALESCE(c.scope, ''), COALESCE(c.risk, ''), COALESCE(c.overall, ''), COALESCE(c.overall_trend, ''),
	COALESCE(c.forecast_cost_minor, 0), COALESCE(c.forecast_cost_currency, ''), COALESCE(c.schedule_trend, ''),
	COALESCE(c.cost_trend, ''), COALESCE(c.scope_trend, ''), COALESCE(c.risk_trend, '')`

const projectFrom = `projects p JOIN portfolios pf ON pf.id = p.portfolio_id
	LEFT JOIN project_current_status c ON c.project_id = p.id`

func scanProject(rs rowScanner, extra ...any) (*pmo.Project, error) {
	p := &pmo.Project{}
	s := &pmo.CurrentStatus{}
	err := rs.Scan(append([]any{&p.ID, &p.PortfolioID, &p.ProgramID, &p.Code, &p.Name, &p.Description, &p.Sponsor,
		&p.Manager, &p.Stage, &p.State, &p.Priority, dateScan{&p.PlannedStart}, dateScan{&p.PlannedEnd},
		dateScan{&p.ForecastStart}, dateScan{&p.ForecastEnd}, dateScan{&p.ActualStart}, dateScan{&p.ActualEnd},
		&p.Budget.Minor, &p.Budget.Currency, jsonScan{&p.CustomFields}, &p.Version, timeScan{&p.CreatedAt},
		timeScan{&p.UpdatedAt}, &s.ReportID, periodScan{&s.Period}, &s.Schedule, &s.Cost, &s.Scope, &s.Risk,
		&s.Overall, &s.OverallTrend, &s.ForecastCost.Minor, &s.ForecastCost.Currency, &s.ScheduleTrend, &s.CostTrend,
		&s.ScopeTrend, &s.RiskTrend}, extra...)...)
	if s.ReportID != 0 {
		p.Status = s
	}
	p.Tags = []string{}
	return p, err
}

// ragOrder ranks ratings worst first, for the "overall" sort.
const ragOrder = "CASE COALESCE(c.overall, 'grey') WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 WHEN 'blue' THEN 3 ELSE 4 END"

var projectSorts = map[string]sortKey{
	"code":            {expr: "p.code"},
	"name":            {expr: "p.name"},
	"priority":        {expr: "p.priority", num: true},
	"stage":           {expr: rankCase("p.stage", pmo.Stages), num: true},
	"state":           {expr: rankCase("p.state", pmo.States), num: true},
	"budget":          {expr: "p.budget_minor", num: true},
	"planned_finish":  {expr: "COALESCE(p.planned_finish, '9999-12-31')"},
	"forecast_finish": {expr: "COALESCE(p.forecast_finish, '9999-12-31')"},
	"updated_at":      {expr: "p.updated_at"},
	"overall":         {expr: ragOrder, num: true},
}

// rankCase orders a column by the position of its value in order.
func rankCase[S ~string](col string, order []S) string {
	s := "CASE " + col
	for i, v := range order {
		s += " WHEN '" + string(v) + "' THEN " + string(rune('0'+i))
	}
	return s + " ELSE 9 END"
}

// FindProjectByID returns NotFound when no project has the id.
func (db *DB) FindProjectByID(ctx context.Context, id int64) (*pmo.Project, error) {
	return db.findProjectBy(ctx, "p.id = ?", id)
}

// FindProjectByCode returns NotFound when no project has the code.
func (db *DB) FindProjectByCode(ctx context.Context, code string) (*pmo.Project, error) {
	return db.findProjectBy(ctx, "p.code = ?", code)
}

func (db *DB) findProjectBy(ctx context.Context, cond string, arg any) (p *pmo.Project, err error) {
	err = db.read(ctx, func(t *tx) error {
		p, err = t.findProjectBy(cond, arg)
		return err
	})
	return p, err
}

func (t *tx) findProjectBy(cond string, arg any) (*pmo.Project, error) {
	p, err := scanProject(t.queryRow("SELECT "+projectCols+" FROM "+projectFrom+" WHERE "+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pmo.Errorf(pmo.NotFound, "project %v not found", arg)
	}
	if err != nil {
		return nil, err
	}
	return p, t.fillTags([]*pmo.Project{p})
}

// FindProjects returns a page of projects with their current status and
// tags, and the total matching. See pmo.ProjectFilter for the sorts.
func (db *DB) FindProjects(ctx context.Context, f pmo.ProjectFilter) (ps []*pmo.Project, page pmo.Page, err error) {
	pg, err := newPager(f.ListOptions, projectSorts, "code", "p.id")
	if err != nil {
		return nil, page, err
	}
	w, err := projectWhere(f, db.today())
	if err != nil {
		return nil, page, err
	}
	reachJoined(ctx, w)
	// Count without the joins that no condition needs.
	countFrom := "projects p"
	if f.Overdue {
		countFrom = projectFrom
	} else if len(f.RAG) > 0 {
		countFrom = "projects p LEFT JOIN project_current_status c ON c.project_id = p.id"
	}
	q := listQuery{cols: projectCols, from: projectFrom, countFrom: countFrom, w: w, pg: pg, deferred: true}
	err = db.read(ctx, func(t *tx) error {
		ps, page, err = findPage(t, q, scanProject,
			func(p *pmo.Project) int64 { return p.ID })
		if err != nil {
			return err
		}
		return t.fillTags(ps)
	})
	return ps, page, err
}

func (db *DB) today() pmo.Date { return pmo.DateOf(db.now().UTC()) }

func projectWhere(f pmo.ProjectFilter, today pmo.Date) (*where, error) {
	w := &where{}
	if len(f.IDs) > 0 {
		args := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			args[i] = id
		}
		w.add("p.id IN ("+placeholders(len(args))+")", args...)
	}
	if f.PortfolioID != 0 {
		w.add("p.portfolio_id = ?", f.PortfolioID)
	}
	if f.ProgramID != 0 {
		w.add("p.program_id = ?", f.ProgramID)
	}
	projectAttrWhere(w, f.Stages, f.States, f.Tag)
	if f.Manager != "" {
		w.equalFold("p.manager", f.Manager)
	}
	if f.Sponsor != "" {
		w.equalFold("p.sponsor", f.Sponsor)
	}
	w.like(f.Query, "p.code", "p.name", "p.description")
	for _, dim := range pmo.Dimensions { // fixed order keeps the SQL stable
		if err := ragWhere(w, "rag."+dim, dim, f.RAG[dim]); err != nil {
			return nil, err
		}
	}
	for dim := range f.RAG {
		if !slices.Contains(pmo.Dimensions, dim) {
			return nil, pmo.FieldErr("rag", "unknown dimension %q; use one of %v", dim, pmo.Dimensions)
		}
	}
	if f.Overdue {
		asOf := f.AsOf
		if asOf.IsZero() {
			asOf = today
		}
		cond, args := overdueCond(asOf)
		w.add(cond, args...)
	}
	return w, nil
}

// projectAttrWhere adds the conditions on the stage, state and tag of the
// project aliased p; project and record lists share them.
func projectAttrWhere(w *where, stages []pmo.Stage, states []pmo.State, tag string) {
	in(w, "p.stage", stages)
	in(w, "p.state", states)
	if tag != "" {
		w.add("EXISTS (SELECT 1 FROM project_tags t WHERE t.project_id = p.id AND t.tag = ?)", tag)
	}
}

// ragWhere keeps projects whose current rating on dim (project_current_status
// aliased c, grey without a report) is one of rags; Invalid naming field
// for an unknown rating.
func ragWhere(w *where, field, dim string, rags []pmo.RAG) error {
	if len(rags) == 0 {
		return nil
	}
	for _, r := range rags {
		if !r.Valid() {
			return pmo.FieldErr(field, "must be one of green, amber, red, blue, grey")
		}
	}
	in(w, "COALESCE(c."+dim+", 'grey')", rags)
	return nil
}

// overdueCond selects active projects whose status is overdue on asOf
// (pmo.StatusOverdue): no report, or the last period ended more than
// pmo.StaleAfterDays of the portfolio's cadence before asOf. It needs the
// aliases p (projects), pf (portfolios) and c (project_current_status).
func overdueCond(asOf pmo.Date) (string, []any) {
	cond := "p.state = 'active' AND (c.project_id IS NULL OR c.period_end < CASE pf.cadence"
	var args []any
	for _, cad := range []pmo.Cadence{pmo.Weekly, pmo.Fortnightly, pmo.Monthly, pmo.Quarterly} {
		cond += " WHEN '" + string(cad) + "' THEN ?"
		args = append(args, asOf.AddDays(-pmo.StaleAfterDays(cad)).String())
	}
	return cond + " END)", args
}

// fillTags loads the tags of ps in one query.
func (t *tx) fillTags(ps []*pmo.Project) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*pmo.Project, len(ps))
	args := make([]any, len(ps))
	for i, p := range ps {
		byID[p.ID] = p
		args[i] = p.ID
	}
	rows, err := t.query("SELECT project_id, tag FROM project_tags WHERE project_id IN ("+placeholders(len(ps))+") ORDER BY project_id, tag", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return err
		}
		byID[id].Tags = append(byID[id].Tags, tag)
	}
	return rows.Err()
}

// CreateProject returns Invalid (bad fields, unknown portfolio or program,
// custom fields that break the portfolio's definitions) or Conflict on a
// duplicate code. Tags are stored and returned sorted.
func (db *DB) CreateProject(ctx context.Context, p *pmo.Project) error {
	if err := p.Prepare(); err != nil {
		return err
	}
	slices.Sort(p.Tags)
	return db.write(ctx, func(t *tx) error {
		if err := t.checkProjectRefs(p); err != nil {
			return err
		}
		return t.insertProject(p)
	})
}

// checkProjectRefs checks the portfolio and program of p, and its custom
// fields against the portfolio's definitions.
func (t *tx) checkProjectRefs(p *pmo.Project) error {
	var defs []pmo.CustomFieldDef
	err := t.queryRow("SELECT custom_fields FROM portfolios WHERE id = ?", p.PortfolioID).Scan(jsonScan{&defs})
	if errors.Is(err, sql.ErrNoRows) {
		return pmo.FieldErr("portfolio_id", "no such portfolio: %d", p.PortfolioID)
	}
	if err != nil {
		return err
	}
	if p.ProgramID != 0 {
		var portfolioID int64
		err := t.queryRow("SELECT portfolio_id FROM programs WHERE id = ?", p.ProgramID).Scan(&portfolioID)
		if errors.Is(err, sql.ErrNoRows) {
			return pmo.FieldErr("program_id", "no such program: %d", p.ProgramID)
		}
		if err != nil {
			return err
		}
		if portfolioID != p.PortfolioID {
			return pmo.FieldErr("program_id", "belongs to another portfolio")
		}
	}
	return pmo.CheckCustomFields(defs, p.CustomFields)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const projectInsert = `INSERT INTO projects (portfolio_id, program_id, code, name, description, sponsor, manager,
	stage, state, priority, planned_start, planned_finish, forecast_start, forecast_finish, actual_start,
	actual_finish, budget_minor, budget_currency, custom_fields, version, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`

// projectArgs are the values of projectInsert from portfolio_id to custom_fields.
func projectArgs(p *pmo.Project) ([]any, error) {
	cf, err := jsonArg(p.CustomFields)
	if err != nil {
		return nil, err
	}
	return []any{p.PortfolioID, nullID(p.ProgramID), p.Code, p.Name, p.Description, p.Sponsor, p.Manager,
		p.Stage, p.State, p.Priority, dateArg(p.PlannedStart), dateArg(p.PlannedEnd), dateArg(p.ForecastStart),
		dateArg(p.ForecastEnd), dateArg(p.ActualStart), dateArg(p.ActualEnd), p.Budget.Minor, p.Budget.Currency, cf}, nil
}

func (t *tx) insertProject(p *pmo.Project) error {
	args, err := projectArgs(p)
	if err != nil {
		return err
	}
	id, err := t.insert(projectInsert, append(args, timeArg(t.now), timeArg(t.now))...)
	if err != nil {
		return err
	}
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt, p.Status = id, 1, t.now, t.now, nil
	if err := t.insertTags(p.ID, p.Tags); err != nil {
		return err
	}
	return t.audit("project", p.ID, p.ID, pmo.AuditCreate, nil, p)
}

func (t *tx) insertTags(id int64, tags []string) error {
	for _, tag := range tags {
		if _, err := t.exec("INSERT INTO project_tags (project_id, tag) VALUES (?, ?)", id, tag); err != nil {
			return err
		}
	}
	return nil
}

// UpdateProject replaces p (not its status); Stale when p.Version is not
// current. On success p carries the new version and its current status.
func (db *DB) UpdateProject(ctx context.Context, p *pmo.Project) error {
	if err := p.Prepare(); err != nil {
		return err
	}
	slices.Sort(p.Tags)
	return db.write(ctx, func(t *tx) error {
		if err := t.checkProjectRefs(p); err != nil {
			return err
		}
		args, err := projectArgs(p)
		if err != nil {
			return err
		}
		before, err := t.findProjectBy("p.id = ?", p.ID)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE projects SET portfolio_id = ?, program_id = ?, code = ?, name = ?, description = ?,
			sponsor = ?, manager = ?, stage = ?, state = ?, priority = ?, planned_start = ?, planned_finish = ?,
			forecast_start = ?, forecast_finish = ?, actual_start = ?, actual_finish = ?, budget_minor = ?,
			budget_currency = ?, custom_fields = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			append(args, timeArg(t.now), p.ID, p.Version)...)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "projects", "project", p.ID); err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM project_tags WHERE project_id = ?", p.ID); err != nil {
			return err
		}
		if err := t.insertTags(p.ID, p.Tags); err != nil {
			return err
		}
		got, err := scanProject(t.queryRow("SELECT "+projectCols+" FROM "+projectFrom+" WHERE p.id = ?", p.ID))
		if err != nil {
			return err
		}
		p.Version, p.CreatedAt, p.UpdatedAt, p.Status = got.Version, got.CreatedAt, got.UpdatedAt, got.Status
		return t.audit("project", p.ID, p.ID, pmo.AuditUpdate, before, p)
	})
}

// DeleteProject removes a project that has no status history, with its
// tags, milestones, RAID records and change requests; Conflict when it has
// status reports or other projects' dependencies name it as provider.
func (db *DB) DeleteProject(ctx context.Context, id int64, version int) error {
	return db.write(ctx, func(t *tx) error {
		var n int
		if err := t.queryRow("SELECT COUNT(*) FROM status_reports WHERE project_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return pmo.Errorf(pmo.Conflict, "the project has %d status reports; close or cancel it instead of deleting it", n)
		}
		if err := t.queryRow("SELECT COUNT(*) FROM dependencies WHERE to_project_id = ? AND project_id <> ?", id, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return pmo.Errorf(pmo.Conflict, "%d dependencies of other projects rely on this project; withdraw them first", n)
		}
		before, err := t.findProjectBy("p.id = ?", id)
		if err != nil {
			return err
		}
		res, err := t.exec("DELETE FROM projects WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "projects", "project", id); err != nil {
			return err
		}
		return t.audit("project", id, id, pmo.AuditDelete, before, nil)
	})
}
