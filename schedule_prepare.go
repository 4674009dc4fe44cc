package pmo

import (
	"slices"
	"strconv"
	"time"
)

// Limits on a schedule, well above the largest MS Project plans in use.
const (
	MaxScheduleTasks     = 100000
	MaxTaskLinks         = 1000
	maxScheduleDuration  = 100 * 366 * 24 * 60 // minutes: a century
	maxScheduleResources = 100000
)

func itoa(i int) string { return strconv.Itoa(i) }

// Prepare normalises s (times to the minute in UTC, defaults, each task's
// Parent and Summary from the outline) and validates it, naming every field
// at fault by its path, e.g. "tasks[3].predecessors[0].predecessor".
func (s *Schedule) Prepare() error {
	var v Validator
	s.Name = clean(s.Name)
	v.Check(s.ProjectID > 0, "project_id", "is required")
	checkText(&v, "name", s.Name, 0, 500)
	s.Start, s.StatusDate = scheduleTime(s.Start), scheduleTime(s.StatusDate)
	v.Check(!s.Start.IsZero(), "start", "is required")
	if s.MinutesPerDay == 0 {
		s.MinutesPerDay = DefaultMinutesPerDay
	}
	if s.MinutesPerWeek == 0 {
		s.MinutesPerWeek = DefaultMinutesPerWeek
	}
	v.Check(s.MinutesPerDay > 0 && s.MinutesPerDay <= 1440, "minutes_per_day", "must be between 1 and 1440")
	v.Check(s.MinutesPerWeek > 0 && s.MinutesPerWeek <= 7*1440, "minutes_per_week", "must be between 1 and 10080")

	cals := map[int]int{}
	for i := range s.Calendars {
		c := &s.Calendars[i]
		f := "calendars[" + itoa(i) + "]"
		if _, dup := cals[c.UID]; dup {
			v.Add(f+".uid", "%d is used by another calendar", c.UID)
		}
		cals[c.UID] = i
		c.validate(&v, f)
	}
	for i, c := range s.Calendars {
		if c.Base == -1 {
			continue
		}
		// Follow the bases: each must exist and the chain must end.
		for b, n := c.Base, 0; b != -1; n++ {
			j, ok := cals[b]
			if !ok {
				v.Add("calendars["+itoa(i)+"].base", "no calendar has UID %d", b)
				break
			}
			if n > len(s.Calendars) {
				v.Add("calendars["+itoa(i)+"].base", "base calendars form a cycle")
				break
			}
			b = s.Calendars[j].Base
		}
	}
	checkCal := func(field string, uid int) {
		_, ok := cals[uid]
		v.Check(uid == -1 || ok, field, "no calendar has UID %d", uid)
	}
	checkCal("calendar", s.Calendar)

	v.Check(len(s.Resources) <= maxScheduleResources, "resources", "must be at most %d", maxScheduleResources)
	res := map[int]bool{}
	for i := range s.Resources {
		r := &s.Resources[i]
		f := "resources[" + itoa(i) + "]"
		v.Check(!res[r.UID], f+".uid", "%d is used by another resource", r.UID)
		res[r.UID] = true
		r.Name = clean(r.Name)
		checkText(&v, f+".name", r.Name, 0, 300)
		if r.Type == "" {
			r.Type = WorkResource
		}
		v.Check(slices.Contains([]ResourceType{WorkResource, MaterialResource, CostResource}, r.Type),
			f+".type", "must be work, material or cost")
		v.Check(r.MaxUnits >= 0 && r.MaxUnits <= 1e6, f+".max_units", "must be between 0 and 1000000")
		checkCal(f+".calendar", r.Calendar)
	}
	s.prepareTasks(&v, checkCal)
	tasks := map[int]bool{}
	for _, t := range s.Tasks {
		tasks[t.UID] = true
	}
	asg := map[int]bool{}
	for i := range s.Assignments {
		a := &s.Assignments[i]
		f := "assignments[" + itoa(i) + "]"
		v.Check(!asg[a.UID], f+".uid", "%d is used by another assignment", a.UID)
		asg[a.UID] = true
		v.Check(tasks[a.Task], f+".task", "no task has UID %d", a.Task)
		v.Check(res[a.Resource], f+".resource", "no resource has UID %d", a.Resource)
		v.Check(a.Units >= 0 && a.Units <= 1e6, f+".units", "must be between 0 and 1000000")
		v.Check(a.Work >= 0 && a.Work <= maxScheduleDuration*100, f+".work_minutes", "must be between 0 and a century of full-time units")
	}
	return v.Err()
}

