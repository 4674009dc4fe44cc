package governance

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pmohq/pmo"
)

// benchExtraRules brings the default framework to 30 rules.
const benchExtraRules = `
  - id: bench-priority
    severity: info
    check: project.priority <= 4 || project.budget.amount < 100000.0
    message: "Low priority for ${project.budget}"
    rationale: bench
  - id: bench-emv
    severity: minor
    applies_to: {states: [active]}
    check: risks.filter(r, r.open && r.kind == "threat").map(r, r.cost_impact.amount * double(r.probability) / 5.0).all(x, x < 500000.0)
    message: "A threat has an expected loss over 500,000"
    rationale: bench
`

// benchProjects generates n projects with a realistic spread of records.
func benchProjects(n int, now time.Time) []ProjectData {
	rng := rand.New(rand.NewPCG(1, 2))
	today := pmo.DateOf(now)
	day := func(lo, hi int) pmo.Date { return today.AddDays(lo + rng.IntN(hi-lo+1)) }
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	rags := []pmo.RAG{pmo.Green, pmo.Green, pmo.Green, pmo.Amber, pmo.Red}
	out := make([]ProjectData, n)
	for i := range out {
		start := day(-400, 60)
		p := &pmo.Project{ID: int64(i + 1), Code: fmt.Sprintf("PRJ-%05d", i+1), Name: "Project", Stage: pmo.Stages[rng.IntN(len(pmo.Stages))],
			State: pmo.States[rng.IntN(3)], Priority: 1 + rng.IntN(5), Sponsor: pick("", "Ann", "Bo"), Manager: pick("", "Cy", "Di", "Ed"),
			Budget:       pmo.Money{Minor: int64(rng.IntN(300)) * 1_000_000, Currency: "EUR"},
			PlannedStart: start, PlannedEnd: start.AddDays(90 + rng.IntN(600)), Tags: []string{pick("it", "ops", "regulatory")},
			CustomFields: map[string]any{"strategic_weight": float64(rng.IntN(6))}}
		p.ForecastEnd = p.PlannedEnd.AddDays(rng.IntN(90) - 20)
		d := ProjectData{Project: p, PortfolioCode: "PF", ProgramCode: pick("", "PG1", "PG2")}
		if rng.IntN(10) > 0 {
			d.Status = &pmo.StatusReport{Period: pmo.WeekOf(day(-30, 0)), Schedule: rags[rng.IntN(5)], Cost: rags[rng.IntN(5)],
				Scope: pmo.Green, Risk: rags[rng.IntN(5)], Overall: rags[rng.IntN(5)], ForecastCost: pmo.Money{Minor: p.Budget.Minor * int64(90+rng.IntN(30)) / 100, Currency: "EUR"}}
		}
		for j := range rng.IntN(9) {
			d.Risks = append(d.Risks, &pmo.Risk{Entry: pmo.Entry{ID: int64(j), Title: "risk", Owner: pick("", "Fi", "Gus"), Status: pick("open", "open", "closed"), Level: pmo.ProjectLevel},
				Kind: "threat", Probability: 1 + rng.IntN(5), Impact: 1 + rng.IntN(5), Response: pick("", "mitigate", "accept"),
				ResponsePlan: pick("", "plan"), ReviewDate: day(-20, 40), CostImpact: pmo.Money{Minor: int64(rng.IntN(100)) * 1_000_000}})
		}
		for j := range rng.IntN(6) {
			d.Issues = append(d.Issues, &pmo.Issue{Entry: pmo.Entry{ID: int64(j), Title: "issue", Owner: pick("", "Hal"), Status: pick("open", "resolved"), Level: pmo.ProjectLevel},
				Severity: pick("low", "medium", "high", "critical"), Due: day(-20, 40)})
		}
		for j := range rng.IntN(7) {
			d.Actions = append(d.Actions, &pmo.Action{Entry: pmo.Entry{ID: int64(j), Title: "action", Owner: pick("", "Ivy"), Status: pick("open", "done")},
				Category: pick("general", "recovery"), Due: day(-20, 40)})
		}
		for j := range rng.IntN(4) {
			d.Decisions = append(d.Decisions, &pmo.Decision{Entry: pmo.Entry{ID: int64(j), Title: "decision", Status: pick("pending", "decided")}, NeededBy: day(-20, 40)})
		}
		for j := range rng.IntN(4) {
			d.Dependencies = append(d.Dependencies, &pmo.Dependency{Entry: pmo.Entry{ID: int64(j), Title: "dep", Status: pick("open", "met")}, NeedBy: day(-20, 60), Committed: day(-20, 60)})
		}
		for j := range 2 + rng.IntN(5) {
			d.Milestones = append(d.Milestones, &pmo.Milestone{ID: int64(j), Name: "ms", Key: rng.IntN(2) == 0, Baseline: day(-200, 200), Forecast: day(-200, 200)})
		}
		for j := range rng.IntN(4) {
			d.Changes = append(d.Changes, &pmo.ChangeRequest{ID: int64(j), Title: "cr", State: pmo.ChangeStates[rng.IntN(6)], ScheduleDays: rng.IntN(90), CreatedAt: now.AddDate(0, 0, -rng.IntN(60))})
			if rng.IntN(2) == 0 {
				d.Links = append(d.Links, Link{Decision: 1, Kind: ChangeLink, ID: int64(j)})
			}
		}
		out[i] = d
	}
	return out
}

func benchProgram(tb testing.TB) *Program {
	tb.Helper()
	fw, err := Parse("bench.yaml", append(DefaultYAML(), benchExtraRules...))
	if err != nil {
		tb.Fatal(err)
	}
	if len(fw.Rules) != 30 {
		tb.Fatalf("bench framework has %d rules, want 30", len(fw.Rules))
	}
	return MustCompile(fw)
}

// BenchmarkAudit audits 10,000 generated projects against 30 rules.
// Run with -cpu 1 for the one-core figure in docs/PERFORMANCE.md.
func BenchmarkAudit(b *testing.B) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	prog := benchProgram(b)
	projects := benchProjects(10_000, now)
	var n int
	for b.Loop() {
		n = len(Audit(prog, projects, now))
	}
	b.ReportMetric(float64(n), "findings")
}
