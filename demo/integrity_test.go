package demo

import (
	"slices"
	"testing"

	"github.com/pmohq/pmo"
)

// TestReferences checks that every local reference names a record of the
// right kind, and that escalations and dependencies stay in bounds.
func TestReferences(t *testing.T) {
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			d := Generate(tc.opts)
			for i, p := range d.Portfolios {
				if p.ID != int64(i+1) {
					t.Errorf("portfolios[%d].ID = %d", i, p.ID)
				}
			}
			for i, p := range d.Programs {
				if p.ID != int64(i+1) || p.PortfolioID < 1 || int(p.PortfolioID) > len(d.Portfolios) {
					t.Errorf("programs[%d]: id %d, portfolio %d", i, p.ID, p.PortfolioID)
				}
			}
			projects := map[int64]*pmo.Project{}
			for i, p := range d.Projects {
				projects[p.ID] = p
				if p.ID != int64(i+1) || p.PortfolioID < 1 || int(p.PortfolioID) > len(d.Portfolios) {
					t.Fatalf("projects[%d]: id %d, portfolio %d", i, p.ID, p.PortfolioID)
				}
				if p.ProgramID != 0 && d.Programs[p.ProgramID-1].PortfolioID != p.PortfolioID {
					t.Errorf("%s: program %d is in another portfolio", p.Code, p.ProgramID)
				}
			}
			project := func(kind string, id int64) *pmo.Project {
				p := projects[id]
				if p == nil {
					t.Errorf("%s: unknown project %d", kind, id)
				}
				return p
			}
			entry := func(kind string, e *pmo.Entry) {
				if pmo.DateOf(e.CreatedAt).After(tc.opts.Today) {
					t.Errorf("%s %q raised %v, after today", kind, e.Title, e.CreatedAt)
				}
				p := project(kind, e.ProjectID)
				if p != nil && e.Level == pmo.ProgramLevel && p.ProgramID == 0 {
					t.Errorf("%s %q escalated to the program of %s, which has none", kind, e.Title, p.Code)
				}
			}
			for _, r := range d.StatusReports {
				project("status report", r.ProjectID)
			}
			for _, m := range d.Milestones {
				project("milestone", m.ProjectID)
			}
			for _, c := range d.ChangeRequests {
				project("change request", c.ProjectID)
			}
			for _, r := range d.Risks {
				entry("risk", &r.Entry)
			}
			for _, r := range d.Issues {
				entry("issue", &r.Entry)
			}
			for _, r := range d.Actions {
				entry("action", &r.Entry)
			}
			for _, r := range d.Decisions {
				entry("decision", &r.Entry)
			}
			for _, r := range d.Dependencies {
				entry("dependency", &r.Entry)
				from, to := projects[r.ProjectID], project("dependency target", r.ToProjectID)
				if to != nil && (to == from || to.PortfolioID != from.PortfolioID) {
					t.Errorf("dependency %q links %s to %s", r.Title, from.Code, to.Code)
				}
			}
		})
	}
}

// TestHistories checks each project's reports: in period order without
// duplicates, of the portfolio's cadence, within its life, never after today.
func TestHistories(t *testing.T) {
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			d := Generate(tc.opts)
			now := tc.opts.Today
			last := map[int64]*pmo.StatusReport{}
			for _, r := range d.StatusReports {
				p := d.Projects[r.ProjectID-1]
				kind := pmo.Week
				if d.Portfolios[p.PortfolioID-1].Cadence == pmo.Monthly {
					kind = pmo.Month
				}
				if prev := last[p.ID]; prev != nil && !prev.Period.Start.Before(r.Period.Start) {
					t.Errorf("%s: %s follows %s", p.Code, r.Period, prev.Period)
				} else if prev != nil && r.ActualCost.Minor < prev.ActualCost.Minor {
					t.Errorf("%s %s: actual cost fell from %v to %v", p.Code, r.Period, prev.ActualCost, r.ActualCost)
				}
				last[p.ID] = r
				switch {
				case r.Period.Kind != kind:
					t.Errorf("%s: %s period for a %s portfolio", p.Code, r.Period.Kind, kind)
				case r.Revision != 1 || r.SubmittedBy != p.Manager:
					t.Errorf("%s %s: revision %d by %q", p.Code, r.Period, r.Revision, r.SubmittedBy)
				case r.Period.End().After(now) || pmo.DateOf(r.SubmittedAt) != r.Period.End():
					t.Errorf("%s %s: submitted %v", p.Code, r.Period, r.SubmittedAt)
				case p.ActualStart.IsZero() || r.Period.End().Before(p.ActualStart):
					t.Errorf("%s %s: before the actual start %s", p.Code, r.Period, p.ActualStart)
				case r.Overall != pmo.Worst(r.Schedule, r.Cost, r.Scope, r.Risk):
					t.Errorf("%s %s: overall %s is not the worst dimension", p.Code, r.Period, r.Overall)
				case r.ActualCost.Minor > r.ForecastCost.Minor:
					t.Errorf("%s %s: actual %v above forecast %v", p.Code, r.Period, r.ActualCost, r.ForecastCost)
				}
			}
			for _, p := range d.Projects {
				if r := last[p.ID]; r != nil && p.State == pmo.Closed && r.Overall != pmo.Blue {
					t.Errorf("%s: closed, last report %s, want blue", p.Code, r.Overall)
				}
			}
		})
	}
}

