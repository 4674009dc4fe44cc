package store

import (
	"testing"
	"time"

	"github.com/pmohq/pmo"
)

// smallSchedule is a summary with two linked tasks and a milestone, on a
// calendar with a holiday, with one resource.
func smallSchedule(projectID int64) *pmo.Schedule {
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	return &pmo.Schedule{
		ProjectID: projectID, Name: "Plan", Start: start, Calendar: 1,
		Calendars: []pmo.Calendar{{UID: 1, Name: "Standard", Base: -1, Week: pmo.StandardWeek(),
			Exceptions: []pmo.CalendarException{{Name: "Holiday", First: pmo.NewDate(2026, 1, 6)}}},
			{UID: 2, Name: "Dev", Base: 1, Week: [7][]pmo.Span{1: {{From: 480, To: 960}}, 5: {}}}},
		Tasks: []pmo.Task{
			{UID: 1, Name: "Build", OutlineLevel: 1, Calendar: -1},
			{UID: 2, Name: "Design", OutlineLevel: 2, Duration: 960, Calendar: -1,
				TaskDates: pmo.TaskDates{Start: start, Finish: start.Add(48 * time.Hour), Critical: true, Driver: -1}},
			{UID: 3, Name: "Code", OutlineLevel: 2, Duration: 2400, Calendar: 2,
				Predecessors: []pmo.Link{{Predecessor: 2, Lag: -480, Type: pmo.StartToStart}}},
			{UID: 4, Name: "Done", OutlineLevel: 1, Milestone: true, Calendar: -1, Constraint: pmo.FNLT,
				ConstraintDate: start.AddDate(0, 1, 0), Predecessors: []pmo.Link{{Predecessor: 3, LagPercent: 50, Elapsed: true}}},
		},
		Resources:   []pmo.Resource{{UID: 1, Name: "Dev", MaxUnits: 2, Calendar: 2}},
		Assignments: []pmo.Assignment{{UID: 1, Task: 3, Resource: 1, Units: 0.5, Work: 1200}},
		Warnings:    []pmo.ScheduleWarning{},
	}
}

func TestScheduleRoundTrip(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P")
		_, err := db.FindSchedule(ctx, p.ID)
		wantKind(t, err, pmo.NotFound, "")
		s := smallSchedule(p.ID)
		base := []pmo.Baseline{{BaselineInfo: pmo.BaselineInfo{Number: 1, Name: "from file"},
			Tasks: []pmo.BaselineTask{{UID: 2, Name: "Design", Start: s.Start, Finish: s.Start.Add(time.Hour), Duration: 60}}}}
		must(t, db.ReplaceSchedule(ctx, s, base, 0))
		if s.Version != 1 || s.Tasks[0].ID == 0 || len(s.Baselines) != 1 {
			t.Fatalf("after replace: version %d, task id %d, baselines %v", s.Version, s.Tasks[0].ID, s.Baselines)
		}
		got, err := db.FindSchedule(ctx, p.ID)
		must(t, err)
		if d := diff(s, got); d != "" {
			t.Errorf("schedule read back (-stored +read):\n%s", d)
		}
		if got.Calendars[1].Week[0] != nil || got.Calendars[1].Week[5] == nil {
			t.Errorf("a derived calendar's inherited (nil) and non-working (empty) days must survive: %#v", got.Calendars[1].Week)
		}
		k, err := db.FindTaskByID(ctx, s.Tasks[2].ID)
		must(t, err)
		if d := diff(&s.Tasks[2], k); d != "" {
			t.Errorf("task read back (-stored +read):\n%s", d)
		}
		// Replacing needs the current version and keeps baselines.
		wantKind(t, db.ReplaceSchedule(ctx, smallSchedule(p.ID), nil, 0), pmo.Stale, "")
		s2 := smallSchedule(p.ID)
		s2.Tasks = s2.Tasks[:2]
		s2.Assignments = nil
		must(t, db.ReplaceSchedule(ctx, s2, nil, 1))
		got, err = db.FindSchedule(ctx, p.ID)
		must(t, err)
		if len(got.Tasks) != 2 || got.Version != 2 || len(got.Baselines) != 1 {
			t.Errorf("after the second replace: %d tasks, version %d, %d baselines", len(got.Tasks), got.Version, len(got.Baselines))
		}
		b, err := db.FindBaseline(ctx, p.ID, 1)
		must(t, err)
		if len(b.Tasks) != 1 || b.Tasks[0].Duration != 60 || b.Name != "from file" {
			t.Errorf("baseline = %+v", b)
		}
		wantKind(t, db.ReplaceSchedule(ctx, smallSchedule(999999), nil, 0), pmo.NotFound, "")
		must(t, db.DeleteSchedule(ctx, p.ID, 2))
		_, err = db.FindSchedule(ctx, p.ID)
		wantKind(t, err, pmo.NotFound, "")
	})
}

