package store

import (
	"strings"

	"github.com/pmohq/pmo"
)

// The record services of pmo.Services.

// Milestones stores milestones. Their Open filter means "not achieved"
// (no actual date); they have no status, owner or level to filter on.
func (db *DB) Milestones() pmo.RecordService[pmo.Milestone] {
	return records[pmo.Milestone]{db, &milestoneSpec}
}

// Risks stores risks. Sorts: -score (default), probability, impact, emv,
// review_date, title, status, created_at, updated_at.
func (db *DB) Risks() pmo.RecordService[pmo.Risk] { return records[pmo.Risk]{db, &riskSpec} }

// Issues stores issues. Sorts: due (default), severity, title, status,
// created_at, updated_at.
func (db *DB) Issues() pmo.RecordService[pmo.Issue] { return records[pmo.Issue]{db, &issueSpec} }

// Actions stores actions. Sorts: due (default), title, status, created_at,
// updated_at.
func (db *DB) Actions() pmo.RecordService[pmo.Action] { return records[pmo.Action]{db, &actionSpec} }

// Decisions stores decisions. Sorts: -created_at (default), needed_by,
// decided_on, title, status, updated_at.
func (db *DB) Decisions() pmo.RecordService[pmo.Decision] {
	return records[pmo.Decision]{db, &decisionSpec}
}

// Dependencies stores dependencies. Sorts: need_by (default), committed,
// title, status, created_at, updated_at.
func (db *DB) Dependencies() pmo.RecordService[pmo.Dependency] {
	return records[pmo.Dependency]{db, &dependencySpec}
}

var entryCols = []string{"project_id", "title", "description", "owner", "status", "level"}

func entryArgs(e *pmo.Entry) []any {
	return []any{e.ProjectID, e.Title, e.Description, e.Owner, e.Status, e.Level}
}

func entryDests(e *pmo.Entry) []any {
	return []any{&e.ProjectID, &e.Title, &e.Description, &e.Owner, &e.Status, &e.Level}
}

func entryHead(e *pmo.Entry) recordHead {
	return recordHead{&e.ID, &e.ProjectID, &e.Version, &e.CreatedAt, &e.UpdatedAt}
}

// openEntry excludes the closed statuses of every RAID type.
var openEntry = "r.status NOT IN ('" + strings.Join(pmo.ClosedStatuses(), "', '") + "')"

// dateSort sorts a nullable date column with unset dates last (ascending).
func dateSort(col string) sortKey { return sortKey{expr: "COALESCE(" + col + ", '9999-12-31')"} }

