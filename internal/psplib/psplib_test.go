package psplib

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo/engine/schedule"
)

func mustRead(t testing.TB, name string) *Instance {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := Read(f)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return in
}

func TestRead(t *testing.T) {
	in := mustRead(t, "j301_1.sm")
	if len(in.Durations) != 32 || in.Horizon != 158 {
		t.Fatalf("%d jobs, horizon %d", len(in.Durations), in.Horizon)
	}
	if diff := cmp.Diff([]int{12, 13, 4, 12}, in.Capacities); diff != "" {
		t.Errorf("capacities (-want +got):\n%s", diff)
	}
	// Job 1 (index 0) precedes jobs 2, 3, 4; job 2 lasts 8 and needs 4 of R1.
	if diff := cmp.Diff([]int{1, 2, 3}, in.Successors[0]); diff != "" {
		t.Errorf("successors (-want +got):\n%s", diff)
	}
	if in.Durations[1] != 8 || !cmp.Equal(in.Demands[1], []int{4, 0, 0, 0}) {
		t.Errorf("job 2: duration %d, demands %v", in.Durations[1], in.Demands[1])
	}
	if len(in.Successors[31]) != 0 {
		t.Errorf("sink has successors %v", in.Successors[31])
	}
	lb, err := in.Problem().CriticalPathBound()
	if err != nil || lb != 38 { // the MPM-Time in the file
		t.Errorf("critical path bound = %d, %v; want 38", lb, err)
	}
}

func TestReadErrors(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "j301_1.sm"))
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"empty":            "",
		"not psplib":       "hello\nworld\n",
		"truncated":        string(good[:len(good)/2]),
		"bad successor":    strings.Replace(string(good), "  1        1          3           2   3   4", "  1        1          3           2   3  99", 1),
		"multi-mode":       strings.Replace(string(good), "  2        1          3           6  11  15", "  2        2          3           6  11  15", 1),
		"letters in table": strings.Replace(string(good), "  2      1     8       4", "  2      1     x       4", 1),
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Read(strings.NewReader(in)); err == nil {
				t.Error("Read succeeded, want an error")
			}
		})
	}
}

func TestReadTable(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "j30opt_excerpt.sm"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := ReadTable(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{{1, 1, 43, 0, false}, {5, 3, 76, 0, false}, {5, 4, 63, 0, false}, {41, 7, 92, 0, false}, {45, 2, 125, 0, false}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}

	lb, err := os.ReadFile(filepath.Join("testdata", "j120lb_excerpt.sm"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err = ReadTable(bytes.NewReader(lb))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 14 {
		t.Fatalf("%d rows, want 14", len(rows))
	}
	if diff := cmp.Diff(Row{18, 3, 101, 100, false}, rows[5]); diff != "" { // ISO-8859-1 author
		t.Errorf("row 18/3 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Row{19, 1, 88, 88, true}, rows[13]); diff != "" {
		t.Errorf("row 19/1 (-want +got):\n%s", diff)
	}
}

func TestParseName(t *testing.T) {
	tests := []struct {
		name      string
		set       string
		par, inst int
		ok        bool
	}{
		{"j301_1.sm", "j30", 1, 1, true},
		{"j3048_10.sm", "j30", 48, 10, true},
		{"j12060_3.sm", "j120", 60, 3, true},
		{"j605_2", "j60", 5, 2, true},
		{"x.sm", "", 0, 0, false},
		{"j30x_1.sm", "", 0, 0, false},
	}
	for _, tt := range tests {
		set, par, inst, ok := ParseName(tt.name)
		if set != tt.set || par != tt.par || inst != tt.inst || ok != tt.ok {
			t.Errorf("ParseName(%q) = %q, %d, %d, %v", tt.name, set, par, inst, ok)
		}
	}
}

// TestLevelReachesOptimum levels the j30 instances in testdata with a
// modest budget and expects their proven optimal makespans.
func TestLevelReachesOptimum(t *testing.T) {
	opt := map[string]int{"j301_1.sm": 43, "j305_3.sm": 76, "j305_4.sm": 63, "j3041_7.sm": 92, "j3045_2.sm": 125}
	for name, want := range opt {
		t.Run(name, func(t *testing.T) {
			p := mustRead(t, name).Problem()
			sol, err := schedule.Level(p, schedule.LevelOptions{Schedules: 2000, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			ms, err := p.Check(sol.Start)
			if err != nil {
				t.Fatalf("invalid schedule: %v", err)
			}
			if ms != sol.Makespan || ms != want {
				t.Errorf("makespan %d (reported %d), want the optimum %d", ms, sol.Makespan, want)
			}
		})
	}
}

func TestLevelJ120Valid(t *testing.T) {
	p := mustRead(t, "j1201_1.sm").Problem()
	sol, err := schedule.Level(p, schedule.LevelOptions{Schedules: 1000, Seed: 7, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := p.Check(sol.Start)
	if err != nil || ms != sol.Makespan {
		t.Fatalf("makespan %d, check %d, %v", sol.Makespan, ms, err)
	}
	// Best known 105, lower bound 104 (j120lb.sm).
	if ms < 104 || ms > 125 {
		t.Errorf("makespan %d out of the plausible range 104..125", ms)
	}
}

func TestRunPSPLIBMissingDir(t *testing.T) {
	_, err := RunPSPLIB(filepath.Join(t.TempDir(), "nope"), 100, BenchOptions{})
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("err = %v, want a clear not-found error", err)
	}
}

// TestRunPSPLIBSmall runs the benchmark on a directory laid out like the
// PSPLIB data, built from testdata.
func TestRunPSPLIBSmall(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"j30", "solutions"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	copyFile := func(from, to string) {
		b, err := os.ReadFile(filepath.Join("testdata", from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"j301_1.sm", "j3045_2.sm"} {
		copyFile(f, filepath.Join("j30", f))
	}
	copyFile("j30opt_excerpt.sm", filepath.Join("solutions", "j30opt.sm"))
	res, err := RunPSPLIB(dir, 500, BenchOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Set != "j30" || res[0].Instances != 2 || res[0].Invalid != 0 {
		t.Fatalf("results %+v", res)
	}
	if res[0].AtBest != 2 || res[0].DevBest != 0 {
		t.Errorf("at best %d, deviation %.3f; want both instances optimal", res[0].AtBest, res[0].DevBest)
	}
	var b strings.Builder
	if err := WriteTable(&b, res); err != nil || !strings.Contains(b.String(), "| j30 | 2 |") {
		t.Errorf("table %q, %v", b.String(), err)
	}
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"j301_1.sm", "j1201_1.sm"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := Read(bytes.NewReader(b))
		if err != nil {
			return
		}
		// Whatever parses must be safe to hand to the engine.
		p := in.Problem()
		if _, err := p.CriticalPathBound(); err != nil {
			return
		}
		if len(in.Durations) < 200 && in.Horizon < 1000 {
			var total int
			for _, d := range in.Durations {
				total += d
			}
			if total < 2000 {
				sol, err := schedule.Level(p, schedule.LevelOptions{Schedules: 20, Seed: 1})
				if err == nil {
					if _, err := p.Check(sol.Start); err != nil {
						t.Fatalf("invalid schedule: %v", err)
					}
				}
			}
		}
	})
}

func FuzzReadTable(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "j120lb_excerpt.sm"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		ReadTable(bytes.NewReader(b))
	})
}