func TestScheduleFailedImportLeavesOld(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P")
		must(t, db.ReplaceSchedule(ctx, smallSchedule(p.ID), nil, 0))
		before := scheduleCounts(t, db)
		old, err := db.FindSchedule(ctx, p.ID)
		must(t, err)
		// Invalid input fails before any write...
		bad := smallSchedule(p.ID)
		bad.Tasks[2].Predecessors[0].Predecessor = 42
		wantKind(t, db.ReplaceSchedule(ctx, bad, nil, 1), pmo.Invalid, "tasks[2].predecessors[0].predecessor")
		// ...and a failure in the middle of the writes rolls all back: a
		// trigger makes the database refuse the assignments, written after
		// the calendars, tasks, links and resources.
		failAssignments(t, db)
		if err := db.ReplaceSchedule(ctx, smallSchedule(p.ID), nil, 1); err == nil {
			t.Fatal("the trigger did not fail the import")
		}
		got, err := db.FindSchedule(ctx, p.ID)
		must(t, err)
		if d := diff(old, got); d != "" {
			t.Errorf("schedule changed by a failed import (-before +after):\n%s", d)
		}
		if d := diff(before, scheduleCounts(t, db)); d != "" {
			t.Errorf("rows changed (-before +after):\n%s", d)
		}
	})
}

