package governance

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSummarize(t *testing.T) {
	prog := MustCompile(mustParse(t, header+`rules:
  - {id: a, severity: major, message: m, rationale: r, check: "false"}
  - {id: b, severity: minor, message: m, rationale: r, check: "true"}
  - {id: c, severity: info, message: m, rationale: r, check: "false"}
`))
	fs := []Finding{
		{ProjectID: 1, ProjectCode: "P1", Program: "X", Manager: "Ann", Stage: "idea", Class: "small", Rule: "a", Severity: Major, Kind: Violation},
		{ProjectID: 1, ProjectCode: "P1", Program: "X", Manager: "Ann", Stage: "idea", Class: "small", Rule: "c", Severity: Info, Kind: Violation, Waived: true},
		{ProjectID: 2, ProjectCode: "P2", Manager: "Bo", Stage: "idea", Class: "small", Rule: "a", Severity: Major, Kind: Violation},
		{ProjectID: 3, ProjectCode: "P3", Manager: "Bo", Stage: "idea", Class: "small", Rule: "a", Severity: Major, Kind: RuleError},
	}
	got := Summarize(prog, 4, fs)
	want := Summary{Projects: 4, Compliant: 2, Violations: 2, Waived: 1, RuleErrors: 1,
		ByRule:     []Count{{"a", 2}},
		BySeverity: []Count{{"major", 2}},
		ByProgram:  []Count{{"", 1}, {"X", 1}},
		ByManager:  []Count{{"Ann", 1}, {"Bo", 1}},
		ByStage:    []Count{{"idea", 2}},
		ByClass:    []Count{{"small", 2}},
		ByProject:  []Count{{"P1", 1}, {"P2", 1}},
		Quiet:      []string{"b"},
		Broken:     []string{"a"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summarize (-want +got):\n%s", diff)
	}
}
