package store

import (
	"context"
	"slices"
	"strconv"

	"github.com/pmohq/pmo"
)

// CreateAssignment adds a with the next free UID (set in a).
func (db *DB) CreateAssignment(ctx context.Context, projectID int64, version int, a *pmo.Assignment) (v int, err error) {
	err = db.write(ctx, func(t *tx) error {
		var i int
		s, err := t.editSchedule(projectID, version, func(s *pmo.Schedule) (string, error) {
			a.UID = nextUID(s.Assignments, func(x *pmo.Assignment) int { return x.UID })
			i = len(s.Assignments)
			s.Assignments = append(s.Assignments, *a)
			return "assignments[" + strconv.Itoa(i) + "].", nil
		})
		if err != nil {
			return err
		}
		*a = s.Assignments[i]
		if _, err := t.exec(`INSERT INTO schedule_assignments (project_id, uid, task_uid, resource_uid, units, work)
			VALUES (?, ?, ?, ?, ?, ?)`, projectID, a.UID, a.Task, a.Resource, a.Units, a.Work); err != nil {
			return err
		}
		v, err = t.finishEdit(projectID, "schedule_assignment", a.UID, pmo.AuditCreate, nil, a)
		return err
	})
	return v, err
}

// UpdateAssignment replaces the task, resource, units and work of the
// assignment a.UID.
func (db *DB) UpdateAssignment(ctx context.Context, projectID int64, version int, a *pmo.Assignment) (v int, err error) {
	err = db.write(ctx, func(t *tx) error {
		var before pmo.Assignment
		var i int
		s, err := t.editSchedule(projectID, version, func(s *pmo.Schedule) (string, error) {
			i = slices.IndexFunc(s.Assignments, func(x pmo.Assignment) bool { return x.UID == a.UID })
			if i < 0 {
				return "", pmo.Errorf(pmo.NotFound, "no assignment has UID %d", a.UID)
			}
			before, s.Assignments[i] = s.Assignments[i], *a
			return "assignments[" + strconv.Itoa(i) + "].", nil
		})
		if err != nil {
			return err
		}
		*a = s.Assignments[i]
		if _, err := t.exec(`UPDATE schedule_assignments SET task_uid = ?, resource_uid = ?, units = ?, work = ?
			WHERE project_id = ? AND uid = ?`, a.Task, a.Resource, a.Units, a.Work, projectID, a.UID); err != nil {
			return err
		}
		v, err = t.finishEdit(projectID, "schedule_assignment", a.UID, pmo.AuditUpdate, before, a)
		return err
	})
	return v, err
}

// DeleteAssignment removes the assignment uid.
func (db *DB) DeleteAssignment(ctx context.Context, projectID int64, version int, uid int) (v int, err error) {
	err = db.write(ctx, func(t *tx) error {
		var before pmo.Assignment
		if _, err := t.editSchedule(projectID, version, func(s *pmo.Schedule) (string, error) {
			i := slices.IndexFunc(s.Assignments, func(x pmo.Assignment) bool { return x.UID == uid })
			if i < 0 {
				return "", pmo.Errorf(pmo.NotFound, "no assignment has UID %d", uid)
			}
			before = s.Assignments[i]
			return "", nil
		}); err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM schedule_assignments WHERE project_id = ? AND uid = ?", projectID, uid); err != nil {
			return err
		}
		v, err = t.finishEdit(projectID, "schedule_assignment", uid, pmo.AuditDelete, before, nil)
		return err
	})
	return v, err
}
