package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/scheduling"
)

// schedulesPerPortfolio bounds the detailed schedules generated per
// portfolio: enough for the shared pool to be over-allocated, few enough
// for the demo to start quickly.
const schedulesPerPortfolio = 6

// The schedule vocabulary: the phases of every WBS, with their share of
// the project's working days, the activities they draw from and the
// milestone that closes them.
var phases = []struct {
	name, milestone string
	share           float64
	min, max        int // leaf tasks
	works           []string
}{
	{"Initiation", "Project charter approved", 0.10, 2, 4, []string{"Stakeholder analysis", "Project charter", "Kick-off workshop", "Governance set-up"}},
	{"Design", "Design signed off", 0.20, 4, 9, []string{"Current-state analysis", "Requirements", "Solution design", "Data design", "Security review", "Vendor selection", "Integration design", "Design walkthrough", "Architecture review"}},
	{"Build", "Build complete", 0.40, 6, 16, []string{"Environment set-up", "Core build", "Interfaces", "Data migration scripts", "Reports", "Configuration", "Workflow", "Access control", "Notifications", "Documentation", "Sprint 1", "Sprint 2", "Sprint 3", "Sprint 4", "Code review", "Hardening"}},
	{"Test", "Acceptance signed", 0.20, 4, 9, []string{"Test plan", "System testing", "Integration testing", "Performance testing", "Security testing", "User acceptance testing", "Defect fixing", "Regression testing", "Dress rehearsal"}},
	{"Deploy", "Go-live", 0.10, 3, 6, []string{"Training", "Cut-over plan", "Data migration", "Deployment", "Hypercare", "Handover to operations"}},
}

// poolPeople are the names of a portfolio's shared resources; the same
// names in different projects are the same people when levelling.
var poolPeople = []string{"Analyst", "Architect", "Developer", "Tester", "Project Manager", "Trainer", "Data Engineer"}

// schedules gives up to schedulesPerPortfolio active projects in planning
// or execution per portfolio a detailed schedule: a WBS of five phases,
// links, resources named from the portfolio's pool, a baseline saved at
// the start and progress up to Today with some slippage since, its dates
// computed. It draws from its own stream, so the rest of the dataset is
// the same with or without it.
func (g *generator) schedules() {
	saved := g.rng
	g.rng = rand.New(rand.NewPCG(uint64(g.opts.Seed), 0x7363686564))
	defer func() { g.rng = saved }()
	for _, pp := range g.ports {
		n := 0
		for _, pl := range g.plans {
			p := pl.p
			if pl.port != pp || p.State != pmo.Active || (p.Stage != pmo.Planning && p.Stage != pmo.Execution) ||
				p.PlannedStart.IsZero() || p.PlannedEnd.DaysUntil(p.PlannedStart) >= -60 {
				continue
			}
			if ds := g.projectSchedule(pl, pp); ds != nil {
				g.d.Schedules = append(g.d.Schedules, ds)
				if n++; n == schedulesPerPortfolio {
					break
				}
			}
		}
	}
}

// workday is 08:00 on day d, the start of a standard working day.
func workday(d pmo.Date) time.Time { return d.Time().Add(8 * time.Hour) }

// projectSchedule builds one project's schedule; nil when it cannot be computed
// (which Generate's tests rule out).
func (g *generator) projectSchedule(pl *plan, pp *portfolioPlan) *pmo.DatasetSchedule {
	p := pl.p
	start := p.PlannedStart
	if !pl.started.IsZero() {
		start = pl.started
	}
	days := start.DaysUntil(p.PlannedEnd) * 5 / 7 // working days available
	s := &pmo.Schedule{ProjectID: p.ID, Name: p.Name, Start: workday(start), Calendar: -1}
	for i, name := range poolPeople {
		s.Resources = append(s.Resources, pmo.Resource{UID: i + 1, Name: pp.p.Name + " " + name, Type: pmo.WorkResource, MaxUnits: 1, Calendar: -1})
	}
	uid := 0
	add := func(t pmo.Task) int {
		uid++
		t.UID, t.Calendar, t.Priority = uid, -1, 500
		if t.Constraint == "" {
			t.Constraint = pmo.ASAP
		}
		s.Tasks = append(s.Tasks, t)
		return uid
	}
	var gate []int // the milestone closing the previous phase
	for pi, ph := range phases {
		add(pmo.Task{Name: ph.name, OutlineLevel: 1})
		n := g.between(ph.min, ph.max)
		phaseDays := max(n, int(float64(days)*ph.share))
		streams := 1 + min(2, n/4) // parallel workstreams
		last := make([]int, streams)
		ends := []int{}
		for k := range n {
			st := k % streams
			d := max(1, int(float64(phaseDays)*float64(streams)/float64(n)*g.uniform(0.6, 1.3)))
			t := pmo.Task{Name: ph.works[k%len(ph.works)], OutlineLevel: 2, Duration: int64(d) * pmo.DefaultMinutesPerDay}
			if k >= len(ph.works) {
				t.Name = fmt.Sprintf("%s (%d)", t.Name, k/len(ph.works)+1)
			}
			switch {
			case last[st] != 0 && g.chance(0.12):
				t.Predecessors = []pmo.Link{{Predecessor: last[st], Type: pmo.StartToStart, Lag: int64(g.between(1, 3)) * pmo.DefaultMinutesPerDay}}
			case last[st] != 0 && g.chance(0.08):
				t.Predecessors = []pmo.Link{{Predecessor: last[st], Type: pmo.FinishToFinish, Lag: int64(g.between(0, 2)) * pmo.DefaultMinutesPerDay}}
			case last[st] != 0:
				t.Predecessors = []pmo.Link{{Predecessor: last[st], Type: pmo.FinishToStart}}
				if g.chance(0.1) {
					t.Predecessors[0].Lag = int64(g.between(1, 5)) * pmo.DefaultMinutesPerDay
				}
			default:
				for _, m := range gate {
					t.Predecessors = append(t.Predecessors, pmo.Link{Predecessor: m, Type: pmo.FinishToStart})
				}
			}
			if pi == 2 && k == n-1 && g.chance(0.5) {
				// A supplier's window: it cannot start before a date.
				t.Constraint, t.ConstraintDate = pmo.SNET, workday(start.AddDays(int(float64(days)*0.55*7/5)))
			}
			last[st] = add(t)
		}
		for _, l := range last {
			if l != 0 {
				ends = append(ends, l)
			}
		}
		m := pmo.Task{Name: ph.milestone, OutlineLevel: 2, Milestone: true}
		for _, e := range ends {
			m.Predecessors = append(m.Predecessors, pmo.Link{Predecessor: e, Type: pmo.FinishToStart})
		}
		if pi == len(phases)-1 {
			m.Deadline = p.PlannedEnd.Time().Add(17 * time.Hour)
		}
		gate = []int{add(m)}
	}
	g.assign(s)
	return g.progress(s, pl)
}

