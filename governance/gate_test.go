package governance

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pmohq/pmo"
)

func TestEvaluateGate(t *testing.T) {
	prog := MustCompile(Default())
	d := cleanProject()
	d.Project.Stage = pmo.Planning
	d.Artefacts = []Artefact{{Kind: "project_plan", Title: "Plan v1"}}
	d.Approvals = []Approval{
		{Gate: "G3", Role: "sponsor", Approver: "Alice", Decision: Go},
		{Gate: "G3", Role: "pmo_lead", Approver: "Paul", Decision: Hold}, // a hold is not an approval
		{Gate: "G2", Role: "pmo_lead", Approver: "Paul", Decision: Go},   // another gate
	}
	d.Risks[2].Owner = ""
	got, err := EvaluateGate(prog, d, "G3", testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := GateResult{Gate: "G3", Name: "Baseline", From: "planning", To: "execution", ProjectCode: "PRJ-007", Class: "medium",
		AtStage: true, Ready: false, Items: []GateItem{
			{Requirement: "stage", Kind: "stage", Met: true, Message: "The project is in stage planning, where gate G3 starts"},
			{Requirement: "field:project.manager", Kind: FieldsRequirement, Met: true, Message: "project.manager is filled"},
			{Requirement: "field:project.planned_start", Kind: FieldsRequirement, Met: true, Message: "project.planned_start is filled"},
			{Requirement: "field:project.planned_finish", Kind: FieldsRequirement, Met: true, Message: "project.planned_finish is filled"},
			{Requirement: "artefact:project_plan", Kind: ArtefactRequirement, Met: true, Message: "Project plan attached (1)"},
			{Requirement: "artefact:schedule_baseline", Kind: ArtefactRequirement, Met: false, Message: "Baselined schedule missing: 0 of 1 attached or linked"},
			{Requirement: "risks-owned", Kind: RAIDRequirement, Met: false, Message: "2 open risks with an owner; at least 3 needed"},
			{Requirement: "key-milestones", Kind: CheckRequirement, Met: true, Message: "At least one key milestone has a baseline date"},
			{Requirement: "first-status", Kind: CheckRequirement, Met: true, Message: "A first status report has been submitted"},
			{Requirement: "approval:sponsor", Kind: ApprovalRequirement, Met: true, Message: "Approved by 1 Sponsor (sponsor) (at least 1 needed)"},
			{Requirement: "approval:pmo_lead", Kind: ApprovalRequirement, Met: false, Message: "Needs go decisions from 1 PMO lead (pmo_lead); 0 so far"},
		}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EvaluateGate (-want +got):\n%s", diff)
	}
	if n := len(got.Missing()); n != 3 {
		t.Errorf("Missing = %d items, want 3", n)
	}

	// Completing the checklist makes the gate ready.
	d.Risks[2].Owner = "Dan"
	d.Artefacts = append(d.Artefacts, Artefact{Kind: "schedule_baseline"})
	d.Approvals = append(d.Approvals, Approval{Gate: "G3", Role: "pmo_lead", Approver: "Paul", Decision: Go})
	got, _ = EvaluateGate(prog, d, "G3", testNow)
	if !got.Ready {
		t.Errorf("not ready: %+v", got.Missing())
	}
}

func TestEvaluateGateClassAndStage(t *testing.T) {
	prog := MustCompile(Default())
	d := cleanProject() // in execution
	d.Project.Budget.Minor = 200_000_000
	got, err := EvaluateGate(prog, d, "G1", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if got.AtStage || got.Ready || got.Items[0].Met {
		t.Errorf("a project in execution is not at G1: %+v", got.Items[0])
	}
	if got.Class != "large" {
		t.Errorf("class = %s", got.Class)
	}
	ids := map[string]bool{}
	for _, it := range got.Items {
		ids[it.Requirement] = true
	}
	// Large projects need two board approvals; the small-only risk count does not apply.
	if !ids["approval:portfolio_board"] || ids["raid:risks"] || !ids["risks-identified"] {
		t.Errorf("requirements for a large project: %v", ids)
	}
	two := Approval{Gate: "G1", Role: "portfolio_board", Decision: Go}
	a, b := two, two
	a.Approver, b.Approver = "Ann", " ann " // the same person twice counts once
	d.Approvals = []Approval{a, b}
	got, _ = EvaluateGate(prog, d, "G1", testNow)
	for _, it := range got.Items {
		if it.Requirement == "approval:portfolio_board" && (it.Met || it.Message != "Needs go decisions from 2 Portfolio board member (portfolio_board); 1 so far") {
			t.Errorf("board approval = %+v", it)
		}
	}
}

func TestEvaluateGateErrors(t *testing.T) {
	prog := MustCompile(mustParse(t, header+`  - {id: build}
gates:
  - id: G0
    from: idea
    to: build
    requirements:
      - {id: npv, check: "double(project.custom.npv) > 0.0", message: NPV is positive}
      - {raid: milestones, where: item.key && item.baseline < now, min: 1}
`))
	d := cleanProject()
	d.Project.Stage = "idea"
	got, err := EvaluateGate(prog, d, "G0", testNow)
	if err != nil {
		t.Fatal(err)
	}
	npv := got.Items[1]
	if npv.Met || npv.Error == "" || npv.Message != "NPV is positive" {
		t.Errorf("failed check = %+v", npv)
	}
	if ms := got.Items[2]; !ms.Met || ms.Message != "1 milestones where item.key && item.baseline < now (at least 1 needed)" {
		t.Errorf("milestone count = %+v", ms)
	}
	if _, err := EvaluateGate(prog, d, "G9", testNow); pmo.ErrorKind(err) != pmo.NotFound {
		t.Errorf("unknown gate: %v", err)
	}
}
