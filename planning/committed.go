package planning

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pmohq/pmo"
)

// Running is the portfolio's work already under way, from which
// CommittedLoad derives the budget and capacity it holds.
type Running struct {
	// Proposals is the pipeline; funded ones (ProjectID set) carry their
	// business case into the committed load of their project.
	Proposals []*pmo.Proposal
	// Projects is every project of the portfolio.
	Projects []*pmo.Project
	// Spent is each project's actual cost to date in minor units (the
	// latest status report's AC), by project id; missing means nothing
	// spent yet.
	Spent map[int64]int64
}

// Commitment is one running project's share of the committed load: what
// it holds inside the horizon and why.
type Commitment struct {
	ProjectID int64  `json:"project_id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	// Source is "business case" for a project funded from a proposal
	// (Proposal names it) and "remaining budget" for any other.
	Source   string  `json:"source"`
	Proposal string  `json:"proposal,omitempty"`
	Cost     int64   `json:"cost"` // minor units inside the horizon
	FTE      float64 `json:"fte"`  // FTE-periods inside the horizon, all roles
}

// Commitment sources.
const (
	SourceCase      = "business case"
	SourceRemaining = "remaining budget"
)

// Holds reports whether a project in state st and stage sg holds budget
// and people: it is not closed or cancelled, it has been approved (not
// an idea or a business case) and its delivery is not over (closure,
// benefits review). On-hold projects keep their funding.
func Holds(st pmo.State, sg pmo.Stage) bool {
	switch {
	case st == pmo.Closed || st == pmo.Cancelled:
		return false
	case sg == pmo.Idea || sg == pmo.BusinessCase || sg == pmo.Closure || sg == pmo.BenefitsReview:
		return false
	}
	return true
}

// CommittedLoad derives the load running work puts on scenario s's
// horizon (the rules are in docs/OPTIMISATION.md, "Committed load"):
//
//   - a project funded from a proposal carries that proposal's business
//     case, capex plus opex and FTE per role, from the period it actually
//     started in (else its forecast, then planned start, then the
//     proposal's earliest start);
//   - any other project spreads its remaining budget (budget at
//     completion less actual cost, never below zero) evenly over its
//     remaining periods, from the later of its start and the horizon's
//     start to its forecast (else planned) finish; no role demand; one
//     without a finish, or whose finish is before the horizon, is noted
//     and not counted;
//
// each only while Holds, and cut to the horizon. Demand for roles the
// scenario does not limit is left out. The load's Notes say which projects
// could not be counted and why.
//
// A scenario whose Committed.Mode is none gets no load; one with override
// gets its own Committed.Cost and Demand.
func CommittedLoad(s *pmo.Scenario, r Running) Load {
	var out Load
	if s == nil || s.Periods <= 0 || s.Start.IsZero() || s.Committed.Mode == pmo.CommittedNone {
		return out
	}
	if s.Committed.Mode == pmo.CommittedOverride {
		out.Cost = slices.Clone(s.Committed.Cost)
		for _, d := range s.Committed.Demand {
			out.Demand = append(out.Demand, pmo.RoleDemand{Role: d.Role, FTE: slices.Clone(d.FTE)})
		}
		return out
	}
	cost := make([]int64, s.Periods)
	limited := map[string]bool{}
	for _, c := range s.Capacity {
		limited[c.Role] = true
	}
	demand := map[string][]float64{}
	funded := map[int64]*pmo.Proposal{}
	for _, p := range r.Proposals {
		if p.ProjectID != 0 && p.State == pmo.ProposalFunded {
			funded[p.ProjectID] = p
		}
	}
	prjs := slices.Clone(r.Projects)
	slices.SortFunc(prjs, func(a, b *pmo.Project) int { return strings.Compare(a.Code, b.Code) })
	for _, prj := range prjs {
		if !Holds(prj.State, prj.Stage) {
			continue
		}
		note := func(format string, args ...any) {
			out.Notes = append(out.Notes, Note{Code: prj.Code, Message: fmt.Sprintf(format, args...)})
		}
		c := Commitment{ProjectID: prj.ID, Code: prj.Code, Name: prj.Name}
		if p := funded[prj.ID]; p != nil {
			c.Source, c.Proposal = SourceCase, p.Code
			if p.Case.PeriodKind != "" && p.Case.PeriodKind != s.Start.Kind {
				note("its business case (%s) plans in %ss, the scenario in %ss: not counted", p.Code, p.Case.PeriodKind, s.Start.Kind)
				continue
			}
			if p.Case.Currency != "" && s.Currency != "" && p.Case.Currency != s.Currency && len(p.Case.Cost()) > 0 {
				note("its business case (%s) is in %s, the budget in %s: its cost is not counted", p.Code, p.Case.Currency, s.Currency)
			} else {
				c.Cost = addShifted(cost, p.Case.Cost(), caseStart(s, prj, p))
			}
			for _, d := range p.Case.Demand {
				if !limited[d.Role] {
					continue
				}
				if demand[d.Role] == nil {
					demand[d.Role] = make([]float64, s.Periods)
				}
				c.FTE += addShiftedFTE(demand[d.Role], d.FTE, caseStart(s, prj, p))
			}
		} else {
			c.Source = SourceRemaining
			left := prj.Budget.Minor - r.Spent[prj.ID]
			end := prj.ForecastEnd
			if end.IsZero() {
				end = prj.PlannedEnd
			}
			switch {
			case left <= 0:
				continue
			case prj.Budget.Currency != "" && s.Currency != "" && prj.Budget.Currency != s.Currency:
				note("its budget is in %s, the scenario's in %s: not counted", prj.Budget.Currency, s.Currency)
				continue
			case end.IsZero():
				note("it has no planned or forecast finish, so its remaining budget %s cannot be phased: not counted", money(left, s.Currency))
				continue
			}
			from := s.Index(periodOf(s.Start.Kind, end)) // last period it runs in
			first := 0
			if d := projectStart(prj); !d.IsZero() {
				first = max(0, s.Index(periodOf(s.Start.Kind, d)))
			}
			if from < 0 {
				// Still open past its finish: when its money goes is
				// unknown, and charging it all at once could make every
				// scenario infeasible over a stale date; the note asks
				// for a forecast finish instead.
				note("it finished on %s by plan but is still open: set a forecast finish to count its remaining budget %s", end, money(left, s.Currency))
				continue
			}
			c.Cost = spread(cost, left, first, from)
		}
		if c.Cost > 0 || c.FTE > 0 {
			out.Sources = append(out.Sources, c)
		}
	}
	if slices.ContainsFunc(cost, func(x int64) bool { return x != 0 }) {
		out.Cost = cost
	}
	for _, c := range s.Capacity {
		if d := demand[c.Role]; d != nil {
			out.Demand = append(out.Demand, pmo.RoleDemand{Role: c.Role, FTE: d})
		}
	}
	return out
}

// caseStart is the horizon index a funded proposal's profile starts at.
func caseStart(s *pmo.Scenario, prj *pmo.Project, p *pmo.Proposal) int {
	if d := projectStart(prj); !d.IsZero() {
		return s.Index(periodOf(s.Start.Kind, d))
	}
	if !p.EarliestStart.IsZero() {
		return s.Index(p.EarliestStart)
	}
	return 0
}

// projectStart is when a project started or is expected to.
func projectStart(prj *pmo.Project) pmo.Date {
	for _, d := range []pmo.Date{prj.ActualStart, prj.ForecastStart, prj.PlannedStart} {
		if !d.IsZero() {
			return d
		}
	}
	return pmo.Date{}
}

// addShifted adds profile xs starting at horizon index at to dst and
// returns what fell inside the horizon.
func addShifted(dst, xs []int64, at int) int64 {
	var sum int64
	for k, x := range xs {
		if t := at + k; t >= 0 && t < len(dst) {
			dst[t] += x
			sum += x
		}
	}
	return sum
}

// addShiftedFTE is addShifted for FTE profiles.
func addShiftedFTE(dst, xs []float64, at int) float64 {
	var sum float64
	for k, x := range xs {
		if t := at + k; t >= 0 && t < len(dst) {
			dst[t] += x
			sum += x
		}
	}
	return sum
}

// spread adds amount evenly over periods first..last (last may lie past
// the horizon: those shares are not charged) and returns what fell
// inside. Integer division leaves a remainder of a few minor units; the
// first periods take it, so the shares sum to amount exactly.
func spread(dst []int64, amount int64, first, last int) int64 {
	n := int64(max(1, last-first+1))
	share, rem := amount/n, amount%n
	var sum int64
	for t := first; t < first+int(n); t++ {
		x := share
		if int64(t-first) < rem {
			x++
		}
		if t >= 0 && t < len(dst) {
			dst[t] += x
			sum += x
		}
	}
	return sum
}
