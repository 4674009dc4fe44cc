package governance

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCompareFindingsDryRun(t *testing.T) {
	published := MustCompile(Default())
	// A draft that tightens status-current to 3 days and drops sponsor-named.
	src := string(DefaultYAML())
	fw, err := Parse("draft.yaml", []byte(replaceOnce(t, src, "status.days_old <= 14", "status.days_old <= 3")))
	if err != nil {
		t.Fatal(err)
	}
	fw.Rules = slices.DeleteFunc(fw.Rules, func(r Rule) bool { return r.ID == "sponsor-named" })
	draft := MustCompile(fw)

	d := cleanProject() // status 5 days old
	d.Project.Sponsor = ""
	d.Actions[0].Owner = ""
	projects := []ProjectData{d}
	delta := CompareFindings(Audit(published, projects, testNow), Audit(draft, projects, testNow))
	got := map[string][]string{}
	for name, fs := range map[string][]Finding{"new": delta.New, "resolved": delta.Resolved, "continued": delta.Continued} {
		for _, f := range fs {
			got[name] = append(got[name], f.Rule)
		}
	}
	want := map[string][]string{"new": {"status-current"}, "resolved": {"sponsor-named"}, "continued": {"actions-owned"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CompareFindings (-want +got):\n%s", diff)
	}
}

func TestApplyWaivers(t *testing.T) {
	fs := []Finding{
		{ProjectID: 1, Rule: "a", Kind: Violation},
		{ProjectID: 1, Rule: "b", Kind: Violation},
		{ProjectID: 2, Rule: "a", Kind: Violation},
		{ProjectID: 1, Rule: "c", Kind: RuleError},
	}
	until := testNow.Add(24 * time.Hour)
	ApplyWaivers(fs, []Waiver{
		{ProjectID: 1, Rule: "a", Reason: "agreed with sponsor", Expires: until},
		{ProjectID: 1, Rule: "b", Reason: "expired", Expires: testNow},
		{ProjectID: 1, Rule: "c", Reason: "not for rule errors", Expires: until},
	}, testNow)
	var waived []bool
	for _, f := range fs {
		waived = append(waived, f.Waived)
	}
	if diff := cmp.Diff([]bool{true, false, false, false}, waived); diff != "" {
		t.Errorf("waived (-want +got):\n%s", diff)
	}
	if fs[0].WaiverReason != "agreed with sponsor" || !fs[0].WaivedUntil.Equal(until) {
		t.Errorf("waiver details = %+v", fs[0])
	}
}

func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q not found", old)
	}
	return strings.Replace(s, old, new, 1)
}
