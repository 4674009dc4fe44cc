package dcma

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pmohq/pmo/engine/schedule"
)

// Task indexes of the base schedule: a start milestone, A, then B and C in
// parallel, D after both, and a finish milestone; ticks are working days.
//
//	M0 → A(10) → B(10) → D(10) → M1
//	       └───→ C(5) ───┘
const (
	m0 = iota
	tA
	tB
	tC
	tD
	m1
)

var ids = []string{"M0", "A", "B", "C", "D", "M1"}

// base returns a schedule that passes all 14 checks: every task linked
// finish-to-start without lags, resourced and baselined at its dates, the
// start milestone done and the status date at the start.
func base() *Schedule {
	dur := []int64{0, 10, 10, 5, 10, 0}
	bs := []int64{0, 0, 10, 10, 20, 30}
	n := &schedule.Network{HasStatusDate: true}
	s := &Schedule{Network: n, DayTicks: 1}
	for i, d := range dur {
		n.Tasks = append(n.Tasks, schedule.Task{Duration: d})
		s.Tasks = append(s.Tasks, Task{ID: ids[i], Resources: 1, HasBaseline: true,
			BaselineStart: bs[i], BaselineFinish: bs[i] + d, BaselineDuration: d})
	}
	n.Tasks[m0].Started, n.Tasks[m0].Finished, n.Tasks[m0].PercentComplete = true, true, 100
	for _, l := range [][2]int{{m0, tA}, {tA, tB}, {tA, tC}, {tB, tD}, {tC, tD}, {tD, m1}} {
		n.Links = append(n.Links, schedule.Link{Pred: l[0], Succ: l[1]})
	}
	return s
}

func mustAssess(t *testing.T, s *Schedule) *Report {
	t.Helper()
	r, err := Assess(s, DefaultThresholds())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Checks) != 14 {
		t.Fatalf("%d checks", len(r.Checks))
	}
	return r
}

func TestBasePassesAll(t *testing.T) {
	r := mustAssess(t, base())
	for _, c := range r.Checks {
		if c.Result != Pass {
			t.Errorf("check %d %s: %v (%d/%d, value %v, %s)", c.Number, c.Name, c.Result, c.Count, c.Total, c.Value, c.Note)
		}
	}
	if r.Passed != 14 || r.TotalTasks != 4 || r.Activities != 6 || r.Finish != 30 {
		t.Errorf("report %+v", r)
	}
}

func link(s *Schedule, pred, succ int) *schedule.Link {
	for i := range s.Network.Links {
		if l := &s.Network.Links[i]; l.Pred == pred && l.Succ == succ {
			return l
		}
	}
	panic("no link")
}

