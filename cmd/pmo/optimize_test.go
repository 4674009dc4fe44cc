package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/internal/pgtest"
	"github.com/pmohq/pmo/planning"
	"github.com/pmohq/pmo/store"
)

// TestOptimizeFiles runs `pmo optimize` on the shipped sample plan, as JSON
// and as the Excel workbook: the same proven selection from both.
func TestOptimizeFiles(t *testing.T) {
	var selections [][]string
	for _, file := range []string{"../../docs/examples/plan.json", "../../docs/examples/plan.xlsx"} {
		code, out, errs := runCLI(t, "optimize", "--file", file, "--node-limit", "20000", "--format", "json")
		if code != 0 {
			t.Fatalf("%s: code %d: %s", file, code, errs)
		}
		var res optimizeResult
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		o := res.Outcome
		if !o.Proven || o.Status != "optimal" || o.Value != o.Bound || o.Gap != 0 {
			t.Errorf("%s: %s, value %g bound %g", file, o.Status, o.Value, o.Bound)
		}
		var codes []string
		for _, c := range o.Selected {
			codes = append(codes, c.Code+"@"+c.Start.String())
		}
		selections = append(selections, codes)
		if !slices.ContainsFunc(o.Selected, func(c planning.Chosen) bool { return c.Code == "REG-01" && c.Forced }) {
			t.Errorf("%s: the mandatory REG-01 is not selected: %v", file, codes)
		}
		for _, p := range o.Spend {
			if p.Committed+p.Selected > *p.Budget {
				t.Errorf("%s: %s over budget", file, p.Period)
			}
		}
	}
	if !slices.Equal(selections[0], selections[1]) {
		t.Errorf("JSON selects %v, XLSX %v", selections[0], selections[1])
	}
}

func TestOptimizeTable(t *testing.T) {
	code, out, errs := runCLI(t, "optimize", "--file", "../../docs/examples/plan.json", "--objective", "npv",
		"--node-limit", "20000", "--frontier", "--explain", "CRM-NEW", "--forced")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	for _, want := range []string{
		`Scenario "FY27 base case": 8 quarters from 2027-Q1, maximising NPV`,
		"proven optimal",
		"Spend per period",
		"Capacity use per role",
		"Efficient frontier",
		"*100%",
		"Why CRM-NEW (Replace the CRM with a SaaS platform) is",
		"REG-01: its NPV is negative",
		"Value lost to forced decisions",
		"REG-01  mandatory",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestOptimizeBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no source", []string{}, 2, "give either --file or --db"},
		{"both sources", []string{"--file", "x.json", "--portfolio", "P"}, 2, "give either"},
		{"record a file", []string{"--file", "x.json", "--record"}, 2, "--record needs --db"},
		{"bad objective", []string{"--file", "x.json", "--objective", "profit"}, 2, "must be one of score, npv"},
		{"extension", []string{"--file", write("plan.csv", "")}, 1, "want a .json or .xlsx plan file"},
		{"missing file", []string{"--file", filepath.Join(dir, "none.json")}, 1, "no such file"},
		{"negative budget", []string{"--file", write("neg.json", `{"scenario": {"start": "2027-Q1", "currency": "EUR", "budget": [100, -1]}, "proposals": []}`)}, 1, "scenario.budget[1]"},
		{"window outside", []string{"--file", write("win.json", `{"scenario": {"start": "2027-Q1", "currency": "EUR", "budget": [100], "objective": "npv"},
			"proposals": [{"code": "A", "capex": [10], "earliest_start": "2029-Q1"}]}`)}, 1, "proposals.A.earliest_start: 2029-Q1 is outside the horizon"},
		{"cycle", []string{"--file", write("cyc.json", `{"scenario": {"start": "2027-Q1", "currency": "EUR", "budget": [100], "objective": "npv"},
			"proposals": [{"code": "A", "requires": ["B"]}, {"code": "B", "after": ["A"]}]}`)}, 1, "dependency cycle"},
		{"no scores", []string{"--file", write("ns.json", `{"scenario": {"start": "2027-Q1", "currency": "EUR", "budget": [100]}, "proposals": [{"code": "A"}]}`)}, 1, "a score per proposal"},
		{"explain unknown", []string{"--file", "../../docs/examples/plan.json", "--node-limit", "100", "--explain", "NOPE"}, 1, `"NOPE" is not a candidate`},
		{"xlsx cell", []string{"--file", write("bad.xlsx", "not a workbook")}, 1, "bad.xlsx: not an Excel workbook"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCLI(t, append([]string{"optimize"}, tc.args...)...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Errorf("code %d, stderr %q; want code %d and %q", code, errs, tc.code, tc.want)
			}
		})
	}
}

func TestOptimizeInfeasible(t *testing.T) {
	p := filepath.Join(t.TempDir(), "inf.json")
	doc := `{"scenario": {"start": "2027-Q1", "currency": "EUR", "budget": [100, 100], "objective": "npv", "timed": false},
		"committed": {"cost": [50]},
		"proposals": [{"code": "LAW", "mandatory": true, "capex": [80], "benefits": [0, 100]}]}`
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "optimize", "--file", p)
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	want := "budget in 2027-Q1: running work and the forced proposals (LAW) need at least EUR 130.00, the budget is EUR 100.00"
	if !strings.Contains(out, "infeasible") || !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}

