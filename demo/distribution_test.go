package demo

import (
	"testing"

	"github.com/pmohq/pmo"
)

// TestDefaultPortfolioLooksReal checks the shape a PMO lead expects at a
// portfolio review: every stage and state, mostly green with some red,
// slides and recoveries, overdue reports, escalations and pending decisions.
func TestDefaultPortfolioLooksReal(t *testing.T) {
	opts := DefaultOptions(today)
	d := Generate(opts)
	stages, states := map[pmo.Stage]int{}, map[pmo.State]int{}
	perManager := map[string]int{}
	over1M := 0
	for _, p := range d.Projects {
		stages[p.Stage]++
		states[p.State]++
		perManager[p.Manager]++
		if p.Budget.Minor > 1_000_000_00 {
			over1M++
		}
	}
	for _, s := range pmo.Stages {
		if stages[s] == 0 {
			t.Errorf("no project in stage %s", s)
		}
	}
	for _, s := range pmo.States {
		if states[s] == 0 {
			t.Errorf("no project in state %s", s)
		}
	}
	if states[pmo.Active] < len(d.Projects)/2 {
		t.Errorf("%d active projects of %d, want most", states[pmo.Active], len(d.Projects))
	}
	if over1M < 3 || over1M > len(d.Projects)/4 {
		t.Errorf("%d budgets above 1,000,000, want a few", over1M)
	}
	if len(perManager) < 10 || len(perManager) > 40 {
		t.Errorf("%d managers, want a pool that runs several projects each", len(perManager))
	}

	byProject := map[int64][]*pmo.StatusReport{}
	ragCount := map[pmo.RAG]int{}
	for _, r := range d.StatusReports {
		byProject[r.ProjectID] = append(byProject[r.ProjectID], r)
		ragCount[r.Overall]++
	}
	var redNow, overdue, slid, recovered, redOverBudget int
	for _, p := range d.Projects {
		rs := byProject[p.ID]
		if p.State != pmo.Active {
			continue
		}
		// As the roll-up sees it: no report at all counts as overdue too.
		var lastPeriod pmo.Period
		if len(rs) > 0 {
			lastPeriod = rs[len(rs)-1].Period
		}
		if pmo.StatusOverdue(d.Portfolios[p.PortfolioID-1].Cadence, lastPeriod, opts.Today) {
			overdue++
		}
		if len(rs) == 0 {
			continue
		}
		last := rs[len(rs)-1]
		if last.Schedule == pmo.Red && !p.ForecastEnd.After(p.PlannedEnd) {
			t.Errorf("%s: schedule red but forecast finish %s not after planned %s", p.Code, p.ForecastEnd, p.PlannedEnd)
		}
		if last.Overall == pmo.Red {
			redNow++
			if last.Cost == pmo.Red && last.ForecastCost.Minor > p.Budget.Minor*110/100 {
				redOverBudget++
			}
		}
		if went(rs, pmo.Green, pmo.Amber, pmo.Red) && last.Overall == pmo.Red {
			slid++
		}
		if went(rs, pmo.Red, pmo.Green) && last.Overall == pmo.Green {
			recovered++
		}
	}
	if ragCount[pmo.Green] < len(d.StatusReports)/2 {
		t.Errorf("%d of %d reports green, want most", ragCount[pmo.Green], len(d.StatusReports))
	}
	for _, c := range []struct {
		what    string
		got, lo int
		hi      int
	}{
		{"active projects red now", redNow, 4, 25},
		{"active projects overdue", overdue, 2, 10},
		{"projects slid from green through amber to red", slid, 3, 25},
		{"projects recovered from red to green", recovered, 2, 40},
		{"red projects forecasting over 110% of budget", redOverBudget, 1, 25},
	} {
		if c.got < c.lo || c.got > c.hi {
			t.Errorf("%s = %d, want %d..%d", c.what, c.got, c.lo, c.hi)
		}
	}

	levels := map[pmo.Level]int{}
	for _, r := range d.Risks {
		levels[r.Level]++
	}
	for _, r := range d.Issues {
		levels[r.Level]++
	}
	if levels[pmo.ProgramLevel] == 0 || levels[pmo.PortfolioLevel] == 0 {
		t.Errorf("escalations by level %v, want some at program and portfolio", levels)
	}
	recovery, pending := 0, 0
	for _, a := range d.Actions {
		if a.Category == "recovery" {
			recovery++
		}
	}
	for _, dec := range d.Decisions {
		if dec.Status == "pending" {
			pending++
		}
	}
	if recovery == 0 || pending == 0 {
		t.Errorf("%d recovery actions and %d pending decisions, want some of each", recovery, pending)
	}
	changeStates := map[pmo.ChangeState]int{}
	for _, c := range d.ChangeRequests {
		changeStates[c.State]++
	}
	for _, s := range pmo.ChangeStates {
		if changeStates[s] == 0 {
			t.Errorf("no change request in state %s", s)
		}
	}
}

// went reports whether the overall ratings pass through seq in order.
func went(rs []*pmo.StatusReport, seq ...pmo.RAG) bool {
	for _, r := range rs {
		if len(seq) > 0 && r.Overall == seq[0] {
			seq = seq[1:]
		}
	}
	return len(seq) == 0
}
