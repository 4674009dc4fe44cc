package governance

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pmohq/pmo"
)

func mustParse(tb testing.TB, doc string) *Framework {
	tb.Helper()
	fw, err := Parse("test.yaml", []byte(doc))
	if err != nil {
		tb.Fatal(err)
	}
	return fw
}

func TestRuntimeErrorBecomesFinding(t *testing.T) {
	fw := mustParse(t, header+`rules:
  - id: finish-known
    severity: minor
    message: "finish ${project.actual_finish}"
    rationale: r
    check: project.actual_finish < now
  - id: npv-positive
    severity: major
    message: "NPV is ${project.custom.npv}"
    rationale: r
    check: double(project.custom.npv) > 0.0
  - id: fine
    severity: info
    message: m
    rationale: r
    check: "false"
`)
	prog := MustCompile(fw)
	d := cleanProject()
	d.Project.CustomFields = map[string]any{}
	fs := AuditProject(prog, d, testNow)
	want := []struct {
		rule string
		kind FindingKind
		sev  Severity
		msg  string
	}{
		{"finish-known", RuleError, Major, "Rule finish-known could not be evaluated for PRJ-007: no such overload"},
		{"npv-positive", RuleError, Major, "Rule npv-positive could not be evaluated for PRJ-007: no such key: npv"},
		{"fine", Violation, Info, "m"},
	}
	if len(fs) != len(want) {
		t.Fatalf("got %d findings, want %d: %+v", len(fs), len(want), fs)
	}
	for i, w := range want {
		f := fs[i]
		if f.Rule != w.rule || f.Kind != w.kind || f.Severity != w.sev || !strings.HasPrefix(f.Message, w.msg) {
			t.Errorf("finding %d = %s %s %s %q, want %s %s %s %q", i, f.Rule, f.Kind, f.Severity, f.Message, w.rule, w.kind, w.sev, w.msg)
		}
	}
	// With the data present the same rules evaluate normally and render.
	d.Project.ActualEnd = day(2026, 11, 1)
	d.Project.CustomFields["npv"] = -5.0
	fs = AuditProject(prog, d, testNow)
	if got := ruleIDs(fs); !slices.Equal(got, []string{"npv-positive", "fine"}) {
		t.Fatalf("rules = %v", got)
	}
	if fs[0].Kind != Violation || fs[0].Message != "NPV is -5" {
		t.Errorf("finding = %+v", fs[0])
	}
}

func TestClassify(t *testing.T) {
	prog := MustCompile(Default())
	tests := []struct {
		name string
		edit func(d *ProjectData)
		want string
	}{
		{"medium by budget", func(d *ProjectData) {}, "medium"},
		{"large by budget", func(d *ProjectData) { d.Project.Budget.Minor = 100_000_000 }, "large"},
		{"large by critical risk", func(d *ProjectData) {
			d.Project.Budget.Minor = 1_000
			d.Risks[0].Probability, d.Risks[0].Impact = 5, 4
		}, "large"},
		{"closed critical risk does not count", func(d *ProjectData) {
			d.Project.Budget.Minor = 1_000
			d.Risks[0].Probability, d.Risks[0].Impact, d.Risks[0].Status = 5, 4, "closed"
		}, "small"},
		{"large by strategic weight", func(d *ProjectData) {
			d.Project.Budget.Minor = 1_000
			d.Project.CustomFields["strategic_weight"] = 5.0
		}, "large"},
		{"medium by regulatory tag", func(d *ProjectData) { d.Project.Budget.Minor = 1_000; d.Project.Tags = []string{"regulatory"} }, "medium"},
		{"small", func(d *ProjectData) { d.Project.Budget.Minor = 1_000 }, "small"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := cleanProject()
			tt.edit(&d)
			got, err := prog.Classify(d, testNow)
			if err != nil || got != tt.want {
				t.Errorf("Classify = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestClassErrorBecomesFinding(t *testing.T) {
	fw := mustParse(t, `version: "1"
name: test
classes:
  - {id: big, when: "double(project.custom.weight) > 3.0"}
  - {id: other, when: "true"}
stages:
  - {id: execution}
rules:
  - {id: r, severity: info, message: m, rationale: r, check: "true", applies_to: {classes: [other]}}
`)
	fs := AuditProject(MustCompile(fw), cleanProject(), testNow)
	if len(fs) != 1 || fs[0].Rule != "class:big" || fs[0].Kind != RuleError || fs[0].Class != "other" {
		t.Errorf("findings = %+v", fs)
	}
}

func TestAuditDeterministic(t *testing.T) {
	prog := benchProgram(t)
	projects := benchProjects(300, testNow)
	want := Audit(prog, projects, testNow)
	if len(want) == 0 {
		t.Fatal("no findings")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3 {
		shuffled := slices.Clone(projects)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if diff := cmp.Diff(want, Audit(prog, shuffled, testNow)); diff != "" {
			t.Fatalf("Audit depends on input order (-want +got):\n%s", diff)
		}
	}
	for i := 1; i < len(want); i++ {
		a, b := want[i-1], want[i]
		if a.ProjectCode > b.ProjectCode || (a.ProjectCode == b.ProjectCode && a.Severity.Rank() < b.Severity.Rank()) {
			t.Fatalf("findings %d and %d out of order: %+v %+v", i-1, i, a, b)
		}
	}
}

func TestAuditFindingFields(t *testing.T) {
	prog := MustCompile(Default())
	d := cleanProject()
	d.Project.Sponsor = ""
	fs := Audit(prog, []ProjectData{d, {Project: &pmo.Project{ID: 8, Code: "PRJ-008", Stage: pmo.Idea, State: pmo.Proposed}}}, testNow)
	want := Finding{ProjectID: 7, ProjectCode: "PRJ-007", Manager: "Bob Manager", Program: "CX", Portfolio: "DIGITAL",
		Stage: pmo.Execution, Class: "medium", Rule: "sponsor-named", Title: "Active project has a sponsor", Severity: Major,
		Kind: Violation, Message: "PRJ-007 has no named sponsor."}
	if diff := cmp.Diff([]Finding{want}, fs); diff != "" {
		t.Errorf("Audit (-want +got):\n%s", diff)
	}
}
