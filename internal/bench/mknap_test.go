package bench

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pmohq/pmo/internal/orlib"
)

const dataDir = "../../internal/orlib/testdata"

// testDir builds a benchmark directory from the copied instances.
func testDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(dataDir, "mknapcb1-first2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "mknapcb1.txt"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	res := "5.100-00 24381\n5.100-01 24274\nLP optimal\n5.100-00 2.4585902722e+04\n"
	if err := os.WriteFile(filepath.Join(dir, "mkcbres.txt"), []byte(res), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestRunMKnapBenchmark(t *testing.T) {
	rep, err := RunMKnapBenchmark(context.Background(), testDir(t), time.Second, MKnapOptions{Limit: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sets) != 1 || rep.Sets[0].Set != "5.100" || rep.Sets[0].Instances != 1 {
		t.Fatalf("sets %+v", rep.Sets)
	}
	if r := rep.Instances[0]; r.Value <= 0 || r.Value > 24381 || r.Bound < r.Value || r.Gap() < 0 || r.Optimal && r.Value != 24381 {
		t.Errorf("instance %+v", r)
	}
	var b bytes.Buffer
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| 5.100 | mknapcb1.txt | 1 | ") {
		t.Errorf("table:\n%s", b.String())
	}
}

func TestRunMKnapBenchmarkMissingDir(t *testing.T) {
	_, err := RunMKnapBenchmark(context.Background(), filepath.Join(t.TempDir(), "nope"), time.Second, MKnapOptions{})
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("error %v, want one saying the directory is missing", err)
	}
	empty := t.TempDir()
	if _, err := RunMKnapBenchmark(context.Background(), empty, time.Second, MKnapOptions{}); err == nil || !strings.Contains(err.Error(), "no mknapcb") {
		t.Errorf("error %v for an empty directory", err)
	}
}

func TestCBCMissing(t *testing.T) {
	rep, err := RunMKnapBenchmark(context.Background(), testDir(t), 100*time.Millisecond,
		MKnapOptions{Limit: 1, Stride: 2, CBC: true, CBCPath: "/nonexistent/cbc"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.CBCSkipped == "" {
		t.Error("CBC skip not reported")
	}
}

func TestCBC(t *testing.T) {
	if _, err := exec.LookPath("cbc"); err != nil {
		t.Skip("cbc not installed (Debian package coinor-cbc)")
	}
	rep, err := RunMKnapBenchmark(context.Background(), testDir(t), time.Second, MKnapOptions{Limit: 1, CBC: true})
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Instances[0].CBC
	if c == nil || c.Value <= 0 || c.Value > 24381 {
		t.Errorf("cbc result %+v", c)
	}
}

func TestReadCBCSolution(t *testing.T) {
	in := "Optimal - objective value 5.00000000\n      0 x0  1  3\n      1 x2  1  2\n"
	r, err := ReadCBCSolution(strings.NewReader(in), []float64{3, 9, 2})
	if err != nil || !r.Optimal || r.Value != 5 {
		t.Errorf("got %+v, %v", r, err)
	}
	if _, err := ReadCBCSolution(strings.NewReader("Optimal\n 0 x7 1 1\n"), []float64{1}); err == nil {
		t.Error("no error for an unknown variable")
	}
}

func TestWriteLP(t *testing.T) {
	var b bytes.Buffer
	in := orlib.Instance{Profit: []float64{3, 2}, Weight: [][]float64{{1, 2}}, Capacity: []float64{2}}
	if err := WriteLP(&b, in); err != nil {
		t.Fatal(err)
	}
	want := "Maximize\n obj: + 3 x0 + 2 x1\nSubject To\n c0: + 1 x0 + 2 x1 <= 2\nBinary\n x0 x1\nEnd\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
