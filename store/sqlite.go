package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"runtime"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/pmohq/pmo"
)

// sqlitePragmas apply to every connection, reader or writer. Each connection
// keeps up to 32 MiB of pages, so that roll-ups over thousands of projects
// do not re-read the same pages from the file.
var sqlitePragmas = []string{"busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)", "cache_size(-32768)"}

// openSQLite opens the one-connection writer (BEGIN IMMEDIATE, WAL) and the
// query-only reader pool on the file at path.
func (db *DB) openSQLite(ctx context.Context, path string) error {
	dsn := func(extra ...string) string {
		q := url.Values{}
		for _, p := range append(append([]string{}, sqlitePragmas...), extra...) {
			q.Add("_pragma", p)
		}
		// A plain path, not a file: URI, so that '#' or '%' in it mean nothing.
		return path + "?" + q.Encode()
	}
	if path == "" || strings.Contains(path, "?") || strings.HasPrefix(path, "file:") || path == ":memory:" {
		return fmt.Errorf("open sqlite: %q is not a file path (no '?', no URI, not in memory)", path)
	}
	// A larger page cache on the writer keeps big transactions (imports) from
	// spilling to the WAL page by page.
	w, err := sql.Open("sqlite", dsn("journal_mode(WAL)", "cache_size(-65536)")+"&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("open sqlite writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// The writer connects first so the file is in WAL mode before readers come.
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn("query_only(1)"))
	if err != nil {
		w.Close()
		return fmt.Errorf("open sqlite reader: %w", err)
	}
	n := max(4, runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	db.writer, db.reader = w, r
	return nil
}

var sqliteColumns = regexp.MustCompile(`(?:UNIQUE|PRIMARY KEY) constraint failed: ([A-Za-z0-9_., ]+)`)

// sqliteError maps a SQLite driver error to a domain error: a unique
// violation is Conflict naming the column(s), a foreign-key violation is
// Invalid. SQLite does not say which foreign key failed, so that field is
// "reference"; the store checks references itself before writing, which
// names the field, and this is the backstop. Anything else is returned
// as is (Internal).
func sqliteError(err error) error {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return err
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return conflictError(sqliteFields(e.Error()))
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return pmo.FieldErr("reference", "refers to a record that does not exist or is still referenced")
	}
	return err
}

// sqliteFields extracts "code" from "UNIQUE constraint failed: projects.code",
// and "project_id, period" for several columns.
func sqliteFields(msg string) string {
	m := sqliteColumns.FindStringSubmatch(msg)
	if m == nil {
		return "id"
	}
	cols := strings.Split(m[1], ",")
	for i, c := range cols {
		c = strings.TrimSpace(c)
		if _, after, ok := strings.Cut(c, "."); ok {
			c = after
		}
		cols[i] = c
	}
	return strings.Join(cols, ", ")
}

// conflictError is the Conflict for a duplicate value of field.
func conflictError(field string) error {
	return &pmo.Error{Kind: pmo.Conflict, Message: "the " + field + " is already in use",
		Fields: []pmo.FieldError{{Field: field, Detail: "is already in use"}}}
}
