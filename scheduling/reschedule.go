// Package scheduling computes the dates of a stored pmo.Schedule with the
// scheduling engine: Reschedule runs the critical path method (aware of
// the status date and progress), Level levels work resources, and Loads
// measures each resource's daily load against its capacity. It takes and
// returns values (no storage, clock or global random source), like the
// engines it drives.
//
// The conversion to the engine goes through mspdi.FromSchedule and
// mspdi.Project.Network, the one conversion that is checked against the
// dates MS Project itself computed on the sample files: calendars of
// tasks and of their resources, links from and to summary tasks, progress
// and constraints are treated exactly as for an imported file.
package scheduling

import (
	"errors"
	"fmt"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/schedule"
	"github.com/pmohq/pmo/importer/mspdi"
)

// Result summarises a rescheduling.
type Result struct {
	Finish time.Time `json:"finish"`
	// CriticalPaths are chains of task UIDs, each from a first task to a
	// critical task that drives no critical successor.
	CriticalPaths [][]int               `json:"critical_paths"`
	Warnings      []pmo.ScheduleWarning `json:"warnings"`
}

// network is a schedule converted for the engine.
type network struct {
	s     *pmo.Schedule
	ms    *mspdi.Schedule
	leafs []int // domain task index of each network task
}

func convert(s *pmo.Schedule) (*network, error) {
	ms, err := mspdi.FromSchedule(s, nil).Network()
	if err != nil {
		return nil, pmo.Errorf(pmo.Invalid, "the schedule cannot be computed: %s", trimPrefix(err))
	}
	// FromSchedule keeps the order of the tasks, so project indexes are
	// domain indexes.
	return &network{s: s, ms: ms, leafs: ms.Tasks}, nil
}

func trimPrefix(err error) string {
	msg := err.Error()
	for _, p := range []string{"mspdi: ", "schedule: "} {
		if len(msg) > len(p) && msg[:len(p)] == p {
			msg = msg[len(p):]
		}
	}
	return msg
}

// compute runs the critical path method and turns engine errors into
// domain errors that name tasks by UID.
func (n *network) compute() (*schedule.Result, error) {
	r, err := schedule.Compute(n.ms.Network)
	var ce *schedule.CycleError
	if errors.As(err, &ce) {
		uids := make([]int, len(ce.Tasks))
		for i, t := range ce.Tasks {
			uids[i] = n.s.Tasks[n.leafs[t]].UID
		}
		return nil, &pmo.Error{Kind: pmo.Invalid, Message: "invalid input", Fields: []pmo.FieldError{{
			Field: "tasks", Detail: fmt.Sprintf("dependencies form a cycle through tasks (UIDs) %v", uids)}}}
	}
	if err != nil {
		return nil, pmo.Errorf(pmo.Invalid, "the schedule cannot be computed: %s", trimPrefix(err))
	}
	return r, nil
}

// Reschedule computes the dates, floats, critical flags and driving
// predecessors of every task of s with the critical path method, and the
// project finish; progress counts up to s.StatusDate when set. Summary
// tasks span their subtasks. It sets s.ComputedAt to now. Dates are shown
// as MS Project does: a task starts at the start of its first working
// minute and finishes at the end of its last. Invalid for a dependency
// cycle (naming its tasks) or an unusable calendar.
func Reschedule(s *pmo.Schedule, now time.Time) (*Result, error) {
	n, err := convert(s)
	if err != nil {
		return nil, err
	}
	r, err := n.compute()
	if err != nil {
		return nil, err
	}
	n.apply(r)
	s.ComputedAt = now.UTC().Truncate(time.Minute)
	out := &Result{Finish: s.Finish, Warnings: s.Warnings, CriticalPaths: [][]int{}}
	for _, p := range r.CriticalPaths() {
		uids := make([]int, len(p))
		for i, t := range p {
			uids[i] = s.Tasks[n.leafs[t]].UID
		}
		out.CriticalPaths = append(out.CriticalPaths, uids)
	}
	return out, nil
}

var warningKinds = map[schedule.WarningKind]string{
	schedule.ConstraintConflict: "constraint_conflict",
	schedule.ConstraintMissed:   "constraint_missed",
	schedule.DeadlineMissed:     "deadline_missed",
	schedule.FinishMissed:       "finish_missed",
}

