package optimize

import (
	"bufio"
	"fmt"
	"os"
	"testing"
)

// TestDumpLP writes largePortfolio as an LP file for comparison with cbc
// when PMO_DUMP_LP names the output file.
func TestDumpLP(t *testing.T) {
	path := os.Getenv("PMO_DUMP_LP")
	if path == "" {
		t.Skip("set PMO_DUMP_LP")
	}
	g := compile(largePortfolio(1, 200, 24), 1).g
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "Maximize\n obj:")
	for j, v := range g.obj {
		fmt.Fprintf(w, " + %g x%d\n", v, j)
	}
	fmt.Fprint(w, "Subject To\n")
	for i := 0; i < g.m; i++ {
		if g.rs[i] == g.rs[i+1] {
			continue
		}
		fmt.Fprintf(w, " c%d:", i)
		for k := g.rs[i]; k < g.rs[i+1]; k++ {
			fmt.Fprintf(w, " + %g x%d", g.rv[k], g.rc[k])
		}
		fmt.Fprintf(w, " <= %g\n", g.rhs[i])
	}
	fmt.Fprint(w, "Bounds\n")
	for j := 0; j < g.n; j++ {
		fmt.Fprintf(w, " %g <= x%d <= %g\n", g.lo[j], j, g.up[j])
	}
	fmt.Fprint(w, "General\n")
	for j := 0; j < g.n; j++ {
		fmt.Fprintf(w, " x%d\n", j)
	}
	fmt.Fprint(w, "End\n")
	t.Logf("n %d m %d nnz %d", g.n, g.m, len(g.cv))
	w.Flush()
}
