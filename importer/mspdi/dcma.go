package mspdi

import (
	"strconv"
	"time"

	"github.com/pmohq/pmo/engine/dcma"
	"github.com/pmohq/pmo/engine/schedule"
)

// Assessment converts p for the DCMA 14-point assessment: the activities
// are the leaf tasks of Network, named by their task ID (the row number MS
// Project shows), with the number of resources assigned and baseline 0. A
// working day is the project's MinutesPerDay.
func (p *Project) Assessment() (*dcma.Schedule, error) {
	s, err := p.Network()
	if err != nil {
		return nil, err
	}
	res := map[int]int{}
	for _, a := range p.Assignments {
		if a.ResourceUID >= 0 {
			res[a.TaskUID]++
		}
	}
	out := &dcma.Schedule{Network: s.Network, DayTicks: int64(p.MinutesPerDay)}
	if out.DayTicks <= 0 {
		out.DayTicks = 480
	}
	for _, i := range s.Tasks {
		t := &p.Tasks[i]
		dt := dcma.Task{ID: strconv.Itoa(t.ID), Name: t.Name, Resources: res[t.UID]}
		for _, b := range t.Baselines {
			if b.Number == 0 && !b.Finish.IsZero() {
				dt.HasBaseline = true
				dt.BaselineStart, dt.BaselineFinish = schedule.TimeTick(b.Start), schedule.TimeTick(b.Finish)
				dt.BaselineDuration = int64(b.Duration / time.Minute)
			}
		}
		out.Tasks = append(out.Tasks, dt)
	}
	return out, nil
}
