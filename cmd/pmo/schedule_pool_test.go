package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/internal/pgtest"
	"github.com/pmohq/pmo/store"
)

// TestSchedulePoolLevel levels two copies of an MS Project sample that
// share its resources by name, by portfolio and by a list of projects.
func TestSchedulePoolLevel(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testSchedulePool(t, filepath.Join(t.TempDir(), "pmo.db")) })
	t.Run("postgres", func(t *testing.T) { testSchedulePool(t, pgtest.Schema(t)) })
}

func testSchedulePool(t *testing.T, dsn string) {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	pf := &pmo.Portfolio{Code: "PF", Name: "Portfolio"}
	if err := db.CreatePortfolio(ctx, pf); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*pmo.Project{
		{PortfolioID: pf.ID, Code: "LOW", Name: "Low", State: pmo.Active, Priority: 5},
		{PortfolioID: pf.ID, Code: "HIGH", Name: "High", State: pmo.Active, Priority: 1},
		{PortfolioID: pf.ID, Code: "BARE", Name: "No schedule", State: pmo.Active},
	} {
		if err := db.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	cli := func(args ...string) (int, string, string) {
		t.Helper()
		return runCLI(t, append(args, "--db", dsn)...)
	}
	for _, code := range []string{"LOW", "HIGH"} {
		if c, _, errs := cli("schedule", "import", "--project", code, sample1); c != 0 {
			t.Fatalf("import %s: %s", code, errs)
		}
	}
	code, out, errs := cli("schedule", "level", "--portfolio", "PF", "--seed", "3", "--schedules", "300", "--actor", "Ada")
	if code != 0 {
		t.Fatalf("level --portfolio: code %d\n%s%s", code, out, errs)
	}
	// HIGH goes first and keeps its own levelled finish; LOW waits.
	first := regexp.MustCompile(`(?m)^1\s+HIGH\s+1\s+2003-03-18 08:00\s+2003-03-25 08:00`)
	second := regexp.MustCompile(`(?m)^2\s+LOW\s+5\s+2003-03-18 08:00\s+(\S+ \S+)`)
	m := second.FindStringSubmatch(out)
	if !first.MatchString(out) || m == nil || m[1] <= "2003-03-25 08:00" {
		t.Errorf("order or finishes wrong:\n%s", out)
	}
	shared := regexp.MustCompile(`(?m)^First Resource\s+2\s+1\s+(\S+)\s+(\S+)\s+(\d+)\s+0$`)
	if s := shared.FindStringSubmatch(out); s == nil || s[3] == "0" {
		t.Errorf("the shared resource is not overloaded before and free of overload after:\n%s", out)
	}
	if !strings.Contains(out, "Left out (no schedule): BARE") {
		t.Errorf("the project without schedule is not named:\n%s", out)
	}
	// Both schedules moved to version 2 (import 1, pool levelling 2).
	db, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"LOW", "HIGH"} {
		p, _ := db.FindProjectByCode(ctx, code)
		s, err := db.FindSchedule(ctx, p.ID)
		if err != nil || s.Version != 2 {
			t.Errorf("%s: version %v (%v)", code, s, err)
		}
	}
	db.Close()

	// The same by list, in either order: priorities decide.
	code, out2, errs := cli("schedule", "level", "--projects", "LOW,HIGH", "--seed", "3", "--schedules", "300")
	if code != 0 || !first.MatchString(out2) {
		t.Errorf("level --projects: code %d\n%s%s", code, out2, errs)
	}
	for _, bad := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--projects", "LOW,NOPE"}, 1, "NOPE"},
		{[]string{"--projects", "BARE"}, 1, "BARE has no schedule"},
		{[]string{"--projects", "LOW", "--portfolio", "PF"}, 2, "give one of"},
		{[]string{"--projects", "LOW", "--project", "HIGH"}, 2, "give one of"},
		{[]string{"--portfolio", "NOPE"}, 1, "NOPE"},
	} {
		code, _, errs := cli(append([]string{"schedule", "level"}, bad.args...)...)
		if code != bad.code || !strings.Contains(errs, bad.msg) {
			t.Errorf("%v: code %d, %q", bad.args, code, errs)
		}
	}
}
