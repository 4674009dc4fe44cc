package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/pmohq/pmo"
)

// SaveBaseline saves the scheduled dates of every task as baseline number,
// replacing one saved under that number; NotFound without a schedule,
// Invalid for a number outside 0-10.
func (db *DB) SaveBaseline(ctx context.Context, projectID int64, number int, name string) (b *pmo.Baseline, err error) {
	err = db.write(ctx, func(t *tx) error {
		s, err := t.findSchedule(projectID)
		if err != nil {
			return err
		}
		b = pmo.BaselineOf(s, number, name)
		if err := b.Prepare(); err != nil {
			return err
		}
		a := pmo.ActorFrom(t.ctx)
		b.SavedAt, b.SavedBy = t.now, a.Name
		if b.SavedBy == "" {
			b.SavedBy = "system"
		}
		old, err := t.findBaseline(projectID, number)
		var before any
		if err == nil {
			before = old.BaselineInfo
		} else if pmo.ErrorKind(err) != pmo.NotFound {
			return err
		}
		if err := t.insertBaseline(projectID, b); err != nil {
			return err
		}
		return t.audit("schedule_baseline", int64(number), projectID, pmo.AuditCreate, before, b.BaselineInfo)
	})
	return b, err
}

// insertBaseline stores b, replacing the baseline of the same number.
// A baseline without a save time (one from a file) is stamped now.
func (t *tx) insertBaseline(projectID int64, b *pmo.Baseline) error {
	if _, err := t.exec("DELETE FROM schedule_baselines WHERE project_id = ? AND number = ?", projectID, b.Number); err != nil {
		return err
	}
	if b.SavedAt.IsZero() {
		b.SavedAt = t.now
	}
	if b.SavedBy == "" {
		b.SavedBy = pmo.ActorFrom(t.ctx).Name
	}
	if _, err := t.exec(`INSERT INTO schedule_baselines (project_id, number, name, saved_at, saved_by, finish_at)
		VALUES (?, ?, ?, ?, ?, ?)`, projectID, b.Number, b.Name, timeArg(b.SavedAt), b.SavedBy, nullTime(b.Finish)); err != nil {
		return err
	}
	return t.batch("schedule_baseline_tasks", "project_id, number, uid, position, name, start_at, finish_at, duration, work, cost",
		len(b.Tasks), func(i int) []any {
			k := &b.Tasks[i]
			return []any{projectID, b.Number, k.UID, i, k.Name, nullTime(k.Start), nullTime(k.Finish), k.Duration, k.Work, k.Cost}
		})
}

// FindBaseline returns a saved baseline with its task values; NotFound.
func (db *DB) FindBaseline(ctx context.Context, projectID int64, number int) (b *pmo.Baseline, err error) {
	err = db.read(ctx, func(t *tx) error {
		b, err = t.findBaseline(projectID, number)
		return err
	})
	return b, err
}

func (t *tx) findBaseline(projectID int64, number int) (*pmo.Baseline, error) {
	b := &pmo.Baseline{}
	err := t.queryRow(`SELECT number, name, saved_at, saved_by, finish_at FROM schedule_baselines
		WHERE project_id = ? AND number = ?`, projectID, number).Scan(&b.Number, &b.Name, timeScan{&b.SavedAt},
		&b.SavedBy, nullTimeScan{&b.Finish})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pmo.Errorf(pmo.NotFound, "project %d has no baseline %d", projectID, number)
	}
	if err != nil {
		return nil, err
	}
	rows, err := t.query(`SELECT uid, name, start_at, finish_at, duration, work, cost FROM schedule_baseline_tasks
		WHERE project_id = ? AND number = ? ORDER BY position`, projectID, number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	b.Tasks = []pmo.BaselineTask{}
	for rows.Next() {
		var k pmo.BaselineTask
		if err := rows.Scan(&k.UID, &k.Name, nullTimeScan{&k.Start}, nullTimeScan{&k.Finish}, &k.Duration,
			&k.Work, &k.Cost); err != nil {
			return nil, err
		}
		b.Tasks = append(b.Tasks, k)
	}
	return b, rows.Err()
}

// baselineInfos lists the project's saved baselines by number.
func (t *tx) baselineInfos(projectID int64) ([]pmo.BaselineInfo, error) {
	rows, err := t.query(`SELECT number, name, saved_at, saved_by FROM schedule_baselines WHERE project_id = ?
		ORDER BY number`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []pmo.BaselineInfo{}
	for rows.Next() {
		var b pmo.BaselineInfo
		if err := rows.Scan(&b.Number, &b.Name, timeScan{&b.SavedAt}, &b.SavedBy); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
