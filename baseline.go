package pmo

import "time"

// MaxBaseline is the highest baseline number: like MS Project, a schedule
// keeps baselines 0 (the baseline) to 10.
const MaxBaseline = 10

// BaselineInfo describes a saved baseline.
type BaselineInfo struct {
	Number  int       `json:"number"`
	Name    string    `json:"name"`
	SavedAt time.Time `json:"saved_at"`
	SavedBy string    `json:"saved_by"`
}

// Baseline is a snapshot of the planned dates of every task, kept to
// measure the schedule against.
type Baseline struct {
	BaselineInfo
	Finish time.Time      `json:"finish,omitzero"` // the latest baseline finish
	Tasks  []BaselineTask `json:"tasks"`
}

// BaselineTask is one task's values in a baseline.
type BaselineTask struct {
	UID      int       `json:"uid"`
	Name     string    `json:"name"`
	Start    time.Time `json:"start,omitzero"`
	Finish   time.Time `json:"finish,omitzero"`
	Duration int64     `json:"duration_minutes"`
	Work     int64     `json:"work_minutes"`
	Cost     float64   `json:"cost"`
}

// BaselineOf snapshots the scheduled dates of s's tasks.
func BaselineOf(s *Schedule, number int, name string) *Baseline {
	b := &Baseline{BaselineInfo: BaselineInfo{Number: number, Name: name}}
	work := map[int]int64{}
	for _, a := range s.Assignments {
		work[a.Task] += a.Work
	}
	for _, t := range s.Tasks {
		b.Tasks = append(b.Tasks, BaselineTask{UID: t.UID, Name: t.Name, Start: t.Start,
			Finish: t.Finish, Duration: t.Duration, Work: work[t.UID]})
		if t.Finish.After(b.Finish) {
			b.Finish = t.Finish
		}
	}
	return b
}

// BaselineComparison measures a schedule against a baseline.
type BaselineComparison struct {
	Baseline BaselineInfo `json:"baseline"`
	// FinishVariance is the calendar time (minutes) by which the project
	// finish moved since the baseline; positive is late.
	FinishVariance int64          `json:"finish_variance_minutes"`
	BaselineFinish time.Time      `json:"baseline_finish,omitzero"`
	Finish         time.Time      `json:"finish,omitzero"`
	Late           int            `json:"late_tasks"`  // tasks finishing after their baseline
	Early          int            `json:"early_tasks"` // tasks finishing before it
	Added          int            `json:"added_tasks"` // tasks not in the baseline
	Tasks          []TaskVariance `json:"tasks"`
}

// TaskVariance is one task's change since the baseline. Variances are
// calendar minutes, positive when later or longer than baselined.
type TaskVariance struct {
	UID              int       `json:"uid"`
	Name             string    `json:"name"`
	Status           string    `json:"status"` // "" (in both), "added" (not in the baseline), "removed"
	BaselineStart    time.Time `json:"baseline_start,omitzero"`
	BaselineFinish   time.Time `json:"baseline_finish,omitzero"`
	Start            time.Time `json:"start,omitzero"`
	Finish           time.Time `json:"finish,omitzero"`
	StartVariance    int64     `json:"start_variance_minutes"`
	FinishVariance   int64     `json:"finish_variance_minutes"`
	DurationVariance int64     `json:"duration_variance_minutes"`
}

// CompareBaseline compares the current dates of s with baseline b, task by
// task (by UID) in the schedule's order, then the tasks only the baseline has.
func CompareBaseline(s *Schedule, b *Baseline) *BaselineComparison {
	c := &BaselineComparison{Baseline: b.BaselineInfo, BaselineFinish: b.Finish, Finish: s.Finish}
	if c.Finish.IsZero() {
		for _, t := range s.Tasks {
			if t.Finish.After(c.Finish) {
				c.Finish = t.Finish
			}
		}
	}
	if !c.Finish.IsZero() && !b.Finish.IsZero() {
		c.FinishVariance = minutes(c.Finish.Sub(b.Finish))
	}
	base := make(map[int]*BaselineTask, len(b.Tasks))
	for i := range b.Tasks {
		base[b.Tasks[i].UID] = &b.Tasks[i]
	}
	seen := make(map[int]bool, len(s.Tasks))
	for _, t := range s.Tasks {
		seen[t.UID] = true
		v := TaskVariance{UID: t.UID, Name: t.Name, Start: t.Start, Finish: t.Finish}
		bt := base[t.UID]
		if bt == nil {
			v.Status = "added"
			c.Added++
			c.Tasks = append(c.Tasks, v)
			continue
		}
		v.BaselineStart, v.BaselineFinish = bt.Start, bt.Finish
		if !t.Start.IsZero() && !bt.Start.IsZero() {
			v.StartVariance = minutes(t.Start.Sub(bt.Start))
		}
		if !t.Finish.IsZero() && !bt.Finish.IsZero() {
			v.FinishVariance = minutes(t.Finish.Sub(bt.Finish))
		}
		v.DurationVariance = t.Duration - bt.Duration
		switch {
		case v.FinishVariance > 0:
			c.Late++
		case v.FinishVariance < 0:
			c.Early++
		}
		c.Tasks = append(c.Tasks, v)
	}
	for _, bt := range b.Tasks {
		if !seen[bt.UID] {
			c.Tasks = append(c.Tasks, TaskVariance{UID: bt.UID, Name: bt.Name, Status: "removed",
				BaselineStart: bt.Start, BaselineFinish: bt.Finish})
		}
	}
	return c
}

func minutes(d time.Duration) int64 { return int64(d / time.Minute) }

// Prepare normalises b and validates it, naming fields under
// "baselines[i]" style paths relative to b.
func (b *Baseline) Prepare() error {
	var v Validator
	b.Name = clean(b.Name)
	checkRange(&v, "number", b.Number, 0, MaxBaseline)
	checkText(&v, "name", b.Name, 0, 200)
	b.SavedAt, b.Finish = scheduleTime(b.SavedAt), scheduleTime(b.Finish)
	seen := make(map[int]bool, len(b.Tasks))
	for i := range b.Tasks {
		bt := &b.Tasks[i]
		f := "tasks[" + itoa(i) + "]"
		v.Check(!seen[bt.UID], f+".uid", "%d appears twice", bt.UID)
		seen[bt.UID] = true
		// Dates are kept as saved, even odd ones (a finish before the
		// start): a baseline is a record, not a plan to check.
		bt.Start, bt.Finish = scheduleTime(bt.Start), scheduleTime(bt.Finish)
		if bt.Finish.After(b.Finish) {
			b.Finish = bt.Finish
		}
	}
	return v.Err()
}
