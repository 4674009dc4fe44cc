package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestFrameworkCommands(t *testing.T) {
	dir := t.TempDir()
	def := filepath.Join(dir, "default.yaml")
	code, out, _ := runCLI(t, "framework", "default")
	if code != 0 || !strings.Contains(out, "rules:") {
		t.Fatalf("framework default: code %d", code)
	}
	if err := os.WriteFile(def, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	// An edited copy: a rule renamed reads as one removed and one added.
	edited := filepath.Join(dir, "edited.yaml")
	if !strings.Contains(out, "id: status-current\n") {
		t.Fatal("the default framework no longer has rule status-current; pick another rule for this test")
	}
	if err := os.WriteFile(edited, []byte(strings.Replace(out, "id: status-current\n", "id: status-recent\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errs := runCLI(t, "framework", "validate", def)
	if code != 0 || !strings.Contains(out, "valid") {
		t.Errorf("validate default: code %d, out %q, err %q", code, out, errs)
	}
	code, _, errs = runCLI(t, "framework", "validate", "testdata/bad-framework.yaml")
	if code != 1 {
		t.Errorf("validate bad: code %d, want 1", code)
	}
	// Every problem is reported with file:line:column.
	for _, want := range []string{"testdata/bad-framework.yaml:12:", "testdata/bad-framework.yaml:13:"} {
		if !strings.Contains(errs, want) {
			t.Errorf("validate bad: stderr lacks %q:\n%s", want, errs)
		}
	}
	code, _, errs = runCLI(t, "framework", "validate", filepath.Join(dir, "missing.yaml"))
	if code != 1 || !strings.Contains(errs, "no such file") {
		t.Errorf("validate missing: code %d, stderr %q", code, errs)
	}
	code, out, _ = runCLI(t, "framework", "diff", "default", def)
	if code != 0 || strings.TrimSpace(out) != "no changes" {
		t.Errorf("diff default vs its copy: code %d, out %q", code, out)
	}
	code, out, _ = runCLI(t, "framework", "diff", def, edited)
	if code != 0 || !strings.Contains(out, "status-recent") || !strings.Contains(out, "status-current") {
		t.Errorf("diff edited: code %d, out %q", code, out)
	}
	if code, _, _ = runCLI(t, "framework", "diff", def); code != 2 {
		t.Errorf("diff with one file: code %d, want 2", code)
	}
	if code, _, _ = runCLI(t, "framework", "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand: code %d, want 2", code)
	}
}

func TestAuditCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pmo.db")
	if code, _, errs := runCLI(t, "demo", "--db", db, "--projects", "60", "--weeks", "20", "--today", "2026-11-27"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	code, out, errs := runCLI(t, "audit", "--db", db)
	if code != 0 || !strings.Contains(out, "60 projects") || !strings.Contains(out, "Most failed rules") {
		t.Errorf("audit table: code %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "audit", "--db", db, "--format", "json", "--portfolio", "1")
	var res struct {
		Summary struct {
			Projects   int `json:"projects"`
			Violations int `json:"violations"`
		} `json:"summary"`
		Findings []struct {
			Portfolio string `json:"portfolio"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("audit json: code %d, %v", code, err)
	}
	if res.Summary.Projects == 0 || res.Summary.Projects >= 60 || len(res.Findings) == 0 {
		t.Errorf("audit of portfolio 1: %+v with %d findings", res.Summary, len(res.Findings))
	}
	for _, f := range res.Findings {
		if f.Portfolio != res.Findings[0].Portfolio {
			t.Errorf("findings from portfolios %s and %s", f.Portfolio, res.Findings[0].Portfolio)
			break
		}
	}
	code, out, _ = runCLI(t, "audit", "--db", db, "--format", "csv")
	if lines := strings.Count(out, "\n"); code != 0 || !strings.HasPrefix(out, "project,portfolio") || lines < 2 {
		t.Errorf("audit csv: code %d, %d lines", code, lines)
	}
	for _, tt := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"audit", "--db", db, "--format", "xml"}, 2, `invalid value "xml" for flag -format: must be one of table, json`},
		{[]string{"audit", "--db", db, "--portfolio", "NOPE"}, 1, "NOPE"},
		{[]string{"audit", "--db", db, "--framework", "testdata/bad-framework.yaml"}, 1, "bad-framework.yaml:12:"},
	} {
		code, _, errs := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.err) {
			t.Errorf("%v: code %d (want %d), stderr %q (want %q)", tt.args, code, tt.code, errs, tt.err)
		}
	}
}
