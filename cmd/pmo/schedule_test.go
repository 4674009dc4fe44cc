package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/importer/mspdi"
	"github.com/pmohq/pmo/internal/pgtest"
	"github.com/pmohq/pmo/store"
)

const sample1 = "../../web/testdata/mpxj-sample1.xml"

// TestScheduleFileCommands runs the file-only modes on an MS Project sample.
func TestScheduleFileCommands(t *testing.T) {
	code, out, errs := runCLI(t, "schedule", "reschedule", sample1)
	// MS Project's own finish for the file; Second Task drives it.
	if code != 0 || !strings.Contains(out, "Finish: 2003-03-18 08:00") || !strings.Contains(out, "2    Second Task") {
		t.Errorf("reschedule FILE: code %d\n%s%s", code, out, errs)
	}
	lev := filepath.Join(t.TempDir(), "levelled.xml")
	code, out, errs = runCLI(t, "schedule", "level", sample1, "--seed", "3", "--schedules", "500", "-o", lev)
	if code != 0 || !strings.Contains(out, "Finish: 2003-03-18 08:00 -> ") || !strings.Contains(out, "First Resource") {
		t.Errorf("level FILE: code %d\n%s%s", code, out, errs)
	}
	f, err := os.Open(lev)
	if err != nil {
		t.Fatal(err)
	}
	p, err := mspdi.Read(f)
	f.Close()
	if err != nil {
		t.Fatalf("the levelled file does not read: %v", err)
	}
	delayed := 0
	for _, k := range p.Tasks {
		if k.LevelingDelay > 0 {
			delayed++
		}
	}
	if delayed == 0 {
		t.Error("the levelled file has no levelling delays")
	}
	code, out, _ = runCLI(t, "schedule", "check", sample1)
	if code != 0 || !strings.Contains(out, "DCMA 14-point assessment") || !strings.Contains(out, "Critical path test") {
		t.Errorf("check FILE: code %d\n%s", code, out)
	}
	for _, bad := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"schedule", "reschedule"}, 2, "--project or a FILE is required"},
		{[]string{"schedule", "reschedule", "--project", "X", sample1}, 2, "not both"},
		{[]string{"schedule", "reschedule", sample1, "--status-date", "soon"}, 2, "--status-date"},
		{[]string{"schedule", "reschedule", "testdata/none.xml"}, 1, "no such file"},
		{[]string{"schedule", "reschedule", "schedule_test.go"}, 1, "nothing was done"},
		{[]string{"schedule", "frobnicate"}, 2, "unknown schedule command"},
	} {
		code, _, errs := runCLI(t, bad.args...)
		if code != bad.code || !strings.Contains(errs, bad.msg) {
			t.Errorf("%v: code %d, %q", bad.args, code, errs)
		}
	}
}

// TestScheduleStoreCommands imports, reschedules, baselines, levels,
// compares, checks and exports a stored schedule.
func TestScheduleStoreCommands(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testScheduleStore(t, filepath.Join(t.TempDir(), "pmo.db")) })
	t.Run("postgres", func(t *testing.T) { testScheduleStore(t, pgtest.Schema(t)) })
}

func testScheduleStore(t *testing.T, dsn string) {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	pf := &pmo.Portfolio{Code: "PF", Name: "Portfolio"}
	if err := db.CreatePortfolio(ctx, pf); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateProject(ctx, &pmo.Project{PortfolioID: pf.ID, Code: "ERP", Name: "ERP", State: pmo.Active}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	cli := func(args ...string) (int, string, string) {
		t.Helper()
		return runCLI(t, append(args, "--db", dsn)...)
	}
	code, out, errs := cli("schedule", "import", "--project", "ERP", "--actor", "Ada", sample1)
	if code != 0 || !strings.Contains(out, "23 tasks, 6 links") {
		t.Fatalf("import: code %d\n%s%s", code, out, errs)
	}
	if code, _, errs := cli("schedule", "import", "--project", "ERP", sample1); code != 1 || !strings.Contains(errs, "--replace") {
		t.Errorf("import over a schedule: code %d %q", code, errs)
	}
	if code, _, errs := cli("schedule", "import", "--project", "NOPE", sample1); code != 1 || !strings.Contains(errs, "NOPE") {
		t.Errorf("import into a missing project: code %d %q", code, errs)
	}
	code, out, errs = cli("schedule", "reschedule", "--project", "ERP")
	if code != 0 || !strings.Contains(out, "Finish: 2003-03-18 08:00") {
		t.Errorf("reschedule: code %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli("schedule", "baseline", "save", "--project", "ERP", "--name", "Approved", "--actor", "Ada")
	if code != 0 || !strings.Contains(out, `baseline 0 "Approved" saved for ERP: 23 tasks, finish 2003-03-18 08:00`) {
		t.Errorf("baseline save: code %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli("schedule", "level", "--project", "ERP", "--seed", "3", "--schedules", "500")
	if code != 0 || !strings.Contains(out, "Finish: 2003-03-18 08:00 -> 2003-03-25 08:00") {
		t.Errorf("level: code %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli("schedule", "baseline", "compare", "--project", "ERP")
	if code != 0 || !strings.Contains(out, "Assigned Task 1") || !strings.Contains(out, "tasks late") {
		t.Errorf("compare: code %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli("schedule", "show", "--project", "ERP")
	if code != 0 || !strings.Contains(out, "Second Task") {
		t.Errorf("show: code %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli("schedule", "check", "--project", "ERP")
	if code != 0 || !strings.Contains(out, "BEI") {
		t.Errorf("check: code %d\n%s%s", code, out, errs)
	}
	exported := filepath.Join(t.TempDir(), "erp.xml")
	if code, _, errs := cli("schedule", "export", "--project", "ERP", "-o", exported); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	// The export imports again as the same schedule, baseline included.
	code, out, errs = cli("schedule", "import", "--project", "ERP", "--replace", exported)
	if code != 0 || !strings.Contains(out, "23 tasks, 6 links") || !strings.Contains(out, "1 baselines") {
		t.Errorf("re-import of the export: code %d\n%s%s", code, out, errs)
	}
	code, out, _ = cli("schedule", "reschedule", "--project", "ERP")
	if code != 0 || !strings.Contains(out, "Finish: 2003-03-25 08:00") {
		t.Errorf("the levelled export lost its delays:\n%s", out)
	}
}