// assign puts one or two pool resources on every work task, drawn by the
// phase's typical roles so that a few people carry most of the load.
func (g *generator) assign(s *pmo.Schedule) {
	phase := -1
	roles := [][]int{{5, 1}, {1, 2}, {3, 2, 7}, {4, 3}, {6, 3, 5}} // resource UIDs by phase
	for _, t := range s.Tasks {
		if t.OutlineLevel == 1 {
			phase++
			continue
		}
		if t.Milestone {
			continue
		}
		rs := []int{pick(g, roles[phase])}
		if g.chance(0.3) {
			if r := pick(g, roles[phase]); r != rs[0] {
				rs = append(rs, r)
			}
		}
		for _, r := range rs {
			units := 1.0
			if g.chance(0.25) {
				units = 0.5
			}
			s.Assignments = append(s.Assignments, pmo.Assignment{UID: len(s.Assignments) + 1, Task: t.UID,
				Resource: r, Units: units, Work: int64(float64(t.Duration) * units)})
		}
	}
}

// progress saves the plan as baseline 0, lets some work slip since, and
// records progress up to Today: tasks the slipped plan finishes by then
// are complete, those it has under way partly so, with actual dates. The
// dates are then computed as of Today, so float and the critical path show
// at once.
func (g *generator) progress(s *pmo.Schedule, pl *plan) *pmo.DatasetSchedule {
	now := g.today.Time().Add(17 * time.Hour)
	if s.Prepare() != nil {
		return nil
	}
	// The approved plan fits the project's planned dates: durations shrink
	// until it finishes a little before the planned end.
	end := pl.p.PlannedEnd.Time().Add(17 * time.Hour)
	for range 4 {
		if _, err := scheduling.Reschedule(s, now); err != nil {
			return nil
		}
		span, want := s.Finish.Sub(s.Start), end.Sub(s.Start)
		if float64(span) <= 0.97*float64(want) {
			break
		}
		f := 0.94 * float64(want) / float64(span)
		for i := range s.Tasks {
			if t := &s.Tasks[i]; !t.Summary && !t.Milestone {
				t.Duration = max(1, int64(float64(t.Duration)*f/pmo.DefaultMinutesPerDay+0.5)) * pmo.DefaultMinutesPerDay
			}
		}
	}
	syncWork(s)
	b := pmo.BaselineOf(s, 0, "Approved plan")
	b.SavedAt, b.SavedBy = s.Start.Add(-3*24*time.Hour), pl.p.Manager
	if b.SavedBy == "" {
		b.SavedBy = "PMO"
	}
	// Slippage: a share of the work took longer than planned.
	for i := range s.Tasks {
		t := &s.Tasks[i]
		if !t.Summary && !t.Milestone && g.chance(0.2) {
			t.Duration = t.Duration * int64(g.between(105, 130)) / 100 / 60 * 60
		}
	}
	syncWork(s)
	if _, err := scheduling.Reschedule(s, now); err != nil {
		return nil
	}
	for i := range s.Tasks {
		t := &s.Tasks[i]
		switch {
		case t.Summary || !t.Start.Before(now):
		case !t.Finish.After(now):
			t.PercentComplete, t.ActualStart, t.ActualFinish = 100, t.Start, t.Finish
		default:
			done := float64(t.Finish.Sub(t.Start) - t.Finish.Sub(now))
			pc := int(done / float64(t.Finish.Sub(t.Start)) * 100 * g.uniform(0.6, 1))
			t.PercentComplete, t.ActualStart = min(95, pc/5*5), t.Start
		}
	}
	s.StatusDate = now
	if _, err := scheduling.Reschedule(s, now); err != nil {
		return nil
	}
	return &pmo.DatasetSchedule{Schedule: s, Baselines: []pmo.Baseline{*b}}
}

// syncWork sets each assignment's work to its task's duration at its
// units, after durations changed.
func syncWork(s *pmo.Schedule) {
	dur := map[int]int64{}
	for _, t := range s.Tasks {
		dur[t.UID] = t.Duration
	}
	for i := range s.Assignments {
		a := &s.Assignments[i]
		a.Work = int64(float64(dur[a.Task]) * a.Units)
	}
}
