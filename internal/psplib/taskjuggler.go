package psplib

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// TaskJuggler 3 (tj3) levels resources by allocating individual resources
// slot by slot. WriteTJP models an RCPSP instance for it: one working day
// per period (every day of the week, 8 hours), one resource per unit of
// capacity, and per job an effort of duration × units with every unit a
// mandatory allocation from its resource pool, so that a job runs only when
// all its units are free. TaskJuggler may still split a job into pieces,
// which RCPSP forbids; RunTaskJuggler reports those schedules as invalid.

var tjOrigin = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteTJP writes in as a TaskJuggler 3 project whose task report goes to
// "tasks.csv" in the directory tj3 runs in.
func WriteTJP(w io.Writer, in *Instance) error {
	b := bufio.NewWriter(w)
	total := 0
	for _, d := range in.Durations {
		total += d
	}
	fmt.Fprintf(b, "project psplib \"psplib\" %s +%dd {\n  timezone \"UTC\"\n  dailyworkinghours 8\n  workinghours mon - sun 9:00 - 17:00\n}\n",
		tjOrigin.Format(time.DateOnly), total+30)
	for k, c := range in.Capacities {
		for u := 1; u <= c; u++ {
			fmt.Fprintf(b, "resource r%d_%d \"R%d unit %d\"\n", k+1, u, k+1, u)
		}
	}
	preds := make([][]int, len(in.Durations))
	for j, ss := range in.Successors {
		for _, s := range ss {
			preds[s] = append(preds[s], j)
		}
	}
	for j, d := range in.Durations {
		fmt.Fprintf(b, "task j%d \"job %d\" {\n", j+1, j+1)
		if len(preds[j]) > 0 {
			ids := make([]string, len(preds[j]))
			for i, p := range preds[j] {
				ids[i] = fmt.Sprintf("j%d", p+1)
			}
			fmt.Fprintf(b, "  depends %s\n", strings.Join(ids, ", "))
		}
		units := 0
		for _, u := range in.Demands[j] {
			units += u
		}
		switch {
		case d == 0:
			b.WriteString("  milestone\n")
		case units == 0:
			fmt.Fprintf(b, "  length %dd\n", d)
		default:
			fmt.Fprintf(b, "  effort %dd\n", d*units)
			for k, u := range in.Demands[j] {
				pool := make([]string, 0, in.Capacities[k])
				for i := 2; i <= in.Capacities[k]; i++ {
					pool = append(pool, fmt.Sprintf("r%d_%d", k+1, i))
				}
				alt := ""
				if len(pool) > 0 {
					alt = "alternative " + strings.Join(pool, ", ") + " "
				}
				for range u {
					fmt.Fprintf(b, "  allocate r%d_1 { %smandatory }\n", k+1, alt)
				}
			}
		}
		b.WriteString("}\n")
	}
	b.WriteString("taskreport tasks \"tasks\" {\n  formats csv\n  columns id, start, end\n  timeformat \"%Y-%m-%d %H:%M\"\n}\n")
	return b.Flush()
}

// readTJTasks parses the CSV task report into start and finish periods.
func readTJTasks(r io.Reader, n int) (start, finish []int, err error) {
	start, finish = make([]int, n), make([]int, n)
	seen := 0
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Split(strings.ReplaceAll(sc.Text(), `"`, ""), ";")
		if len(f) != 3 || !strings.HasPrefix(f[0], "j") {
			continue
		}
		var j int
		if _, err := fmt.Sscanf(f[0], "j%d", &j); err != nil || j < 1 || j > n {
			return nil, nil, fmt.Errorf("taskjuggler report: bad task id %q", f[0])
		}
		s, err1 := tjPeriod(f[1])
		e, err2 := tjPeriod(f[2])
		if err := errors.Join(err1, err2); err != nil {
			return nil, nil, err
		}
		start[j-1], finish[j-1] = s, e
		seen++
	}
	if seen != n {
		return nil, nil, fmt.Errorf("taskjuggler report: %d of %d tasks", seen, n)
	}
	return start, finish, sc.Err()
}

// tjPeriod turns a report time into a period boundary: a working day runs
// 9:00–17:00, so 9:00 is the start of its day and 17:00 the end.
func tjPeriod(s string) (int, error) {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		return 0, fmt.Errorf("taskjuggler report: %w", err)
	}
	day := int(t.Sub(tjOrigin).Hours()) / 24
	if t.Hour() >= 17 {
		day++
	}
	return day, nil
}

// TJOutcome is TaskJuggler's schedule of one instance.
type TJOutcome struct {
	Makespan int
	Split    int  // jobs whose span exceeds their duration (split by tj3)
	Valid    bool // no split, precedence and capacity respected
	Took     time.Duration
	Err      error // tj3 failed
}

