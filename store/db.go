package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/pmohq/pmo"
)

//go:embed migrations
var migrations embed.FS

// dialect tells the two databases apart where their SQL or errors differ.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// DB is a pmo.Services backed by SQLite or PostgreSQL. It is safe for
// concurrent use.
type DB struct {
	dialect dialect
	writer  *sql.DB // SQLite: one connection; PostgreSQL: the only pool
	reader  *sql.DB // SQLite: query-only pool; PostgreSQL: same as writer
	now     func() time.Time
	log     *slog.Logger
}

var _ pmo.Services = (*DB)(nil)

// Option configures Open.
type Option func(*DB)

// WithNow sets the clock used for created_at, updated_at and submitted_at
// and for "today" in filters and roll-ups. The default is time.Now.
func WithNow(now func() time.Time) Option { return func(db *DB) { db.now = now } }

// WithLogger sets the logger for migrations and retries. The default (and
// a nil logger) discards.
func WithLogger(l *slog.Logger) Option {
	return func(db *DB) {
		if l != nil {
			db.log = l
		}
	}
}

// Open opens the database named by dsn and migrates it to the latest schema.
// A dsn starting with postgres:// or postgresql:// opens PostgreSQL; anything
// else is the path of a SQLite file, created when missing.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	db := &DB{now: time.Now, log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(db)
	}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db.dialect = postgresDialect
		err = db.openPostgres(ctx, dsn)
	} else {
		db.dialect = sqliteDialect
		err = db.openSQLite(ctx, dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes every connection. On SQLite it first lets the query planner
// refresh the statistics it needs (PRAGMA optimize).
func (db *DB) Close() error {
	if db.dialect == sqliteDialect {
		db.writer.Exec("PRAGMA optimize")
	}
	err := db.writer.Close()
	if db.reader != db.writer {
		err = errors.Join(err, db.reader.Close())
	}
	return err
}

// Migrate applies pending migrations; Open already calls it. It is what
// `pmo migrate` runs.
func (db *DB) Migrate(ctx context.Context) error {
	dir, gd := "migrations/sqlite", goose.DialectSQLite3
	if db.dialect == postgresDialect {
		dir, gd = "migrations/postgres", goose.DialectPostgres
	}
	fsys, err := fs.Sub(migrations, dir)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if db.dialect == postgresDialect {
		// Servers starting together migrate one at a time: an advisory lock
		// keyed by the schema, so that separate schemas do not wait on each other.
		var schema string
		if err := db.writer.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("pmo migrate " + schema))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64() >> 1)))
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gd, db.writer, fsys, opts...)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range res {
		db.log.Info("migration applied", "version", r.Source.Version, "path", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// Ping checks that the database answers, for health checks.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.reader.PingContext(ctx); err != nil {
		return err
	}
	return db.writer.PingContext(ctx)
}

// tx is a transaction plus what its helpers need: the context, the dialect
// for rebinding, and the time the transaction started ("now").
type tx struct {
	ctx context.Context
	tx  *sql.Tx
	db  *DB
	now time.Time
}

func (t *tx) exec(q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(t.ctx, t.db.rebind(q), args...)
}

func (t *tx) query(q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(t.ctx, t.db.rebind(q), args...)
}

func (t *tx) queryRow(q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, t.db.rebind(q), args...)
}

func (t *tx) prepare(q string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(t.ctx, t.db.rebind(q))
}

// insert runs an INSERT ... RETURNING id and returns the id.
func (t *tx) insert(q string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// write runs fn in a write transaction and commits it. On PostgreSQL it
// retries serialization failures and deadlocks.
func (db *DB) write(ctx context.Context, fn func(*tx) error) error {
	run := func() error {
		sqlTx, err := db.writer.BeginTx(ctx, nil)
		if err != nil {
			return db.mapError(err)
		}
		defer sqlTx.Rollback()
		t := &tx{ctx: ctx, tx: sqlTx, db: db, now: db.now().UTC()}
		if err := fn(t); err != nil {
			return db.mapError(err)
		}
		return db.mapError(sqlTx.Commit())
	}
	if db.dialect == postgresDialect {
		return retryPostgres(ctx, db.log, run)
	}
	return run()
}

// read runs fn in a transaction on the reader pool, so a page and its
// total come from one snapshot.
func (db *DB) read(ctx context.Context, fn func(*tx) error) error {
	var opts *sql.TxOptions
	if db.dialect == postgresDialect {
		// Repeatable read: the count and the page see the same snapshot.
		opts = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	sqlTx, err := db.reader.BeginTx(ctx, opts)
	if err != nil {
		return db.mapError(err)
	}
	defer sqlTx.Rollback()
	if err := fn(&tx{ctx: ctx, tx: sqlTx, db: db, now: db.now().UTC()}); err != nil {
		return db.mapError(err)
	}
	return db.mapError(sqlTx.Commit())
}

// mapError turns driver errors into domain errors; domain errors and nil
// pass through.
func (db *DB) mapError(err error) error {
	if err == nil || pmo.ErrorKind(err) != pmo.Internal {
		return err
	}
	if db.dialect == postgresDialect {
		return postgresError(err)
	}
	return sqliteError(err)
}

// rebind rewrites ? placeholders to $1, $2, ... for PostgreSQL. The SQL of
// this package never has a ? inside a string literal, but literals are
// skipped anyway.
func (db *DB) rebind(q string) string {
	if db.dialect != postgresDialect {
		return q
	}
	return rebindDollar(q)
}

func rebindDollar(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// notFound is the NotFound error for a kind of record and id.
func notFound(what string, id int64) error {
	return pmo.Errorf(pmo.NotFound, "%s %d not found", what, id)
}

// versionError explains why an UPDATE or DELETE guarded by version touched
// no row: the record is gone (NotFound) or someone else saved first (Stale).
func (t *tx) versionError(table, what string, id int64) error {
	var v int
	err := t.queryRow("SELECT version FROM "+table+" WHERE id = ?", id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(what, id)
	}
	if err != nil {
		return err
	}
	return pmo.Errorf(pmo.Stale, "someone else saved this %s first; the current version is %d: reload and try again", what, v)
}

// exists reports whether a row with id exists in table.
func (t *tx) exists(table string, id int64) (bool, error) {
	var one int
	err := t.queryRow("SELECT 1 FROM "+table+" WHERE id = ?", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// checkAffected turns an UPDATE/DELETE result into nil or a version error.
func (t *tx) checkAffected(res sql.Result, table, what string, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return t.versionError(table, what, id)
	}
	return nil
}
