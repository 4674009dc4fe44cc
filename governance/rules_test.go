package governance

import (
	"slices"
	"testing"
	"time"

	"github.com/pmohq/pmo"
)

// testNow is the evaluation time of the tests: Friday 27 November 2026.
var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func day(y int, m time.Month, d int) pmo.Date { return pmo.NewDate(y, m, d) }

// cleanProject is a medium project in execution that satisfies every
// default rule; each test case breaks it in one way.
func cleanProject() ProjectData {
	p := &pmo.Project{ID: 7, PortfolioID: 1, Code: "PRJ-007", Name: "Customer portal", Description: "A portal",
		Sponsor: "Alice Sponsor", Manager: "Bob Manager", Stage: pmo.Execution, State: pmo.Active, Priority: 2,
		PlannedStart: day(2026, 1, 1), PlannedEnd: day(2027, 1, 1), ForecastStart: day(2026, 1, 1), ForecastEnd: day(2027, 1, 1),
		ActualStart: day(2026, 1, 5), Budget: pmo.Money{Minor: 50_000_000, Currency: "EUR"}, Tags: []string{"digital"},
		CustomFields: map[string]any{"benefit_owner": "Carol"}}
	owned := func(id int64, title string) *pmo.Risk {
		return &pmo.Risk{Entry: pmo.Entry{ID: id, Title: title, Owner: "Dan", Status: "open", Level: pmo.ProjectLevel},
			Kind: "threat", Probability: 2, Impact: 3, Response: "mitigate", ReviewDate: day(2026, 12, 15)}
	}
	return ProjectData{
		Project: p, PortfolioCode: "DIGITAL", ProgramCode: "CX",
		Status: &pmo.StatusReport{ProjectID: 7, Period: pmo.WeekOf(day(2026, 11, 16)), Schedule: pmo.Green, Cost: pmo.Green,
			Scope: pmo.Green, Risk: pmo.Green, Overall: pmo.Green, ForecastCost: pmo.Money{Minor: 50_000_000, Currency: "EUR"}},
		Risks:   []*pmo.Risk{owned(1, "Vendor late"), owned(2, "Key staff leave"), owned(3, "Scope creep")},
		Actions: []*pmo.Action{{Entry: pmo.Entry{ID: 1, Title: "Chase vendor", Owner: "Eve", Status: "open"}, Category: "mitigation", Due: day(2026, 12, 4)}},
		Issues: []*pmo.Issue{{Entry: pmo.Entry{ID: 1, Title: "Test env down", Owner: "Fay", Status: "open", Level: pmo.ProjectLevel},
			Severity: "medium", Due: day(2026, 12, 1)}},
		Milestones: []*pmo.Milestone{{ID: 1, Name: "Go-live", Key: true, Baseline: day(2026, 12, 15), Forecast: day(2026, 12, 15)},
			{ID: 2, Name: "Design done", Key: true, Baseline: day(2026, 3, 1), Forecast: day(2026, 3, 1), Actual: day(2026, 3, 2)}},
		Decisions: []*pmo.Decision{{Entry: pmo.Entry{ID: 1, Title: "Choose vendor", Status: "decided"}, DecidedBy: "Board", DecidedOn: day(2026, 2, 1)}},
		Dependencies: []*pmo.Dependency{{Entry: pmo.Entry{ID: 1, Title: "Identity API", Status: "open"}, ToProjectID: 9,
			NeedBy: day(2026, 12, 10), Committed: day(2026, 12, 1)}},
		Changes: []*pmo.ChangeRequest{{ID: 1, Title: "Add chat", State: pmo.ChangeApproved, ScheduleDays: 10, CreatedAt: testNow.AddDate(0, -2, 0)}},
	}
}

func ruleIDs(fs []Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Rule)
	}
	return ids
}

func TestCleanProjectPassesDefaultRules(t *testing.T) {
	prog := MustCompile(Default())
	if fs := AuditProject(prog, cleanProject(), testNow); len(fs) != 0 {
		for _, f := range fs {
			t.Errorf("unexpected finding %s: %s", f.Rule, f.Message)
		}
	}
}

