package schedule

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// dates is the part of a Result the hand-computed tests compare.
type dates struct {
	ES, EF, LS, LF, TF, FF []int64
	Driver                 []int32
}

func datesOf(r *Result) dates {
	var d dates
	for _, x := range r.Tasks {
		d.ES, d.EF = append(d.ES, x.EarlyStart), append(d.EF, x.EarlyFinish)
		d.LS, d.LF = append(d.LS, x.LateStart), append(d.LF, x.LateFinish)
		d.TF, d.FF = append(d.TF, x.TotalFloat), append(d.FF, x.FreeFloat)
		d.Driver = append(d.Driver, x.Driver)
	}
	return d
}

func mustCompute(t *testing.T, n *Network) *Result {
	t.Helper()
	r, err := Compute(n)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return r
}

func tasks(durs ...int64) []Task {
	ts := make([]Task, len(durs))
	for i, d := range durs {
		ts[i].Duration = d
	}
	return ts
}

func TestComputeFinishToStart(t *testing.T) {
	// A(3) -> B(2), A -> C(4), B -> D(1), C -> D.
	n := &Network{Tasks: tasks(3, 2, 4, 1), Links: []Link{{Pred: 0, Succ: 1}, {Pred: 0, Succ: 2}, {Pred: 1, Succ: 3}, {Pred: 2, Succ: 3}}}
	r := mustCompute(t, n)
	want := dates{
		ES: []int64{0, 3, 3, 7}, EF: []int64{3, 5, 7, 8},
		LS: []int64{0, 5, 3, 7}, LF: []int64{3, 7, 7, 8},
		TF: []int64{0, 2, 0, 0}, FF: []int64{0, 2, 0, 0},
		Driver: []int32{-1, 0, 0, 2},
	}
	if diff := cmp.Diff(want, datesOf(r)); diff != "" {
		t.Errorf("dates (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]int{{0, 2, 3}}, r.CriticalPaths()); diff != "" {
		t.Errorf("critical paths (-want +got):\n%s", diff)
	}
	if r.ProjectFinish != 8 || len(r.Warnings) != 0 {
		t.Errorf("finish %d, warnings %v", r.ProjectFinish, r.Warnings)
	}
}

func TestComputeLinkTypesAndLags(t *testing.T) {
	// A(5); B(3) SS+2; C(4) FF+1; D(2) SF+1 (clamped to the project start);
	// E(1) FS-2 (a lead).
	n := &Network{Tasks: tasks(5, 3, 4, 2, 1), Links: []Link{
		{Pred: 0, Succ: 1, Type: SS, Lag: 2},
		{Pred: 0, Succ: 2, Type: FF, Lag: 1},
		{Pred: 0, Succ: 3, Type: SF, Lag: 1},
		{Pred: 0, Succ: 4, Type: FS, Lag: -2},
	}}
	r := mustCompute(t, n)
	want := dates{
		ES: []int64{0, 2, 2, 0, 3}, EF: []int64{5, 5, 6, 2, 4},
		LS: []int64{0, 3, 2, 4, 5}, LF: []int64{5, 6, 6, 6, 6},
		TF: []int64{0, 1, 0, 4, 2}, FF: []int64{0, 1, 0, 4, 2},
		Driver: []int32{-1, 0, 0, -1, 0},
	}
	if diff := cmp.Diff(want, datesOf(r)); diff != "" {
		t.Errorf("dates (-want +got):\n%s", diff)
	}
}

func TestComputeLagPercentAndElapsed(t *testing.T) {
	// 50% of A's 4 ticks = 2, plus 1 elapsed tick on a 5-of-7 calendar.
	n := &Network{Tasks: tasks(4, 1, 1, 1), Calendar: weekCal{}, Links: []Link{
		{Pred: 0, Succ: 1, Type: SS, LagPercent: 50},
		{Pred: 0, Succ: 2, Lag: 1},                // working lag: 4 -> end of tick 4 = 5
		{Pred: 0, Succ: 3, Lag: 1, Elapsed: true}, // elapsed: 4+1 = 5
	}}
	n.Tasks[0].Duration = 5 // ticks 0..4, finish 5 (a Friday evening)
	n.Links[0].LagPercent = 40
	r := mustCompute(t, n)
	// SS 40% of 5 = 2; FS +1 working: first working tick after 5 is 7 -> 8;
	// FS +1 elapsed: 6, a weekend, so the start moves to 7.
	if diff := cmp.Diff([]int64{0, 2, 8, 7}, datesOf(r).ES); diff != "" {
		t.Errorf("ES (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{5, 3, 9, 8}, datesOf(r).EF); diff != "" {
		t.Errorf("EF (-want +got):\n%s", diff)
	}
	// Float counts working ticks: task 1 finishes at 3, the project at 9,
	// with the weekend 5..7 in between.
	if got := r.Tasks[1].TotalFloat; got != 4 {
		t.Errorf("TF of task 1 = %d, want 4", got)
	}
}

func TestComputeConstraints(t *testing.T) {
	// A(2) -> B(3), with a constraint on B; C(10) stands apart except where noted.
	tests := []struct {
		name     string
		c        ConstraintType
		date     int64
		deadline int64
		alapA    bool
		want     dates
		warn     []WarningKind
	}{
		{name: "SNET", c: SNET, date: 5, want: dates{
			ES: []int64{0, 5, 0}, EF: []int64{2, 8, 10}, LS: []int64{5, 7, 0}, LF: []int64{7, 10, 10},
			TF: []int64{5, 2, 0}, FF: []int64{3, 2, 0}, Driver: []int32{-1, -1, -1}}},
		{name: "FNET", c: FNET, date: 9, want: dates{
			ES: []int64{0, 6, 0}, EF: []int64{2, 9, 10}, LS: []int64{5, 7, 0}, LF: []int64{7, 10, 10},
			TF: []int64{5, 1, 0}, FF: []int64{4, 1, 0}, Driver: []int32{-1, -1, -1}}},
		{name: "SNLT", c: SNLT, date: 1, warn: []WarningKind{ConstraintMissed}, want: dates{
			ES: []int64{0, 2, 0}, EF: []int64{2, 5, 10}, LS: []int64{-1, 1, 0}, LF: []int64{1, 4, 10},
			TF: []int64{-1, -1, 0}, FF: []int64{0, 0, 0}, Driver: []int32{-1, 0, -1}}},
		{name: "FNLT", c: FNLT, date: 4, warn: []WarningKind{ConstraintMissed}, want: dates{
			ES: []int64{0, 2, 0}, EF: []int64{2, 5, 10}, LS: []int64{-1, 1, 0}, LF: []int64{1, 4, 10},
			TF: []int64{-1, -1, 0}, FF: []int64{0, 0, 0}, Driver: []int32{-1, 0, -1}}},
		{name: "MSO before logic", c: MSO, date: 1, warn: []WarningKind{ConstraintConflict}, want: dates{
			ES: []int64{0, 1, 0}, EF: []int64{2, 4, 10}, LS: []int64{-1, 1, 0}, LF: []int64{1, 4, 10},
			TF: []int64{-1, 0, 0}, FF: []int64{0, 0, 0}, Driver: []int32{-1, -1, -1}}},
		{name: "MFO", c: MFO, date: 9, want: dates{
			ES: []int64{0, 6, 0}, EF: []int64{2, 9, 10}, LS: []int64{4, 6, 0}, LF: []int64{6, 9, 10},
			TF: []int64{4, 0, 0}, FF: []int64{4, 0, 0}, Driver: []int32{-1, -1, -1}}},
		{name: "deadline", deadline: 4, warn: []WarningKind{DeadlineMissed}, want: dates{
			ES: []int64{0, 2, 0}, EF: []int64{2, 5, 10}, LS: []int64{-1, 1, 0}, LF: []int64{1, 4, 10},
			TF: []int64{-1, -1, 0}, FF: []int64{0, 0, 0}, Driver: []int32{-1, 0, -1}}},
		{name: "ALAP", alapA: true, want: dates{
			ES: []int64{0, 2, 0}, EF: []int64{2, 5, 10}, LS: []int64{5, 7, 0}, LF: []int64{7, 10, 10},
			TF: []int64{5, 5, 0}, FF: []int64{0, 5, 0}, Driver: []int32{-1, 0, -1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := &Network{Tasks: tasks(2, 3, 10), Links: []Link{{Pred: 0, Succ: 1}}}
			n.Tasks[1].Constraint, n.Tasks[1].ConstraintDate = tt.c, tt.date
			if tt.deadline != 0 {
				n.Tasks[1].Deadline, n.Tasks[1].HasDeadline = tt.deadline, true
			}
			if tt.alapA {
				n.Tasks[0].Constraint = ALAP
			}
			r := mustCompute(t, n)
			if diff := cmp.Diff(tt.want, datesOf(r)); diff != "" {
				t.Errorf("dates (-want +got):\n%s", diff)
			}
			var kinds []WarningKind
			for _, w := range r.Warnings {
				kinds = append(kinds, w.Kind)
				if w.Task != 1 || w.Message == "" {
					t.Errorf("warning %+v: want task 1 and a message", w)
				}
			}
			if diff := cmp.Diff(tt.warn, kinds); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if a := r.Tasks[0]; tt.alapA && (a.Start != 5 || a.Finish != 7) {
				t.Errorf("ALAP task scheduled %d..%d, want 5..7", a.Start, a.Finish)
			}
		})
	}
}

func TestComputeStatusDate(t *testing.T) {
	// Status date 4. A(4) started at 0, 50% done: 2 ticks remain from 4.
	// B(3) follows A. C(2) has not started: not before the status date.
	// D(1) finished early, at 0..1.
	n := &Network{Tasks: tasks(4, 3, 2, 1), StatusDate: 4, HasStatusDate: true,
		Links: []Link{{Pred: 0, Succ: 1}}}
	n.Tasks[0].Started, n.Tasks[0].PercentComplete = true, 50
	n.Tasks[3].Started, n.Tasks[3].Finished, n.Tasks[3].ActualFinish = true, true, 1
	r := mustCompute(t, n)
	if diff := cmp.Diff([]int64{0, 6, 4, 0}, datesOf(r).ES); diff != "" {
		t.Errorf("ES (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{6, 9, 6, 1}, datesOf(r).EF); diff != "" {
		t.Errorf("EF (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{0, 0, 3, 8}, datesOf(r).TF); diff != "" {
		t.Errorf("TF (-want +got):\n%s", diff)
	}
}

func TestComputeCycle(t *testing.T) {
	// 3 -> 0 -> 1 -> 2 -> 0; task 4 is fine.
	n := &Network{Tasks: tasks(1, 1, 1, 1, 1), Links: []Link{
		{Pred: 3, Succ: 0}, {Pred: 0, Succ: 1}, {Pred: 1, Succ: 2, Type: SS}, {Pred: 2, Succ: 0, Type: FF},
	}}
	_, err := Compute(n)
	var ce *CycleError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a CycleError", err)
	}
	got := slices.Clone(ce.Tasks)
	slices.Sort(got)
	if diff := cmp.Diff([]int{0, 1, 2}, got); diff != "" {
		t.Fatalf("cycle tasks (-want +got):\n%s", diff)
	}
	// Each task is a predecessor of the next.
	isLink := func(p, s int) bool {
		return slices.ContainsFunc(n.Links, func(l Link) bool { return l.Pred == p && l.Succ == s })
	}
	for i, v := range ce.Tasks {
		if w := ce.Tasks[(i+1)%len(ce.Tasks)]; !isLink(v, w) {
			t.Errorf("cycle %v: no link %d -> %d", ce.Tasks, v, w)
		}
	}

	selfLoop := &Network{Tasks: tasks(1), Links: []Link{{Pred: 0, Succ: 0}}}
	if _, err := Compute(selfLoop); !errors.As(err, &ce) || !slices.Equal(ce.Tasks, []int{0}) {
		t.Errorf("self loop: err = %v", err)
	}
}

func TestComputeBadLink(t *testing.T) {
	_, err := Compute(&Network{Tasks: tasks(1), Links: []Link{{Pred: 0, Succ: 7}}})
	var le *LinkError
	if !errors.As(err, &le) || le.Link != 0 {
		t.Errorf("err = %v, want a LinkError for link 0", err)
	}
}

func TestComputeEmpty(t *testing.T) {
	r := mustCompute(t, &Network{Start: 3})
	if r.ProjectFinish != 3 || len(r.CriticalPaths()) != 0 {
		t.Errorf("finish %d, paths %v", r.ProjectFinish, r.CriticalPaths())
	}
}

// weekCal works ticks 0..4 of every 7 (a working week in days).
type weekCal struct{}

func working(t int64) bool { return ((t%7)+7)%7 < 5 }

func (weekCal) Add(t, d int64) int64 {
	for ; d > 0; t++ {
		if working(t) {
			d--
		}
	}
	for ; d < 0; d++ {
		t--
		for !working(t) {
			t--
		}
	}
	return t
}

func (weekCal) Work(a, b int64) int64 {
	if b < a {
		return -weekCal{}.Work(b, a)
	}
	var n int64
	for t := a; t < b; t++ {
		if working(t) {
			n++
		}
	}
	return n
}

func TestComputeCalendarWeekend(t *testing.T) {
	// A(5) fills a working week (ticks 0..4); B(1) follows after the weekend.
	// Backwards, A's late finish snaps from B's start (7) to the end of the
	// working week (5): no float hides in the weekend. C(1) has its own
	// calendar where every tick works, so it may run on the weekend.
	n := &Network{Tasks: tasks(5, 1, 1), Calendar: weekCal{}, Links: []Link{{Pred: 0, Succ: 1}, {Pred: 0, Succ: 2}}}
	n.Tasks[2].Calendar = everyTick{}
	r := mustCompute(t, n)
	want := dates{
		ES: []int64{0, 7, 5}, EF: []int64{5, 8, 6},
		LS: []int64{0, 7, 7}, LF: []int64{5, 8, 8},
		TF: []int64{0, 0, 2}, FF: []int64{0, 0, 2},
		Driver: []int32{-1, 0, 0},
	}
	if diff := cmp.Diff(want, datesOf(r)); diff != "" {
		t.Errorf("dates (-want +got):\n%s", diff)
	}
}

func TestComputeElapsedDuration(t *testing.T) {
	// On the 5-of-7 calendar, 5 working ticks from tick 3 end at 10; 5
	// elapsed ticks end at 8, running through the weekend.
	n := &Network{Tasks: tasks(5, 5), Calendar: weekCal{}, Start: 3}
	n.Tasks[1].Elapsed = true
	r := mustCompute(t, n)
	if diff := cmp.Diff([]int64{10, 8}, datesOf(r).EF); diff != "" {
		t.Errorf("EF (-want +got):\n%s", diff)
	}
}

type everyTick struct{}

func (everyTick) Add(t, d int64) int64  { return t + d }
func (everyTick) Work(a, b int64) int64 { return b - a }

func TestComputeDelay(t *testing.T) {
	// A(3) -> B(2), A -> C(4), B -> D(1), C -> D; levelling delayed B by 3,
	// which uses up its float and one more tick: D moves by one.
	n := &Network{Tasks: tasks(3, 2, 4, 1), Links: []Link{{Pred: 0, Succ: 1}, {Pred: 0, Succ: 2}, {Pred: 1, Succ: 3}, {Pred: 2, Succ: 3}}}
	n.Tasks[1].Delay = 3
	r := mustCompute(t, n)
	want := dates{
		ES: []int64{0, 6, 3, 8}, EF: []int64{3, 8, 7, 9},
		LS: []int64{0, 6, 4, 8}, LF: []int64{3, 8, 8, 9},
		TF: []int64{0, 0, 1, 0}, FF: []int64{0, 0, 1, 0},
		Driver: []int32{-1, 0, 0, 1},
	}
	if diff := cmp.Diff(want, datesOf(r)); diff != "" {
		t.Errorf("dates (-want +got):\n%s", diff)
	}
}
