package store

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenSQLitePaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a b#c%20")
	must(t, os.Mkdir(dir, 0o755))
	path := filepath.Join(dir, "pmo.db")
	var logs bytes.Buffer
	db := mustOpen(t, path, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	mustPortfolio(t, db, "X")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the database is not at the path given: %v", err)
	}
	if !strings.Contains(logs.String(), "migration applied") {
		t.Errorf("no migration logged: %q", logs.String())
	}
	must(t, db.Migrate(ctx)) // idempotent
	for _, bad := range []string{"", ":memory:", "file:x.db", "x.db?mode=ro"} {
		if _, err := Open(ctx, bad); err == nil {
			t.Errorf("Open(%q) succeeded", bad)
		}
	}
}

func TestReaderIsQueryOnly(t *testing.T) {
	db := mustOpenSQLite(t)
	if _, err := db.reader.Exec("DELETE FROM portfolios"); err == nil {
		t.Error("the reader pool accepted a write")
	}
}
