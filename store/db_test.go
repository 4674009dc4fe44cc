package store

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
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

func TestMaintenance(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		must(t, db.Ping(ctx))
		v, err := db.SchemaVersion(ctx)
		must(t, err)
		if want := latestMigration(t); v != want {
			t.Errorf("schema version = %d, want %d", v, want)
		}
		pf := mustPortfolio(t, db, "PF")
		mustProject(t, db, pf.ID, "P")
		out := filepath.Join(t.TempDir(), "backup.db")
		if db.dialect == postgresDialect {
			wantKind(t, db.Backup(ctx, out), pmo.Invalid, "")
			return
		}
		must(t, db.Backup(ctx, out))
		wantKind(t, db.Backup(ctx, out), pmo.Conflict, "")
		copied := mustOpen(t, out)
		if diff := diff(tableCounts(t, db), tableCounts(t, copied)); diff != "" {
			t.Errorf("backup rows (-want +got):\n%s", diff)
		}
		// The reader pool is query-only again after the backup.
		for range 8 {
			if _, err := db.reader.Exec("DELETE FROM project_tags"); err == nil {
				t.Fatal("a reader connection accepts writes after Backup")
			}
		}
	})
}

// latestMigration is the number of the newest embedded SQLite migration.
func latestMigration(t *testing.T) int64 {
	t.Helper()
	entries, err := migrations.ReadDir("migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	var latest int64
	for _, e := range entries {
		n, err := strconv.ParseInt(strings.SplitN(e.Name(), "_", 2)[0], 10, 64)
		if err == nil && n > latest {
			latest = n
		}
	}
	return latest
}
