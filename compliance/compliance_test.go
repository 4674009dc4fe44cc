package compliance_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/demo"
	"github.com/pmohq/pmo/governance"
	"github.com/pmohq/pmo/store"
)

func TestLoadAndAuditDemo(t *testing.T) {
	ctx := context.Background()
	today := pmo.NewDate(2026, time.November, 27)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "pmo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d := demo.Generate(demo.DefaultOptions(today))
	if err := db.ImportDataset(ctx, d); err != nil {
		t.Fatal(err)
	}

	data, err := compliance.Load(ctx, db, compliance.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != len(d.Projects) {
		t.Fatalf("loaded %d projects, want %d", len(data), len(d.Projects))
	}
	var risks, issues, actions, decisions, deps, milestones, changes int
	for _, p := range data {
		if p.PortfolioCode == "" {
			t.Errorf("%s: no portfolio code", p.Project.Code)
		}
		if (p.Project.ProgramID != 0) != (p.ProgramCode != "") {
			t.Errorf("%s: program id %d but code %q", p.Project.Code, p.Project.ProgramID, p.ProgramCode)
		}
		for _, r := range p.Risks {
			if r.ProjectID != p.Project.ID {
				t.Fatalf("risk %d filed under project %d", r.ID, p.Project.ID)
			}
		}
		risks += len(p.Risks)
		issues += len(p.Issues)
		actions += len(p.Actions)
		decisions += len(p.Decisions)
		deps += len(p.Dependencies)
		milestones += len(p.Milestones)
		changes += len(p.Changes)
	}
	got := []int{risks, issues, actions, decisions, deps, milestones, changes}
	want := []int{len(d.Risks), len(d.Issues), len(d.Actions), len(d.Decisions), len(d.Dependencies), len(d.Milestones), len(d.ChangeRequests)}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("record counts (risks, issues, actions, decisions, dependencies, milestones, changes) = %v, want %v", got, want)
			break
		}
	}

	// One portfolio only.
	one, err := compliance.Load(ctx, db, compliance.Filter{PortfolioID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(one) == 0 || len(one) >= len(data) {
		t.Errorf("portfolio 1 has %d of %d projects", len(one), len(data))
	}
	for _, p := range one {
		if p.Project.PortfolioID != 1 {
			t.Errorf("%s is in portfolio %d", p.Project.Code, p.Project.PortfolioID)
		}
	}

	// The default framework finds a realistic spread on the demo portfolio:
	// some projects comply, several rules fire, none breaks at run time.
	prog := governance.MustCompile(governance.Default())
	findings := governance.Audit(prog, data, today.Time().Add(12*time.Hour))
	sum := governance.Summarize(prog, len(data), findings)
	t.Logf("%d projects, %d compliant, %d violations over %d rules, %d rule errors",
		sum.Projects, sum.Compliant, sum.Violations, len(sum.ByRule), sum.RuleErrors)
	if sum.Compliant == 0 || sum.Compliant == sum.Projects {
		t.Errorf("compliant projects = %d of %d; want some but not all", sum.Compliant, sum.Projects)
	}
	if len(sum.ByRule) < 3 {
		t.Errorf("only %d rules fire on the demo portfolio; want a spread", len(sum.ByRule))
	}
	if sum.RuleErrors != 0 {
		t.Errorf("%d rule errors; broken rules: %v", sum.RuleErrors, sum.Broken)
	}
}

func TestLoadUnknownPortfolio(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "pmo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	data, err := compliance.Load(ctx, db, compliance.Filter{PortfolioID: 42})
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != 0 {
		t.Errorf("got %d projects for a missing portfolio", len(data))
	}
}
