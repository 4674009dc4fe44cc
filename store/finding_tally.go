package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pmohq/pmo"
)

// tallyCols are the columns of each dimension.
var tallyCols = map[pmo.FindingDim]string{
	pmo.ByProject:  "f.project_id",
	pmo.ByRule:     "f.rule",
	pmo.ByProgram:  "f.program",
	pmo.ByManager:  "f.manager",
	pmo.ByStage:    "f.stage",
	pmo.BySeverity: "f.severity",
}

// TallyFindings counts the findings f matches in groups of by with one
// GROUP BY, so that the portfolio views never read the findings
// themselves (issue 5: reading 15,579 open findings to count them in Go
// cost 100 ms of CPU a page). Migration 00051 adds the indexes that
// cover the usual groupings.
func (db *DB) TallyFindings(ctx context.Context, f pmo.FindingFilter, chronicSeen int, by ...pmo.FindingDim) (ts []pmo.FindingTally, err error) {
	var cols []string
	for _, d := range by {
		col, ok := tallyCols[d]
		if !ok {
			return nil, pmo.FieldErr("by", "cannot group findings by %q", d)
		}
		cols = append(cols, col)
	}
	const open = "f.resolved_at IS NULL AND f.waived = 0"
	// The ages are read only by project: the index of the other groupings
	// (00051) does not hold first_seen, and reading it from the table
	// doubled the cost of the count by rule.
	ages := "NULL, NULL"
	if slices.Contains(by, pmo.ByProject) {
		ages = "MIN(CASE WHEN " + open + " THEN f.first_seen END), MAX(CASE WHEN " + open + " THEN f.id END)"
	}
	q := "SELECT "
	for _, c := range cols {
		q += c + ", "
	}
	q += `COUNT(CASE WHEN ` + open + ` THEN 1 END),
		COUNT(CASE WHEN f.resolved_at IS NULL AND f.waived = 1 THEN 1 END),
		COUNT(CASE WHEN f.resolved_at IS NOT NULL THEN 1 END),
		COUNT(CASE WHEN f.waived = 0 THEN 1 END),
		COUNT(CASE WHEN ` + open + ` AND f.seen >= ` + strconv.Itoa(chronicSeen) + ` THEN 1 END),
		` + ages + `
		FROM findings f`
	w := findingWhere(ctx, f)
	q += w.String()
	if len(cols) > 0 {
		q += " GROUP BY " + strings.Join(cols, ", ")
	}
	err = db.read(ctx, func(t *tx) error {
		rows, err := t.query(q, w.args...)
		if err != nil {
			return err
		}
		xs, err := scanAll(rows, func(rs rowScanner) (*pmo.FindingTally, error) {
			var x pmo.FindingTally
			var oldest *time.Time
			var last sql.NullInt64
			dest := make([]any, 0, len(by)+7)
			for _, d := range by {
				dest = append(dest, tallyDest(&x, d))
			}
			err := rs.Scan(append(dest, &x.Open, &x.Waived, &x.Resolved, &x.Unwaived, &x.Chronic, optTime{&oldest}, &last)...)
			if oldest != nil {
				x.OldestOpen = *oldest
			}
			x.LastOpenID = last.Int64
			return &x, err
		})
		for _, x := range xs {
			ts = append(ts, *x)
		}
		return err
	})
	return ts, err
}

// tallyDest is where the column of dimension d scans into.
func tallyDest(x *pmo.FindingTally, d pmo.FindingDim) any {
	switch d {
	case pmo.ByProject:
		return &x.ProjectID
	case pmo.ByRule:
		return &x.Rule
	case pmo.ByProgram:
		return &x.Program
	case pmo.ByManager:
		return &x.Manager
	case pmo.ByStage:
		return &x.Stage
	}
	return &x.Severity
}