// RunTJ3 schedules in with the tj3 at path, in a fresh directory under tmp.
func RunTJ3(ctx context.Context, path, tmp string, in *Instance) (o TJOutcome) {
	dir, err := os.MkdirTemp(tmp, "tj")
	if err != nil {
		o.Err = err
		return o
	}
	defer os.RemoveAll(dir)
	f, err := os.Create(filepath.Join(dir, "p.tjp"))
	if err != nil {
		o.Err = err
		return o
	}
	err = WriteTJP(f, in)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		o.Err = err
		return o
	}
	t0 := time.Now()
	cmd := exec.CommandContext(ctx, path, "--no-color", "--silent", "p.tjp")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	o.Took = time.Since(t0)
	if err != nil {
		o.Err = fmt.Errorf("tj3: %v: %s", err, strings.TrimSpace(string(out)))
		return o
	}
	rf, err := os.Open(filepath.Join(dir, "tasks.csv"))
	if err != nil {
		o.Err = err
		return o
	}
	defer rf.Close()
	start, finish, err := readTJTasks(rf, len(in.Durations))
	if err != nil {
		o.Err = err
		return o
	}
	for j, d := range in.Durations {
		o.Makespan = max(o.Makespan, finish[j])
		if finish[j]-start[j] > d {
			o.Split++
		}
	}
	if o.Split == 0 {
		ms, err := in.Problem().Check(start)
		o.Valid = err == nil && ms == o.Makespan
	}
	return o
}

// TJResult compares TaskJuggler with Level on the instances of one set.
type TJResult struct {
	Set       string
	Instances int
	// Mean deviation from the optimum or best known, in percent, over the
	// instances each tool scheduled.
	TJDevBest, PmoDevBest float64
	TJDevLB, PmoDevLB     float64
	TJInvalid             int // schedules with split jobs or violations
	TJSplitJobs           int // split jobs, all instances together
	TJFailed              int // tj3 runs that failed
	TJPerInst, PmoPerInst time.Duration
}

// CompareTaskJuggler schedules the instances of each set with tj3 (found at
// tj3Path) and with Level at the given budget, and compares makespans,
// validity and time. tj3 is slow: use opt.Limit for a sample.
func CompareTaskJuggler(ctx context.Context, dir, tj3Path string, schedules int, opt BenchOptions) ([]TJResult, error) {
	if _, err := exec.LookPath(tj3Path); err != nil {
		return nil, fmt.Errorf("psplib: TaskJuggler not found (%v): install the Debian package tj3", err)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("psplib: benchmark directory %q not found", dir)
	}
	tmp, err := os.MkdirTemp("", "pmo-tj3")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	var out []TJResult
	for _, set := range opt.Sets {
		ref, _, err := references(dir, set)
		if err != nil {
			return nil, err
		}
		jobs, err := instances(dir, set, opt.Limit)
		if err != nil {
			return nil, err
		}
		type both struct {
			tj  TJOutcome
			pmo outcome
			in  *Instance
		}
		res := make([]both, len(jobs))
		parallel(len(jobs), opt.Workers, func(i int) {
			res[i].pmo = levelFile(jobs[i].path, schedules, opt.Seed, opt.Populations)
			f, err := os.Open(jobs[i].path)
			if err != nil {
				res[i].tj.Err = err
				return
			}
			in, err := Read(f)
			f.Close()
			if err != nil {
				res[i].tj.Err = err
				return
			}
			res[i].tj = RunTJ3(ctx, tj3Path, tmp, in)
		})
		r := TJResult{Set: set}
		var tjN int
		var tjTook, pmoTook time.Duration
		for i, b := range res {
			if b.pmo.err != nil {
				return nil, b.pmo.err
			}
			best := ref[jobs[i].key]
			r.Instances++
			r.PmoDevBest += 100 * float64(b.pmo.ms-best) / float64(best)
			r.PmoDevLB += 100 * float64(b.pmo.ms-b.pmo.lb) / float64(b.pmo.lb)
			pmoTook += b.pmo.took
			if b.tj.Err != nil {
				r.TJFailed++
				continue
			}
			tjN++
			r.TJDevBest += 100 * float64(b.tj.Makespan-best) / float64(best)
			r.TJDevLB += 100 * float64(b.tj.Makespan-b.pmo.lb) / float64(b.pmo.lb)
			r.TJSplitJobs += b.tj.Split
			if !b.tj.Valid {
				r.TJInvalid++
			}
			tjTook += b.tj.Took
		}
		if r.Instances > 0 {
			r.PmoDevBest /= float64(r.Instances)
			r.PmoDevLB /= float64(r.Instances)
			r.PmoPerInst = pmoTook / time.Duration(r.Instances)
		}
		if tjN > 0 {
			r.TJDevBest /= float64(tjN)
			r.TJDevLB /= float64(tjN)
			r.TJPerInst = tjTook / time.Duration(tjN)
		}
		out = append(out, r)
	}
	return out, nil
}

// WriteTJTable prints a comparison as a Markdown table.
func WriteTJTable(w io.Writer, results []TJResult) error {
	var b strings.Builder
	b.WriteString("| set | instances | tool | dev. from opt/best % | dev. from CP LB % | invalid (split) schedules | time/instance |\n")
	b.WriteString("| --- | ---: | --- | ---: | ---: | ---: | ---: |\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %d | pmo | %.2f | %.2f | 0 | %v |\n", r.Set, r.Instances, r.PmoDevBest, r.PmoDevLB, r.PmoPerInst.Round(time.Millisecond))
		fmt.Fprintf(&b, "| %s | %d | tj3 | %.2f | %.2f | %d (%d jobs split; %d runs failed) | %v |\n", r.Set, r.Instances-r.TJFailed,
			r.TJDevBest, r.TJDevLB, r.TJInvalid, r.TJSplitJobs, r.TJFailed, r.TJPerInst.Round(time.Millisecond))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
