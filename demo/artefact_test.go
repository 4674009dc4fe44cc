package demo_test

import (
	"slices"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/demo"
	"github.com/pmohq/pmo/governance"
)

// TestArtefacts: every demo artefact is of a kind the default framework
// knows, links an intranet https URL, and the gate ahead of projects is a
// mix: some projects have its documents ready, some do not.
func TestArtefacts(t *testing.T) {
	d := demo.Generate(demo.DefaultOptions(pmo.NewDate(2026, 11, 27)))
	for i, p := range d.Projects {
		p.ID = int64(i + 1)
	}
	var kinds []string
	for _, k := range governance.Default().Artefacts {
		kinds = append(kinds, k.ID)
	}
	arts := demo.Artefacts(d.Projects)
	perProject := map[int64]int{}
	for _, a := range arts {
		if !slices.Contains(kinds, a.Kind) {
			t.Errorf("artefact kind %q is not in the default framework", a.Kind)
		}
		a.AddedBy = "x"
		if err := a.Prepare(); err != nil {
			t.Fatalf("%+v: %v", a, err)
		}
		perProject[a.ProjectID]++
	}
	var none, some int
	for _, p := range d.Projects {
		if p.Stage == pmo.Execution {
			if perProject[p.ID] >= 6 { // G0-G3 need 8 kinds; most are there
				some++
			} else {
				none++
			}
		}
	}
	if some == 0 || none == 0 {
		t.Errorf("executing projects with most documents: %d, without: %d; want a mix", some, none)
	}
	if again := demo.Artefacts(d.Projects); len(again) != len(arts) {
		t.Errorf("not deterministic: %d then %d artefacts", len(arts), len(again))
	}
	t.Logf("%d artefacts over %d projects", len(arts), len(d.Projects))
}
