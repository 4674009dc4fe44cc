package governance

import (
	"cel.dev/cel-go/common/types"

	"github.com/pmohq/pmo"
)

// The object types of the project view. Their fields are defined in init
// below, and the reference (Reference) is generated from the same table.
var (
	projectType    = newObj("pmo.Project", "The project being evaluated: `project`.")
	statusType     = newObj("pmo.Status", "The latest status report: `status`, null when the project has none.")
	riskType       = newObj("pmo.Risk", "An item of `risks`.")
	issueType      = newObj("pmo.Issue", "An item of `issues`.")
	actionType     = newObj("pmo.Action", "An item of `actions`.")
	decisionType   = newObj("pmo.Decision", "An item of `decisions`.")
	dependencyType = newObj("pmo.Dependency", "An item of `dependencies`: something this project needs from another.")
	milestoneType  = newObj("pmo.Milestone", "An item of `milestones`.")
	changeType     = newObj("pmo.Change", "An item of `changes`: a change request.")
	artefactType   = newObj("pmo.Artefact", "An item of `artefacts`: a document attached to or linked from the project.")
	approvalType   = newObj("pmo.Approval", "An item of `approvals`: one approver's decision at a gate.")
)

// variables are the top-level names of the view, in reference order.
var variables = []struct {
	name, typeDoc, doc string
}{
	{"project", "pmo.Project", "the project"},
	{"status", "pmo.Status or null", "its latest status report"},
	{"risks", "list(pmo.Risk)", "its risks, all statuses"},
	{"issues", "list(pmo.Issue)", "its issues, all statuses"},
	{"actions", "list(pmo.Action)", "its actions, all statuses"},
	{"decisions", "list(pmo.Decision)", "its decision records, all statuses"},
	{"dependencies", "list(pmo.Dependency)", "what it depends on, all statuses"},
	{"milestones", "list(pmo.Milestone)", "its milestones"},
	{"changes", "list(pmo.Change)", "its change requests, all states"},
	{"artefacts", "list(pmo.Artefact)", "documents attached or linked"},
	{"approvals", "list(pmo.Approval)", "gate approvals recorded so far"},
	{"now", "timestamp", "the evaluation time passed by the caller"},
	{"today", "timestamp", "midnight UTC of now's date: compare dates with it, e.g. a.due < today"},
}

