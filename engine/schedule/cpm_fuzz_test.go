package schedule

import (
	"math/rand/v2"
	"testing"
)

// genNetwork returns a random acyclic network of n tasks and m links. Most
// links join tasks close in index, as in real plans; one in eight is long.
// With mixed set, one link in ten is SS, FF or SF and one in five has a lag
// or a lead, the mix the DCMA checks allow.
func genNetwork(n, m int, seed uint64, mixed bool) *Network {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	net := &Network{Tasks: make([]Task, n), Links: make([]Link, 0, m)}
	for i := range net.Tasks {
		net.Tasks[i].Duration = int64(rng.IntN(20))
	}
	if n < 2 {
		return net
	}
	for len(net.Links) < m {
		s := 1 + rng.IntN(n-1)
		var p int
		if rng.IntN(8) == 0 {
			p = rng.IntN(s)
		} else {
			p = max(0, s-1-rng.IntN(50))
		}
		l := Link{Pred: p, Succ: s}
		if mixed {
			if rng.IntN(10) == 0 {
				l.Type = LinkType(1 + rng.IntN(3))
			}
			if rng.IntN(5) == 0 {
				l.Lag = int64(rng.IntN(11) - 5)
			}
		}
		net.Links = append(net.Links, l)
	}
	return net
}

// checkInvariants verifies what must hold for any network without
// constraints that bound late dates.
func checkInvariants(t *testing.T, n *Network, r *Result) {
	t.Helper()
	d := datesOf(r)
	es, ef, ls, lf := d.ES, d.EF, d.LS, d.LF
	for i, tk := range n.Tasks {
		if es[i] < n.Start || ef[i]-es[i] != tk.Duration || lf[i]-ls[i] != tk.Duration {
			t.Fatalf("task %d: ES %d EF %d LS %d LF %d D %d", i, es[i], ef[i], ls[i], lf[i], tk.Duration)
		}
		if d.TF[i] < 0 || d.FF[i] < 0 || d.FF[i] > d.TF[i] {
			t.Fatalf("task %d: TF %d FF %d", i, d.TF[i], d.FF[i])
		}
		if lf[i] > r.ProjectFinish {
			t.Fatalf("task %d: LF %d after the finish %d", i, lf[i], r.ProjectFinish)
		}
	}
	for _, l := range n.Links {
		p, s := l.Pred, l.Succ
		var early, late bool
		switch l.Type {
		case FS:
			early, late = es[s] >= ef[p]+l.Lag, lf[p] <= ls[s]-l.Lag
		case SS:
			early, late = es[s] >= es[p]+l.Lag, ls[p] <= ls[s]-l.Lag
		case FF:
			early, late = ef[s] >= ef[p]+l.Lag, lf[p] <= lf[s]-l.Lag
		case SF:
			early, late = ef[s] >= es[p]+l.Lag, ls[p] <= lf[s]-l.Lag
		}
		if !early || !late {
			t.Fatalf("link %+v violated: pred %d..%d / %d..%d, succ %d..%d / %d..%d",
				l, es[p], ef[p], ls[p], lf[p], es[s], ef[s], ls[s], lf[s])
		}
	}
	if len(n.Tasks) > 0 {
		crit := false
		for i := range n.Tasks {
			crit = crit || d.TF[i] == 0
		}
		if !crit {
			t.Fatal("no critical task")
		}
	}
}

func FuzzComputeInvariants(f *testing.F) {
	f.Add(uint64(1), uint16(10), uint16(20), true)
	f.Add(uint64(2), uint16(200), uint16(600), true)
	f.Add(uint64(3), uint16(50), uint16(100), false)
	f.Fuzz(func(t *testing.T, seed uint64, nt, nl uint16, mixed bool) {
		n := genNetwork(int(nt%2000), int(nl%6000), seed, mixed)
		if len(n.Tasks) < 2 {
			n.Links = nil
		}
		// Constraints that only push early dates keep every invariant.
		rng := rand.New(rand.NewPCG(seed, 1))
		for i := range n.Tasks {
			switch rng.IntN(10) {
			case 0:
				n.Tasks[i].Constraint, n.Tasks[i].ConstraintDate = SNET, int64(rng.IntN(100))
			case 1:
				n.Tasks[i].Constraint, n.Tasks[i].ConstraintDate = FNET, int64(rng.IntN(100))
			case 2:
				n.Tasks[i].Constraint = ALAP
			}
		}
		r, err := Compute(n)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, n, r)
	})
}