func TestChecksFail(t *testing.T) {
	tests := []struct {
		check     int
		name      string
		mutate    func(s *Schedule)
		wantTasks []string
		wantCount int
	}{
		{1, "C has no successor", func(s *Schedule) {
			s.Network.Links = append(s.Network.Links[:4], s.Network.Links[5:]...)
		}, []string{"C"}, 1},
		{2, "lead into D", func(s *Schedule) { link(s, tB, tD).Lag = -2 }, []string{"D"}, 1},
		{2, "percent lead", func(s *Schedule) { link(s, tB, tD).LagPercent = -10 }, []string{"D"}, 1},
		{3, "lag into D", func(s *Schedule) { link(s, tB, tD).Lag = 2 }, []string{"D"}, 1},
		{4, "start-to-start link", func(s *Schedule) { link(s, tC, tD).Type = schedule.SS }, []string{"D"}, 5},
		{5, "must finish on", func(s *Schedule) {
			s.Network.Tasks[tD].Constraint, s.Network.Tasks[tD].ConstraintDate = schedule.MFO, 30
		}, []string{"D"}, 1},
		{6, "C floats 55 days", func(s *Schedule) { s.Network.Tasks[tB].Duration = 60 }, []string{"C"}, 1},
		{7, "D cannot meet FNLT", func(s *Schedule) {
			s.Network.Tasks[tD].Constraint, s.Network.Tasks[tD].ConstraintDate = schedule.FNLT, 25
		}, []string{"A", "B", "D"}, 3},
		{8, "B baselined at 50 days", func(s *Schedule) { s.Tasks[tB].BaselineDuration = 50 }, []string{"B"}, 1},
		{8, "B lasts 45 days without baseline", func(s *Schedule) {
			s.Tasks[tB].HasBaseline, s.Network.Tasks[tB].Duration = false, 45
		}, []string{"B"}, 1},
		{9, "actual finish after the status date", func(s *Schedule) {
			s.Network.StatusDate = 5
			a := &s.Network.Tasks[tA]
			a.Started, a.Finished, a.ActualFinish, a.PercentComplete = true, true, 8, 100
		}, []string{"A"}, 1},
		{9, "must start on before the status date", func(s *Schedule) {
			s.Network.StatusDate = 5
			s.Network.Tasks[m0].ActualFinish = 0
			s.Network.Tasks[tA].Constraint, s.Network.Tasks[tA].ConstraintDate = schedule.MSO, 2
		}, []string{"A"}, 1},
		{10, "D unresourced", func(s *Schedule) { s.Tasks[tD].Resources = 0 }, []string{"D"}, 1},
		{11, "A due and unfinished", func(s *Schedule) {
			s.Network.StatusDate = 12
			a := &s.Network.Tasks[tA]
			a.Started, a.PercentComplete = true, 50
		}, []string{"A"}, 1},
		{11, "A finished late", func(s *Schedule) {
			s.Network.StatusDate = 12
			a := &s.Network.Tasks[tA]
			a.Started, a.Finished, a.ActualFinish, a.PercentComplete = true, true, 11, 100
		}, []string{"A"}, 1},
		{12, "C's deadline makes it most critical but it does not drive the finish", func(s *Schedule) {
			link(s, tA, tC).Pred = m0
			s.Network.Tasks[tC].HasDeadline, s.Network.Tasks[tC].Deadline = true, 3
		}, []string{"C"}, 1},
		{13, "finish 5 days after the baseline", func(s *Schedule) {
			s.BaselineFinish, s.HasBaselineFinish = 25, true
		}, nil, 1},
		{13, "latest task baseline 25", func(s *Schedule) {
			s.Tasks[m1].BaselineFinish, s.Tasks[tD].BaselineFinish = 25, 25
		}, nil, 1},
		{14, "A due and unfinished", func(s *Schedule) {
			s.Network.StatusDate = 12
			s.Network.Tasks[tA].Started, s.Network.Tasks[tA].PercentComplete = true, 50
		}, []string{"A"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			tt.mutate(s)
			c := mustAssess(t, s).Checks[tt.check-1]
			if c.Number != tt.check || c.Result != Fail {
				t.Fatalf("check %d %s: %v (%d/%d, value %v, %s), want fail", c.Number, c.Name, c.Result, c.Count, c.Total, c.Value, c.Note)
			}
			if diff := cmp.Diff(tt.wantTasks, c.Tasks); diff != "" {
				t.Errorf("tasks (-want +got):\n%s", diff)
			}
			if c.Count != tt.wantCount {
				t.Errorf("count %d, want %d", c.Count, tt.wantCount)
			}
		})
	}
}

