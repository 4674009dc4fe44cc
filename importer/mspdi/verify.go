package mspdi

import (
	"fmt"
	"time"

	"github.com/pmohq/pmo/engine/schedule"
)

// Diff is a value of a leaf task that the engine computes differently from
// the value MS Project stored.
type Diff struct {
	UID       int
	Name      string
	Field     string // Start, Finish or TotalSlack
	Want, Got string // MS Project's value and the engine's
}

// Check reports how the engine reschedules the leaf tasks of p against the
// values MS Project stored in the file: it returns the number of leaf tasks
// compared, how many match in start, finish and total slack, and the values
// that differ. Values the file does not store are not compared. Dates are compared as MS Project shows them: a task with
// working duration starts at the start of its first working minute and
// finishes at the end of its last; a date with no working time between it
// and MS Project's matches.
func (p *Project) Check() (tasks, matched int, diffs []Diff, err error) {
	s, err := p.Network()
	if err != nil {
		return 0, 0, nil, err
	}
	r, err := schedule.Compute(s.Network)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("mspdi: %w", err)
	}
	for ni, ti := range s.Tasks {
		t := &p.Tasks[ti]
		nt := &s.Network.Tasks[ni]
		d := r.Tasks[ni]
		cal := schedule.Calendar(s.Project)
		if nt.Calendar != nil {
			cal = nt.Calendar
		}
		start, finish := d.Start, d.Finish
		if nt.Duration > 0 && !nt.Elapsed {
			start = cal.Add(cal.Add(start, 1), -1)
			finish = cal.Add(cal.Add(finish, -1), 1)
		}
		ok := true
		// MS Project may show a finish driven by a link at the start of the
		// next working time rather than the end of the last: both are the
		// same instant of working time, so they match.
		cmpTime := func(field string, want time.Time, got int64) {
			if want.IsZero() {
				return // not stored
			}
			if w := schedule.TimeTick(want); w != got && cal.Work(w, got) != 0 {
				ok = false
				diffs = append(diffs, Diff{t.UID, t.Name, field, want.Format(time.DateTime), schedule.TickTime(got).Format(time.DateTime)})
			}
		}
		cmpTime("Start", t.Start, start)
		cmpTime("Finish", t.Finish, finish)
		if t.HasSlack && t.TotalSlack != d.TotalFloat {
			ok = false
			diffs = append(diffs, Diff{t.UID, t.Name, "TotalSlack", fmt.Sprint(t.TotalSlack), fmt.Sprint(d.TotalFloat)})
		}
		tasks++
		if ok {
			matched++
		}
	}
	return tasks, matched, diffs, nil
}
