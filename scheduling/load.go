package scheduling

import (
	"math"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/schedule"
)

// Loads returns the daily load of each work resource of s against its
// capacity, from the tasks' current dates: an assignment of u units loads
// its resource with u times the share of a working day (MinutesPerDay)
// that the resource works (on its calendar) within the task on that day;
// the capacity of a day is MaxUnits times
// the share of a day the resource's calendar works. Days run from the
// project start to the last finish. Resources without assignments are
// left out.
func Loads(s *pmo.Schedule) ([]pmo.ResourceLoad, error) {
	n, err := convert(s)
	if err != nil {
		return nil, err
	}
	return n.loads(), nil
}

func (n *network) loads() []pmo.ResourceLoad {
	s := n.s
	mpd := float64(max(s.MinutesPerDay, 1))
	first := day(s.Start)
	last := first
	for _, k := range s.Tasks {
		if !k.Finish.IsZero() {
			last = max(last, day(k.Finish))
		}
	}
	if last-first > 20*366 {
		last = first + 20*366 // a histogram of twenty years is plenty
	}
	days := int(last-first) + 1
	netIndex := make(map[int]int, len(n.leafs))
	for ni, di := range n.leafs {
		netIndex[s.Tasks[di].UID] = ni
	}
	byRes := map[int][]pmo.Assignment{}
	for _, a := range s.Assignments {
		byRes[a.Resource] = append(byRes[a.Resource], a)
	}
	var out []pmo.ResourceLoad
	for _, r := range s.Resources {
		as := byRes[r.UID]
		if r.Type != pmo.WorkResource || len(as) == 0 {
			continue
		}
		// A resource works its own hours: a task on another calendar (the
		// union of its resources') loads it only when it works.
		cal := schedule.Calendar(n.ms.Project)
		if c, ok := n.ms.Calendars[r.Calendar]; ok {
			cal = c
		}
		load := make([]float64, days)
		for _, a := range as {
			k := s.TaskByUID(a.Task)
			if _, ok := netIndex[a.Task]; !ok || k == nil || k.Start.IsZero() || !k.Finish.After(k.Start) {
				continue
			}
			from, to := schedule.TimeTick(k.Start), schedule.TimeTick(k.Finish)
			for d := max(day(k.Start), first); d <= min(day(k.Finish), last); d++ {
				lo, hi := max(from, d*1440), min(to, (d+1)*1440)
				if hi > lo {
					load[d-first] += a.Units * float64(cal.Work(lo, hi)) / mpd
				}
			}
		}
		rl := pmo.ResourceLoad{Resource: r.UID, Name: r.Name, MaxUnits: r.MaxUnits, Days: []pmo.Load{}}
		for i := range days {
			d := first + int64(i)
			capa := r.MaxUnits * float64(cal.Work(d*1440, (d+1)*1440)) / mpd
			l := round(load[i])
			if l == 0 && capa == 0 {
				continue
			}
			rl.Days = append(rl.Days, pmo.Load{Date: pmo.DateOf(schedule.TickTime(d * 1440)), Load: l, Capacity: round(capa)})
			rl.Peak = max(rl.Peak, l)
			if l > round(capa)+1e-9 {
				rl.Overloaded++
			}
		}
		out = append(out, rl)
	}
	return out
}

// day is the day number of t (days since 1970-01-01, wall clock).
func day(t time.Time) int64 { return schedule.TimeTick(t) / 1440 }

func round(f float64) float64 { return math.Round(f*1000) / 1000 }

func overloaded(ls []pmo.ResourceLoad) int {
	n := 0
	for _, l := range ls {
		n += l.Overloaded
	}
	return n
}