// TestChecksPassAgain shows that each failing case has a passing twin with
// the same kind of data. (A passing check may still list offenders: one
// lag in 21 links is within the 5 %.)
func TestChecksPassAgain(t *testing.T) {
	tests := []struct {
		check  int
		name   string
		mutate func(s *Schedule)
	}{
		{1, "milestones need one side only", func(s *Schedule) {}},
		{3, "a lag in 1 link of 21 is under 5%", func(s *Schedule) {
			link(s, tB, tD).Lag = 2
			for range 15 {
				s.Network.Links = append(s.Network.Links, schedule.Link{Pred: tA, Succ: tD})
			}
		}},
		{4, "one SS link of 11 leaves 91% FS", func(s *Schedule) {
			link(s, tC, tD).Type = schedule.SS
			for range 5 {
				s.Network.Links = append(s.Network.Links, schedule.Link{Pred: tA, Succ: tD})
			}
		}},
		{5, "soft constraints", func(s *Schedule) {
			s.Network.Tasks[tD].Constraint, s.Network.Tasks[tD].ConstraintDate = schedule.SNET, 20
		}},
		{6, "44 days of float is not high", func(s *Schedule) { s.Network.Tasks[tB].Duration = 49 }},
		{7, "FNLT met", func(s *Schedule) {
			s.Network.Tasks[tD].Constraint, s.Network.Tasks[tD].ConstraintDate = schedule.FNLT, 30
		}},
		{8, "44 days is not high", func(s *Schedule) { s.Tasks[tB].BaselineDuration = 44 }},
		{9, "in progress at the status date", func(s *Schedule) {
			s.Network.StatusDate = 5
			a := &s.Network.Tasks[tA]
			a.Started, a.PercentComplete = true, 50
		}},
		{10, "a milestone needs no resource", func(s *Schedule) { s.Tasks[m1].Resources = 0 }},
		{11, "A finished on time", func(s *Schedule) {
			s.Network.StatusDate = 12
			a := &s.Network.Tasks[tA]
			a.Started, a.Finished, a.ActualFinish, a.PercentComplete = true, true, 10, 100
		}},
		{13, "finish on the baseline", func(s *Schedule) { s.BaselineFinish, s.HasBaselineFinish = 30, true }},
		{14, "A finished", func(s *Schedule) {
			s.Network.StatusDate = 12
			a := &s.Network.Tasks[tA]
			a.Started, a.Finished, a.ActualFinish, a.PercentComplete = true, true, 10, 100
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			tt.mutate(s)
			c := mustAssess(t, s).Checks[tt.check-1]
			if c.Result != Pass {
				t.Errorf("check %d %s: %v (%d/%d, value %v, %v, %s), want pass", c.Number, c.Name, c.Result, c.Count, c.Total, c.Value, c.Tasks, c.Note)
			}
		})
	}
}

func TestNotApplicable(t *testing.T) {
	s := base()
	s.Network.HasStatusDate = false
	r := mustAssess(t, s)
	for _, k := range []int{9, 11, 14} {
		if c := r.Checks[k-1]; c.Result != NotApplicable || c.Note != "no status date" {
			t.Errorf("check %d: %v %q", k, c.Result, c.Note)
		}
	}
	// Everything complete: no total tasks, links or critical task.
	s = base()
	for i := range s.Network.Tasks {
		tk := &s.Network.Tasks[i]
		tk.Started, tk.Finished, tk.PercentComplete = true, true, 100
	}
	r = mustAssess(t, s)
	for _, k := range []int{1, 2, 3, 4, 5, 6, 7, 8, 10, 12} {
		if c := r.Checks[k-1]; c.Result != NotApplicable {
			t.Errorf("check %d: %v, want n/a", k, c.Result)
		}
	}
}

func TestAssessErrors(t *testing.T) {
	s := base()
	s.Tasks = s.Tasks[1:]
	if _, err := Assess(s, DefaultThresholds()); err == nil {
		t.Error("mismatched tasks accepted")
	}
	s = base()
	s.DayTicks = 0
	if _, err := Assess(s, DefaultThresholds()); err == nil {
		t.Error("zero DayTicks accepted")
	}
	s = base()
	s.Network.Links = append(s.Network.Links, schedule.Link{Pred: tD, Succ: tA})
	if _, err := Assess(s, DefaultThresholds()); err == nil {
		t.Error("cycle accepted")
	}
	if _, err := Assess(nil, DefaultThresholds()); err == nil {
		t.Error("nil accepted")
	}
}

func TestFormat(t *testing.T) {
	r := mustAssess(t, base())
	var got []string
	for _, k := range []int{1, 4, 12, 13} {
		c := r.Checks[k-1]
		got = append(got, c.FormatValue()+" "+c.FormatThreshold())
	}
	want := []string{"0.0% ≤ 5%", "100.0% ≥ 90%", "600.0 d slips 600 d", "1.00 ≥ 0.95"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	na := Check{Number: 9}
	if na.FormatValue() != "–" {
		t.Errorf("n/a value %q", na.FormatValue())
	}
}

func TestReportJSON(t *testing.T) {
	s := base()
	link(s, tC, tD).Type = schedule.SS
	r := mustAssess(t, s)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"number":4,"name":"Relationship types","count":5,"total":6`, `"result":"fail"`,
		`"links":[{"predecessor":"C","successor":"D","type":"SS","lag":0,"lag_percent":0}]`, `"result":"pass"`, `"total_tasks":4`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	r.Finish = 0 // not written
	if diff := cmp.Diff(r, &back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	var res Result
	if err := res.UnmarshalText([]byte("maybe")); err == nil {
		t.Error("unknown result accepted")
	}
}
