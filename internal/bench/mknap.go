// Package bench measures the portfolio optimiser against published results:
// the OR-Library multidimensional knapsack instances of Chu and Beasley and,
// when it is installed, the COIN-OR CBC solver at the same time limit.
//
// Unlike the engine it reads files and the clock; cmd/pmo wires it as
// "pmo bench mknap DIR --time-limit 1s".
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pmohq/pmo/engine/optimize"
	"github.com/pmohq/pmo/internal/orlib"
)

// MKnapOptions select instances and comparisons for RunMKnapBenchmark.
type MKnapOptions struct {
	// Sets are file names inside the directory, e.g. "mknapcb1.txt"; nil
	// means every mknapcb*.txt found.
	Sets []string
	// Stride keeps every Stride-th instance of each set, starting with the
	// first (each set has 10 instances per tightness: stride 3 samples all
	// three); 0 or 1 keeps all 30.
	Stride int
	// Limit keeps at most this many instances per set after Stride; 0 means all.
	Limit int
	// Workers and Seed are passed to the optimiser (0 workers means 2).
	Workers int
	Seed    uint64
	// CBC runs the cbc binary (CBCPath, default "cbc" on PATH) on the same
	// instances at the same time limit. When it is not installed the run
	// goes on and MKnapReport.CBCSkipped says why.
	CBC     bool
	CBCPath string
	// CBCThreads is passed as cbc's "threads" option when positive.
	CBCThreads int
	// Progress, if set, gets one line per instance as it finishes.
	Progress io.Writer
}

// MKnapInstance is the outcome on one instance.
type MKnapInstance struct {
	Name      string // e.g. "5.100-00"
	BestKnown float64
	Value     float64
	Bound     float64
	Optimal   bool
	Time      time.Duration // wall time
	CPU       time.Duration // CPU time of this process during the solve (both workers)
	Nodes     int64
	CBC       *CBCResult // nil unless CBC ran
}

// Gap returns (best known - value) / best known in per cent; negative when
// the value beats the best known.
func (r MKnapInstance) Gap() float64 { return gapPct(r.BestKnown, r.Value) }

func gapPct(best, v float64) float64 {
	if best == 0 {
		return math.NaN()
	}
	return 100 * (best - v) / best
}

// CBCResult is CBC's outcome on one instance.
type CBCResult struct {
	Value   float64
	Optimal bool
	Time    time.Duration // wall time
	CPU     time.Duration // user+system time of the cbc process
}

// MKnapSet summarises one instance set such as 5.100.
type MKnapSet struct {
	Set       string // "5.100"
	File      string
	Instances int
	MeanGap   float64 // mean gap to best known, per cent
	MaxGap    float64
	Optimal   int           // instances proven optimal
	MeanTime  time.Duration // mean wall time per instance
	MeanCPU   time.Duration // mean CPU time per instance
	MaxTime   time.Duration
	MeanNodes float64

	CBCMeanGap  float64
	CBCOptimal  int
	CBCMeanTime time.Duration
	CBCMeanCPU  time.Duration
	Wins, Ties  int // instances where our value beats / equals CBC's
	CBCRan      bool
}

// MKnapReport is the result of RunMKnapBenchmark.
type MKnapReport struct {
	TimeLimit  time.Duration
	Instances  []MKnapInstance
	Sets       []MKnapSet
	CBCSkipped string // why CBC did not run, if it was asked for
}

