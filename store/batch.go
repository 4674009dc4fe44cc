package store

import (
	"database/sql"
	"strings"
)

// batchRows is how many rows one multi-row INSERT of an import carries.
// At 26 columns it stays far below both databases' limits on parameters.
const batchRows = 64

// batcher inserts rows through a prepared multi-row INSERT of batchRows
// rows, and the remainder one by one: far fewer round trips on PostgreSQL
// and fewer statement executions on SQLite. Used only where no ids are
// needed back.
type batcher struct {
	t    *tx
	many *sql.Stmt
	one  *sql.Stmt
	args []any
	rows int
}

// newBatcher prepares head + tuple and head + batchRows tuples, where head
// is "INSERT INTO t (...) VALUES " and tuple one row's "(?, ...)".
func newBatcher(t *tx, head, tuple string) (*batcher, error) {
	one, err := t.prepare(head + tuple)
	if err != nil {
		return nil, err
	}
	many, err := t.prepare(head + strings.TrimSuffix(strings.Repeat(tuple+", ", batchRows), ", "))
	if err != nil {
		one.Close()
		return nil, err
	}
	return &batcher{t: t, one: one, many: many}, nil
}

// add queues one row, writing a full batch when there is one.
func (b *batcher) add(row []any) error {
	b.args = append(b.args, row...)
	if b.rows++; b.rows < batchRows {
		return nil
	}
	_, err := b.many.ExecContext(b.t.ctx, b.args...)
	b.args, b.rows = b.args[:0], 0
	return err
}

// flush writes the queued rows.
func (b *batcher) flush() error {
	if b.rows == 0 {
		return nil
	}
	n := len(b.args) / b.rows
	for i := 0; i < len(b.args); i += n {
		if _, err := b.one.ExecContext(b.t.ctx, b.args[i:i+n]...); err != nil {
			return err
		}
	}
	b.args, b.rows = b.args[:0], 0
	return nil
}

func (b *batcher) close() {
	b.one.Close()
	b.many.Close()
}
