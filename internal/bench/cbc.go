package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pmohq/pmo/internal/orlib"
)

// findCBC returns the path of the cbc binary or an error saying it is absent.
func findCBC(path string) (string, error) {
	if path == "" {
		path = "cbc"
	}
	p, err := exec.LookPath(path)
	if err != nil {
		return "", fmt.Errorf("cbc not found (%v); install the Debian package coinor-cbc", err)
	}
	return p, nil
}

// WriteLP writes the instance in CPLEX LP format.
func WriteLP(w io.Writer, in orlib.Instance) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("Maximize\n obj:")
	for j, v := range in.Profit {
		fmt.Fprintf(bw, " + %s x%d", num(v), j)
		if j%10 == 9 {
			bw.WriteString("\n")
		}
	}
	bw.WriteString("\nSubject To\n")
	for i, row := range in.Weight {
		fmt.Fprintf(bw, " c%d:", i)
		for j, v := range row {
			fmt.Fprintf(bw, " + %s x%d", num(v), j)
			if j%10 == 9 {
				bw.WriteString("\n")
			}
		}
		fmt.Fprintf(bw, " <= %s\n", num(in.Capacity[i]))
	}
	bw.WriteString("Binary\n")
	for j := range in.Profit {
		fmt.Fprintf(bw, " x%d", j)
		if j%10 == 9 {
			bw.WriteString("\n")
		}
	}
	bw.WriteString("\nEnd\n")
	return bw.Flush()
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// runCBC solves the instance with cbc at the time limit and reads its
// solution file.
func runCBC(ctx context.Context, cbc string, in orlib.Instance, limit time.Duration, threads int) (*CBCResult, error) {
	dir, err := os.MkdirTemp("", "pmo-cbc-")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(dir)
	lpPath, solPath := filepath.Join(dir, "model.lp"), filepath.Join(dir, "solution.txt")
	f, err := os.Create(lpPath)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	if err := WriteLP(f, in); err != nil {
		f.Close()
		return nil, fmt.Errorf("bench: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	args := []string{lpPath, "timeMode", "elapsed", "sec", strconv.FormatFloat(limit.Seconds(), 'f', 3, 64)}
	if threads > 0 {
		args = append(args, "threads", strconv.Itoa(threads))
	}
	args = append(args, "solve", "solu", solPath)
	start := time.Now()
	cmd := exec.CommandContext(ctx, cbc, args...)
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("bench: cbc on %s: %v\n%s", in.Name, err, out)
	}
	sf, err := os.Open(solPath)
	if err != nil {
		return nil, fmt.Errorf("bench: cbc wrote no solution for %s: %w", in.Name, err)
	}
	defer sf.Close()
	r, err := ReadCBCSolution(sf, in.Profit)
	if err != nil {
		return nil, fmt.Errorf("bench: cbc solution for %s: %w", in.Name, err)
	}
	r.Time = elapsed
	r.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return r, nil
}

// ReadCBCSolution reads a cbc solution file ("Optimal - objective value
// 24381.00000000" then one line per nonzero variable "index name value
// reduced-cost") and recomputes the value from the profits of variables
// named xJ set to 1.
func ReadCBCSolution(r io.Reader, profit []float64) (*CBCResult, error) {
	sc := bufio.NewScanner(r)
	if !sc.Scan() {
		return nil, errors.New("empty solution file")
	}
	head := sc.Text()
	res := &CBCResult{Optimal: strings.HasPrefix(head, "Optimal")}
	if strings.Contains(head, "infeasible") || strings.Contains(head, "Infeasible") {
		return nil, fmt.Errorf("cbc says %q", head)
	}
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 || !strings.HasPrefix(f[1], "x") {
			continue
		}
		j, err := strconv.Atoi(f[1][1:])
		if err != nil || j < 0 || j >= len(profit) {
			return nil, fmt.Errorf("unknown variable %q", f[1])
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("value of %s: %w", f[1], err)
		}
		if v > 0.5 {
			res.Value += profit[j]
		}
	}
	return res, sc.Err()
}
