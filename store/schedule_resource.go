package store

import (
	"context"
	"slices"
	"strconv"

	"github.com/pmohq/pmo"
)

// editSchedule loads the project's schedule at version, lets edit change
// it and validates the whole; the caller writes the rows that changed.
func (t *tx) editSchedule(projectID int64, version int, edit func(s *pmo.Schedule) (prefix string, err error)) (*pmo.Schedule, error) {
	s, err := t.findSchedule(projectID)
	if err != nil {
		return nil, err
	}
	if s.Version != version {
		return nil, pmo.Errorf(pmo.Stale, "someone else changed this schedule first; the current version is %d: reload and try again", s.Version)
	}
	prefix, err := edit(s)
	if err != nil {
		return nil, err
	}
	if err := s.Prepare(); err != nil {
		return nil, entityFields(err, prefix)
	}
	return s, nil
}

// finishEdit moves the schedule's version and records the audit entry.
func (t *tx) finishEdit(projectID int64, entity string, uid int, action string, before, after any) (int, error) {
	v, err := t.bumpSchedule(projectID)
	if err != nil {
		return 0, err
	}
	return v, t.audit(entity, int64(uid), projectID, action, before, after)
}

func nextUID[T any](xs []T, uid func(*T) int) int {
	n := 1
	for i := range xs {
		n = max(n, uid(&xs[i])+1)
	}
	return n
}

// CreateResource adds r with the next free UID (set in r).
func (db *DB) CreateResource(ctx context.Context, projectID int64, version int, r *pmo.Resource) (v int, err error) {
	err = db.write(ctx, func(t *tx) error {
		var i int
		s, err := t.editSchedule(projectID, version, func(s *pmo.Schedule) (string, error) {
			r.UID = nextUID(s.Resources, func(x *pmo.Resource) int { return x.UID })
			i = len(s.Resources)
			s.Resources = append(s.Resources, *r)
			return "resources[" + strconv.Itoa(i) + "].", nil
		})
		if err != nil {
			return err
		}
		*r = s.Resources[i]
		// Last in the list, after any gap deletions left.
		if _, err := t.exec(`INSERT INTO schedule_resources (project_id, uid, position, name, resource_type, max_units, calendar_uid)
			VALUES (?, ?, (SELECT COALESCE(MAX(position), -1) + 1 FROM schedule_resources WHERE project_id = ?), ?, ?, ?, ?)`,
			projectID, r.UID, projectID, r.Name, string(r.Type), r.MaxUnits, r.Calendar); err != nil {
			return err
		}
		v, err = t.finishEdit(projectID, "schedule_resource", r.UID, pmo.AuditCreate, nil, r)
		return err
	})
	return v, err
}

// UpdateResource replaces the name, type, capacity and calendar of the
// resource r.UID.
func (db *DB) UpdateResource(ctx context.Context, projectID int64, version int, r *pmo.Resource) (v int, err error) {
	err = db.write(ctx, func(t *tx) error {
		var before pmo.Resource
		var i int
		s, err := t.editSchedule(projectID, version, func(s *pmo.Schedule) (string, error) {
			i = slices.IndexFunc(s.Resources, func(x pmo.Resource) bool { return x.UID == r.UID })
			if i < 0 {
				return "", pmo.Errorf(pmo.NotFound, "no resource has UID %d", r.UID)
			}
			before, s.Resources[i] = s.Resources[i], *r
			return "resources[" + strconv.Itoa(i) + "].", nil
		})
		if err != nil {
			return err
		}
		*r = s.Resources[i]
		if _, err := t.exec(`UPDATE schedule_resources SET name = ?, resource_type = ?, max_units = ?, calendar_uid = ?
			WHERE project_id = ? AND uid = ?`, r.Name, string(r.Type), r.MaxUnits, r.Calendar, projectID, r.UID); err != nil {
			return err
		}
		v, err = t.finishEdit(projectID, "schedule_resource", r.UID, pmo.AuditUpdate, before, r)
		return err
	})
	return v, err
}

// DeleteResource removes the resource uid and its assignments.
func (db *DB) DeleteResource(ctx context.Context, projectID int64, version int, uid int) (v int, err error) {
	err = db.write(ctx, func(t *tx) error {
		var before pmo.Resource
		if _, err := t.editSchedule(projectID, version, func(s *pmo.Schedule) (string, error) {
			i := slices.IndexFunc(s.Resources, func(x pmo.Resource) bool { return x.UID == uid })
			if i < 0 {
				return "", pmo.Errorf(pmo.NotFound, "no resource has UID %d", uid)
			}
			before = s.Resources[i]
			return "", nil
		}); err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM schedule_resources WHERE project_id = ? AND uid = ?", projectID, uid); err != nil {
			return err
		}
		v, err = t.finishEdit(projectID, "schedule_resource", uid, pmo.AuditDelete, before, nil)
		return err
	})
	return v, err
}