// prepareTasks checks the tasks, derives the outline and checks the links.
func (s *Schedule) prepareTasks(v *Validator, checkCal func(string, int)) {
	v.Check(len(s.Tasks) <= MaxScheduleTasks, "tasks", "must be at most %d", MaxScheduleTasks)
	uids := make(map[int]int, len(s.Tasks))
	open, prev := []int{}, 0 // open[l]: index of the latest task at outline level l, or -1
	for i := range s.Tasks {
		t := &s.Tasks[i]
		f := "tasks[" + itoa(i) + "]"
		if _, dup := uids[t.UID]; dup {
			v.Add(f+".uid", "%d is used by another task", t.UID)
		}
		uids[t.UID] = i
		t.Summary, t.Parent = false, -1
		l := t.OutlineLevel
		switch {
		case l < 0 || l == 0 && i > 0:
			v.Add(f+".outline_level", "must be at least 1 (0 only for a project summary task listed first)")
		case l > prev+1:
			v.Add(f+".outline_level", "is %d but the task above is at level %d", l, prev)
		default:
			open = open[:min(len(open), l)]
			for len(open) < l {
				open = append(open, -1)
			}
			if l > 0 && open[l-1] >= 0 {
				t.Parent = s.Tasks[open[l-1]].UID
				s.Tasks[open[l-1]].Summary = true
			}
			open = append(open, i)
			prev = l
		}
		s.prepareTask(v, f, t, checkCal)
	}
	for i := range s.Tasks {
		t := &s.Tasks[i]
		f := "tasks[" + itoa(i) + "]"
		v.Check(len(t.Predecessors) <= MaxTaskLinks, f+".predecessors", "must be at most %d", MaxTaskLinks)
		preds := map[int]bool{}
		for k := range t.Predecessors {
			l := &t.Predecessors[k]
			lf := f + ".predecessors[" + itoa(k) + "]"
			checkLink(v, lf, l)
			j, ok := uids[l.Predecessor]
			switch {
			case !ok:
				v.Add(lf+".predecessor", "no task has UID %d", l.Predecessor)
			case j == i:
				v.Add(lf+".predecessor", "a task cannot depend on itself")
			case preds[l.Predecessor]:
				v.Add(lf+".predecessor", "task %d is already a predecessor", l.Predecessor)
			case s.outlineRelated(i, j):
				v.Add(lf+".predecessor", "a summary task cannot be linked to a task inside it")
			}
			preds[l.Predecessor] = true
		}
	}
	if cyc := s.linkCycle(uids); cyc != nil {
		v.Add("tasks", "dependencies form a cycle through tasks %v", cyc)
	}
}

// outlineRelated reports whether one of tasks i and j contains the other.
func (s *Schedule) outlineRelated(i, j int) bool {
	if i > j {
		i, j = j, i
	}
	// j lies inside i if every task after i up to j is deeper than i.
	for k := i + 1; k <= j; k++ {
		if s.Tasks[k].OutlineLevel <= s.Tasks[i].OutlineLevel {
			return false
		}
	}
	return j > i
}

func checkLink(v *Validator, f string, l *Link) {
	if l.Type == "" {
		l.Type = FinishToStart
	}
	v.Check(slices.Contains(LinkTypes, l.Type), f+".type", "must be one of FS, SS, FF, SF")
	v.Check(l.Lag >= -maxScheduleDuration && l.Lag <= maxScheduleDuration, f+".lag_minutes", "must be within a century")
	v.Check(l.LagPercent >= -10000 && l.LagPercent <= 10000, f+".lag_percent", "must be between -10000 and 10000")
	v.Check(l.LagPercent == 0 || l.Lag == 0, f+".lag_percent", "a lag is in minutes or in percent, not both")
}

func (s *Schedule) prepareTask(v *Validator, f string, t *Task, checkCal func(string, int)) {
	t.Name = clean(t.Name)
	checkText(v, f+".name", t.Name, 0, 500)
	t.WBS = clean(t.WBS)
	checkText(v, f+".wbs", t.WBS, 0, 100)
	checkText(v, f+".notes", t.Notes, 0, 20000)
	v.Check(t.Duration >= 0 && t.Duration <= maxScheduleDuration, f+".duration_minutes", "must be between 0 and a century")
	if t.Priority == 0 {
		t.Priority = 500
	}
	checkRange(v, f+".priority", t.Priority, 0, 1000)
	checkRange(v, f+".percent_complete", t.PercentComplete, 0, 100)
	for _, p := range []*time.Time{&t.ActualStart, &t.ActualFinish, &t.ConstraintDate, &t.Deadline,
		&t.Start, &t.Finish, &t.EarlyStart, &t.EarlyFinish, &t.LateStart, &t.LateFinish} {
		*p = scheduleTime(*p)
	}
	v.Check(t.ActualFinish.IsZero() || !t.ActualStart.IsZero(), f+".actual_finish", "needs an actual start")
	v.Check(t.ActualFinish.IsZero() || !t.ActualFinish.Before(t.ActualStart), f+".actual_finish", "must not be before the actual start")
	if t.Constraint == "" {
		t.Constraint = ASAP
	}
	v.Check(slices.Contains(ConstraintTypes, t.Constraint), f+".constraint", "must be one of %v", ConstraintTypes)
	v.Check(!t.Constraint.Dated() || !t.ConstraintDate.IsZero(), f+".constraint_date", "is required for %s", t.Constraint)
	if !t.Constraint.Dated() {
		t.ConstraintDate = time.Time{}
	}
	checkCal(f+".calendar", t.Calendar)
	v.Check(t.LevelingDelay >= 0 && t.LevelingDelay <= maxScheduleDuration, f+".leveling_delay_minutes", "must be between 0 and a century")
}

// linkCycle returns the UIDs of tasks on a dependency cycle, or nil.
func (s *Schedule) linkCycle(uids map[int]int) []int {
	n := len(s.Tasks)
	succ := make([][]int, n)
	indeg := make([]int, n)
	for i, t := range s.Tasks {
		for _, l := range t.Predecessors {
			if j, ok := uids[l.Predecessor]; ok && j != i {
				succ[j] = append(succ[j], i)
				indeg[i]++
			}
		}
	}
	queue := make([]int, 0, n)
	for i := range indeg {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	for h := 0; h < len(queue); h++ {
		for _, j := range succ[queue[h]] {
			if indeg[j]--; indeg[j] == 0 {
				queue = append(queue, j)
			}
		}
	}
	if len(queue) == n {
		return nil
	}
	var cyc []int
	for i, d := range indeg {
		if d > 0 {
			cyc = append(cyc, s.Tasks[i].UID)
			if len(cyc) == 20 {
				break
			}
		}
	}
	return cyc
}