// TestOptimizeDB runs `pmo optimize --db` on a pipeline stored in a real
// database, SQLite and PostgreSQL.
func TestOptimizeDB(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testOptimizeDB(t, filepath.Join(t.TempDir(), "pmo.db")) })
	t.Run("postgres", func(t *testing.T) { testOptimizeDB(t, pgtest.Schema(t)) })
}

func testOptimizeDB(t *testing.T, dsn string) {
	ctx := pmo.WithActor(context.Background(), pmo.Actor{Name: "test"})
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	port := &pmo.Portfolio{Code: "OPT", Name: "Optimiser test"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.CreatePortfolio(ctx, port))
	q1, _ := pmo.ParsePeriod("2027-Q1")
	mk := func(code string, capex int64, fte float64, benefit int64, mandatory bool) *pmo.Proposal {
		p := &pmo.Proposal{PortfolioID: port.ID, Code: code, Title: "Proposal " + code, Requester: "ana", Mandatory: mandatory,
			Case: pmo.ProposalCase{Currency: "EUR", PeriodKind: pmo.Quarter, Capex: []int64{capex, capex},
				Benefits: []int64{0, benefit, benefit, benefit}, Demand: []pmo.RoleDemand{{Role: "dev", FTE: []float64{fte, fte}}}}}
		if mandatory {
			p.LegalBasis = "regulation"
		}
		must(db.CreateProposal(ctx, p))
		_, err := db.TransitionProposal(ctx, p.ID, p.Version, pmo.ProposalTransition{To: pmo.ProposalSubmitted, Actor: "ana"})
		must(err)
		return p
	}
	mk("LAW", 40_000_00, 1, 10_000_00, true)
	mk("BIG", 60_000_00, 2, 80_000_00, false)
	mk("SMALL", 30_000_00, 1, 30_000_00, false)
	mk("MID", 45_000_00, 2, 50_000_00, false)
	draft := &pmo.Proposal{PortfolioID: port.ID, Code: "DRAFT", Title: "Not ready", Requester: "ana",
		Case: pmo.ProposalCase{Currency: "EUR", PeriodKind: pmo.Quarter, Benefits: []int64{0, 1e9}}}
	must(db.CreateProposal(ctx, draft))
	sc := &pmo.Scenario{PortfolioID: port.ID, Name: "base", Start: q1, Periods: 4, Currency: "EUR",
		Budget: []int64{100_000_00, 100_000_00, 100_000_00, 100_000_00}, Capacity: []pmo.RoleDemand{{Role: "dev", FTE: []float64{4, 4, 4, 4}}},
		Objective: pmo.ObjectiveNPV, Timed: true, Seed: 3}
	must(db.CreateScenario(ctx, sc))
	must(db.Close())

	code, out, errs := runCLI(t, "optimize", "--db", dsn, "--portfolio", "OPT", "--node-limit", "5000", "--format", "json")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	var res optimizeResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range res.Outcome.Selected {
		got = append(got, c.Code)
	}
	if !res.Outcome.Proven || !slices.Contains(got, "LAW") || slices.Contains(got, "DRAFT") {
		t.Errorf("%s selection %v", res.Outcome.Status, got)
	}
	code, out, errs = runCLI(t, "optimize", "--db", dsn, "--portfolio", "OPT", "--scenario", "base", "--node-limit", "5000", "--record", "--actor", "pmo-lead")
	if code != 0 || !strings.Contains(out, `Recorded as run`) {
		t.Fatalf("--record: code %d %s\n%s", code, errs, out)
	}
	db, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs, err := db.FindScenarioRuns(ctx, sc.ID, 0)
	if err != nil || len(runs) != 1 || !runs[0].Proven || runs[0].Actor != "pmo-lead" || len(runs[0].Selected) != len(res.Outcome.Selected) {
		t.Fatalf("runs %+v, %v", runs, err)
	}
	if runs[0].Value != res.Outcome.Value || runs[0].Selected[0].Start.IsZero() {
		t.Errorf("stored run %+v, outcome value %g", runs[0], res.Outcome.Value)
	}
	// Exported to a workbook, the stored pipeline gives the same answer.
	xlsx := filepath.Join(t.TempDir(), "opt.xlsx")
	if code, out, errs := runCLI(t, "optimize", "--db", dsn, "--portfolio", "OPT", "--export", xlsx); code != 0 || !strings.Contains(out, "5 proposals") {
		t.Fatalf("--export: code %d %s %s", code, out, errs)
	}
	code, out, errs = runCLI(t, "optimize", "--file", xlsx, "--node-limit", "5000", "--format", "json")
	var fromFile optimizeResult
	if code != 0 || json.Unmarshal([]byte(out), &fromFile) != nil || fromFile.Outcome.Value != res.Outcome.Value || len(fromFile.Outcome.Selected) != len(res.Outcome.Selected) {
		t.Errorf("the exported workbook: code %d %s, value %v against %g", code, errs, fromFile.Outcome, res.Outcome.Value)
	}
	if code, _, errs := runCLI(t, "optimize", "--db", dsn, "--portfolio", "OPT", "--scenario", "cut"); code != 1 || !strings.Contains(errs, `no scenario "cut"; it has: base`) {
		t.Errorf("unknown scenario: code %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, "optimize", "--db", dsn, "--portfolio", "NONE"); code != 1 || !strings.Contains(errs, `no portfolio has the code "NONE"`) {
		t.Errorf("unknown portfolio: code %d %q", code, errs)
	}
}
