package governance

import (
	"testing"
	"time"

	"github.com/pmohq/pmo"
)

func TestSmoke(t *testing.T) {
	prog := MustCompile(Default())
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	p := &pmo.Project{ID: 1, Code: "PRJ-1", Name: "x", Stage: pmo.Execution, State: pmo.Active,
		Budget: pmo.Money{Minor: 200000000, Currency: "EUR"}, Priority: 2, Manager: "m",
		PlannedStart: pmo.NewDate(2026, 1, 1), PlannedEnd: pmo.NewDate(2026, 12, 31), ForecastEnd: pmo.NewDate(2027, 3, 1)}
	d := ProjectData{Project: p,
		Status:     &pmo.StatusReport{Period: pmo.WeekOf(pmo.NewDate(2026, 11, 1)), Overall: pmo.Red, Schedule: pmo.Green, ForecastCost: pmo.Money{Minor: 300000000, Currency: "EUR"}, Cost: pmo.Amber},
		Risks:      []*pmo.Risk{{Entry: pmo.Entry{Title: "r1", Status: "open"}, Probability: 5, Impact: 4}},
		Changes:    []*pmo.ChangeRequest{{ID: 3, Title: "cr", State: pmo.ChangeApproved, ScheduleDays: 60}},
		Milestones: []*pmo.Milestone{{ID: 1, Name: "M1", Key: true, Baseline: pmo.NewDate(2026, 6, 1)}},
	}
	for _, f := range Audit(prog, []ProjectData{d}, now) {
		t.Logf("%s %s %s: %s", f.Severity, f.Kind, f.Rule, f.Message)
	}
	for _, g := range []string{"G3", "G4"} {
		r, err := EvaluateGate(prog, d, g, now)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s ready=%v class=%s", g, r.Ready, r.Class)
		for _, it := range r.Items {
			t.Logf("  %v %s: %s %s", it.Met, it.Requirement, it.Message, it.Error)
		}
	}
}
