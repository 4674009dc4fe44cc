package psplib

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWriteTJP(t *testing.T) {
	in := &Instance{
		Durations:  []int{0, 3, 2, 0},
		Successors: [][]int{{1, 2}, {3}, {3}, nil},
		Demands:    [][]int{{0, 0}, {2, 0}, {0, 0}, {0, 0}},
		Capacities: []int{2, 1},
	}
	var b strings.Builder
	if err := WriteTJP(&b, in); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"project psplib \"psplib\" 2024-01-01 +35d {",
		"resource r1_2 \"R1 unit 2\"",
		"resource r2_1 \"R2 unit 1\"",
		"task j1 \"job 1\" {\n  milestone\n}",
		"task j2 \"job 2\" {\n  depends j1\n  effort 6d\n  allocate r1_1 { alternative r1_2 mandatory }\n  allocate r1_1 { alternative r1_2 mandatory }\n}",
		"task j3 \"job 3\" {\n  depends j1\n  length 2d\n}",
		"task j4 \"job 4\" {\n  depends j2, j3\n  milestone\n}",
		"formats csv",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("project lacks %q:\n%s", want, got)
		}
	}
}

func TestReadTJTasks(t *testing.T) {
	report := `"Id";"Start";"End"
"j1";"2024-01-01 09:00";"2024-01-01 09:00"
"j2";"2024-01-01 09:00";"2024-01-03 17:00"
"j3";"2024-01-03 17:00";"2024-01-05 17:00"
`
	start, finish, err := readTJTasks(strings.NewReader(report), 3)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{0, 0, 3}, start); diff != "" {
		t.Errorf("start (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{0, 3, 5}, finish); diff != "" {
		t.Errorf("finish (-want +got):\n%s", diff)
	}
	if _, _, err := readTJTasks(strings.NewReader(report), 4); err == nil {
		t.Error("a missing task went unnoticed")
	}
	if _, _, err := readTJTasks(strings.NewReader(`"j1";"yesterday";"2024-01-01 09:00"`), 1); err == nil {
		t.Error("a bad date went unnoticed")
	}
}

// TestRunTJ3 runs TaskJuggler when it is installed (Debian package tj3).
func TestRunTJ3(t *testing.T) {
	path, err := exec.LookPath("tj3")
	if err != nil {
		t.Skip("tj3 not installed")
	}
	in := mustRead(t, "j301_1.sm")
	o := RunTJ3(context.Background(), path, t.TempDir(), in)
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	// The optimum is 43; TaskJuggler, a greedy leveller, cannot beat it.
	if o.Makespan < 43 {
		t.Errorf("tj3 makespan %d below the optimum 43", o.Makespan)
	}
	if o.Valid != (o.Split == 0) {
		t.Errorf("valid %v with %d split jobs", o.Valid, o.Split)
	}
}
