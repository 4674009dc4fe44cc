package optimize

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/pmohq/pmo/internal/orlib"
)

func TestProf(t *testing.T) {
	if os.Getenv("MKF") == "" {
		t.Skip("profiling helper; set MKF")
	}
	f, err := os.Open("/work/shared/data/orlib-mknap/" + os.Getenv("MKF"))
	if err != nil {
		t.Fatal(err)
	}
	ins, _ := orlib.ReadMKnapCB(f)
	a, _ := strconv.Atoi(os.Getenv("MKA"))
	b, _ := strconv.Atoi(os.Getenv("MKB"))
	w, _ := strconv.Atoi(os.Getenv("MKW"))
	lim, _ := time.ParseDuration(os.Getenv("MKT"))
	if v, err := strconv.Atoi(os.Getenv("REL")); err == nil {
		reliable = int32(v)
	}
	if v, err := strconv.Atoi(os.Getenv("MS")); err == nil {
		maxStrong = v
	}
	if v, err := strconv.Atoi(os.Getenv("SI")); err == nil {
		strongIters = v
	}
	var tot int64
	for _, in := range ins[a:b] {
		ctx, cancel := context.WithTimeout(context.Background(), lim)
		t0 := time.Now()
		s, _ := Solve(ctx, mknapProblem(in), Options{Seed: 1, Workers: w})
		cancel()
		tot += s.Nodes
		t.Logf("%s %v val %v bound %v nodes %d iters %d %v", in.Name, s.Status, s.Value, s.Bound, s.Nodes, s.LPIters, time.Since(t0))
	}
	t.Logf("total nodes %d", tot)
}
