package store

import (
	"testing"

	"github.com/pmohq/pmo"
)

// TestScheduleResourceEdits adds, changes and deletes resources and
// assignments one by one on both databases.
func TestScheduleResourceEdits(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P")
		s := smallSchedule(p.ID) // resource 1, assignment 1 on task 3
		must(t, db.ReplaceSchedule(ctx, s, nil, 0))
		r := &pmo.Resource{Name: "QA", Type: pmo.WorkResource, MaxUnits: 1, Calendar: -1}
		_, err := db.CreateResource(ctx, p.ID, 9, r)
		wantKind(t, err, pmo.Stale, "")
		v, err := db.CreateResource(ctx, p.ID, 1, r)
		must(t, err)
		if v != 2 || r.UID != 2 {
			t.Errorf("version %d, uid %d", v, r.UID)
		}
		a := &pmo.Assignment{Task: 2, Resource: r.UID, Units: 1, Work: 960}
		v, err = db.CreateAssignment(ctx, p.ID, v, a)
		must(t, err)
		bad := &pmo.Assignment{Task: 2, Resource: 42, Units: 1}
		_, err = db.CreateAssignment(ctx, p.ID, v, bad)
		if fs := pmo.ErrorFields(err); len(fs) != 1 || fs[0].Field != "resource" {
			t.Errorf("unknown resource: %v", err)
		}
		r.MaxUnits = -1
		_, err = db.UpdateResource(ctx, p.ID, v, r)
		if fs := pmo.ErrorFields(err); len(fs) != 1 || fs[0].Field != "max_units" {
			t.Errorf("negative capacity: %v", err)
		}
		r.MaxUnits, r.Name = 3, "QA team"
		v, err = db.UpdateResource(ctx, p.ID, v, r)
		must(t, err)
		a.Units = 0.5
		v, err = db.UpdateAssignment(ctx, p.ID, v, a)
		must(t, err)
		got, err := db.FindSchedule(ctx, p.ID)
		must(t, err)
		if got.Version != v || len(got.Resources) != 2 || got.Resources[1].Name != "QA team" || got.Resources[1].MaxUnits != 3 ||
			len(got.Assignments) != 2 || got.Assignments[1].Units != 0.5 {
			t.Errorf("read back %+v %+v (version %d/%d)", got.Resources, got.Assignments, got.Version, v)
		}
		// Deleting the first resource takes its assignment; a new one goes last.
		v, err = db.DeleteResource(ctx, p.ID, v, 1)
		must(t, err)
		_, err = db.DeleteResource(ctx, p.ID, v, 1)
		wantKind(t, err, pmo.NotFound, "")
		v, err = db.CreateResource(ctx, p.ID, v, &pmo.Resource{Name: "Ops", MaxUnits: 1, Calendar: -1})
		must(t, err)
		v, err = db.DeleteAssignment(ctx, p.ID, v, a.UID)
		must(t, err)
		got, err = db.FindSchedule(ctx, p.ID)
		must(t, err)
		if len(got.Assignments) != 0 || len(got.Resources) != 2 || got.Resources[1].Name != "Ops" || got.Version != v {
			t.Errorf("after deletes: %+v %+v", got.Resources, got.Assignments)
		}
	})
}