// TestProjectDates checks that dates agree with stage and state and that
// nothing actual lies after today.
func TestProjectDates(t *testing.T) {
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			d := Generate(tc.opts)
			now := tc.opts.Today
			reported := map[int64]bool{}
			for _, r := range d.StatusReports {
				reported[r.ProjectID] = true
			}
			for _, p := range d.Projects {
				started, finished := !p.ActualStart.IsZero(), !p.ActualEnd.IsZero()
				switch {
				case p.PlannedStart.IsZero() || p.PlannedEnd.IsZero():
					t.Errorf("%s: no plan", p.Code)
				case p.ActualStart.After(now) || p.ActualEnd.After(now):
					t.Errorf("%s: actual dates %s..%s after today", p.Code, p.ActualStart, p.ActualEnd)
				case p.State == pmo.Proposed && (started || reported[p.ID]):
					t.Errorf("%s: proposed but started %s", p.Code, p.ActualStart)
				case p.Stage == pmo.Idea && p.State != pmo.Proposed:
					t.Errorf("%s: idea stage in state %s", p.Code, p.State)
				case p.State == pmo.Closed && !finished:
					t.Errorf("%s: closed without an actual finish", p.Code)
				case (p.State == pmo.Active || p.State == pmo.OnHold) && finished:
					t.Errorf("%s: %s with an actual finish", p.Code, p.State)
				case started && p.State != pmo.Closed && p.State != pmo.Cancelled && p.ForecastEnd.Before(now):
					t.Errorf("%s: running, forecast finish %s in the past", p.Code, p.ForecastEnd)
				case slices.Index(pmo.Stages, p.Stage) >= slices.Index(pmo.Stages, pmo.Approved) && !started && p.State != pmo.Cancelled:
					t.Errorf("%s: %s stage without an actual start", p.Code, p.Stage)
				}
			}
			perProject := map[int64]int{}
			for _, m := range d.Milestones {
				perProject[m.ProjectID]++
				if m.Actual.After(now) {
					t.Errorf("milestone %q achieved %s, after today", m.Name, m.Actual)
				}
			}
			for _, p := range d.Projects {
				if n := perProject[p.ID]; p.ActualStart.IsZero() && n > 0 || !p.ActualStart.IsZero() && (n < 3 || n > 8) {
					t.Errorf("%s (%s, %s): %d milestones, want 3-8 once started and none before", p.Code, p.Stage, p.State, n)
				}
			}
		})
	}
}

// TestChangeHistory checks that each request's history walks the workflow
// from draft to its state, in time order, by named actors, before today.
func TestChangeHistory(t *testing.T) {
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			d := Generate(tc.opts)
			end := tc.opts.Today.AddDays(1).Time()
			for _, c := range d.ChangeRequests {
				state, at := pmo.ChangeDraft, c.CreatedAt
				for _, e := range c.History {
					tr := pmo.Transition{To: e.To, Actor: e.Actor, Comment: e.Comment}
					if e.From != state || tr.Validate(state) != nil || !e.At.After(at) || !e.At.Before(end) {
						t.Errorf("change %d (%s): bad event %+v after %s at %v", c.ID, c.State, e, state, at)
					}
					state, at = e.To, e.At
				}
				if state != c.State {
					t.Errorf("change %d: state %s but history ends in %s", c.ID, c.State, state)
				}
			}
		})
	}
}
