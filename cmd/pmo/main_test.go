package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"

	"path/filepath"
	"strings"
	"testing"
)

// MustRunMain boots pmo as `pmo serve` does, on a free port with a temporary
// SQLite database, and closes it when the test ends.
func MustRunMain(tb testing.TB, cfg ServeConfig) *Main {
	tb.Helper()
	if cfg.DB == "" {
		cfg.DB = filepath.Join(tb.TempDir(), "pmo.db")
	}
	cfg.Addr = "127.0.0.1:0"
	m := &Main{Config: cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	tb.Cleanup(func() {
		if err := m.Close(); err != nil {
			tb.Error(err)
		}
	})
	if err := m.Run(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return m
}

// getJSON fetches m's path as an administrator (mustToken) into v.
func getJSON(t *testing.T, m *Main, path string, v any) {
	t.Helper()
	url := m.URL() + path
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+mustToken(t, m))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %s\n%s", url, resp.Status, body)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func TestServeDemo(t *testing.T) {
	m := MustRunMain(t, ServeConfig{Demo: true, DemoSeed: 7})
	var list struct {
		Items []map[string]any `json:"items"`
		Total int              `json:"total"`
	}
	getJSON(t, m, "/api/v1/projects?limit=5", &list)
	if list.Total < 100 || len(list.Items) != 5 {
		t.Fatalf("demo portfolio: total %d projects, page of %d; want ~150 and 5", list.Total, len(list.Items))
	}
	var rollup struct {
		Projects int `json:"projects"`
	}
	getJSON(t, m, "/api/v1/rollup", &rollup)
	if rollup.Projects != list.Total {
		t.Errorf("rollup counts %d projects, list %d", rollup.Projects, list.Total)
	}
	// A second start on the same database keeps the data and does not load it twice.
	db := m.Config.DB
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m2 := MustRunMain(t, ServeConfig{DB: db, Demo: true, DemoSeed: 7})
	getJSON(t, m2, "/api/v1/projects?limit=1", &list)
	if list.Total != rollup.Projects {
		t.Errorf("after restart: %d projects, want %d", list.Total, rollup.Projects)
	}
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pmo.db")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // substring of stdout
		wantErr  string // substring of stderr
	}{
		{"no command", nil, 2, "Usage: pmo <command>", ""},
		{"help", []string{"help"}, 0, "Commands:", ""},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"version", []string{"version"}, 0, "pmo dev", ""},
		{"serve help", []string{"serve", "--help"}, 0, "", "--addr"},
		{"migrate help", []string{"migrate", "-h"}, 0, "", "--db"},
		{"demo help", []string{"demo", "--help"}, 0, "", "--projects"},
		{"backup help", []string{"backup", "--help"}, 0, "", "--out"},
		{"bad flag", []string{"serve", "--port", "80"}, 2, "", "flag provided but not defined: -port"},
		{"stray argument", []string{"migrate", "extra"}, 2, "", `unexpected argument "extra"`},
		{"migrate", []string{"migrate", "--db", db}, 0, "schema version", ""},
		{"demo small", []string{"demo", "--db", db, "--projects", "30", "--weeks", "8", "--today", "2026-11-27"}, 0, "demo portfolio loaded", ""},
		{"demo twice refuses", []string{"demo", "--db", db}, 1, "", "already holds portfolios"},
		{"demo bad date", []string{"demo", "--db", db, "--today", "27/11/2026"}, 2, "", "--today"},
		{"backup without out", []string{"backup", "--db", db}, 2, "", "--out is required"},
		{"backup", []string{"backup", "--db", db, "--out", filepath.Join(dir, "copy.db")}, 0, "restore by running pmo with --db", ""},
		{"backup onto existing file", []string{"backup", "--db", db, "--out", filepath.Join(dir, "copy.db")}, 1, "", "exists"},
		{"unreachable postgres", []string{"migrate", "--db", "postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"}, 1, "", "pmo migrate:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tt.wantCode, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantOut) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tt.wantOut)
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.wantErr)
			}
			if strings.Contains(stderr.String(), "secret") {
				t.Errorf("stderr leaks a password: %s", stderr.String())
			}
		})
	}
	// The backup is a working database with the same projects.
	m := MustRunMain(t, ServeConfig{DB: filepath.Join(dir, "copy.db")})
	var list struct {
		Total int `json:"total"`
	}
	getJSON(t, m, "/api/v1/projects?limit=1", &list)
	if list.Total != 30 {
		t.Errorf("backup holds %d projects, want 30", list.Total)
	}
}
