// Package psplib reads the single-mode RCPSP instances of PSPLIB (Kolisch
// and Sprecher 1996) and its tables of optimal and best-known makespans,
// and runs the levelling engine over them as a benchmark.
package psplib

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pmohq/pmo/engine/schedule"
)

// Instance is one single-mode RCPSP instance. Jobs are numbered from 0
// here (PSPLIB numbers them from 1); job 0 and the last job are the dummy
// source and sink.
type Instance struct {
	Horizon    int
	Durations  []int
	Successors [][]int
	Demands    [][]int // Demands[j][k] for renewable resource k
	Capacities []int
}

// Problem returns the instance as an engine problem.
func (in *Instance) Problem() *schedule.Problem {
	return &schedule.Problem{Durations: in.Durations, Succ: in.Successors, Demand: in.Demands, Capacity: in.Capacities}
}

// Read parses a PSPLIB .sm file.
func Read(r io.Reader) (_ *Instance, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("psplib: %w", err)
		}
	}()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	in := &Instance{}
	jobs, res := -1, -1
	sect := ""
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		key, val, hasColon := strings.Cut(line, ":")
		key = strings.TrimSpace(key)
		switch {
		case hasColon && strings.HasPrefix(key, "jobs"):
			if jobs, err = firstInt(val); err != nil || jobs < 0 || jobs > 1<<16 {
				return nil, fmt.Errorf("line %d: bad job count %q", i+1, val)
			}
			in.Durations = make([]int, jobs)
			in.Successors = make([][]int, jobs)
			in.Demands = make([][]int, jobs)
		case hasColon && key == "horizon":
			if in.Horizon, err = firstInt(val); err != nil {
				return nil, fmt.Errorf("line %d: bad horizon %q", i+1, val)
			}
		case hasColon && key == "- renewable":
			if res, err = firstInt(val); err != nil || res < 0 || res > 1<<10 {
				return nil, fmt.Errorf("line %d: bad resource count %q", i+1, val)
			}
		case strings.HasPrefix(line, "PRECEDENCE RELATIONS"),
			strings.HasPrefix(line, "REQUESTS/DURATIONS"),
			strings.HasPrefix(line, "RESOURCEAVAILABILITIES"):
			sect = line
			i++ // the column header
			if strings.HasPrefix(sect, "REQUESTS") {
				i++ // a line of dashes
			}
		case strings.HasPrefix(line, "*"):
			sect = ""
		case sect != "" && line != "":
			if jobs < 0 || res < 0 {
				return nil, fmt.Errorf("line %d: data before the job and resource counts", i+1)
			}
			f, err := ints(strings.Fields(line))
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
			if err := in.row(sect, f, jobs, res); err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
		}
	}
	if jobs < 0 || res < 0 || in.Capacities == nil {
		return nil, errors.New("not a PSPLIB single-mode file: missing jobs, resources or availabilities")
	}
	for j, d := range in.Demands {
		if d == nil {
			return nil, fmt.Errorf("no duration for job %d", j+1)
		}
	}
	return in, nil
}

func (in *Instance) row(sect string, f []int, jobs, res int) error {
	switch {
	case strings.HasPrefix(sect, "PRECEDENCE"):
		if len(f) < 3 || f[0] < 1 || f[0] > jobs || len(f) != 3+f[2] {
			return errors.New("bad precedence row")
		}
		if f[1] != 1 {
			return errors.New("multi-mode instances are not supported")
		}
		j := f[0] - 1
		for _, s := range f[3:] {
			if s < 1 || s > jobs {
				return fmt.Errorf("job %d has successor %d outside 1..%d", j+1, s, jobs)
			}
			in.Successors[j] = append(in.Successors[j], s-1)
		}
	case strings.HasPrefix(sect, "REQUESTS"):
		if len(f) != 3+res || f[0] < 1 || f[0] > jobs {
			return errors.New("bad request row")
		}
		if f[1] != 1 {
			return errors.New("multi-mode instances are not supported")
		}
		j := f[0] - 1
		if f[2] < 0 {
			return fmt.Errorf("job %d has negative duration", j+1)
		}
		in.Durations[j] = f[2]
		in.Demands[j] = f[3:]
	default: // availabilities
		if len(f) != res {
			return fmt.Errorf("%d availabilities for %d resources", len(f), res)
		}
		in.Capacities = f
	}
	return nil
}

func firstInt(s string) (int, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return 0, errors.New("no number")
	}
	return strconv.Atoi(f[0])
}

func ints(fs []string) ([]int, error) {
	out := make([]int, len(fs))
	for i, s := range fs {
		v, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", s)
		}
		out[i] = v
	}
	return out, nil
}

// Row is one line of a PSPLIB solution table (j30opt.sm, j*hrs.sm, j*lb.sm).
type Row struct {
	Par, Inst int
	Makespan  int  // optimal (opt), best known (hrs) or upper bound (lb)
	LB        int  // lower bound in lb tables, else 0
	Proven    bool // marked "*" in an lb table: LB = UB is optimal
}

// ReadTable parses a solution table: every line that begins with three
// integers (parameter, instance, makespan) is a row; in lb tables a fourth
// integer is the lower bound and a following "*" marks proven optima.
// Author names may hold ISO-8859-1 bytes; they are ignored.
func ReadTable(r io.Reader) ([]Row, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	var rows []Row
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 {
			continue
		}
		v, err := ints(f[:3])
		if err != nil {
			continue
		}
		row := Row{Par: v[0], Inst: v[1], Makespan: v[2]}
		if len(f) > 3 {
			if lb, err := strconv.Atoi(f[3]); err == nil {
				row.LB = lb
				row.Proven = len(f) > 4 && f[4] == "*"
			}
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("psplib: %w", err)
	}
	return rows, nil
}

// ParseName splits an instance file name such as "j3010_2.sm" into its set
// ("j30"), parameter combination (10) and instance (2).
func ParseName(name string) (set string, par, inst int, ok bool) {
	name = strings.TrimSuffix(name, ".sm")
	for _, s := range []string{"j120", "j30", "j60", "j90"} {
		rest, found := strings.CutPrefix(name, s)
		if !found {
			continue
		}
		p, i, found := strings.Cut(rest, "_")
		if !found {
			return "", 0, 0, false
		}
		pv, err1 := strconv.Atoi(p)
		iv, err2 := strconv.Atoi(i)
		if err1 != nil || err2 != nil {
			return "", 0, 0, false
		}
		return s, pv, iv, true
	}
	return "", 0, 0, false
}
