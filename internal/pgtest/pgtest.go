// Package pgtest gives tests a PostgreSQL schema of their own on the server
// named by PMO_TEST_POSTGRES, so the same suites run on SQLite always and on
// PostgreSQL when CI (or a developer) provides one.
package pgtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvVar names the connection URL of the test server.
const EnvVar = "PMO_TEST_POSTGRES"

// Schema creates a schema t_<random> on the server named by PMO_TEST_POSTGRES,
// drops it when the test ends, and returns a URL whose search_path selects it.
// It skips the test with a clear message when the variable is unset.
func Schema(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvVar)
	if base == "" {
		tb.Skip(EnvVar + " not set; skipping PostgreSQL tests")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