// entrySorts are the sorts every RAID type accepts, plus extra.
func entrySorts(extra map[string]sortKey) map[string]sortKey {
	m := map[string]sortKey{
		"title":      {expr: "r.title"},
		"status":     {expr: "r.status"},
		"created_at": {expr: "r.created_at"},
		"updated_at": {expr: "r.updated_at"},
		"id":         {expr: "r.id", num: true}, // insertion order, served by the primary key
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// entrySpec fills what every RAID spec shares.
func entrySpec[T any](s recordSpec[T], base func(*T) *pmo.Entry) recordSpec[T] {
	s.entry = base
	s.cols = append(append([]string{}, entryCols...), s.cols...)
	args, dests := s.args, s.dests
	s.args = func(r *T) []any { return append(entryArgs(base(r)), args(r)...) }
	s.dests = func(r *T) []any { return append(entryDests(base(r)), dests(r)...) }
	s.head = func(r *T) recordHead { return entryHead(base(r)) }
	s.titleCol, s.openCond = "title", openEntry
	return s
}

var riskSpec = entrySpec(recordSpec[pmo.Risk]{
	what: "risk", table: "risks",
	cols: []string{"kind", "category", "probability", "impact", "score", "cost_impact_minor", "cost_impact_currency",
		"emv_minor", "emv_currency", "response", "response_plan", "review_date"},
	args: func(r *pmo.Risk) []any {
		return []any{r.Kind, r.Category, r.Probability, r.Impact, r.Score, r.CostImpact.Minor, r.CostImpact.Currency,
			r.EMV.Minor, r.EMV.Currency, r.Response, r.ResponsePlan, dateArg(r.ReviewDate)}
	},
	dests: func(r *pmo.Risk) []any {
		return []any{&r.Kind, &r.Category, &r.Probability, &r.Impact, &r.Score, &r.CostImpact.Minor,
			&r.CostImpact.Currency, &r.EMV.Minor, &r.EMV.Currency, &r.Response, &r.ResponsePlan, dateScan{&r.ReviewDate}}
	},
	prepare: (*pmo.Risk).Prepare,
	dateCol: "review_date",
	rated:   true,
	sorts: entrySorts(map[string]sortKey{
		"score":       {expr: "r.score", num: true},
		"probability": {expr: "r.probability", num: true},
		"impact":      {expr: "r.impact", num: true},
		"emv":         {expr: "r.emv_minor", num: true},
		"review_date": dateSort("r.review_date"),
	}),
	defSort: "-score",
}, func(r *pmo.Risk) *pmo.Entry { return &r.Entry })

var issueSpec = entrySpec(recordSpec[pmo.Issue]{
	what: "issue", table: "issues",
	cols: []string{"type", "severity", "due", "resolution"},
	args: func(i *pmo.Issue) []any { return []any{i.Type, i.Severity, dateArg(i.Due), i.Resolution} },
	dests: func(i *pmo.Issue) []any {
		return []any{&i.Type, &i.Severity, dateScan{&i.Due}, &i.Resolution}
	},
	prepare: (*pmo.Issue).Prepare,
	dateCol: "due",
	sorts: entrySorts(map[string]sortKey{
		"due":      dateSort("r.due"),
		"severity": {expr: rankCase("r.severity", pmo.IssueSeverities), num: true},
	}),
	defSort: "due",
}, func(i *pmo.Issue) *pmo.Entry { return &i.Entry })

var actionSpec = entrySpec(recordSpec[pmo.Action]{
	what: "action", table: "actions",
	cols:    []string{"category", "due"},
	args:    func(a *pmo.Action) []any { return []any{a.Category, dateArg(a.Due)} },
	dests:   func(a *pmo.Action) []any { return []any{&a.Category, dateScan{&a.Due}} },
	prepare: (*pmo.Action).Prepare,
	dateCol: "due",
	sorts:   entrySorts(map[string]sortKey{"due": dateSort("r.due")}),
	defSort: "due",
}, func(a *pmo.Action) *pmo.Entry { return &a.Entry })

var decisionSpec = entrySpec(recordSpec[pmo.Decision]{
	what: "decision", table: "decisions",
	cols: []string{"forum", "decided_by", "decided_on", "rationale", "evidence", "needed_by"},
	args: func(d *pmo.Decision) []any {
		return []any{d.Forum, d.DecidedBy, dateArg(d.DecidedOn), d.Rationale, d.Evidence, dateArg(d.NeededBy)}
	},
	dests: func(d *pmo.Decision) []any {
		return []any{&d.Forum, &d.DecidedBy, dateScan{&d.DecidedOn}, &d.Rationale, &d.Evidence, dateScan{&d.NeededBy}}
	},
	prepare: (*pmo.Decision).Prepare,
	dateCol: "needed_by",
	sorts: entrySorts(map[string]sortKey{
		"needed_by":  dateSort("r.needed_by"),
		"decided_on": dateSort("r.decided_on"),
	}),
	defSort: "-created_at",
}, func(d *pmo.Decision) *pmo.Entry { return &d.Entry })

var dependencySpec = entrySpec(recordSpec[pmo.Dependency]{
	what: "dependency", table: "dependencies",
	cols: []string{"to_project_id", "deliverable", "need_by", "committed"},
	args: func(d *pmo.Dependency) []any {
		return []any{d.ToProjectID, d.Deliverable, dateArg(d.NeedBy), dateArg(d.Committed)}
	},
	dests: func(d *pmo.Dependency) []any {
		return []any{&d.ToProjectID, &d.Deliverable, dateScan{&d.NeedBy}, dateScan{&d.Committed}}
	},
	prepare: (*pmo.Dependency).Prepare,
	dateCol: "need_by",
	sorts: entrySorts(map[string]sortKey{
		"need_by":   dateSort("r.need_by"),
		"committed": dateSort("r.committed"),
	}),
	defSort: "need_by",
	check: func(t *tx, d *pmo.Dependency) error {
		return t.checkRef("projects", "to_project_id", d.ToProjectID)
	},
}, func(d *pmo.Dependency) *pmo.Entry { return &d.Entry })

var milestoneSpec = recordSpec[pmo.Milestone]{
	what: "milestone", table: "milestones",
	cols: []string{"project_id", "name", "description", "key_milestone", "baseline", "forecast", "actual"},
	args: func(m *pmo.Milestone) []any {
		return []any{m.ProjectID, m.Name, m.Description, m.Key, dateArg(m.Baseline), dateArg(m.Forecast), dateArg(m.Actual)}
	},
	dests: func(m *pmo.Milestone) []any {
		return []any{&m.ProjectID, &m.Name, &m.Description, &m.Key, dateScan{&m.Baseline}, dateScan{&m.Forecast},
			dateScan{&m.Actual}}
	},
	head: func(m *pmo.Milestone) recordHead {
		return recordHead{&m.ID, &m.ProjectID, &m.Version, &m.CreatedAt, &m.UpdatedAt}
	},
	prepare:  (*pmo.Milestone).Prepare,
	titleCol: "name",
	dateCol:  "forecast",
	openCond: "r.actual IS NULL",
	sorts: map[string]sortKey{
		"name": {expr: "r.name"},
		// Prepare always sets a forecast (the baseline when none is given),
		// so the plain column sorts the same as dateSort would and lets the
		// (forecast, id) index serve "the next milestones" without a sort.
		"forecast":   {expr: "r.forecast"},
		"baseline":   dateSort("r.baseline"),
		"actual":     dateSort("r.actual"),
		"created_at": {expr: "r.created_at"},
		"updated_at": {expr: "r.updated_at"},
		"id":         {expr: "r.id", num: true},
	},
	defSort: "forecast",
}
