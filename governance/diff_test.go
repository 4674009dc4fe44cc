package governance

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiff(t *testing.T) {
	a := Default()
	src := string(DefaultYAML())
	edit := func(old, new string) {
		t.Helper()
		if !strings.Contains(src, old) {
			t.Fatalf("default.yaml has no %q", old)
		}
		src = strings.Replace(src, old, new, 1)
	}
	edit(`version: "2026.1"`, `version: "2026.2"`)
	edit("    title: Status report is current\n    severity: major\n    applies_to: {stages: [planning, execution, closure], states: [active]}\n    check: status != null && status.days_old <= 14",
		"    title: Status report is current\n    severity: critical\n    applies_to: {stages: [planning, execution, closure], states: [active]}\n    check: status != null && status.days_old <= 10")
	// Remove a rule, add one, change a gate requirement and drop one.
	start := strings.Index(src, "  - id: actions-owned\n")
	end := strings.Index(src, "  - id: decisions-overdue\n")
	src = src[:start] + src[end:]
	src += `
  - id: tags-present
    severity: info
    check: size(project.tags) > 0
    message: m
    rationale: r
`
	edit("      - artefact: resource_plan\n        classes: [large]\n", "      - artefact: resource_plan\n        classes: [medium, large]\n")
	edit("      - approval: design_authority\n        classes: [large]\n", "")
	edit("    name: Medium\n", "    name: Mid-size\n")
	b, err := Parse("new.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := Diff(a, b)
	want := []Change{
		{Kind: Changed, Item: "framework", Fields: []string{"version: 2026.1 -> 2026.2"}},
		{Kind: Changed, Item: "class", ID: "medium", Fields: []string{"name: Medium -> Mid-size"}},
		{Kind: Changed, Item: "gate", ID: "G3", Fields: []string{"requirements (2 changes)"}},
		{Kind: Changed, Item: "requirement", ID: "G3/artefact:resource_plan", Fields: []string{"classes: large -> medium,large"}},
		{Kind: Removed, Item: "requirement", ID: "G3/approval:design_authority"},
		{Kind: Changed, Item: "rule", ID: "status-current", Fields: []string{"severity: major -> critical", "check: status != null && status.days_old <= 14 -> status != null && status.days_old <= 10"}},
		{Kind: Removed, Item: "rule", ID: "actions-owned"},
		{Kind: Added, Item: "rule", ID: "tags-present"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}
	text := FormatDiff(got)
	for _, line := range []string{
		"~ framework: version: 2026.1 -> 2026.2\n",
		"~ rule status-current: severity: major -> critical; check",
		"- rule actions-owned\n",
		"+ rule tags-present\n",
		"- requirement G3/approval:design_authority\n",
	} {
		if !strings.Contains(text, line) {
			t.Errorf("FormatDiff lacks %q:\n%s", line, text)
		}
	}
	if d := Diff(a, Default()); len(d) != 0 {
		t.Errorf("Diff of identical frameworks = %v", d)
	}
	if FormatDiff(nil) != "no differences\n" {
		t.Errorf("FormatDiff(nil) = %q", FormatDiff(nil))
	}
}

func TestDiffClassOrder(t *testing.T) {
	a := mustParse(t, "version: 1\nname: x\nclasses:\n  - {id: a, when: 'true'}\n  - {id: b, when: 'true'}\nstages: [{id: s}]\n")
	b := mustParse(t, "version: 1\nname: x\nclasses:\n  - {id: b, when: 'true'}\n  - {id: a, when: 'true'}\nstages: [{id: s}]\n")
	want := []Change{{Kind: Changed, Item: "class", ID: "(order)", Fields: []string{"order: a, b -> b, a"}}}
	if diff := cmp.Diff(want, Diff(a, b)); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}
}
