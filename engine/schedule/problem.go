package schedule

import (
	"errors"
	"fmt"
)

// Problem is an instance of the resource-constrained project scheduling
// problem (RCPSP): activities with durations, finish-to-start precedence
// (with optional non-negative lags), and demands on renewable resources.
// Activities are not split. Optionally, activities have release periods (the status date, a
// start-no-earlier-than constraint) and resources a capacity per period (a
// resource calendar: holidays, part-time, hires).
type Problem struct {
	Durations []int   // per activity, in periods
	Succ      [][]int // successors of each activity
	Demand    [][]int // Demand[j][k]: units of resource k that activity j uses each period
	Capacity  []int   // units of each resource per period (after its Profile, if any)

	Release []int   // optional: earliest start period of each activity
	Profile [][]int // optional: Profile[k][t] units of resource k in period t < len(Profile[k])
	Lag     [][]int // optional: Lag[j][i] ≥ 0 periods between the finish of j and the start of Succ[j][i]
}

// inst is a Problem checked and compiled to flat arrays.
type inst struct {
	n, nr   int
	dur     []int32
	dem     []int32 // n×nr
	capa    []int32
	nz      csr // resources each activity uses
	fwd     csr // predecessors: the forward direction of scheduling
	bwd     csr // successors: predecessors once time runs backwards
	order   []int32
	horizon int32   // no start in a serial schedule exceeds it
	rel     []int32 // release periods, nil when none
	base    []int32 // capacity per period, (horizon+2)×nr
	varying bool    // capacity changes over time
	es, lf  []int32
	cp      int32 // critical path length (with releases)
}

// csr is an adjacency in compressed sparse rows, with the lag of each
// link (nil when all are zero).
type csr struct{ start, adj, lag []int32 }

func (c *csr) of(j int32) []int32 { return c.adj[c.start[j]:c.start[j+1]] }

// lagOf returns the lags of j's links, aligned with of(j), or nil.
func (c *csr) lagOf(j int32) []int32 {
	if c.lag == nil {
		return nil
	}
	return c.lag[c.start[j]:c.start[j+1]]
}

func newCSR(n int, lists func(j int) []int) csr {
	c := csr{start: make([]int32, n+1)}
	for j := 0; j < n; j++ {
		c.start[j+1] = c.start[j] + int32(len(lists(j)))
	}
	c.adj = make([]int32, 0, c.start[n])
	for j := 0; j < n; j++ {
		for _, v := range lists(j) {
			c.adj = append(c.adj, int32(v))
		}
	}
	return c
}

