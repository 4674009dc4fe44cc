package scheduling

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/schedule"
)

// PoolProject is one project of a pool levelling.
type PoolProject struct {
	Schedule *pmo.Schedule
	Code     string
	// Priority is the project's priority, 1 (highest) to 5.
	Priority int
}

// PoolKey is the name by which a resource is found in the pool: its name
// without case or surrounding spaces.
func PoolKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// LevelProjects levels several projects that share resources. Work
// resources of the same name (PoolKey) are one resource of the pool, whose
// capacity is the smallest MaxUnits any project gives it. The projects are
// levelled one after the other by priority (1 first; equal priorities in
// the order given), each with Level's search, its own calendars, links
// and constraints, and within the capacity that the projects levelled
// before it left: a higher-priority project's dates are never given up for
// a lower one's, which is how a PMO ranks its portfolio. Each schedule
// gets its levelling delays and computed dates; resources keep their own
// MaxUnits. opt applies to every project (Stop to the whole run).
func LevelProjects(ps []PoolProject, now time.Time, opt LevelOptions) (*pmo.PoolLevelResult, error) {
	if len(ps) == 0 {
		return nil, pmo.Errorf(pmo.Invalid, "name at least one project to level")
	}
	// The pool: each resource's capacity and the projects that use it.
	capa := map[string]float64{}
	users := map[string][]int64{}
	for _, p := range ps {
		used := map[int]bool{}
		for _, a := range p.Schedule.Assignments {
			used[a.Resource] = true
		}
		for _, r := range p.Schedule.Resources {
			if r.Type != pmo.WorkResource || r.MaxUnits <= 0 || !used[r.UID] {
				continue
			}
			k := PoolKey(r.Name)
			if c, ok := capa[k]; !ok || r.MaxUnits < c {
				capa[k] = r.MaxUnits
			}
			if u := users[k]; len(u) == 0 || u[len(u)-1] != p.Schedule.ProjectID {
				users[k] = append(u, p.Schedule.ProjectID)
			}
		}
	}
	order := slices.Clone(ps)
	slices.SortStableFunc(order, func(a, b PoolProject) int { return cmp.Compare(a.Priority, b.Priority) })

	out := &pmo.PoolLevelResult{}
	taken := map[string]map[pmo.Date]float64{}
	before := map[string][]pmo.ResourceLoad{}
	after := map[string][]pmo.ResourceLoad{}
	for _, p := range order {
		s := p.Schedule
		// Level against the pool's capacity, then give the resources back
		// their own.
		own := make([]float64, len(s.Resources))
		for i := range s.Resources {
			own[i] = s.Resources[i].MaxUnits
			if c, ok := capa[PoolKey(s.Resources[i].Name)]; ok && s.Resources[i].Type == pmo.WorkResource {
				s.Resources[i].MaxUnits = c
			}
		}
		res, err := level(s, now, opt, taken)
		for i := range s.Resources {
			s.Resources[i].MaxUnits = own[i]
		}
		if err != nil {
			return nil, pmo.Errorf(pmo.ErrorKind(err), "project %s: %s", p.Code, pmo.ErrorMessage(err))
		}
		for _, l := range res.LoadBefore {
			k := PoolKey(l.Name)
			before[k] = append(before[k], l)
		}
		for _, l := range res.LoadAfter {
			k := PoolKey(l.Name)
			after[k] = append(after[k], l)
			if taken[k] == nil {
				taken[k] = map[pmo.Date]float64{}
			}
			for _, d := range l.Days {
				taken[k][d.Date] += d.Load
			}
		}
		if out.FinishBefore.Before(res.FinishBefore) {
			out.FinishBefore = res.FinishBefore
		}
		if out.FinishAfter.Before(res.FinishAfter) {
			out.FinishAfter = res.FinishAfter
		}
		out.Projects = append(out.Projects, pmo.ProjectLevelResult{ProjectID: s.ProjectID, Code: p.Code,
			Priority: p.Priority, Version: s.Version, LevelResult: *res})
	}
	for _, k := range slices.Sorted(maps.Keys(users)) {
		if len(users[k]) < 2 {
			continue
		}
		sh := pmo.SharedResourceLoad{Name: before[k][0].Name, MaxUnits: capa[k], Projects: users[k]}
		sh.Before, sh.OverloadedBefore, sh.PeakBefore = combine(before[k])
		sh.After, sh.OverloadedAfter, sh.PeakAfter = combine(after[k])
		out.Shared = append(out.Shared, sh)
	}
	return out, nil
}

// combine adds up the daily loads several projects put on one resource;
// a day's capacity is the largest any project's calendar gives it.
func combine(ls []pmo.ResourceLoad) (days []pmo.Load, over int, peak float64) {
	by := map[pmo.Date]*pmo.Load{}
	for _, l := range ls {
		for _, d := range l.Days {
			if c := by[d.Date]; c != nil {
				c.Load = round(c.Load + d.Load)
				c.Capacity = max(c.Capacity, d.Capacity)
				continue
			}
			by[d.Date] = &pmo.Load{Date: d.Date, Load: d.Load, Capacity: d.Capacity}
		}
	}
	days = []pmo.Load{}
	for _, d := range by {
		days = append(days, *d)
		peak = max(peak, d.Load)
		if d.Load > d.Capacity+1e-9 {
			over++
		}
	}
	slices.SortFunc(days, func(a, b pmo.Load) int { return a.Date.Time().Compare(b.Date.Time()) })
	return days, over, peak
}

// reserve takes from lp's capacity, day by day, what other projects of the
// pool already use of the same resources.
func (n *network) reserve(lp *levelProblem, taken map[string]map[pmo.Date]float64) {
	if len(taken) == 0 {
		return
	}
	p, net, pc := &lp.p, n.ms.Network, n.ms.Project
	mpd := int64(max(n.s.MinutesPerDay, 1))
	for k, name := range lp.names {
		byDay := taken[name]
		if len(byDay) == 0 {
			continue
		}
		var last pmo.Date
		for d := range byDay {
			if last.IsZero() || d.After(last) {
				last = d
			}
		}
		prof := p.Profile[k]
		for t := 0; ; t++ {
			tick := pc.Add(pc.Add(net.Start, int64(t)*mpd+1), -1)
			d := pmo.DateOf(schedule.TickTime(tick))
			if d.After(last) || t > 20*366 {
				break
			}
			if t >= len(prof) {
				prof = append(prof, p.Capacity[k])
			}
			prof[t] = max(prof[t]-int(math.Ceil(byDay[d]*100-1e-6)), 0)
		}
		p.Profile[k] = prof
	}
}
