package store

import (
	"slices"
	"testing"

	"github.com/pmohq/pmo"
)

// TestScheduleCreateDeleteTask adds tasks at places in the WBS and deletes
// them, with their links and assignments.
func TestScheduleCreateDeleteTask(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P")
		s := smallSchedule(p.ID) // Build(1) > Design(2), Code(3); Done(4)
		must(t, db.ReplaceSchedule(ctx, s, nil, 0))
		names := func() []string {
			got, err := db.FindSchedule(ctx, p.ID)
			must(t, err)
			var out []string
			for _, k := range got.Tasks {
				out = append(out, k.Name)
			}
			return out
		}
		_, err := db.CreateTask(ctx, p.ID, 7, pmo.TaskCreate{Parent: -1, Position: -1, Task: pmo.Task{Name: "X", Calendar: -1}})
		wantKind(t, err, pmo.Stale, "")
		k, err := db.CreateTask(ctx, p.ID, 1, pmo.TaskCreate{Parent: 1, Position: 1, Task: pmo.Task{Name: "Test", Duration: 480,
			Calendar: -1, Predecessors: []pmo.Link{{Predecessor: 2}}}})
		must(t, err)
		if k.UID != 5 || k.OutlineLevel != 2 || k.ID == 0 || k.Version != 1 {
			t.Errorf("created %+v", k)
		}
		if got := names(); !slices.Equal(got, []string{"Build", "Design", "Test", "Code", "Done"}) {
			t.Errorf("outline %v", got)
		}
		read, err := db.FindTaskByID(ctx, k.ID)
		must(t, err)
		if read.Parent != 1 || len(read.Predecessors) != 1 {
			t.Errorf("read back: parent %d, links %v", read.Parent, read.Predecessors)
		}
		for _, bad := range []struct {
			c     pmo.TaskCreate
			field string
		}{
			{pmo.TaskCreate{Parent: 99, Position: -1, Task: pmo.Task{Name: "X", Calendar: -1}}, "parent"},
			{pmo.TaskCreate{Parent: -1, Position: 9, Task: pmo.Task{Name: "X", Calendar: -1}}, "position"},
			{pmo.TaskCreate{Parent: -1, Position: -1, Task: pmo.Task{Name: "X", Duration: -5, Calendar: -1}}, "duration_minutes"},
			{pmo.TaskCreate{Parent: -1, Position: -1, Task: pmo.Task{Name: "X", Calendar: -1, Predecessors: []pmo.Link{{Predecessor: 42}}}}, "predecessors[0].predecessor"},
		} {
			_, err := db.CreateTask(ctx, p.ID, 2, bad.c)
			if fs := pmo.ErrorFields(err); len(fs) == 0 || fs[0].Field != bad.field {
				t.Errorf("%+v: %v, want field %s", bad.c, err, bad.field)
			}
		}
		// At the top, first.
		_, err = db.CreateTask(ctx, p.ID, 2, pmo.TaskCreate{Parent: -1, Position: 0, Task: pmo.Task{Name: "Kick-off", Milestone: true, Calendar: -1}})
		must(t, err)
		if got := names(); !slices.Equal(got, []string{"Kick-off", "Build", "Design", "Test", "Code", "Done"}) {
			t.Errorf("outline %v", got)
		}

		build := s.Tasks[0]
		err = db.DeleteTask(ctx, build.ID, build.Version, false)
		wantKind(t, err, pmo.Conflict, "")
		must(t, db.DeleteTask(ctx, k.ID, 1, false))
		if got := names(); !slices.Equal(got, []string{"Kick-off", "Build", "Design", "Code", "Done"}) {
			t.Errorf("after delete %v", got)
		}
		// The summary with its children: Code's assignment and Done's link go.
		must(t, db.DeleteTask(ctx, build.ID, build.Version, true))
		got, err := db.FindSchedule(ctx, p.ID)
		must(t, err)
		if len(got.Tasks) != 2 || len(got.Assignments) != 0 || len(got.Tasks[1].Predecessors) != 0 || got.Version != 5 {
			t.Errorf("after deleting the summary: %d tasks, %d assignments, links %v, version %d",
				len(got.Tasks), len(got.Assignments), got.Tasks[1].Predecessors, got.Version)
		}
		wantKind(t, db.DeleteTask(ctx, build.ID, build.Version, true), pmo.NotFound, "")
		// Another link into the new task's place and positions stay dense.
		if got.Tasks[0].Name != "Kick-off" || got.Tasks[1].Name != "Done" {
			t.Errorf("left %v", got.Tasks)
		}
	})
}
