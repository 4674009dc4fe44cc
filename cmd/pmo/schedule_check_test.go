package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/dcma"
	"github.com/pmohq/pmo/importer/mspdi"
	"github.com/pmohq/pmo/internal/pgtest"
	"github.com/pmohq/pmo/store"
)

func TestScheduleCheckFile(t *testing.T) {
	code, out, errs := runCLI(t, "schedule", "check", sample1)
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	for _, want := range []string{"7 failed", "1   Logic", "fail    17/17", "100.0%", "≤ 5%", "no status date",
		"\n4 Relationship types: links ", "\n1 Logic: tasks 2, 5, 6,"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, errs := runCLI(t, "schedule", "check", "--strict", sample1); code != 1 || !strings.Contains(errs, "schedule checks failed: 7 of 14") {
		t.Errorf("--strict: code %d %q", code, errs)
	}
	// A status date makes checks 9, 11 and 14 apply.
	_, out, _ = runCLI(t, "schedule", "check", sample1, "--status-date", "2003-01-10", "--format", "json")
	var rep dcma.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if c := rep.Checks[8]; c.Result != dcma.Pass || c.Total != 18 {
		t.Errorf("invalid dates with a status date: %+v", c)
	}
	for _, bad := range [][]string{
		{"schedule", "check", "--status-date", "10/01/2003", sample1},
		{"schedule", "check", "--baseline", "11", "--project", "X"},
		{"schedule", "check", "--format", "xml", sample1},
	} {
		if code, _, errs := runCLI(t, bad...); code != 2 {
			t.Errorf("%v: code %d %q, want 2", bad, code, errs)
		}
	}
}

// TestScheduleCheckStored checks a project's stored schedule, on SQLite
// and PostgreSQL: imported from the sample, with a baseline saved from its
// own dates and a status date after the first finishes.
func TestScheduleCheckStored(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testScheduleCheckStored(t, filepath.Join(t.TempDir(), "pmo.db")) })
	t.Run("postgres", func(t *testing.T) { testScheduleCheckStored(t, pgtest.Schema(t)) })
}

func testScheduleCheckStored(t *testing.T, dsn string) {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	pf := &pmo.Portfolio{Code: "PF", Name: "Ops"}
	if err := db.CreatePortfolio(ctx, pf); err != nil {
		t.Fatal(err)
	}
	p := &pmo.Project{PortfolioID: pf.ID, Code: "SCH-1", Name: "Scheduled", State: pmo.Active}
	if err := db.CreateProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(sample1)
	if err != nil {
		t.Fatal(err)
	}
	mp, err := mspdi.Read(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	sc, bls := mp.Schedule(p.ID)
	if err := db.ReplaceSchedule(ctx, sc, bls, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveBaseline(ctx, p.ID, 0, "plan"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	code, out, errs := runCLI(t, "schedule", "check", "--db", dsn, "--project", "SCH-1", "--status-date", "2003-02-10", "--format", "json")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	var rep dcma.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	// Nothing is done by 10 February: the tasks due by the baseline are missed.
	if c := rep.Checks[10]; c.Result != dcma.Fail || c.Count == 0 || c.Count != c.Total || len(c.Tasks) != c.Count {
		t.Errorf("missed tasks: %+v", c)
	}
	if c := rep.Checks[13]; c.Result != dcma.Fail || c.Value != 0 {
		t.Errorf("BEI: %+v", c)
	}
	_, out, _ = runCLI(t, "schedule", "check", "--db", dsn, "--project", "SCH-1")
	if !strings.Contains(out, "SCH-1 Scheduled (against baseline 0):") {
		t.Errorf("table against baseline 0:\n%s", out)
	}
	_, out, _ = runCLI(t, "schedule", "check", "--db", dsn, "--project", "SCH-1", "--baseline", "-1")
	if !strings.Contains(out, "SCH-1 Scheduled:") {
		t.Errorf("table without a baseline:\n%s", out)
	}
	if code, _, errs := runCLI(t, "schedule", "check", "--db", dsn, "--project", "NOPE"); code != 1 || !strings.Contains(errs, "NOPE") {
		t.Errorf("unknown project: code %d %q", code, errs)
	}
}