// failAssignments installs a trigger that fails every insert into
// schedule_assignments.
func failAssignments(t *testing.T, db *DB) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER fail_assignments BEFORE INSERT ON schedule_assignments
		BEGIN SELECT RAISE(ABORT, 'assignments refused'); END`}
	if db.dialect == postgresDialect {
		stmts = []string{`CREATE FUNCTION fail_assignments() RETURNS trigger AS $$
			BEGIN RAISE EXCEPTION 'assignments refused'; END $$ LANGUAGE plpgsql`,
			`CREATE TRIGGER fail_assignments BEFORE INSERT ON schedule_assignments
			FOR EACH ROW EXECUTE FUNCTION fail_assignments()`}
	}
	for _, q := range stmts {
		if _, err := db.writer.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func TestScheduleTaskEdits(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P")
		s := smallSchedule(p.ID)
		must(t, db.ReplaceSchedule(ctx, s, nil, 0))
		code := s.Tasks[2]
		if !s.Tasks[0].Summary {
			t.Fatal("task 1 is not a summary")
		}
		name, pct := "Code and test", 40
		started := s.Start.Add(24 * time.Hour)
		k, err := db.UpdateTask(ctx, code.ID, 1, pmo.TaskUpdate{Name: &name, PercentComplete: &pct, ActualStart: &started})
		must(t, err)
		if k.Name != name || k.Version != 2 || k.PercentComplete != 40 || !k.ActualStart.Equal(started) || k.Parent != 1 {
			t.Errorf("updated task = %+v", k)
		}
		_, err = db.UpdateTask(ctx, code.ID, 1, pmo.TaskUpdate{Name: &name})
		wantKind(t, err, pmo.Stale, "")
		bad := 120
		_, err = db.UpdateTask(ctx, code.ID, 2, pmo.TaskUpdate{PercentComplete: &bad})
		wantKind(t, err, pmo.Invalid, "percent_complete")
		mso := pmo.MSO
		_, err = db.UpdateTask(ctx, code.ID, 2, pmo.TaskUpdate{Constraint: &mso})
		wantKind(t, err, pmo.Invalid, "constraint_date")
		_, err = db.UpdateTask(ctx, 424242, 1, pmo.TaskUpdate{Name: &name})
		wantKind(t, err, pmo.NotFound, "")

		// Links: a cycle and a duplicate are refused, a new one is stored.
		done := s.Tasks[3]
		_, err = db.AddLink(ctx, code.ID, 2, pmo.Link{Predecessor: 4})
		wantKind(t, err, pmo.Invalid, "tasks")
		_, err = db.AddLink(ctx, code.ID, 2, pmo.Link{Predecessor: 2})
		wantKind(t, err, pmo.Invalid, "predecessors[1].predecessor")
		k, err = db.AddLink(ctx, done.ID, 1, pmo.Link{Predecessor: 2, Type: pmo.FinishToFinish, Lag: 60})
		must(t, err)
		if len(k.Predecessors) != 2 || k.Predecessors[1].Type != pmo.FinishToFinish || k.Version != 2 {
			t.Errorf("after AddLink: %+v", k)
		}
		k, err = db.RemoveLink(ctx, done.ID, 2, 3)
		must(t, err)
		if len(k.Predecessors) != 1 || k.Predecessors[0].Predecessor != 2 {
			t.Errorf("after RemoveLink: %+v", k.Predecessors)
		}
		_, err = db.RemoveLink(ctx, done.ID, 3, 3)
		wantKind(t, err, pmo.NotFound, "")
		got, err := db.FindSchedule(ctx, p.ID)
		must(t, err)
		if got.Version != 4 {
			t.Errorf("schedule version = %d after an import and three edits, want 4", got.Version)
		}
		recs, _, err := db.FindAuditRecords(ctx, pmo.AuditFilter{ProjectID: p.ID})
		must(t, err)
		// The project's creation, the import and three edits.
		if len(recs) != 5 || recs[0].Entity != "schedule_task" || recs[3].Action != pmo.AuditImport {
			t.Errorf("audit records: %d, newest %s/%s", len(recs), recs[0].Entity, recs[0].Action)
		}
	})
}

func TestScheduleDatesAndBaselines(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P")
		s := smallSchedule(p.ID)
		must(t, db.ReplaceSchedule(ctx, s, nil, 0))
		day := func(d int) time.Time { return s.Start.AddDate(0, 0, d) }
		for i := range s.Tasks {
			s.Tasks[i].Start, s.Tasks[i].Finish = day(i), day(i+2)
			s.Tasks[i].TotalFloat, s.Tasks[i].Critical = int64(i*60), i == 3
		}
		s.Finish, s.ComputedAt, s.StatusDate = day(5), day(0), day(1)
		s.Warnings = []pmo.ScheduleWarning{{Kind: "deadline_missed", Task: 4, Message: "late"}}
		must(t, db.SaveScheduleDates(ctx, s, 1))
		wantKind(t, db.SaveScheduleDates(ctx, s, 1), pmo.Stale, "")
		b, err := db.SaveBaseline(ctx, p.ID, 0, "Approved plan")
		must(t, err)
		if len(b.Tasks) != 4 || !b.Finish.Equal(day(5)) {
			t.Errorf("baseline = %d tasks, finish %v", len(b.Tasks), b.Finish)
		}
		_, err = db.SaveBaseline(ctx, p.ID, 11, "")
		wantKind(t, err, pmo.Invalid, "number")
		// Slip the last task by a day and compare.
		s.Tasks[3].Finish, s.Finish = day(6), day(6)
		must(t, db.SaveScheduleDates(ctx, s, 2))
		cur, err := db.FindSchedule(ctx, p.ID)
		must(t, err)
		if !cur.Finish.Equal(day(6)) || !cur.StatusDate.Equal(day(1)) || len(cur.Warnings) != 1 || cur.Tasks[3].TotalFloat != 180 || !cur.Tasks[3].Critical {
			t.Errorf("dates not stored: finish %v warnings %v task %+v", cur.Finish, cur.Warnings, cur.Tasks[3].TaskDates)
		}
		if cur.Tasks[3].Version != 1 {
			t.Errorf("computed dates moved the task version to %d", cur.Tasks[3].Version)
		}
		if len(cur.Baselines) != 1 || cur.Baselines[0].Name != "Approved plan" || cur.Baselines[0].SavedBy != "system" {
			t.Errorf("baselines = %+v", cur.Baselines)
		}
		base, err := db.FindBaseline(ctx, p.ID, 0)
		must(t, err)
		c := pmo.CompareBaseline(cur, base)
		if c.FinishVariance != 24*60 || c.Late != 1 || c.Tasks[3].FinishVariance != 24*60 {
			t.Errorf("comparison = %+v", c)
		}
		_, err = db.FindBaseline(ctx, p.ID, 3)
		wantKind(t, err, pmo.NotFound, "")
	})
}

// scheduleCounts counts the rows of every schedule table.
func scheduleCounts(t *testing.T, db *DB) map[string]int {
	t.Helper()
	m := map[string]int{}
	for _, table := range []string{"schedules", "schedule_calendars", "schedule_tasks", "schedule_links",
		"schedule_resources", "schedule_assignments", "schedule_baselines", "schedule_baseline_tasks"} {
		var n int
		must(t, db.reader.QueryRow("SELECT COUNT(*) FROM "+table).Scan(&n))
		m[table] = n
	}
	return m
}
