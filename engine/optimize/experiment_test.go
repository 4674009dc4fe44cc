package optimize

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/pmohq/pmo/internal/orlib"
)

// TestExperiment is a tuning aid, skipped unless PMO_ORLIB_DIR names the
// OR-Library directory. It solves instances [PMO_FROM, PMO_TO) of
// PMO_SET (default mknapcb1.txt) with PMO_WORKERS workers and either a
// PMO_NODES node limit or a PMO_TIME time limit, and logs gap and nodes:
//
//	PMO_ORLIB_DIR=../../../shared/data/orlib-mknap PMO_TO=10 PMO_NODES=20000 \
//	go test ./engine/optimize -run Experiment -v
func TestExperiment(t *testing.T) {
	dir := os.Getenv("PMO_ORLIB_DIR")
	if dir == "" {
		t.Skip("set PMO_ORLIB_DIR to run")
	}
	env := func(k string, def int) int {
		if v, err := strconv.Atoi(os.Getenv(k)); err == nil {
			return v
		}
		return def
	}
	set := os.Getenv("PMO_SET")
	if set == "" {
		set = "mknapcb1.txt"
	}
	f, err := os.Open(filepath.Join(dir, set))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ins, err := orlib.ReadMKnapCB(f)
	if err != nil {
		t.Fatal(err)
	}
	rf, err := os.Open(filepath.Join(dir, "mkcbres.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer rf.Close()
	rs, err := orlib.ReadResults(rf)
	if err != nil {
		t.Fatal(err)
	}
	best := map[string]float64{}
	for _, r := range rs {
		best[r.Name] = r.Best
	}
	limit, _ := time.ParseDuration(os.Getenv("PMO_TIME"))
	cardinalityBranching = os.Getenv("PMO_NOCARD") == ""
	useRINS = os.Getenv("PMO_NORINS") == ""
	rinsNodes = int64(env("PMO_RINS_NODES", int(rinsNodes)))
	sum, nodes := 0.0, int64(0)
	for _, in := range ins[env("PMO_FROM", 0):env("PMO_TO", 1)] {
		ctx, cancel := context.Background(), func() {}
		if limit > 0 {
			ctx, cancel = context.WithTimeout(ctx, limit)
		}
		s, err := Solve(ctx, mknapProblem(in), Options{Seed: 1, Workers: env("PMO_WORKERS", 2), NodeLimit: int64(env("PMO_NODES", 0)), HeuristicWork: int64(env("PMO_HEUR", 0))})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		g := 100 * (best[in.Name] - s.Value) / best[in.Name]
		sum += g
		nodes += s.Nodes
		t.Logf("%s %v value %g bound %g gap to best known %.3f%% nodes %d", in.Name, s.Status, s.Value, s.Bound, g, s.Nodes)
	}
	t.Logf("sum of gaps %.4f%%, nodes %d", sum, nodes)
}
