package psplib

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pmohq/pmo/engine/schedule"
)

// BenchOptions tune RunPSPLIB.
type BenchOptions struct {
	Sets    []string // sets to run, e.g. "j30", "j120"; nil means every set found
	Limit   int      // at most this many instances per set, spread evenly; 0 means all
	Seed    uint64   // seed given to every instance
	Workers int      // instances levelled at once; 0 means GOMAXPROCS
	// Populations per instance (LevelOptions.Workers); 0 means 1. With 2,
	// one instance at a time on 2 cores.
	Populations int
}

// SetResult summarises one PSPLIB set. Deviations are percentages of the
// reference makespan, averaged over the instances.
type SetResult struct {
	Set        string
	Instances  int
	Schedules  int     // budget per instance
	DevBest    float64 // from the optimum (j30) or the best-known upper bound
	DevLB      float64 // from the critical-path lower bound
	AtBest     int     // instances at (or below) the optimum or best known
	BelowBest  int     // instances below the best known (a new upper bound or a bug)
	Invalid    int     // schedules that failed the validity check: must be 0
	PerInst    time.Duration
	Wall       time.Duration
	References string   // the file the reference makespans came from
	Above      []string // instances above the reference, as "name got/best"
}

// RunPSPLIB levels every instance of the sets under dir (laid out as
// dir/j30/*.sm and dir/solutions/j30opt.sm, j60hrs.sm, ...) with a budget
// of schedules per instance, checks each schedule, and compares the
// makespans with the optimal or best-known values.
func RunPSPLIB(dir string, schedules int, opt BenchOptions) ([]SetResult, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("psplib: benchmark directory %q not found: it must hold j30/, j60/, j120/ ... and solutions/ (see shared/data/psplib/SOURCE.md)", dir)
	}
	sets := opt.Sets
	if sets == nil {
		for _, s := range []string{"j30", "j60", "j90", "j120"} {
			if st, err := os.Stat(filepath.Join(dir, s)); err == nil && st.IsDir() {
				sets = append(sets, s)
			}
		}
		if len(sets) == 0 {
			return nil, fmt.Errorf("psplib: no j30, j60, j90 or j120 directory in %q", dir)
		}
	}
	var out []SetResult
	for _, s := range sets {
		r, err := runSet(dir, s, schedules, opt)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

type key struct{ par, inst int }

// references returns the best-known makespan per instance and the file it
// came from: the optimum for j30, the heuristic upper bound otherwise.
func references(dir, set string) (map[key]int, string, error) {
	name := set + "opt.sm"
	f, err := os.Open(filepath.Join(dir, "solutions", name))
	if errors.Is(err, fs.ErrNotExist) {
		name = set + "hrs.sm"
		f, err = os.Open(filepath.Join(dir, "solutions", name))
	}
	if err != nil {
		return nil, "", fmt.Errorf("psplib: reference makespans for %s: %w", set, err)
	}
	defer f.Close()
	rows, err := ReadTable(f)
	if err != nil {
		return nil, "", err
	}
	m := make(map[key]int, len(rows))
	for _, r := range rows {
		m[key{r.Par, r.Inst}] = r.Makespan
	}
	return m, name, nil
}

// job is one instance file of a set.
type job struct {
	path string
	key  key
}

// instances lists the instance files of a set in parameter order, or an
// even sample of limit of them (every parameter combination stays in).
func instances(dir, set string, limit int) ([]job, error) {
	files, err := filepath.Glob(filepath.Join(dir, set, "*.sm"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("psplib: no .sm files in %s", filepath.Join(dir, set))
	}
	var jobs []job
	for _, p := range files {
		s, par, inst, ok := ParseName(filepath.Base(p))
		if ok && s == set {
			jobs = append(jobs, job{p, key{par, inst}})
		}
	}
	sort.Slice(jobs, func(a, b int) bool {
		if jobs[a].key.par != jobs[b].key.par {
			return jobs[a].key.par < jobs[b].key.par
		}
		return jobs[a].key.inst < jobs[b].key.inst
	})
	if limit > 0 && limit < len(jobs) {
		sample := make([]job, limit)
		for i := range sample {
			sample[i] = jobs[i*len(jobs)/limit]
		}
		jobs = sample
	}
	return jobs, nil
}

// parallel runs fn(0..n-1) on workers goroutines (GOMAXPROCS when 0).
func parallel(n, workers int, fn func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

func runSet(dir, set string, schedules int, opt BenchOptions) (SetResult, error) {
	res := SetResult{Set: set, Schedules: schedules}
	ref, refName, err := references(dir, set)
	if err != nil {
		return res, err
	}
	res.References = refName
	jobs, err := instances(dir, set, opt.Limit)
	if err != nil {
		return res, err
	}
	outs := make([]outcome, len(jobs))
	t0 := time.Now()
	parallel(len(jobs), opt.Workers, func(i int) {
		outs[i] = levelFile(jobs[i].path, schedules, opt.Seed, opt.Populations)
	})
	res.Wall = time.Since(t0)

	var sumBest, sumLB float64
	var took time.Duration
	for i, o := range outs {
		best := ref[jobs[i].key]
		if o.err != nil {
			return res, fmt.Errorf("psplib: %s: %w", jobs[i].path, o.err)
		}
		if best == 0 {
			return res, fmt.Errorf("psplib: %s has no reference makespan in %s", jobs[i].path, refName)
		}
		res.Instances++
		if !o.valid {
			res.Invalid++
		}
		sumBest += 100 * float64(o.ms-best) / float64(best)
		sumLB += 100 * float64(o.ms-o.lb) / float64(o.lb)
		if o.ms <= best {
			res.AtBest++
		}
		if o.ms < best {
			res.BelowBest++
		}
		if o.ms > best {
			res.Above = append(res.Above, fmt.Sprintf("%s %d/%d", filepath.Base(jobs[i].path), o.ms, best))
		}
		took += o.took
	}
	res.DevBest = sumBest / float64(res.Instances)
	res.DevLB = sumLB / float64(res.Instances)
	res.PerInst = took / time.Duration(res.Instances)
	return res, nil
}

// outcome is the levelling of one instance.
type outcome struct {
	ms, lb int
	valid  bool
	took   time.Duration
	err    error
}

func levelFile(path string, schedules int, seed uint64, pops int) (o outcome) {
	f, err := os.Open(path)
	if err != nil {
		o.err = err
		return o
	}
	in, err := Read(f)
	f.Close()
	if err != nil {
		o.err = err
		return o
	}
	p := in.Problem()
	if o.lb, o.err = p.CriticalPathBound(); o.err != nil {
		return o
	}
	t0 := time.Now()
	sol, err := schedule.Level(p, schedule.LevelOptions{Schedules: schedules, Seed: seed, Workers: pops})
	o.took = time.Since(t0)
	if err != nil {
		o.err = err
		return o
	}
	ms, err := p.Check(sol.Start)
	o.ms, o.valid = sol.Makespan, err == nil && ms == sol.Makespan
	return o
}

// WriteTable prints results as a Markdown table.
func WriteTable(w io.Writer, results []SetResult) error {
	var b strings.Builder
	b.WriteString("| set | instances | schedules | dev. from opt/best % | dev. from CP LB % | at best | below best | invalid | time/instance | wall |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %d | %d | %.3f | %.2f | %d (%.1f%%) | %d | %d | %v | %v |\n",
			r.Set, r.Instances, r.Schedules, r.DevBest, r.DevLB, r.AtBest, 100*float64(r.AtBest)/float64(max(r.Instances, 1)),
			r.BelowBest, r.Invalid, r.PerInst.Round(time.Microsecond), r.Wall.Round(time.Millisecond))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
