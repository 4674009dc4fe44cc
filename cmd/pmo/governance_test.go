package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmohq/pmo/internal/pgtest"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
	"github.com/pmohq/pmo/store"
)

// TestGovernanceWorkflow runs the CLI of the governance workflow over a
// demo database: publish, dry run, recorded audits, gate reviews, waivers,
// rule comments and the portfolio views.
func TestGovernanceWorkflow(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testGovernanceWorkflow(t, filepath.Join(t.TempDir(), "pmo.db")) })
	t.Run("postgres", func(t *testing.T) { testGovernanceWorkflow(t, pgtest.Schema(t)) })
}

func testGovernanceWorkflow(t *testing.T, db string) {
	dir := t.TempDir()
	if code, _, errs := runCLI(t, "demo", "--db", db, "--projects", "60", "--weeks", "20", "--today", "2026-11-27"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	// The demo publishes the default framework and records one run.
	code, out, _ := runCLI(t, "framework", "versions", "--db", db)
	if code != 0 || !strings.Contains(out, "1        *") {
		t.Fatalf("framework versions after demo: code %d\n%s", code, out)
	}
	code, _, errs := runCLI(t, "framework", "publish", "--db", db, "default")
	if code != 1 || !strings.Contains(errs, "identical") {
		t.Errorf("publishing the current document again: code %d, %q", code, errs)
	}
	code, _, errs = runCLI(t, "framework", "publish", "--db", db, "testdata/bad-framework.yaml")
	if code != 1 || !strings.Contains(errs, "bad-framework.yaml:12:") || !strings.Contains(errs, "nothing was done") {
		t.Errorf("publishing an invalid document: code %d, %q", code, errs)
	}

	// A draft where status-current always passes: the dry run shows its
	// findings going, publishing and recording resolves them.
	old := "check: status != null && status.days_old <= 14"
	def := string(governance.DefaultYAML())
	if !strings.Contains(def, old) {
		t.Fatal("the default framework no longer has the status-current check this test edits")
	}
	draft := filepath.Join(dir, "draft.yaml")
	if err := os.WriteFile(draft, []byte(strings.Replace(def, old, "check: true", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCLI(t, "framework", "dry-run", "--db", db, draft)
	if code != 0 || !strings.Contains(out, "Findings that would go") || !strings.Contains(out, "status-current") ||
		!strings.Contains(out, "0 new") {
		t.Errorf("dry run: code %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI(t, "framework", "publish", "--db", db, "--actor", "PMO Lead", draft)
	if code != 0 || !strings.Contains(out, "version 2") || !strings.Contains(out, "status-current") {
		t.Errorf("publish draft: code %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI(t, "audit", "--db", db, "--record", "--actor", "PMO Lead")
	if code != 0 || !strings.Contains(out, "recorded audit run 2: 0 new findings") || strings.Contains(out, ", 0 resolved") {
		t.Errorf("audit --record: code %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "audit", "--db", db)
	if code != 0 || strings.Contains(out, "recorded audit run") {
		t.Errorf("plain audit recorded a run: %s", out)
	}

	// Gate reviews on a new idea.
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ps, _, err := s.FindProjects(context.Background(), pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	idea := &pmo.Project{PortfolioID: ps[0].PortfolioID, Code: "IDEA-9", Name: "An idea", Stage: pmo.Idea, State: pmo.Proposed,
		Sponsor: "Sue", Manager: "Ann", Priority: 3, CustomFields: ps[0].CustomFields}
	if err := s.CreateProject(context.Background(), idea); err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, out, _ = runCLI(t, "gate", "check", "--db", db, "--project", "IDEA-9", "--gate", "G0")
	if code != 0 || !strings.Contains(out, "not ready") || !strings.Contains(out, "missing") {
		t.Errorf("gate check: code %d\n%s", code, out)
	}
	code, out, errs = runCLI(t, "gate", "request", "--db", db, "--project", "IDEA-9", "--gate", "G0", "--actor", "Ann")
	if code != 0 || !strings.Contains(out, "gate review 1 requested") {
		t.Errorf("gate request: code %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI(t, "gate", "decide", "--db", db, "--review", "1", "--decision", "go", "--actor", "Sue", "--role", "sponsor")
	if code != 1 || !strings.Contains(errs, "conditions") {
		t.Errorf("go with items missing and no conditions: code %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI(t, "gate", "decide", "--db", db, "--review", "1", "--decision", "recycle", "--actor", "Sue",
		"--comment", "describe the idea first")
	if code != 0 || !strings.Contains(out, "decided: recycle") {
		t.Errorf("gate decide recycle: code %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "gate", "list", "--db", db, "--project", "IDEA-9")
	if code != 0 || !strings.Contains(out, "recycle") || !strings.Contains(out, "Sue: recycle") {
		t.Errorf("gate list: code %d\n%s", code, out)
	}

	// Waivers and comments.
	code, out, errs = runCLI(t, "waiver", "grant", "--db", db, "--project", ps[0].Code, "--rule", "recovery-action",
		"--reason", "recovery is planned at program level", "--expires", "90d", "--actor", "PMO Lead")
	if code != 0 || !strings.Contains(out, "waiver 1 granted") {
		t.Errorf("waiver grant: code %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "waiver", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "recovery-action") || !strings.Contains(out, "in force") {
		t.Errorf("waiver list: code %d\n%s", code, out)
	}
	code, out, errs = runCLI(t, "rule", "comment", "--db", db, "--rule", "recovery-action", "--body", "too strict for small projects",
		"--actor", "Ann", "--project", "IDEA-9")
	if code != 0 || !strings.Contains(out, "comment 1") {
		t.Errorf("rule comment: code %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "rule", "stats", "--db", db)
	if code != 0 || !strings.Contains(out, "too strict for small projects") {
		t.Errorf("rule stats: code %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "waiver", "revoke", "--db", db, "--id", "1", "--actor", "PMO Lead")
	if code != 0 || !strings.Contains(out, "revoked") {
		t.Errorf("waiver revoke: code %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "insights", "--db", db)
	if code != 0 || !strings.Contains(out, "2 recorded runs") || !strings.Contains(out, "Most failed rules") ||
		!strings.Contains(out, "Rules nobody fails") || !strings.Contains(out, "Trend") {
		t.Errorf("insights: code %d\n%s", code, out)
	}

	for _, tt := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"audit", "--db", db, "--record", "--framework", "default"}, 2, "publish"},
		{[]string{"framework", "publish", "--db", db}, 2, "Usage"},
		{[]string{"framework", "dry-run", "--db", db, filepath.Join(dir, "missing.yaml")}, 1, "no such file"},
		{[]string{"gate", "request", "--db", db, "--project", "IDEA-9", "--gate", "G0"}, 2, "--actor is required"},
		{[]string{"gate", "request", "--db", db, "--project", "NOPE", "--gate", "G0", "--actor", "x"}, 1, "NOPE"},
		{[]string{"gate", "request", "--db", db, "--project", "IDEA-9", "--gate", "G3", "--actor", "x"}, 1, "stage"},
		{[]string{"gate", "decide", "--db", db, "--review", "1", "--decision", "maybe", "--actor", "x"}, 2, "--decision"},
		{[]string{"gate", "decide", "--db", db, "--review", "1", "--decision", "kill", "--actor", "x"}, 1, "already decided"},
		{[]string{"gate", "frobnicate"}, 2, "unknown gate command"},
		{[]string{"waiver", "grant", "--db", db, "--project", "IDEA-9", "--rule", "recovery-action", "--reason", "x",
			"--expires", "soon", "--actor", "x"}, 2, "--expires"},
		{[]string{"waiver", "grant", "--db", db, "--project", "IDEA-9", "--rule", "no-such-rule", "--reason", "x",
			"--expires", "30d", "--actor", "x"}, 1, "no-such-rule"},
		{[]string{"waiver", "revoke", "--db", db, "--id", "1", "--actor", "x"}, 1, "already revoked"},
		{[]string{"rule", "comment", "--db", db, "--rule", "nope", "--body", "x", "--actor", "x"}, 1, "no rule"},
		{[]string{"insights", "--db", db, "--format", "xml"}, 2, `invalid value "xml" for flag -format: must be one of table, json`},
	} {
		code, _, errs := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.err) {
			t.Errorf("%v: code %d (want %d), stderr %q (want %q)", tt.args, code, tt.code, errs, tt.err)
		}
	}
	for _, args := range [][]string{{"gate", "--help"}, {"waiver", "--help"}, {"rule", "--help"}, {"insights", "--help"},
		{"gate", "decide", "--help"}, {"framework", "publish", "--help"}, {"framework", "dry-run", "--help"}} {
		if code, _, errs := runCLI(t, args...); code != 0 || !strings.Contains(errs, "Usage") {
			t.Errorf("%v: code %d, stderr %q", args, code, errs)
		}
	}
}