// RunMKnapBenchmark solves the OR-Library MKP instances in dir (files
// mknapcb1.txt … and the best-known table mkcbres.txt) with the optimiser,
// each with timeLimit, and returns per-instance results and a per-set table.
func RunMKnapBenchmark(ctx context.Context, dir string, timeLimit time.Duration, opt MKnapOptions) (*MKnapReport, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("bench: instance directory %q is missing or not a directory; it should hold OR-Library's mknapcb1.txt … mknapcb9.txt and mkcbres.txt", dir)
	}
	if timeLimit <= 0 {
		return nil, errors.New("bench: the time limit must be positive")
	}
	sets := opt.Sets
	if sets == nil {
		m, _ := filepath.Glob(filepath.Join(dir, "mknapcb*.txt"))
		for _, f := range m {
			sets = append(sets, filepath.Base(f))
		}
		slices.SortFunc(sets, func(a, b string) int { return setNumber(a) - setNumber(b) })
	}
	if len(sets) == 0 {
		return nil, fmt.Errorf("bench: no mknapcb*.txt files in %q", dir)
	}
	best, err := readBest(filepath.Join(dir, "mkcbres.txt"))
	if err != nil {
		return nil, err
	}
	rep := &MKnapReport{TimeLimit: timeLimit}
	cbc := ""
	if opt.CBC {
		if cbc, err = findCBC(opt.CBCPath); err != nil {
			rep.CBCSkipped = err.Error()
		}
	}
	for _, name := range sets {
		ins, err := readSet(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		ins = sample(ins, opt.Stride, opt.Limit)
		set := MKnapSet{File: name, CBCRan: cbc != ""}
		for _, in := range ins {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			r := solveOne(ctx, in, timeLimit, opt)
			r.BestKnown = best[in.Name]
			if cbc != "" {
				c, err := runCBC(ctx, cbc, in, timeLimit, opt.CBCThreads)
				if err != nil {
					return rep, err
				}
				r.CBC = c
			}
			if opt.Progress != nil {
				fmt.Fprintln(opt.Progress, r.line())
			}
			rep.Instances = append(rep.Instances, r)
			set.add(r)
		}
		set.finish()
		rep.Sets = append(rep.Sets, set)
	}
	return rep, nil
}

func setNumber(name string) int {
	n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "mknapcb"), ".txt"))
	return n
}

