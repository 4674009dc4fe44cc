package store

import (
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/demo"
)

// scheduleDataset is a demo dataset large enough to carry schedules.
func scheduleDataset(t *testing.T) *pmo.Dataset {
	d := demo.Generate(demo.Options{Seed: 3, Portfolios: 2, Projects: 30, Weeks: 12, Today: pmo.NewDate(2026, 11, 27)})
	if len(d.Schedules) < 2 {
		t.Fatalf("%d schedules in the dataset", len(d.Schedules))
	}
	return d
}

// TestImportDatasetSchedules checks that a dataset's schedules are stored
// as generated: tasks, links, resources, assignments, computed dates and
// critical flags, and the saved baseline.
func TestImportDatasetSchedules(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		d := scheduleDataset(t)
		must(t, db.ImportDataset(ctx, d))
		codes := map[int64]string{}
		for _, p := range d.Projects {
			codes[p.ID] = p.Code
		}
		for i, ds := range d.Schedules {
			in := ds.Schedule
			if in.Tasks[0].ID != 0 {
				t.Fatal("import changed the dataset")
			}
			p, err := db.FindProjectByCode(ctx, codes[in.ProjectID])
			must(t, err)
			s, err := db.FindSchedule(ctx, p.ID)
			must(t, err)
			if len(s.Tasks) != len(in.Tasks) || len(s.Resources) != len(in.Resources) || len(s.Assignments) != len(in.Assignments) ||
				!s.Finish.Equal(in.Finish) || s.Version != 1 || len(s.Baselines) != 1 {
				t.Fatalf("schedule %d: %d tasks, %d resources, %d assignments, finish %v, version %d, %d baselines; want %d, %d, %d, %v, 1, 1",
					i, len(s.Tasks), len(s.Resources), len(s.Assignments), s.Finish, s.Version, len(s.Baselines),
					len(in.Tasks), len(in.Resources), len(in.Assignments), in.Finish)
			}
			for j, k := range s.Tasks {
				w := in.Tasks[j]
				if k.UID != w.UID || k.Name != w.Name || k.Critical != w.Critical || !k.Start.Equal(w.Start) ||
					k.TotalFloat != w.TotalFloat || len(k.Predecessors) != len(w.Predecessors) || k.PercentComplete != w.PercentComplete {
					t.Fatalf("schedule %d task %d: stored %+v, generated %+v", i, j, k, w)
				}
			}
			b, err := db.FindBaseline(ctx, p.ID, 0)
			must(t, err)
			if !b.Finish.Equal(ds.Baselines[0].Finish) || len(b.Tasks) != len(in.Tasks) || b.SavedBy != ds.Baselines[0].SavedBy {
				t.Errorf("schedule %d: baseline %+v", i, b.BaselineInfo)
			}
		}
	})
}

// TestImportDatasetSchedulesAllOrNothing checks that a bad schedule fails
// the whole import, naming the schedule.
func TestImportDatasetSchedulesAllOrNothing(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(s *pmo.DatasetSchedule)
		field string
	}{
		{"unknown project", func(s *pmo.DatasetSchedule) { s.Schedule.ProjectID = 424242 }, "schedules[1].project_id"},
		{"link to an unknown task", func(s *pmo.DatasetSchedule) {
			s.Schedule.Tasks[2].Predecessors = []pmo.Link{{Predecessor: 9999, Type: pmo.FinishToStart}}
		}, "schedules[1].tasks[2].predecessors[0].predecessor"},
		{"bad baseline", func(s *pmo.DatasetSchedule) { s.Baselines[0].Number = 11 }, "schedules[1].baselines[0].number"},
	}
	forEachDB(t, func(t *testing.T, db *DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				d := scheduleDataset(t)
				tt.spoil(d.Schedules[1])
				wantKind(t, db.ImportDataset(ctx, d), pmo.Invalid, tt.field)
				for _, table := range []string{"projects", "schedules", "schedule_tasks", "schedule_baselines"} {
					var n int
					must(t, db.reader.QueryRow("SELECT COUNT(*) FROM "+table).Scan(&n))
					if n != 0 {
						t.Errorf("failed import left %d rows in %s", n, table)
					}
				}
			})
		}
	})
}
