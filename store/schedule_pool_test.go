package store

import (
	"strings"
	"testing"
	"time"

	"github.com/pmohq/pmo"
)

// TestSaveSchedulesDates: a pool levelling stores every schedule or none.
func TestSaveSchedulesDates(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		a, b := mustProject(t, db, pf.ID, "A"), mustProject(t, db, pf.ID, "B")
		sa, sb := smallSchedule(a.ID), smallSchedule(b.ID)
		must(t, db.ReplaceSchedule(ctx, sa, nil, 0))
		must(t, db.ReplaceSchedule(ctx, sb, nil, 0))
		finish := time.Date(2026, 2, 2, 17, 0, 0, 0, time.UTC)

		// B changed meanwhile: nothing is written, A included.
		sa.Finish, sa.Tasks[1].LevelingDelay = finish, 480
		sb.Finish = finish
		err := db.SaveSchedulesDates(ctx, []*pmo.Schedule{sa, sb}, []int{1, 0})
		wantKind(t, err, pmo.Stale, "")
		if !strings.Contains(pmo.ErrorMessage(err), "project") {
			t.Errorf("the stale error names no project: %v", err)
		}
		got, err := db.FindSchedule(ctx, a.ID)
		must(t, err)
		if got.Version != 1 || got.Tasks[1].LevelingDelay != 0 || got.Finish.Equal(finish) {
			t.Errorf("A was written although B was stale: version %d, delay %d", got.Version, got.Tasks[1].LevelingDelay)
		}

		must(t, db.SaveSchedulesDates(ctx, []*pmo.Schedule{sa, sb}, []int{1, 1}))
		for _, id := range []int64{a.ID, b.ID} {
			got, err := db.FindSchedule(ctx, id)
			must(t, err)
			if got.Version != 2 || !got.Finish.Equal(finish) {
				t.Errorf("project %d: version %d, finish %v", id, got.Version, got.Finish)
			}
		}
		if sa.Version != 2 || sb.Version != 2 {
			t.Errorf("versions %d %d", sa.Version, sb.Version)
		}
		got, _ = db.FindSchedule(ctx, a.ID)
		if got.Tasks[1].LevelingDelay != 480 {
			t.Errorf("delay %d", got.Tasks[1].LevelingDelay)
		}
	})
}
