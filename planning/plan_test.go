package planning

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/optimize"
)

func period(t testing.TB, s string) pmo.Period {
	t.Helper()
	p, err := pmo.ParsePeriod(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// proposal returns a prepared candidate with a flat quarterly case.
func proposal(t testing.TB, id int64, code string, cost int64, n int, fte float64, benefit int64) *pmo.Proposal {
	t.Helper()
	p := &pmo.Proposal{ID: id, PortfolioID: 1, Code: code, Title: "Proposal " + code, Requester: "ana",
		State: pmo.ProposalSubmitted, Case: pmo.ProposalCase{Currency: "EUR", PeriodKind: pmo.Quarter}}
	for range n {
		p.Case.Capex = append(p.Case.Capex, cost)
	}
	p.Case.Benefits = []int64{0}
	for range 8 {
		p.Case.Benefits = append(p.Case.Benefits, benefit)
	}
	if fte > 0 {
		p.Case.Demand = []pmo.RoleDemand{{Role: "dev", FTE: slices.Repeat([]float64{fte}, n)}}
	}
	if err := p.Prepare(); err != nil {
		t.Fatal(err)
	}
	return p
}

// pipeline is a small intake: eight quarters from 2027-Q1, EUR 100k a
// quarter, four developers; A is mandatory; B and C are alternatives; D
// needs B finished first; E follows project 7, which ends in 2027-Q2; F is
// a draft; H needs the rejected G.
func pipeline(t testing.TB) Input {
	t.Helper()
	s := &pmo.Scenario{ID: 1, PortfolioID: 1, Name: "base", Start: period(t, "2027-Q1"), Periods: 8, Currency: "EUR",
		Budget:    slices.Repeat([]int64{100_000_00}, 8),
		Capacity:  []pmo.RoleDemand{{Role: "dev", FTE: slices.Repeat([]float64{4}, 8)}},
		Objective: pmo.ObjectiveNPV, Timed: true}
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	a := proposal(t, 1, "A", 40_000_00, 2, 1, 15_000_00)
	a.Mandatory, a.LegalBasis = true, "GDPR"
	b := proposal(t, 2, "B", 50_000_00, 2, 2, 40_000_00)
	c := proposal(t, 3, "C", 30_000_00, 2, 2, 25_000_00)
	b.Excludes = []int64{3}
	d := proposal(t, 4, "D", 30_000_00, 2, 1, 30_000_00)
	d.Dependencies = []pmo.ProposalDependency{{ProposalID: 2, FinishFirst: true}}
	e := proposal(t, 5, "E", 20_000_00, 1, 1, 10_000_00)
	e.Dependencies = []pmo.ProposalDependency{{ProjectID: 7, FinishFirst: true}}
	f := proposal(t, 6, "F", 10_000_00, 1, 0, 90_000_00)
	f.State = pmo.ProposalDraft
	g := proposal(t, 7, "G", 10_000_00, 1, 0, 5_000_00)
	g.State = pmo.ProposalRejected
	h := proposal(t, 8, "H", 10_000_00, 1, 0, 50_000_00)
	h.Dependencies = []pmo.ProposalDependency{{ProposalID: 7}}
	for _, p := range []*pmo.Proposal{b, d, e, h} {
		if err := p.Prepare(); err != nil {
			t.Fatal(err)
		}
	}
	prj := &pmo.Project{ID: 7, Code: "PRJ-7", State: pmo.Active, PlannedEnd: pmo.NewDate(2027, 5, 20)}
	return Input{Scenario: s, Proposals: []*pmo.Proposal{a, b, c, d, e, f, g, h}, Projects: []*pmo.Project{prj},
		Committed: Load{Cost: []int64{20_000_00, 10_000_00}, Demand: []pmo.RoleDemand{{Role: "dev", FTE: []float64{1, 1}}}}}
}

func TestBuild(t *testing.T) {
	pl, err := Build(pipeline(t))
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, it := range pl.Problem.Items {
		codes = append(codes, it.ID)
	}
	if d := cmp.Diff([]string{"A", "B", "C", "D", "E", "H"}, codes); d != "" {
		t.Errorf("candidates (-want +got):\n%s", d)
	}
	it := func(code string) optimize.Item { return pl.Problem.Items[pl.index[code]] }
	if a := it("A"); !a.Mandatory || a.EarliestStart != 0 || a.LatestStart != 6 || a.Value*pl.vunit != float64(pl.Proposals[0].NPV) {
		t.Errorf("A: %+v", a)
	}
	if !slices.Equal(it("B").Excludes, []string{"C"}) || !slices.Equal(it("D").After, []string{"B"}) {
		t.Errorf("links: B excludes %v, D after %v", it("B").Excludes, it("D").After)
	}
	// Project 7 ends in May 2027 (2027-Q2, period 1): E starts in 2027-Q3.
	if e := it("E"); e.EarliestStart != 2 {
		t.Errorf("E earliest start %d, want 2", e.EarliestStart)
	}
	if h := it("H"); h.Lock != optimize.LockOut {
		t.Errorf("H needs a rejected proposal but is not locked out: %+v", h)
	}
	if !hasNote(pl.Notes, "H", "not in the pipeline") {
		t.Errorf("notes %v lack H's blocked dependency", pl.Notes)
	}
	if got := pl.Problem.Committed.Cost[0] * pl.unit; got != 20_000_00 {
		t.Errorf("committed cost %g", got)
	}
}

func hasNote(ns []Note, code, phrase string) bool {
	return slices.ContainsFunc(ns, func(n Note) bool { return n.Code == code && strings.Contains(n.Message, phrase) })
}

func TestSolveOutcome(t *testing.T) {
	pl, err := Build(pipeline(t))
	if err != nil {
		t.Fatal(err)
	}
	sol, o, err := pl.Solve(context.Background(), optimize.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !o.Proven || o.Status != "optimal" || o.Gap != 0 || o.Value != o.Bound {
		t.Fatalf("outcome %s proven %v value %g bound %g gap %g", o.Status, o.Proven, o.Value, o.Bound, o.Gap)
	}
	starts := map[string]pmo.Period{}
	for _, c := range o.Selected {
		starts[c.Code] = c.Start
	}
	if _, ok := starts["A"]; !ok {
		t.Error("mandatory A is not selected")
	}
	if _, ok := starts["H"]; ok {
		t.Error("H is selected though it needs a rejected proposal")
	}
	if _, b := starts["B"]; b {
		if _, c := starts["C"]; c {
			t.Error("alternatives B and C are both selected")
		}
	}
	if d, ok := starts["D"]; ok {
		if b, ok := starts["B"]; !ok || pmo.PeriodDistance(b, d) < 2 {
			t.Errorf("D starts %s, B %v: D must follow B's two quarters", d, starts["B"])
		}
	}
	for _, ps := range o.Spend {
		if ps.Committed+ps.Selected > *ps.Budget {
			t.Errorf("%s: committed %d + selected %d over budget %d", ps.Period, ps.Committed, ps.Selected, *ps.Budget)
		}
	}
	for _, r := range o.Capacity {
		for k := range r.Capacity {
			if r.Committed[k]+r.Selected[k] > r.Capacity[k]+1e-9 {
				t.Errorf("%s in period %d over capacity", r.Role, k)
			}
		}
	}
	npv := int64(0)
	for _, c := range o.Selected {
		npv += c.NPV
	}
	if npv != o.TotalNPV || float64(npv) != o.Value {
		t.Errorf("total NPV %d, value %g, sum of selected %d", o.TotalNPV, o.Value, npv)
	}
	run := pl.Run(o, 12, "ana")
	if err := run.Validate(); err != nil || len(run.Selected) != len(o.Selected) || !run.Proven {
		t.Errorf("run %+v: %v", run, err)
	}
	if len(sol.Selected) != len(o.Selected) {
		t.Errorf("%d chosen, solution has %d", len(o.Selected), len(sol.Selected))
	}
}

func TestExplainRejected(t *testing.T) {
	in := pipeline(t)
	in.Scenario.LockIn = []int64{2} // B in: C, its alternative, is out
	pl, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	sol, _, err := pl.Solve(context.Background(), optimize.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	x, err := pl.Explain(context.Background(), sol, "C", optimize.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if x.Selected || !slices.ContainsFunc(x.Reasons, func(r string) bool { return strings.Contains(r, "alternative to B") }) {
		t.Errorf("C: selected %v reasons %q", x.Selected, x.Reasons)
	}
	if !strings.Contains(x.Price, "Forcing it in leaves no feasible selection") {
		t.Errorf("price %q: B is locked in, so C cannot be forced in", x.Price)
	}
	h, err := pl.Explain(context.Background(), sol, "H", optimize.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Notes) == 0 || !strings.Contains(h.Notes[0], "proposal G (rejected)") {
		t.Errorf("H notes %q", h.Notes)
	}
	if _, err := pl.Explain(context.Background(), sol, "F", optimize.Options{}); pmo.ErrorKind(err) != pmo.Invalid {
		t.Errorf("explaining a draft: %v, want Invalid", err)
	}
}

func TestExplainBudget(t *testing.T) {
	// One quarter, EUR 100k: X (NPV-rich, 80k) beats Y (50k); Y is kept out
	// by the budget and needs EUR 30k more.
	s := &pmo.Scenario{ID: 1, PortfolioID: 1, Name: "tight", Start: period(t, "2027-Q1"), Periods: 1, Currency: "EUR",
		Budget: []int64{100_000_00}, Objective: pmo.ObjectiveNPV}
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	x := proposal(t, 1, "X", 80_000_00, 1, 0, 50_000_00)
	y := proposal(t, 2, "Y", 50_000_00, 1, 0, 20_000_00)
	pl, err := Build(Input{Scenario: s, Proposals: []*pmo.Proposal{x, y}})
	if err != nil {
		t.Fatal(err)
	}
	sol, _, err := pl.Solve(context.Background(), optimize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := pl.Explain(context.Background(), sol, "Y", optimize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "budget in 2027-Q1: it needs EUR 50,000.00, the selection leaves EUR 20,000.00; EUR 30,000.00 more would fit it without dropping anything"
	if d := cmp.Diff([]string{want}, e.Reasons); d != "" {
		t.Errorf("reasons (-want +got):\n%s", d)
	}
	if !strings.HasPrefix(e.Price, "Forcing it in gives a best value of EUR ") {
		t.Errorf("price %q", e.Price)
	}
}

func TestInfeasibleConflicts(t *testing.T) {
	in := pipeline(t)
	in.Scenario.Budget[0] = 30_000_00 // committed 20k + mandatory A's 40k in its first quarter
	in.Scenario.Timed = false         // A must start in 2027-Q1
	pl, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	_, o, err := pl.Solve(context.Background(), optimize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "budget in 2027-Q1: running work and the forced proposals (A) need at least EUR 60,000.00, the budget is EUR 30,000.00"
	if !o.Infeasible || !o.Proven || !slices.Contains(o.Conflicts, want) {
		t.Errorf("infeasible %v conflicts %q, want %q", o.Infeasible, o.Conflicts, want)
	}
	if run := pl.Run(o, 1, "ana"); !strings.Contains(run.Message, "2027-Q1") {
		t.Errorf("run message %q", run.Message)
	}
}

func TestInfeasibleLockedMandatory(t *testing.T) {
	in := pipeline(t)
	in.Scenario.LockOut = []int64{1}
	pl, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	_, o, err := pl.Solve(context.Background(), optimize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Conflicts) != 1 || !strings.Contains(o.Conflicts[0], "A must be selected") || !strings.Contains(o.Conflicts[0], "locks it out") {
		t.Errorf("conflicts %q", o.Conflicts)
	}
}

func TestBuildErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(in *Input)
		field string
	}{
		{"unknown role", func(in *Input) { in.Proposals[1].Case.Demand[0].Role = "qa" }, "proposals.B.business_case.demand[0].role"},
		{"currency", func(in *Input) { in.Proposals[2].Case.Currency = "USD" }, "proposals.C.business_case.currency"},
		{"window outside horizon", func(in *Input) { in.Proposals[1].EarliestStart = period(t, "2030-Q1") }, "proposals.B.earliest_start"},
		{"period kind", func(in *Input) { in.Proposals[3].Case.PeriodKind = pmo.Month }, "proposals.D.business_case.period_kind"},
		{"no scoring model", func(in *Input) { in.Scenario.Objective = pmo.ObjectiveScore }, "objective"},
		{"cycle", func(in *Input) {
			in.Proposals[1].Dependencies = []pmo.ProposalDependency{{ProposalID: 4}}
		}, "proposals.B.Requires/After"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := pipeline(t)
			tc.edit(&in)
			_, err := Build(in)
			fields := pmo.ErrorFields(err)
			if pmo.ErrorKind(err) != pmo.Invalid || !slices.ContainsFunc(fields, func(f pmo.FieldError) bool { return f.Field == tc.field }) {
				t.Errorf("error %v, want Invalid naming %s", err, tc.field)
			}
		})
	}
}

func TestScoreObjective(t *testing.T) {
	in := pipeline(t)
	in.Scenario.Objective = pmo.ObjectiveScore
	in.Model = &pmo.ScoringModel{ID: 1, PortfolioID: 1, Name: "default", Criteria: []pmo.Criterion{
		{Key: "strategic", Name: "Strategic alignment", Weight: 3, Max: 5},
		{Key: "risk", Name: "Delivery risk", Weight: 1, Max: 5, Direction: pmo.DirectionCost},
	}}
	if err := in.Model.Prepare(); err != nil {
		t.Fatal(err)
	}
	sc := func(id int64, reviewer, crit string, v float64) *pmo.Score {
		return &pmo.Score{ProposalID: id, Reviewer: reviewer, Criterion: crit, Value: v}
	}
	in.Scores = []*pmo.Score{
		sc(2, "ana", "strategic", 5), sc(2, "ana", "risk", 1), sc(2, "ben", "strategic", 3), sc(2, "ben", "risk", 3),
		sc(3, "ana", "strategic", 4), sc(3, "ana", "obsolete", 4),
	}
	pl, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	// B: strategic mean 4 → 0.8, risk mean 2 (a cost) → 0.6: (3·0.8 + 0.6)/4 = 75.
	if got := pl.Problem.Items[1].Value; got < 75-1e-9 || got > 75+1e-9 {
		t.Errorf("B's score %g, want 75", got)
	}
	if !hasNote(pl.Notes, "C", "no score yet on risk") || !hasNote(pl.Notes, "A", "nobody has scored it") {
		t.Errorf("notes %v", pl.Notes)
	}
}

func TestFrontier(t *testing.T) {
	pl, err := Build(pipeline(t))
	if err != nil {
		t.Fatal(err)
	}
	pts, err := pl.Frontier(context.Background(), optimize.FrontierLevels(0.5, 1.5, 5), optimize.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range pts {
		if k > 0 && p.Value < pts[k-1].Value-1e-9 {
			t.Errorf("level %g value %g below level %g's %g", p.Level, p.Value, pts[k-1].Level, pts[k-1].Value)
		}
	}
	if pts[2].Budget != 800_000_00 {
		t.Errorf("budget at level 1: %d", pts[2].Budget)
	}
}

// TestFundedDependency: a dependency on a funded proposal is met by its
// project: with the project given, a finish-first link waits for it;
// without it, the link counts as met and a note says so.
func TestFundedDependency(t *testing.T) {
	in := pipeline(t)
	g := in.Proposals[6] // G, rejected in the pipeline: fund it as project 7 instead
	g.State, g.ProjectID = pmo.ProposalFunded, 7
	in.Proposals[7].Dependencies[0].FinishFirst = true // H after G
	pl, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if h := pl.Problem.Items[pl.index["H"]]; h.Lock != optimize.LockNone || h.EarliestStart != 2 {
		t.Errorf("H after funded G (project 7 ends in 2027-Q2): %+v", h)
	}
	in.Projects = nil
	if pl, err = Build(in); err != nil {
		t.Fatal(err)
	}
	if h := pl.Problem.Items[pl.index["H"]]; h.Lock != optimize.LockNone || !hasNote(pl.Notes, "H", "taken as finished") {
		t.Errorf("H without G's project: %+v, notes %v", h, pl.Notes)
	}
}

func TestForcedPrices(t *testing.T) {
	in := pipeline(t)
	in.Scenario.LockOut = []int64{2} // B out
	pl, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	sol, _, err := pl.Solve(context.Background(), optimize.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	prices := pl.ForcedPrices(context.Background(), sol, optimize.Options{Seed: 1})
	got := map[string]ForcedPrice{}
	for _, p := range prices {
		got[p.Code+" "+p.Decision] = p
	}
	a, b := got["A mandatory"], got["B locked out"]
	if len(prices) != 2 || !a.Proven || !b.Proven {
		t.Fatalf("prices %+v", prices)
	}
	// Releasing a constraint never lowers the best value.
	if a.Released < sol.Value*pl.vunit-1e-6 || b.Released < sol.Value*pl.vunit-1e-6 || a.Lost < 0 {
		t.Errorf("released values %g %g below the value %g", a.Released, b.Released, sol.Value*pl.vunit)
	}
	if b.Lost <= 0 {
		t.Errorf("locking out B, the best NPV, costs nothing: %+v", b)
	}
}