// FuzzComputeConflicts throws every constraint, deadlines and progress at
// the engine: it must not panic, and floats stay ordered.
func FuzzComputeConflicts(f *testing.F) {
	f.Add(uint64(1), uint16(30), uint16(60))
	f.Add(uint64(9), uint16(300), uint16(900))
	f.Fuzz(func(t *testing.T, seed uint64, nt, nl uint16) {
		n := genNetwork(int(nt%1000), int(nl%3000), seed, true)
		if len(n.Tasks) < 2 {
			n.Links = nil
		}
		rng := rand.New(rand.NewPCG(seed, 2))
		n.StatusDate, n.HasStatusDate = int64(rng.IntN(50)), rng.IntN(2) == 0
		for i := range n.Tasks {
			tk := &n.Tasks[i]
			tk.Constraint, tk.ConstraintDate = ConstraintType(rng.IntN(8)), int64(rng.IntN(200)-20)
			tk.Deadline, tk.HasDeadline = int64(rng.IntN(200)), rng.IntN(4) == 0
			if rng.IntN(5) == 0 {
				tk.Started, tk.ActualStart, tk.PercentComplete = true, int64(rng.IntN(40)), float64(rng.IntN(101))
			}
			if rng.IntN(3) == 0 {
				tk.Calendar = weekCal{}
			}
		}
		r, err := Compute(n)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n.Tasks {
			if x := r.Tasks[i]; x.FreeFloat < 0 || x.FreeFloat > max(x.TotalFloat, 0) {
				t.Fatalf("task %d: TF %d FF %d", i, x.TotalFloat, x.FreeFloat)
			}
		}
		r.CriticalPaths()
	})
}

// shuffle renumbers the tasks of net at random, so that the index order is
// no longer topological.
func shuffle(net *Network, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 3))
	perm := rng.Perm(len(net.Tasks))
	tasks := make([]Task, len(net.Tasks))
	for i, p := range perm {
		tasks[p] = net.Tasks[i]
	}
	net.Tasks = tasks
	for i := range net.Links {
		l := &net.Links[i]
		l.Pred, l.Succ = perm[l.Pred], perm[l.Succ]
	}
}

func benchmarkCompute(b *testing.B, n int, shuffled, reuse bool) {
	net := genNetwork(n, 3*n, 1, true)
	if shuffled {
		shuffle(net, 1)
	}
	b.ReportAllocs()
	var sc Scheduler
	for b.Loop() {
		var err error
		if reuse {
			_, err = sc.Compute(net)
		} else {
			_, err = Compute(net)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/task")
}

// Each network has n tasks and 3n links; "Shuffled" numbers the tasks at
// random, so the topological sort cannot be skipped and memory access is
// random; "Reuse" runs a Scheduler that keeps its memory between runs.
func BenchmarkCompute10k(b *testing.B)          { benchmarkCompute(b, 10_000, false, false) }
func BenchmarkCompute100k(b *testing.B)         { benchmarkCompute(b, 100_000, false, false) }
func BenchmarkCompute1M(b *testing.B)           { benchmarkCompute(b, 1_000_000, false, false) }
func BenchmarkCompute10kShuffled(b *testing.B)  { benchmarkCompute(b, 10_000, true, false) }
func BenchmarkCompute100kShuffled(b *testing.B) { benchmarkCompute(b, 100_000, true, false) }
func BenchmarkCompute1MShuffled(b *testing.B)   { benchmarkCompute(b, 1_000_000, true, false) }
func BenchmarkCompute1MReuse(b *testing.B)      { benchmarkCompute(b, 1_000_000, false, true) }
func BenchmarkCompute1MShuffledReuse(b *testing.B) {
	benchmarkCompute(b, 1_000_000, true, true)
}