func init() {
	o := projectType
	def(o, "id", intType, "int", "database id", func(v *projectView) any { return types.Int(v.p.ID) })
	def(o, "code", strType, "string", "unique code, e.g. PRJ-042", func(v *projectView) any { return types.String(v.p.Code) })
	def(o, "name", strType, "string", "", func(v *projectView) any { return types.String(v.p.Name) })
	def(o, "description", strType, "string", "", func(v *projectView) any { return types.String(v.p.Description) })
	def(o, "stage", strType, "string", "lifecycle stage id, e.g. execution", func(v *projectView) any { return types.String(string(v.p.Stage)) })
	def(o, "state", strType, "string", "proposed, active, on_hold, closed or cancelled", func(v *projectView) any { return types.String(string(v.p.State)) })
	def(o, "class", strType, "string", "the class the framework assigned; empty while classes are evaluated", func(v *projectView) any { return types.String(v.class) })
	def(o, "sponsor", strType, "string", "named sponsor (senior responsible owner); empty when none", func(v *projectView) any { return types.String(v.p.Sponsor) })
	def(o, "manager", strType, "string", "project manager; empty when none", func(v *projectView) any { return types.String(v.p.Manager) })
	def(o, "priority", intType, "int", "1 (highest) to 5", func(v *projectView) any { return types.Int(v.p.Priority) })
	def(o, "budget", moneyType.celType, "pmo.Money", "budget at completion", func(v *projectView) any { return &v.p.Budget })
	def(o, "tags", strList, "list(string)", "", func(v *projectView) any { return v.p.Tags })
	def(o, "custom", dynMap, "map(string, dyn)", "custom fields by key: numbers are doubles, dates YYYY-MM-DD strings; test with has(project.custom.key)", func(v *projectView) any {
		if v.p.CustomFields == nil {
			return map[string]any{}
		}
		return v.p.CustomFields
	})
	def(o, "planned_start", timeType, tsOrNull, "baseline start", func(v *projectView) any { return dateVal(v.p.PlannedStart) })
	def(o, "planned_finish", timeType, tsOrNull, "baseline finish", func(v *projectView) any { return dateVal(v.p.PlannedEnd) })
	def(o, "forecast_start", timeType, tsOrNull, "", func(v *projectView) any { return dateVal(v.p.ForecastStart) })
	def(o, "forecast_finish", timeType, tsOrNull, "", func(v *projectView) any { return dateVal(v.p.ForecastEnd) })
	def(o, "actual_start", timeType, tsOrNull, "", func(v *projectView) any { return dateVal(v.p.ActualStart) })
	def(o, "actual_finish", timeType, tsOrNull, "", func(v *projectView) any { return dateVal(v.p.ActualEnd) })
	def(o, "planned_duration_days", intType, "int", "planned_finish - planned_start in calendar days; 0 without a baseline", func(v *projectView) any { return types.Int(plannedDuration(v.p)) })
	def(o, "finish_slip_days", intType, "int", "forecast_finish - planned_finish in calendar days; 0 when either is unset", func(v *projectView) any {
		if v.p.PlannedEnd.IsZero() || v.p.ForecastEnd.IsZero() {
			return types.IntZero
		}
		return types.Int(v.p.PlannedEnd.DaysUntil(v.p.ForecastEnd))
	})
	def(o, "program", strType, "string", "program code; empty when directly under the portfolio", func(v *projectView) any { return types.String(v.d.ProgramCode) })
	def(o, "portfolio", strType, "string", "portfolio code", func(v *projectView) any { return types.String(v.d.PortfolioCode) })
	def(o, "updated", timeType, tsOrNull, "last change to the project record", func(v *projectView) any { return timeVal(v.p.UpdatedAt) })

	o = statusType
	def(o, "period", strType, "string", "reporting period, e.g. 2026-W48", func(v *statusView) any { return types.String(v.period.String()) })
	def(o, "period_start", timeType, "timestamp", "", func(v *statusView) any { return dateVal(v.start) })
	def(o, "period_end", timeType, "timestamp", "", func(v *statusView) any { return dateVal(v.end) })
	def(o, "days_old", intType, "int", "calendar days from the period end to now; 0 without a period", func(v *statusView) any { return types.Int(v.daysOld) })
	def(o, "schedule", strType, "string", "RAG: green, amber, red, blue or grey", func(v *statusView) any { return types.String(v.schedule) })
	def(o, "cost", strType, "string", "RAG", func(v *statusView) any { return types.String(v.cost) })
	def(o, "scope", strType, "string", "RAG", func(v *statusView) any { return types.String(v.scope) })
	def(o, "risk", strType, "string", "RAG", func(v *statusView) any { return types.String(v.risk) })
	def(o, "overall", strType, "string", "RAG", func(v *statusView) any { return types.String(v.overll) })
	def(o, "overall_trend", strType, "string", "improving, stable, deteriorating or new", func(v *statusView) any { return types.String(v.trend) })
	def(o, "override_reason", strType, "string", "why overall is better than the worst dimension; empty when not overridden", func(v *statusView) any { return types.String(v.override) })
	def(o, "actual_cost", moneyType.celType, "pmo.Money", "cumulative actual cost (AC)", func(v *statusView) any { return &v.actual })
	def(o, "forecast_cost", moneyType.celType, "pmo.Money", "estimate at completion (EAC)", func(v *statusView) any { return &v.forecast })
	def(o, "submitted", timeType, tsOrNull, "when the report was submitted", func(v *statusView) any { return dateVal(v.submitted) })

	entryFields(riskType, func(r *pmo.Risk) *pmo.Entry { return &r.Entry })
	o = riskType
	def(o, "kind", strType, "string", "threat or opportunity", func(r *pmo.Risk) any { return types.String(r.Kind) })
	def(o, "category", strType, "string", "", func(r *pmo.Risk) any { return types.String(r.Category) })
	def(o, "probability", intType, "int", "1..5", func(r *pmo.Risk) any { return types.Int(r.Probability) })
	def(o, "impact", intType, "int", "1..5, the worst dimension", func(r *pmo.Risk) any { return types.Int(r.Impact) })
	def(o, "score", intType, "int", "probability x impact, 1..25", func(r *pmo.Risk) any { return types.Int(r.Probability * r.Impact) })
	def(o, "band", strType, "string", "low (1-4), medium (5-9), high (10-15) or critical (16-25)", func(r *pmo.Risk) any { return types.String(pmo.ScoreBand(r.Probability * r.Impact)) })
	def(o, "response", strType, "string", "avoid, mitigate, transfer, accept, escalate, exploit, enhance or share; empty when none", func(r *pmo.Risk) any { return types.String(r.Response) })
	def(o, "response_plan", strType, "string", "", func(r *pmo.Risk) any { return types.String(r.ResponsePlan) })
	def(o, "review_date", timeType, tsOrNull, "", func(r *pmo.Risk) any { return dateVal(r.ReviewDate) })
	def(o, "cost_impact", moneyType.celType, "pmo.Money", "", func(r *pmo.Risk) any { return &r.CostImpact })

	entryFields(issueType, func(i *pmo.Issue) *pmo.Entry { return &i.Entry })
	o = issueType
	def(o, "type", strType, "string", "problem, request_for_change or off_specification", func(i *pmo.Issue) any { return types.String(i.Type) })
	def(o, "severity", strType, "string", "low, medium, high or critical", func(i *pmo.Issue) any { return types.String(i.Severity) })
	def(o, "due", timeType, tsOrNull, "", func(i *pmo.Issue) any { return dateVal(i.Due) })
	def(o, "resolution", strType, "string", "", func(i *pmo.Issue) any { return types.String(i.Resolution) })

	entryFields(actionType, func(a *pmo.Action) *pmo.Entry { return &a.Entry })
	o = actionType
	def(o, "category", strType, "string", "e.g. general, mitigation, recovery", func(a *pmo.Action) any { return types.String(a.Category) })
	def(o, "due", timeType, tsOrNull, "", func(a *pmo.Action) any { return dateVal(a.Due) })

	entryFields(decisionType, func(d *pmo.Decision) *pmo.Entry { return &d.Entry })
	o = decisionType
	def(o, "forum", strType, "string", "e.g. steering committee", func(d *pmo.Decision) any { return types.String(d.Forum) })
	def(o, "decided_by", strType, "string", "", func(d *pmo.Decision) any { return types.String(d.DecidedBy) })
	def(o, "decided_on", timeType, tsOrNull, "", func(d *pmo.Decision) any { return dateVal(d.DecidedOn) })
	def(o, "needed_by", timeType, tsOrNull, "", func(d *pmo.Decision) any { return dateVal(d.NeededBy) })
	def(o, "rationale", strType, "string", "", func(d *pmo.Decision) any { return types.String(d.Rationale) })

	entryFields(dependencyType, func(d *pmo.Dependency) *pmo.Entry { return &d.Entry })
	o = dependencyType
	def(o, "to_project_id", intType, "int", "the providing project", func(d *pmo.Dependency) any { return types.Int(d.ToProjectID) })
	def(o, "deliverable", strType, "string", "", func(d *pmo.Dependency) any { return types.String(d.Deliverable) })
	def(o, "need_by", timeType, tsOrNull, "", func(d *pmo.Dependency) any { return dateVal(d.NeedBy) })
	def(o, "committed", timeType, tsOrNull, "the date the provider commits to", func(d *pmo.Dependency) any { return dateVal(d.Committed) })

	o = milestoneType
	def(o, "id", intType, "int", "", func(m *milestoneView) any { return types.Int(m.m.ID) })
	def(o, "name", strType, "string", "", func(m *milestoneView) any { return types.String(m.m.Name) })
	def(o, "key", boolType, "bool", "a key milestone", func(m *milestoneView) any { return types.Bool(m.m.Key) })
	def(o, "baseline", timeType, tsOrNull, "the approved date", func(m *milestoneView) any { return dateVal(m.m.Baseline) })
	def(o, "forecast", timeType, tsOrNull, "", func(m *milestoneView) any { return dateVal(m.m.Forecast) })
	def(o, "actual", timeType, tsOrNull, "when it was achieved", func(m *milestoneView) any { return dateVal(m.m.Actual) })
	def(o, "achieved", boolType, "bool", "actual is set", func(m *milestoneView) any { return types.Bool(!m.m.Actual.IsZero()) })
	def(o, "slip_days", intType, "int", "forecast (or actual) minus baseline in days; 0 without a baseline", func(m *milestoneView) any { return types.Int(m.m.SlipDays()) })
	def(o, "missed", boolType, "bool", "not achieved and its baseline (or forecast) date is before today", func(m *milestoneView) any { return types.Bool(m.m.Missed(m.today)) })
	def(o, "decision_ids", intList, "list(int)", "decision records linked to the milestone", func(m *milestoneView) any { return m.decisions })

	o = changeType
	def(o, "id", intType, "int", "", func(c *changeView) any { return types.Int(c.c.ID) })
	def(o, "title", strType, "string", "", func(c *changeView) any { return types.String(c.c.Title) })
	def(o, "state", strType, "string", "draft, submitted, assessed, approved, rejected or implemented", func(c *changeView) any { return types.String(string(c.c.State)) })
	def(o, "priority", intType, "int", "1 (highest) to 5", func(c *changeView) any { return types.Int(c.c.Priority) })
	def(o, "requested_by", strType, "string", "", func(c *changeView) any { return types.String(c.c.RequestedBy) })
	def(o, "cost_impact", moneyType.celType, "pmo.Money", "change to the budget; negative saves", func(c *changeView) any { return &c.c.CostImpact })
	def(o, "schedule_impact_days", intType, "int", "change to the finish in days; negative is earlier", func(c *changeView) any { return types.Int(c.c.ScheduleDays) })
	def(o, "finish_shift_pct", dblType, "double", "schedule_impact_days as a percentage of the project's planned duration; 0 without a baseline", func(c *changeView) any {
		if c.plannedD <= 0 {
			return types.Double(0)
		}
		return types.Double(float64(c.c.ScheduleDays) * 100 / float64(c.plannedD))
	})
	def(o, "decision_ids", intList, "list(int)", "decision records linked to the change", func(c *changeView) any { return c.decisions })
	def(o, "created", timeType, tsOrNull, "", func(c *changeView) any { return timeVal(c.c.CreatedAt) })

	o = artefactType
	def(o, "kind", strType, "string", "an artefact kind of the framework", func(a *Artefact) any { return types.String(a.Kind) })
	def(o, "title", strType, "string", "", func(a *Artefact) any { return types.String(a.Title) })
	def(o, "link", strType, "string", "the URL of a link, the file name of an upload", func(a *Artefact) any { return types.String(a.Link) })
	def(o, "gate", strType, "string", "the gate it was produced for; may be empty", func(a *Artefact) any { return types.String(a.Gate) })
	def(o, "added", timeType, tsOrNull, "", func(a *Artefact) any { return dateVal(a.Added) })

	o = approvalType
	def(o, "gate", strType, "string", "gate id", func(a *Approval) any { return types.String(a.Gate) })
	def(o, "role", strType, "string", "role id", func(a *Approval) any { return types.String(a.Role) })
	def(o, "approver", strType, "string", "", func(a *Approval) any { return types.String(a.Approver) })
	def(o, "decision", strType, "string", "go, hold, recycle or kill", func(a *Approval) any { return types.String(string(a.Decision)) })
	def(o, "at", timeType, tsOrNull, "", func(a *Approval) any { return timeVal(a.At) })
}

// entryFields defines the fields every RAID record shares.
func entryFields[T any](o *objType, e func(*T) *pmo.Entry) {
	def(o, "id", intType, "int", "", func(r *T) any { return types.Int(e(r).ID) })
	def(o, "title", strType, "string", "", func(r *T) any { return types.String(e(r).Title) })
	def(o, "owner", strType, "string", "empty when nobody owns it", func(r *T) any { return types.String(e(r).Owner) })
	def(o, "status", strType, "string", "the record's status, e.g. open", func(r *T) any { return types.String(e(r).Status) })
	def(o, "open", boolType, "bool", "the status is not a closing one (closed, realised, resolved, done, cancelled, decided, superseded, met, missed, withdrawn)", func(r *T) any { return types.Bool(isOpen(e(r))) })
	def(o, "level", strType, "string", "project, program or portfolio (escalation)", func(r *T) any { return types.String(string(e(r).Level)) })
	def(o, "created", timeType, tsOrNull, "", func(r *T) any { return timeVal(e(r).CreatedAt) })
}
