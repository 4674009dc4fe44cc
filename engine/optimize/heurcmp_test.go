package optimize

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/pmohq/pmo/internal/orlib"
)

func TestHeurCompare(t *testing.T) {
	if os.Getenv("MKF") == "" {
		t.Skip("set MKF")
	}
	f, _ := os.Open("/work/shared/data/orlib-mknap/" + os.Getenv("MKF"))
	ins, _ := orlib.ReadMKnapCB(f)
	rf, _ := os.Open("/work/shared/data/orlib-mknap/mkcbres.txt")
	rs, _ := orlib.ReadResults(rf)
	best := map[string]float64{}
	for _, r := range rs {
		best[r.Name] = r.Best
	}
	nl, _ := strconv.Atoi(os.Getenv("NL"))
	sum := 0.0
	for _, in := range ins[:10] {
		s, _ := Solve(context.Background(), mknapProblem(in), Options{Seed: 1, NodeLimit: int64(nl)})
		g := 100 * (best[in.Name] - s.Value) / best[in.Name]
		sum += g
		t.Logf("%s %.3f%%", in.Name, g)
	}
	t.Logf("mean gap %.4f%%", sum/10)
}