// apply copies the engine's result into the schedule's tasks.
func (n *network) apply(r *schedule.Result) {
	s := n.s
	t := func(tick int64) time.Time { return schedule.TickTime(tick) }
	s.Finish = time.Time{}
	for ni, di := range n.leafs {
		k := &s.Tasks[di]
		nt := &n.ms.Network.Tasks[ni]
		d := r.Tasks[ni]
		cal := n.calendar(nt)
		shown := func(start, finish int64) (int64, int64) {
			if nt.Duration > 0 && !nt.Elapsed {
				start = cal.Add(cal.Add(start, 1), -1)
				finish = cal.Add(cal.Add(finish, -1), 1)
			}
			return start, finish
		}
		st, fi := shown(d.Start, d.Finish)
		es, ef := shown(d.EarlyStart, d.EarlyFinish)
		ls, lf := shown(d.LateStart, d.LateFinish)
		k.TaskDates = pmo.TaskDates{Start: t(st), Finish: t(fi), EarlyStart: t(es), EarlyFinish: t(ef),
			LateStart: t(ls), LateFinish: t(lf), TotalFloat: d.TotalFloat, FreeFloat: d.FreeFloat,
			Critical: r.Critical(ni), Driver: -1}
		if d.Driver >= 0 {
			k.Driver = s.Tasks[n.leafs[d.Driver]].UID
		}
		if k.Finish.After(s.Finish) {
			s.Finish = k.Finish
		}
	}
	n.rollUp()
	s.Warnings = []pmo.ScheduleWarning{}
	for _, w := range r.Warnings {
		uid := -1
		if w.Task >= 0 {
			uid = s.Tasks[n.leafs[w.Task]].UID
		}
		s.Warnings = append(s.Warnings, pmo.ScheduleWarning{Kind: warningKinds[w.Kind], Task: uid,
			Message: n.describe(w, uid)})
	}
}

func (n *network) calendar(nt *schedule.Task) schedule.Calendar {
	if nt.Calendar != nil {
		return nt.Calendar
	}
	return n.ms.Project
}

// describe words a warning with task names and dates rather than the
// engine's indexes and ticks.
func (n *network) describe(w schedule.Warning, uid int) string {
	name := ""
	if k := n.s.TaskByUID(uid); k != nil {
		name = fmt.Sprintf("task %d %q", uid, k.Name)
	}
	switch w.Kind {
	case schedule.ConstraintConflict:
		return name + ": its must-start/finish-on date is earlier than its predecessors allow; the date overrides the logic (negative float)"
	case schedule.ConstraintMissed:
		return name + ": cannot meet its no-later-than date (negative float)"
	case schedule.DeadlineMissed:
		return name + ": finishes after its deadline (negative float)"
	}
	return "the project cannot finish by its set finish date"
}

// rollUp gives each summary task the span of its subtasks. Subtasks
// follow their summary in the outline, so a pass from the bottom widens
// every summary before its own parent reads it.
func (n *network) rollUp() {
	s := n.s
	idx := make(map[int]int, len(s.Tasks))
	for i := range s.Tasks {
		k := &s.Tasks[i]
		idx[k.UID] = i
		if k.Summary {
			k.TaskDates = pmo.TaskDates{Driver: -1}
		}
	}
	for i := len(s.Tasks) - 1; i >= 0; i-- {
		k := &s.Tasks[i]
		if p, ok := idx[k.Parent]; ok && k.Parent >= 0 && !k.Start.IsZero() {
			widen(&s.Tasks[p].TaskDates, &k.TaskDates)
		}
	}
	cal := n.ms.Project
	for i := range s.Tasks {
		k := &s.Tasks[i]
		if k.Summary && !k.Start.IsZero() {
			k.TotalFloat = cal.Work(schedule.TimeTick(k.EarlyFinish), schedule.TimeTick(k.LateFinish))
			k.FreeFloat = max(k.TotalFloat, 0)
			k.Critical = k.TotalFloat <= 0
		}
	}
}

// widen stretches summary dates p over child dates c.
func widen(p, c *pmo.TaskDates) {
	early := func(a *time.Time, b time.Time) {
		if a.IsZero() || b.Before(*a) {
			*a = b
		}
	}
	late := func(a *time.Time, b time.Time) {
		if b.After(*a) {
			*a = b
		}
	}
	early(&p.Start, c.Start)
	early(&p.EarlyStart, c.EarlyStart)
	early(&p.LateStart, c.LateStart)
	late(&p.Finish, c.Finish)
	late(&p.EarlyFinish, c.EarlyFinish)
	late(&p.LateFinish, c.LateFinish)
}