// compile checks p and builds its flat form.
func compile(p *Problem) (*inst, error) {
	n, nr := len(p.Durations), len(p.Capacity)
	if len(p.Succ) != n || len(p.Demand) != n {
		return nil, errors.New("schedule: Problem needs Succ and Demand for every activity")
	}
	in := &inst{n: n, nr: nr, dur: make([]int32, n), dem: make([]int32, n*nr), capa: make([]int32, nr)}
	for k, c := range p.Capacity {
		if c < 0 {
			return nil, fmt.Errorf("schedule: resource %d has negative capacity %d", k, c)
		}
		in.capa[k] = int32(c)
	}
	preds := make([][]int, n)
	var predLags, succLags [][]int // nil without lags
	if p.Lag != nil {
		if len(p.Lag) != n {
			return nil, errors.New("schedule: Lag needs a list for every activity")
		}
		predLags, succLags = make([][]int, n), make([][]int, n)
	}
	var sum int64
	for j := 0; j < n; j++ {
		d := p.Durations[j]
		if d < 0 || d > 1<<20 {
			return nil, fmt.Errorf("schedule: activity %d has duration %d out of range", j, d)
		}
		in.dur[j] = int32(d)
		sum += int64(d)
		if len(p.Demand[j]) != nr {
			return nil, fmt.Errorf("schedule: activity %d has %d demands for %d resources", j, len(p.Demand[j]), nr)
		}
		for k, u := range p.Demand[j] {
			if u < 0 || u > p.Capacity[k] {
				return nil, fmt.Errorf("schedule: activity %d needs %d units of resource %d (capacity %d)", j, u, k, p.Capacity[k])
			}
			in.dem[j*nr+k] = int32(u)
		}
		if p.Lag != nil && p.Lag[j] != nil && len(p.Lag[j]) != len(p.Succ[j]) {
			return nil, fmt.Errorf("schedule: activity %d has %d lags for %d successors", j, len(p.Lag[j]), len(p.Succ[j]))
		}
		for i, s := range p.Succ[j] {
			if s < 0 || s >= n {
				return nil, fmt.Errorf("schedule: activity %d has successor %d outside 0..%d", j, s, n-1)
			}
			preds[s] = append(preds[s], j)
			if p.Lag != nil {
				l := 0
				if p.Lag[j] != nil {
					l = p.Lag[j][i]
				}
				if l < 0 || l > 1<<20 {
					return nil, fmt.Errorf("schedule: link %d -> %d has lag %d: levelling takes lags from 0 to 2^20", j, s, l)
				}
				predLags[s] = append(predLags[s], l)
				succLags[j] = append(succLags[j], l)
				sum += int64(l)
			}
		}
	}
	var late int64 // the latest release or end of a profile
	if p.Release != nil {
		if len(p.Release) != n {
			return nil, errors.New("schedule: Release needs a period for every activity")
		}
		in.rel = make([]int32, n)
		for j, r := range p.Release {
			if r < 0 || r > 1<<28 {
				return nil, fmt.Errorf("schedule: activity %d has release %d out of range", j, r)
			}
			in.rel[j] = int32(r)
			late = max(late, int64(r))
		}
	}
	if len(p.Profile) > nr {
		return nil, errors.New("schedule: Profile has more resources than Capacity")
	}
	for _, pr := range p.Profile {
		late = max(late, int64(len(pr)))
	}
	if sum+late > 1<<28 {
		return nil, errors.New("schedule: total duration too large")
	}
	in.horizon = int32(sum + late)
	in.base = make([]int32, (int(in.horizon)+2)*nr)
	for t := 0; t < len(in.base); t += nr {
		copy(in.base[t:], in.capa)
	}
	for k, pr := range p.Profile {
		for t, c := range pr {
			if c < 0 {
				return nil, fmt.Errorf("schedule: resource %d has negative capacity %d in period %d", k, c, t)
			}
			in.base[t*nr+k] = int32(c)
			in.varying = true
		}
	}
	in.fwd = newCSR(n, func(j int) []int { return preds[j] })
	in.bwd = newCSR(n, func(j int) []int { return p.Succ[j] })
	if p.Lag != nil {
		in.fwd.lag = newCSR(n, func(j int) []int { return predLags[j] }).adj
		in.bwd.lag = newCSR(n, func(j int) []int { return succLags[j] }).adj
	}
	in.nz = newCSR(n, func(j int) []int {
		var ks []int
		for k, u := range p.Demand[j] {
			if u > 0 && p.Durations[j] > 0 {
				ks = append(ks, k)
			}
		}
		return ks
	})
	// Topological order (Kahn) and the resource-free critical path.
	indeg := make([]int32, n)
	for j := 0; j < n; j++ {
		indeg[j] = in.fwd.start[j+1] - in.fwd.start[j]
		if indeg[j] == 0 {
			in.order = append(in.order, int32(j))
		}
	}
	for h := 0; h < len(in.order); h++ {
		for _, s := range in.bwd.of(in.order[h]) {
			if indeg[s]--; indeg[s] == 0 {
				in.order = append(in.order, s)
			}
		}
	}
	if len(in.order) < n {
		var cyc []int
		for j, d := range indeg {
			if d > 0 {
				cyc = append(cyc, j)
			}
		}
		return nil, &CycleError{Tasks: cyc}
	}
	in.es, in.lf = make([]int32, n), make([]int32, n)
	for _, j := range in.order {
		if in.rel != nil {
			in.es[j] = in.rel[j]
		}
		lags := in.fwd.lagOf(j)
		for i, p := range in.fwd.of(j) {
			in.es[j] = max(in.es[j], in.es[p]+in.dur[p]+lagAt(lags, i))
		}
		in.cp = max(in.cp, in.es[j]+in.dur[j])
	}
	for k := n - 1; k >= 0; k-- {
		j := in.order[k]
		in.lf[j] = in.cp
		lags := in.bwd.lagOf(j)
		for i, s := range in.bwd.of(j) {
			in.lf[j] = min(in.lf[j], in.lf[s]-in.dur[s]-lagAt(lags, i))
		}
	}
	return in, nil
}

func lagAt(lags []int32, i int) int32 {
	if lags == nil {
		return 0
	}
	return lags[i]
}

// CriticalPathBound returns the length of the longest path through the
// precedence network, a lower bound on the makespan (LB0 in the literature).
func (p *Problem) CriticalPathBound() (int, error) {
	in, err := compile(p)
	if err != nil {
		return 0, err
	}
	return int(in.cp), nil
}

// Check reports whether start times form a valid schedule of p: every
// activity starts at or after 0 (and its release) and after its
// predecessors finish, and no resource is used beyond its capacity in any
// period. It returns the makespan.
func (p *Problem) Check(start []int) (int, error) {
	n := len(p.Durations)
	if len(start) != n {
		return 0, fmt.Errorf("schedule: %d start times for %d activities", len(start), n)
	}
	makespan := 0
	for j := 0; j < n; j++ {
		if start[j] < 0 || (p.Release != nil && start[j] < p.Release[j]) {
			return 0, fmt.Errorf("schedule: activity %d starts at %d, before it may", j, start[j])
		}
		f := start[j] + p.Durations[j]
		makespan = max(makespan, f)
		for i, s := range p.Succ[j] {
			lag := 0
			if p.Lag != nil && p.Lag[j] != nil {
				lag = p.Lag[j][i]
			}
			if start[s] < f+lag {
				return 0, fmt.Errorf("schedule: activity %d starts at %d before predecessor %d finishes at %d (lag %d)", s, start[s], j, f, lag)
			}
		}
	}
	use := make([]int, (makespan+1)*len(p.Capacity))
	nr := len(p.Capacity)
	for j := 0; j < n; j++ {
		for t := start[j]; t < start[j]+p.Durations[j]; t++ {
			for k, u := range p.Demand[j] {
				c := p.Capacity[k]
				if k < len(p.Profile) && t < len(p.Profile[k]) {
					c = p.Profile[k][t]
				}
				if use[t*nr+k] += u; use[t*nr+k] > c {
					return 0, fmt.Errorf("schedule: resource %d over capacity %d in period %d", k, c, t)
				}
			}
		}
	}
	return makespan, nil
}