func readBest(path string) (map[string]float64, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("bench: best-known table %q is missing (OR-Library's mkcbres.txt)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	defer f.Close()
	rs, err := orlib.ReadResults(f)
	if err != nil {
		return nil, fmt.Errorf("bench: %s: %w", path, err)
	}
	best := make(map[string]float64, len(rs))
	for _, r := range rs {
		best[r.Name] = r.Best
	}
	return best, nil
}

func readSet(path string) ([]orlib.Instance, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	defer f.Close()
	ins, err := orlib.ReadMKnapCB(f)
	if err != nil {
		return nil, fmt.Errorf("bench: %s: %w", path, err)
	}
	return ins, nil
}

func sample(ins []orlib.Instance, stride, limit int) []orlib.Instance {
	var out []orlib.Instance
	for k := 0; k < len(ins); k += max(1, stride) {
		out = append(out, ins[k])
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Problem maps an MKP instance onto a portfolio problem: each knapsack
// constraint becomes one budget period, each item a proposal whose cost in
// period i is its weight in constraint i.
func Problem(in orlib.Instance) *optimize.Problem {
	p := &optimize.Problem{Periods: in.M(), Budget: in.Capacity}
	for j, v := range in.Profit {
		it := optimize.Item{ID: "x" + strconv.Itoa(j), Value: v, Cost: make([]float64, in.M())}
		for i := range in.Weight {
			it.Cost[i] = in.Weight[i][j]
		}
		p.Items = append(p.Items, it)
	}
	return p
}

func solveOne(ctx context.Context, in orlib.Instance, limit time.Duration, opt MKnapOptions) MKnapInstance {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	start, cpu := time.Now(), cpuTime()
	sol, err := optimize.Solve(ctx, Problem(in), optimize.Options{Seed: opt.Seed, Workers: opt.Workers})
	r := MKnapInstance{Name: in.Name, Time: time.Since(start), CPU: cpuTime() - cpu}
	if err != nil {
		return r
	}
	r.Value, r.Bound, r.Optimal, r.Nodes = sol.Value, sol.Bound, sol.Status == optimize.Optimal, sol.Nodes
	return r
}

func (r MKnapInstance) line() string {
	s := fmt.Sprintf("%-9s best %8.0f  pmo %8.0f gap %6.3f%% bound %8.0f optimal %-5v %6.2fs (cpu %6.2fs) nodes %d",
		r.Name, r.BestKnown, r.Value, r.Gap(), r.Bound, r.Optimal, r.Time.Seconds(), r.CPU.Seconds(), r.Nodes)
	if c := r.CBC; c != nil {
		s += fmt.Sprintf("  | cbc %8.0f gap %6.3f%% optimal %-5v %6.2fs (cpu %6.2fs)", c.Value, gapPct(r.BestKnown, c.Value), c.Optimal, c.Time.Seconds(), c.CPU.Seconds())
	}
	return s
}

func (s *MKnapSet) add(r MKnapInstance) {
	if s.Set == "" {
		s.Set = r.Name[:strings.IndexByte(r.Name, '-')]
	}
	s.Instances++
	g := r.Gap()
	s.MeanGap += g
	s.MaxGap = max(s.MaxGap, g)
	s.MeanTime += r.Time
	s.MeanCPU += r.CPU
	s.MaxTime = max(s.MaxTime, r.Time)
	s.MeanNodes += float64(r.Nodes)
	if r.Optimal {
		s.Optimal++
	}
	if c := r.CBC; c != nil {
		s.CBCMeanGap += gapPct(r.BestKnown, c.Value)
		s.CBCMeanTime += c.Time
		s.CBCMeanCPU += c.CPU
		if c.Optimal {
			s.CBCOptimal++
		}
		switch {
		case r.Value > c.Value+1e-6:
			s.Wins++
		case math.Abs(r.Value-c.Value) <= 1e-6:
			s.Ties++
		}
	}
}

func (s *MKnapSet) finish() {
	if s.Instances == 0 {
		return
	}
	n := float64(s.Instances)
	s.MeanGap /= n
	s.MeanTime /= time.Duration(s.Instances)
	s.MeanCPU /= time.Duration(s.Instances)
	s.MeanNodes /= n
	s.CBCMeanGap /= n
	s.CBCMeanTime /= time.Duration(s.Instances)
	s.CBCMeanCPU /= time.Duration(s.Instances)
}

// WriteTable writes the per-set table as Markdown.
func (rep *MKnapReport) WriteTable(w io.Writer) error {
	var b strings.Builder
	cbc := len(rep.Sets) > 0 && rep.Sets[0].CBCRan
	fmt.Fprintf(&b, "Time limit %v per instance.\n\n", rep.TimeLimit)
	b.WriteString("| set | file | instances | mean gap to best known | max gap | proven optimal | mean time (CPU) | max time | mean nodes |")
	if cbc {
		b.WriteString(" CBC mean gap | CBC proven optimal | CBC mean time (CPU) | pmo better / equal / worse than CBC |")
	}
	b.WriteString("\n|---|---|---|---|---|---|---|---|---|")
	if cbc {
		b.WriteString("---|---|---|---|")
	}
	b.WriteString("\n")
	for _, s := range rep.Sets {
		fmt.Fprintf(&b, "| %s | %s | %d | %.3f%% | %.3f%% | %d | %.2fs (%.2fs) | %.2fs | %.0f |", s.Set, s.File, s.Instances,
			s.MeanGap, s.MaxGap, s.Optimal, s.MeanTime.Seconds(), s.MeanCPU.Seconds(), s.MaxTime.Seconds(), s.MeanNodes)
		if cbc {
			fmt.Fprintf(&b, " %.3f%% | %d | %.2fs (%.2fs) | %d / %d / %d |", s.CBCMeanGap, s.CBCOptimal, s.CBCMeanTime.Seconds(), s.CBCMeanCPU.Seconds(),
				s.Wins, s.Ties, s.Instances-s.Wins-s.Ties)
		}
		b.WriteString("\n")
	}
	if rep.CBCSkipped != "" {
		fmt.Fprintf(&b, "\nCBC comparison skipped: %s\n", rep.CBCSkipped)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
