package scheduling

import (
	"math"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/schedule"
)

// LevelOptions bound and seed Level.
type LevelOptions struct {
	// Schedules is the search budget in generated schedules; 0 means 5,000.
	Schedules int
	// Seed makes the search reproducible for the same budget.
	Seed uint64
	// Stop, when set, ends the search early when it returns true: a time
	// budget, which makes the result depend on timing.
	Stop func() bool
}

// Level levels the work resources of s: it delays tasks so that no
// resource is given more than its MaxUnits on a working day, keeping the
// finish as early as the engine's search finds (schedule.Level:
// priority-rule schedules, forward-backward improvement and a genetic
// algorithm). Tasks in progress or done, and tasks of priority 1000, are
// not moved; their work still uses the resources. The delays are stored in
// each task's LevelingDelay and s is rescheduled with them, so the
// critical path method keeps every link and constraint.
//
// The search works in working days of the project calendar: durations
// and lags are rounded up to whole days, and links other than
// finish-to-start without lead hold as a start no earlier than their
// successor's unlevelled start (the final rescheduling restores their
// exact meaning). The delays are set in each task's own working time and
// refined until each moved task starts on the day levelling chose.
// Levelling clears any delays of an earlier levelling first.
func Level(s *pmo.Schedule, now time.Time, opt LevelOptions) (*pmo.LevelResult, error) {
	return level(s, now, opt, nil)
}

// level is Level with some capacity of s's resources already taken, by
// pool name and day (see pool.go): levelling fits s's work into what is left.
func level(s *pmo.Schedule, now time.Time, opt LevelOptions, taken map[string]map[pmo.Date]float64) (*pmo.LevelResult, error) {
	for i := range s.Tasks {
		s.Tasks[i].LevelingDelay = 0
	}
	n, err := convert(s)
	if err != nil {
		return nil, err
	}
	r0, err := n.compute()
	if err != nil {
		return nil, err
	}
	n.apply(r0)
	res := &pmo.LevelResult{FinishBefore: s.Finish, Seed: opt.Seed}
	res.LoadBefore = n.loads()
	res.OverloadedBefore = overloaded(res.LoadBefore)

	lp := n.problem(r0)
	n.reserve(lp, taken)
	if lp.resources > 0 {
		lv, err := schedule.Level(&lp.p, schedule.LevelOptions{Schedules: opt.Schedules, Seed: opt.Seed, Stop: opt.Stop})
		if err != nil {
			return nil, pmo.Errorf(pmo.Invalid, "the schedule cannot be levelled: %s", trimPrefix(err))
		}
		res.Schedules = lv.Schedules
		if err := n.setDelays(lp, r0, lv.Start); err != nil {
			return nil, err
		}
		for _, k := range s.Tasks {
			if k.LevelingDelay > 0 {
				res.Delayed++
			}
		}
	}
	if n, err = convert(s); err != nil {
		return nil, err
	}
	r1, err := n.compute()
	if err != nil {
		return nil, err
	}
	n.apply(r1)
	s.ComputedAt = now.UTC().Truncate(time.Minute)
	res.FinishAfter = s.Finish
	res.LoadAfter = n.loads()
	res.OverloadedAfter = overloaded(res.LoadAfter)
	return res, nil
}

// levelProblem is the RCPSP a schedule levels as, in working days.
type levelProblem struct {
	p         schedule.Problem
	resources int
	fixed     []bool
	dur, es   []int
	names     []string // the pool key of each resource
}