// TestDefaultRules breaks the clean project once per case and checks the
// rule fires (fail) or, for near misses, does not (pass).
func TestDefaultRules(t *testing.T) {
	prog := MustCompile(Default())
	yesterday := day(2026, 11, 26)
	tests := []struct {
		name string
		rule string
		fail bool
		edit func(d *ProjectData)
	}{
		{"no status report", "status-current", true, func(d *ProjectData) { d.Status = nil }},
		{"status 30 days old", "status-current", true, func(d *ProjectData) { d.Status.Period = pmo.WeekOf(day(2026, 10, 20)) }},
		{"status from current summary", "status-current", false, func(d *ProjectData) {
			d.Project.Status = &pmo.CurrentStatus{Period: d.Status.Period, Overall: pmo.Green}
			d.Status = nil
		}},
		{"status not checked in idea", "status-current", false, func(d *ProjectData) { d.Status = nil; d.Project.Stage = pmo.Idea }},
		{"red without escalation", "status-red-escalated", true, func(d *ProjectData) { d.Status.Overall = pmo.Red }},
		{"red with pending decision", "status-red-escalated", false, func(d *ProjectData) {
			d.Status.Overall = pmo.Red
			d.Decisions = append(d.Decisions, &pmo.Decision{Entry: pmo.Entry{ID: 2, Title: "Re-plan?", Status: "pending"}})
		}},
		{"amber without recovery", "recovery-action", true, func(d *ProjectData) { d.Status.Overall = pmo.Amber }},
		{"amber with closed recovery", "recovery-action", true, func(d *ProjectData) {
			d.Status.Overall = pmo.Amber
			d.Actions = append(d.Actions, &pmo.Action{Entry: pmo.Entry{Title: "Recover", Owner: "Eve", Status: "done"}, Category: "recovery"})
		}},
		{"amber with recovery", "recovery-action", false, func(d *ProjectData) {
			d.Status.Overall = pmo.Amber
			d.Actions = append(d.Actions, &pmo.Action{Entry: pmo.Entry{Title: "Recover", Owner: "Eve", Status: "open"}, Category: "recovery"})
		}},
		{"green schedule, late forecast", "schedule-status-consistent", true, func(d *ProjectData) { d.Project.ForecastEnd = day(2027, 3, 1) }},
		{"amber schedule, late forecast", "schedule-status-consistent", false, func(d *ProjectData) {
			d.Project.ForecastEnd = day(2027, 3, 1)
			d.Status.Schedule = pmo.Amber
		}},
		{"green cost, EAC 20% over", "cost-status-consistent", true, func(d *ProjectData) { d.Status.ForecastCost.Minor = 60_000_000 }},
		{"red cost, EAC 20% over", "cost-status-consistent", false, func(d *ProjectData) {
			d.Status.ForecastCost.Minor = 60_000_000
			d.Status.Cost = pmo.Red
		}},
		{"no sponsor", "sponsor-named", true, func(d *ProjectData) { d.Project.Sponsor = "" }},
		{"large budget, two owned risks", "large-budget-governance", true, func(d *ProjectData) {
			d.Project.Budget.Minor = 200_000_000
			d.Risks[2].Owner = ""
		}},
		{"large budget, three owned risks", "large-budget-governance", false, func(d *ProjectData) { d.Project.Budget.Minor = 200_000_000 }},
		{"no manager", "execution-manager", true, func(d *ProjectData) { d.Project.Manager = "" }},
		{"no manager in idea", "execution-manager", false, func(d *ProjectData) { d.Project.Manager = ""; d.Project.Stage = pmo.Idea }},
		{"no baseline", "execution-baseline", true, func(d *ProjectData) { d.Project.PlannedStart = pmo.Date{} }},
		{"no budget", "budget-after-approval", true, func(d *ProjectData) { d.Project.Budget = pmo.Money{} }},
		{"no key milestone", "key-milestones-defined", true, func(d *ProjectData) { d.Milestones[0].Key, d.Milestones[1].Key = false, false }},
		{"key milestone without baseline", "key-milestones-defined", true, func(d *ProjectData) { d.Milestones[0].Baseline = pmo.Date{} }},
		{"risk without response", "risk-owner-response", true, func(d *ProjectData) { d.Risks[0].Response = "" }},
		{"closed risk without owner", "risk-owner-response", false, func(d *ProjectData) { d.Risks[0].Owner, d.Risks[0].Status = "", "closed" }},
		{"critical risk without plan", "high-risk-plan", true, func(d *ProjectData) { d.Risks[0].Probability, d.Risks[0].Impact = 4, 4 }},
		{"critical risk with plan", "high-risk-plan", false, func(d *ProjectData) {
			d.Risks[0].Probability, d.Risks[0].Impact, d.Risks[0].ResponsePlan = 4, 4, "Second supplier"
		}},
		{"risk review overdue", "risk-review-overdue", true, func(d *ProjectData) { d.Risks[1].ReviewDate = yesterday }},
		{"risk review today", "risk-review-overdue", false, func(d *ProjectData) { d.Risks[1].ReviewDate = pmo.DateOf(testNow) }},
		{"issue without owner", "issues-owned", true, func(d *ProjectData) { d.Issues[0].Owner = "" }},
		{"resolved issue without owner", "issues-owned", false, func(d *ProjectData) { d.Issues[0].Owner, d.Issues[0].Status = "", "resolved" }},
		{"issue past due", "issues-past-due", true, func(d *ProjectData) { d.Issues[0].Due = yesterday }},
		{"critical issue at project level", "critical-issue-escalated", true, func(d *ProjectData) { d.Issues[0].Severity = "critical" }},
		{"critical issue escalated", "critical-issue-escalated", false, func(d *ProjectData) {
			d.Issues[0].Severity, d.Issues[0].Level = "critical", pmo.ProgramLevel
		}},
		{"action past due", "actions-overdue", true, func(d *ProjectData) { d.Actions[0].Due = yesterday }},
		{"action due today", "actions-overdue", false, func(d *ProjectData) { d.Actions[0].Due = pmo.DateOf(testNow) }},
		{"action without owner", "actions-owned", true, func(d *ProjectData) { d.Actions[0].Owner = "" }},
		{"decision overdue", "decisions-overdue", true, func(d *ProjectData) {
			d.Decisions = append(d.Decisions, &pmo.Decision{Entry: pmo.Entry{ID: 3, Title: "Budget uplift", Status: "pending"}, NeededBy: yesterday})
		}},
		{"decision taken late", "decisions-overdue", false, func(d *ProjectData) { d.Decisions[0].NeededBy = yesterday }},
		{"dependency past need-by", "dependencies-past-need-by", true, func(d *ProjectData) { d.Dependencies[0].NeedBy = yesterday }},
		{"dependency met late", "dependencies-past-need-by", false, func(d *ProjectData) {
			d.Dependencies[0].NeedBy, d.Dependencies[0].Status = yesterday, "met"
		}},
		{"commitment after need", "dependency-commitment", true, func(d *ProjectData) { d.Dependencies[0].Committed = day(2026, 12, 20) }},
		{"change moves finish 16%", "change-finish-decision", true, func(d *ProjectData) { d.Changes[0].ScheduleDays = 60 }},
		{"change moves finish 16%, decided", "change-finish-decision", false, func(d *ProjectData) {
			d.Changes[0].ScheduleDays = 60
			d.Links = []Link{{Decision: 1, Kind: ChangeLink, ID: 1}}
		}},
		{"rejected change moves finish 16%", "change-finish-decision", false, func(d *ProjectData) {
			d.Changes[0].ScheduleDays, d.Changes[0].State = 60, pmo.ChangeRejected
		}},
		{"change waiting 60 days", "changes-decided-promptly", true, func(d *ProjectData) { d.Changes[0].State = pmo.ChangeSubmitted }},
		{"change waiting 10 days", "changes-decided-promptly", false, func(d *ProjectData) {
			d.Changes[0].State, d.Changes[0].CreatedAt = pmo.ChangeSubmitted, testNow.AddDate(0, 0, -10)
		}},
		{"key milestone missed", "key-milestone-missed", true, func(d *ProjectData) { d.Milestones[0].Baseline = yesterday }},
		{"key milestone missed, decided", "key-milestone-missed", false, func(d *ProjectData) {
			d.Milestones[0].Baseline = yesterday
			d.Links = []Link{{Decision: 1, Kind: MilestoneLink, ID: 1}}
		}},
		{"closed without actual finish", "closed-actual-finish", true, func(d *ProjectData) {
			d.Project.State, d.Project.Stage = pmo.Closed, pmo.BenefitsReview
		}},
		{"closed with actual finish", "closed-actual-finish", false, func(d *ProjectData) {
			d.Project.State, d.Project.Stage, d.Project.ActualEnd = pmo.Closed, pmo.BenefitsReview, day(2026, 11, 1)
		}},
		{"closed with open records", "closed-records-closed", true, func(d *ProjectData) { d.Project.State = pmo.Closed }},
		{"no benefit owner in closure", "benefits-owner", true, func(d *ProjectData) {
			d.Project.Stage, d.Project.CustomFields = pmo.Closure, nil
		}},
		{"small project needs no benefit owner", "benefits-owner", false, func(d *ProjectData) {
			d.Project.Stage, d.Project.CustomFields, d.Project.Budget.Minor = pmo.Closure, nil, 1_000_000
		}},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := cleanProject()
			tt.edit(&d)
			fs := AuditProject(prog, d, testNow)
			got := slices.Contains(ruleIDs(fs), tt.rule)
			if got != tt.fail {
				t.Errorf("rule %s fired = %v, want %v; findings %v", tt.rule, got, tt.fail, ruleIDs(fs))
			}
			for _, f := range fs {
				if f.Kind == RuleError {
					t.Errorf("rule error: %s", f.Message)
				}
				if f.Rule == tt.rule && (f.Message == "" || containsAny(f.Message, "?")) {
					t.Errorf("message not rendered: %q", f.Message)
				}
			}
		})
		if tt.fail {
			covered[tt.rule] = true
		}
	}
	for _, r := range prog.Framework().Rules {
		if !covered[r.ID] {
			t.Errorf("default rule %s has no failing test case", r.ID)
		}
	}
}

func containsAny(s, chars string) bool {
	for _, c := range chars {
		for _, x := range s {
			if x == c {
				return true
			}
		}
	}
	return false
}
