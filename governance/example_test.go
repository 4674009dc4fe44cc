package governance_test

import (
	"fmt"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
)

func ExampleParse() {
	doc := `version: "1"
name: Acme
stages:
  - {id: idea}
rules:
  - id: sponsor-named
    severity: major
    message: ${project.code} has no sponsor
    rationale: Someone senior must own the business case.
    check: project.sponser != ""
`
	_, err := governance.Parse("acme.yaml", []byte(doc))
	fmt.Println(err)
	// Output:
	// acme.yaml:10:19: rule sponsor-named check: undefined field 'sponser'; see the project view reference in docs/GOVERNANCE.md for the fields
}

func ExampleAudit() {
	prog := governance.MustCompile(governance.Default())
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	projects := []governance.ProjectData{{
		Project: &pmo.Project{ID: 1, Code: "PRJ-001", Stage: pmo.Execution, State: pmo.Active, Manager: "Bo",
			PlannedStart: pmo.NewDate(2026, 1, 5), PlannedEnd: pmo.NewDate(2026, 12, 18),
			Budget: pmo.Money{Minor: 40_000_000, Currency: "EUR"}},
		Status:     &pmo.StatusReport{Period: pmo.WeekOf(pmo.NewDate(2026, 11, 2)), Overall: pmo.Amber},
		Milestones: []*pmo.Milestone{{ID: 1, Name: "Go-live", Key: true, Baseline: pmo.NewDate(2026, 12, 1)}},
	}}
	for _, f := range governance.Audit(prog, projects, now) {
		fmt.Printf("%s %s: %s\n", f.Severity, f.Rule, f.Message)
	}
	// Output:
	// major recovery-action: Overall status is amber but no open action has category recovery.
	// major sponsor-named: PRJ-001 has no named sponsor.
	// major status-current: The latest status report is 19 days old (period 2026-W45); report at least every 14 days.
}

func ExampleEvaluateGate() {
	prog := governance.MustCompile(governance.Default())
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	d := governance.ProjectData{
		Project:   &pmo.Project{Code: "PRJ-002", Stage: pmo.Idea, Sponsor: "Ann", Description: "New intake portal"},
		Artefacts: []governance.Artefact{{Kind: "mandate", Title: "Mandate v1"}},
		Approvals: []governance.Approval{{Gate: "G0", Role: "sponsor", Approver: "Ann", Decision: governance.Go}},
	}
	res, err := governance.EvaluateGate(prog, d, "G0", now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %s, class %s, ready: %v\n", res.Gate, res.Name, res.Class, res.Ready)
	for _, it := range res.Items {
		fmt.Printf("%-5v %s\n", it.Met, it.Message)
	}
	// Output:
	// G0 Intake, class small, ready: false
	// true  The project is in stage idea, where gate G0 starts
	// true  project.sponsor is filled
	// true  project.description is filled
	// true  Project mandate attached (1)
	// false The idea names the strategic objective it serves (custom field strategic_objective or an objective:… tag)
	// true  Approved by 1 Sponsor (sponsor) (at least 1 needed)
}