func (n *network) problem(r *schedule.Result) *levelProblem {
	s, net := n.s, n.ms.Network
	cal := n.ms.Project
	mpd := float64(max(s.MinutesPerDay, 1))
	days := func(a, b int64) int { return int(math.Ceil(float64(cal.Work(a, b))/mpd - 1e-9)) }
	nt := len(net.Tasks)
	lp := &levelProblem{fixed: make([]bool, nt), dur: make([]int, nt), es: make([]int, nt)}
	p := &lp.p
	p.Durations, p.Succ, p.Lag = lp.dur, make([][]int, nt), make([][]int, nt)
	p.Demand, p.Release = make([][]int, nt), make([]int, nt)
	for j := range nt {
		d := r.Tasks[j]
		lp.es[j] = int(math.Floor(float64(cal.Work(net.Start, d.EarlyStart)) / mpd))
		lp.dur[j] = days(d.EarlyStart, d.EarlyFinish)
		k := &s.Tasks[n.leafs[j]]
		lp.fixed[j] = net.Tasks[j].Started || k.Priority >= 1000
		if d.Driver < 0 || lp.fixed[j] {
			p.Release[j] = lp.es[j]
		}
	}
	for _, l := range net.Links {
		a, b := l.Pred, l.Succ
		if l.Type == schedule.FS && l.Lag >= 0 && l.LagPercent >= 0 {
			lag := int(math.Ceil(float64(l.Lag)/mpd-1e-9)) + int(math.Ceil(float64(lp.dur[a]*int(l.LagPercent))/100))
			p.Succ[a] = append(p.Succ[a], b)
			p.Lag[a] = append(p.Lag[a], lag)
			continue
		}
		if lp.es[b] >= lp.es[a]+lp.dur[a] {
			p.Succ[a] = append(p.Succ[a], b)
			p.Lag[a] = append(p.Lag[a], 0)
		} else {
			p.Release[b] = max(p.Release[b], lp.es[b])
		}
	}
	// Work resources with assignments to leaf tasks, in hundredths of units.
	netIndex := make(map[int]int, nt)
	for j, di := range n.leafs {
		netIndex[s.Tasks[di].UID] = j
	}
	resIndex := map[int]int{}
	lp.names = nil
	for _, rs := range s.Resources {
		if rs.Type == pmo.WorkResource && rs.MaxUnits > 0 {
			resIndex[rs.UID] = len(p.Capacity)
			lp.names = append(lp.names, PoolKey(rs.Name))
			p.Capacity = append(p.Capacity, int(math.Round(rs.MaxUnits*100)))
		}
	}
	lp.resources = len(p.Capacity)
	for j := range nt {
		p.Demand[j] = make([]int, lp.resources)
	}
	p.Profile = make([][]int, lp.resources)
	for _, a := range s.Assignments {
		j, ok := netIndex[a.Task]
		k, ok2 := resIndex[a.Resource]
		if !ok || !ok2 || lp.dur[j] == 0 {
			continue
		}
		u := min(int(math.Round(a.Units*100)), p.Capacity[k])
		if !lp.fixed[j] {
			p.Demand[j][k] = min(p.Demand[j][k]+u, p.Capacity[k])
			continue
		}
		// Fixed work uses capacity where it is.
		prof := p.Profile[k]
		for len(prof) < lp.es[j]+lp.dur[j] {
			prof = append(prof, p.Capacity[k])
		}
		for t := lp.es[j]; t < lp.es[j]+lp.dur[j]; t++ {
			prof[t] = max(prof[t]-u, 0)
		}
		p.Profile[k] = prof
	}
	return lp
}

// setDelays gives each task levelling moved a delay that makes it start at
// the start of its levelled day. Delays are in the task's own working time
// (the days the project calendar counts may be nights on a night shift),
// and a task's start also moves with its delayed predecessors, so the
// delays are refined over a few passes of the critical path method until
// every levelled task starts where levelling put it.
func (n *network) setDelays(lp *levelProblem, r0 *schedule.Result, start []int) error {
	s, net, pc := n.s, n.ms.Network, n.ms.Project
	mpd := int64(max(s.MinutesPerDay, 1))
	// The first working minute of project day d.
	dayStart := func(d int) int64 { return pc.Add(pc.Add(net.Start, int64(d)*mpd+1), -1) }
	var moved []int
	for j, from := range lp.earliest(r0, start) {
		if !lp.fixed[j] && start[j] > from {
			moved = append(moved, j)
		}
	}
	for pass := 0; pass < 12 && len(moved) > 0; pass++ {
		nn, err := convert(s)
		if err != nil {
			return err
		}
		r, err := nn.compute()
		if err != nil {
			return err
		}
		changed := false
		for _, j := range moved {
			k := &s.Tasks[n.leafs[j]]
			cal := n.calendar(&net.Tasks[j])
			es, target := r.Tasks[j].EarlyStart, dayStart(start[j])
			switch {
			case es < target:
				if d := cal.Work(es, target); d > 0 {
					k.LevelingDelay += d
					changed = true
				}
			case es > target && k.LevelingDelay > 0:
				if d := min(cal.Work(target, es), k.LevelingDelay); d > 0 {
					k.LevelingDelay -= d
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	return nil
}

// earliest returns, for each activity, the earliest day its levelled
// predecessors (and its release) allow; the levelled start less that is
// the delay levelling adds.
func (lp *levelProblem) earliest(r *schedule.Result, start []int) []int {
	p := &lp.p
	earliest := make([]int, len(start))
	copy(earliest, p.Release)
	for _, j := range r.Order {
		for i, b := range p.Succ[j] {
			earliest[b] = max(earliest[b], start[j]+lp.dur[j]+p.Lag[j][i])
		}
	}
	return earliest
}
