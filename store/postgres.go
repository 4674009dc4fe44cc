package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/pmohq/pmo"
)

// openPostgres opens one pool for reads and writes.
func (db *DB) openPostgres(ctx context.Context, dsn string) error {
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	p.SetMaxOpenConns(20)
	p.SetMaxIdleConns(10)
	p.SetConnMaxIdleTime(5 * time.Minute)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return fmt.Errorf("open postgres: %w", err)
	}
	db.writer, db.reader = p, p
	return nil
}

// retryPostgres runs fn again while it fails with a serialization failure
// (40001) or a deadlock (40P01), with a short growing pause.
func retryPostgres(ctx context.Context, log *slog.Logger, fn func() error) error {
	const attempts = 10
	var err error
	for i := range attempts {
		err = fn()
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || (pe.Code != "40001" && pe.Code != "40P01") {
			return err
		}
		log.Warn("retrying transaction", "sqlstate", pe.Code, "attempt", i+1)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(i+1) * 5 * time.Millisecond):
		}
	}
	return err
}

// pgKeyColumns finds the columns in a detail such as
// `Key (code)=(P-1) already exists.`
var pgKeyColumns = regexp.MustCompile(`Key \(([^)]+)\)=`)

// postgresError maps a PostgreSQL error to a domain error: a unique
// violation (23505) is Conflict naming the column(s); a foreign-key
// violation (23503) is Invalid naming the referencing column, or Conflict
// when a deleted row is still referenced. A serialization failure or deadlock
// is kept as is so that the retry helper sees it; anything else is Internal.
func postgresError(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	field := pgField(pe)
	switch pe.Code {
	case "23505":
		return conflictError(field)
	case "23503":
		if strings.Contains(pe.Detail, "still referenced") {
			return pmo.Errorf(pmo.Conflict, "the record is still in use by %s", pe.TableName)
		}
		return pmo.FieldErr(field, "refers to a record that does not exist")
	}
	return err
}

// pgField names the column of a constraint violation, from the detail or else
// from the constraint name (<table>_<column>_key / _fkey).
func pgField(pe *pgconn.PgError) string {
	if m := pgKeyColumns.FindStringSubmatch(pe.Detail); m != nil {
		return m[1]
	}
	if pe.ColumnName != "" {
		return pe.ColumnName
	}
	name := strings.TrimPrefix(pe.ConstraintName, pe.TableName+"_")
	for _, suffix := range []string{"_fkey", "_key", "_idx"} {
		name = strings.TrimSuffix(name, suffix)
	}
	if name == "" {
		return "id"
	}
	return name
}
