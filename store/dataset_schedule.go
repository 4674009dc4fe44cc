package store

import (
	"fmt"
	"slices"

	"github.com/pmohq/pmo"
)

// schedules stores the dataset's project schedules with their baselines,
// as ReplaceSchedule would for a project without one, inside the import's
// transaction. The dataset's schedules are copied first, since storing
// sets task ids and normalises values, and d is left untouched.
func (im *importer) schedules(d *pmo.Dataset) error {
	for i, in := range d.Schedules {
		if in == nil || in.Schedule == nil {
			return im.recordErr("schedules", i, pmo.FieldErr("schedule", "is required"))
		}
		s := cloneSchedule(in.Schedule)
		var ok bool
		if s.ProjectID, ok = im.projects[in.Schedule.ProjectID]; !ok {
			return im.refErr("schedules", i, "project_id", in.Schedule.ProjectID)
		}
		if err := s.Prepare(); err != nil {
			return im.recordErr("schedules", i, err)
		}
		if err := im.t.insertSchedule(s, 1); err != nil {
			return im.recordErr("schedules", i, err)
		}
		for j := range in.Baselines {
			b := in.Baselines[j]
			b.Tasks = slices.Clone(b.Tasks)
			if err := b.Prepare(); err != nil {
				return im.recordErr("schedules", i, prefixFields(err, fmt.Sprintf("baselines[%d].", j)))
			}
			if err := im.t.insertBaseline(s.ProjectID, &b); err != nil {
				return im.recordErr("schedules", i, err)
			}
		}
	}
	return nil
}

// cloneSchedule copies s deeply enough that preparing and storing the copy
// leaves s as it was.
func cloneSchedule(in *pmo.Schedule) *pmo.Schedule {
	s := *in
	s.Calendars = slices.Clone(in.Calendars)
	s.Tasks = slices.Clone(in.Tasks)
	for i := range s.Tasks {
		s.Tasks[i].Predecessors = slices.Clone(in.Tasks[i].Predecessors)
	}
	s.Resources = slices.Clone(in.Resources)
	s.Assignments = slices.Clone(in.Assignments)
	s.Warnings = slices.Clone(in.Warnings)
	s.Baselines = nil
	return &s
}
