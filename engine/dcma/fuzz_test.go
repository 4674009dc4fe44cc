package dcma

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pmohq/pmo/engine/schedule"
)

// fromBytes builds a schedule from fuzz input: every byte pair adds a task
// or a link (links only run forward, so there is no cycle), with random
// constraints, progress, resources and baselines.
func fromBytes(data []byte) *Schedule {
	s := &Schedule{Network: &schedule.Network{}, DayTicks: 1 + int64(len(data)%3)}
	n := s.Network
	for i := 0; i+1 < len(data); i += 2 {
		a, b := data[i], data[i+1]
		if a%4 != 0 || len(n.Tasks) < 2 {
			t := schedule.Task{Duration: int64(b % 70)}
			switch a % 9 {
			case 1:
				t.Constraint, t.ConstraintDate = schedule.ConstraintType(b%8), int64(b)
			case 2:
				t.Started, t.ActualStart, t.PercentComplete = true, int64(b%20), float64(b%101)
				t.Finished = t.PercentComplete == 100
				t.ActualFinish = t.ActualStart + t.Duration
			case 3:
				t.HasDeadline, t.Deadline = true, int64(b)
			}
			n.Tasks = append(n.Tasks, t)
			s.Tasks = append(s.Tasks, Task{ID: fmt.Sprint(len(s.Tasks)), Resources: int(a % 2), LOE: a%23 == 0,
				HasBaseline: a%3 == 0, BaselineStart: int64(b % 30), BaselineFinish: int64(b%30) + int64(b%70),
				BaselineDuration: int64(b % 70)})
			continue
		}
		succ := 1 + int(b)%(len(n.Tasks)-1)
		pred := int(a/4) % succ
		n.Links = append(n.Links, schedule.Link{Pred: pred, Succ: succ, Type: schedule.LinkType(b % 4),
			Lag: int64(a%7) - 3, LagPercent: int32(b%3) * 10})
	}
	if len(data) > 0 && data[0]%2 == 1 {
		n.StatusDate, n.HasStatusDate = int64(data[0]%40), true
	}
	return s
}

// FuzzAssessInvariants checks, on any schedule: 14 checks in order; counts
// within populations; values, results and offender lists consistent with
// counts and thresholds; the input left unchanged; the same report twice.
func FuzzAssessInvariants(f *testing.F) {
	f.Add([]byte{1, 5, 1, 7, 4, 1, 2, 9, 8, 2, 3, 40})
	f.Add([]byte{0, 0, 0, 0, 4, 0, 4, 1})
	f.Add([]byte{3, 200, 2, 100, 9, 3, 12, 5, 16, 7, 1, 44, 2, 45})
	f.Fuzz(func(t *testing.T, data []byte) {
		s := fromBytes(data)
		before := slices.Clone(s.Network.Tasks)
		r, err := Assess(s, DefaultThresholds())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(before, s.Network.Tasks) {
			t.Fatal("Assess changed its input")
		}
		r2, _ := Assess(s, DefaultThresholds())
		if diff := cmp.Diff(r, r2); diff != "" {
			t.Fatalf("two runs differ:\n%s", diff)
		}
		if r.Passed+r.Failed+r.NotApplicable != 14 {
			t.Fatalf("tally %+v", r)
		}
		for k, c := range r.Checks {
			if c.Number != k+1 {
				t.Fatalf("check %d numbered %d", k+1, c.Number)
			}
			if c.Count < 0 || c.Total < 0 || (c.Number != 14 && c.Count > c.Total) {
				t.Fatalf("check %d: count %d of %d", c.Number, c.Count, c.Total)
			}
			if c.Number <= 11 {
				if (c.Total == 0) != (c.Result == NotApplicable) {
					t.Fatalf("check %d: %v with population %d", c.Number, c.Result, c.Total)
				}
				if c.Value < 0 || c.Value > 100 || len(c.Tasks) > c.Total {
					t.Fatalf("check %d: value %v, %d offenders of %d", c.Number, c.Value, len(c.Tasks), c.Total)
				}
			}
			if c.Result == Pass || c.Result == Fail {
				ok := c.Value <= c.Threshold
				if c.AtLeast {
					ok = c.Value >= c.Threshold
				}
				if c.Number != 12 && ok != (c.Result == Pass) {
					t.Fatalf("check %d: value %v threshold %v but %v", c.Number, c.Value, c.Threshold, c.Result)
				}
			}
			if c.Number != 4 && c.Number != 12 && c.Number != 13 && c.Number != 14 && len(c.Tasks) > c.Count {
				t.Fatalf("check %d lists %d offenders for count %d", c.Number, len(c.Tasks), c.Count)
			}
		}
	})
}

// generated returns a layered schedule of n activities on a working-week
// calendar of minute ticks, each linked to two in the layer before, with
// resources and baselines and a status date a fifth of the way in.
func generated(tb testing.TB, n int) *Schedule {
	tb.Helper()
	var w schedule.Week
	for d := 1; d <= 5; d++ {
		w[d] = []schedule.Span{{From: 480, To: 720}, {From: 780, To: 1020}}
	}
	cal, err := schedule.NewWeekCalendar(w, nil)
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	s := &Schedule{Network: &schedule.Network{Calendar: cal}, DayTicks: 480}
	net := s.Network
	const width = 50
	for i := range n {
		net.Tasks = append(net.Tasks, schedule.Task{Duration: 480 * int64(1+rng.IntN(20))})
		s.Tasks = append(s.Tasks, Task{ID: fmt.Sprint(i + 1), Resources: rng.IntN(4),
			HasBaseline: true, BaselineDuration: net.Tasks[i].Duration})
		if i >= width {
			for range 2 {
				net.Links = append(net.Links, schedule.Link{Pred: i - width + rng.IntN(width), Succ: i})
			}
		}
	}
	res, err := schedule.Compute(net)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range s.Tasks {
		s.Tasks[i].BaselineStart, s.Tasks[i].BaselineFinish = res.Tasks[i].EarlyStart, res.Tasks[i].EarlyFinish
	}
	net.StatusDate, net.HasStatusDate = res.Tasks[n/5].EarlyStart, true
	for i := range n / 5 {
		t := &net.Tasks[i]
		t.Started, t.Finished, t.PercentComplete = true, true, 100
		t.ActualStart, t.ActualFinish = res.Tasks[i].EarlyStart, res.Tasks[i].EarlyFinish
	}
	return s
}

func BenchmarkAssess10k(b *testing.B)  { benchmarkAssess(b, 10_000) }
func BenchmarkAssess100k(b *testing.B) { benchmarkAssess(b, 100_000) }

func benchmarkAssess(b *testing.B, n int) {
	s := generated(b, n)
	th := DefaultThresholds()
	for b.Loop() {
		if _, err := Assess(s, th); err != nil {
			b.Fatal(err)
		}
	}
}
