package planfile

import (
	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/planning"
)

// FromInput returns the plan file of in, for example a portfolio read from
// the database, to edit in Excel and run again. Dependencies on existing
// projects become earliest starts (after the project's finish) where they
// matter; the second result lists the codes of proposals whose dependency
// a plan file cannot express (an unknown or cancelled project).
func FromInput(in planning.Input) (*File, []string) {
	s := in.Scenario
	f := &File{Scenario: Scenario{Name: s.Name, Start: s.Start.String(), Periods: s.Periods, Currency: s.Currency,
		Budget: major(s.Budget), Capacity: map[string][]float64{}, Objective: string(s.Objective), Timed: &s.Timed,
		LockIn: []string{}, LockOut: []string{}}}
	for _, c := range s.Capacity {
		f.Scenario.Capacity[c.Role] = c.FTE
	}
	f.Committed.Cost = major(in.Committed.Cost)
	if len(in.Committed.Demand) > 0 {
		f.Committed.Demand = map[string][]float64{}
		for _, d := range in.Committed.Demand {
			f.Committed.Demand[d.Role] = d.FTE
		}
	}
	code := map[int64]string{}
	for _, p := range in.Proposals {
		code[p.ID] = p.Code
	}
	for _, id := range s.LockIn {
		f.Scenario.LockIn = append(f.Scenario.LockIn, code[id])
	}
	for _, id := range s.LockOut {
		f.Scenario.LockOut = append(f.Scenario.LockOut, code[id])
	}
	var dropped []string
	for _, p := range in.Proposals {
		fp := Proposal{Code: p.Code, Title: p.Title, State: string(p.State), Mandatory: p.Mandatory, LegalBasis: p.LegalBasis,
			Duration: p.Case.Duration, Capex: major(p.Case.Capex), Opex: major(p.Case.Opex), Benefits: major(p.Case.Benefits),
			DiscountRate: p.Case.DiscountRate}
		if !p.EarliestStart.IsZero() {
			fp.EarliestStart = p.EarliestStart.String()
		}
		if !p.LatestStart.IsZero() {
			fp.LatestStart = p.LatestStart.String()
		}
		if len(p.Case.Demand) > 0 {
			fp.Demand = map[string][]float64{}
			for _, d := range p.Case.Demand {
				fp.Demand[d.Role] = d.FTE
			}
		}
		for _, d := range p.Dependencies {
			switch {
			case d.ProjectID != 0:
				// A running project is there already: only a finish-first
				// link matters, and it is an earliest start.
				if e, ok := afterProject(in, d.ProjectID, d.FinishFirst); !ok {
					dropped = append(dropped, p.Code)
				} else if !e.IsZero() && (fp.EarliestStart == "" || e.Start.After(p.EarliestStart.Start)) {
					fp.EarliestStart = e.String()
				}
			case code[d.ProposalID] == "":
				dropped = append(dropped, p.Code)
			case d.FinishFirst:
				fp.After = append(fp.After, code[d.ProposalID])
			default:
				fp.Requires = append(fp.Requires, code[d.ProposalID])
			}
		}
		for _, id := range p.Excludes {
			if code[id] != "" {
				fp.Excludes = append(fp.Excludes, code[id])
			}
		}
		f.Proposals = append(f.Proposals, fp)
	}
	if in.Model != nil {
		for _, c := range in.Model.Criteria {
			f.Criteria = append(f.Criteria, Criterion{Key: c.Key, Name: c.Name, Weight: c.Weight, Min: c.Min, Max: c.Max, Direction: string(c.Direction)})
		}
		for _, sc := range in.Scores {
			if code[sc.ProposalID] != "" && in.Model.Criterion(sc.Criterion) != nil {
				f.Scores = append(f.Scores, Score{Proposal: code[sc.ProposalID], Reviewer: sc.Reviewer, Criterion: sc.Criterion, Value: sc.Value})
			}
		}
	}
	return f, dropped
}

// afterProject returns the first period a proposal may start in after
// project id finishes (zero when it need not wait); false when the project
// is unknown or cancelled, which a plan file cannot say.
func afterProject(in planning.Input, id int64, finishFirst bool) (pmo.Period, bool) {
	for _, prj := range in.Projects {
		if prj.ID != id {
			continue
		}
		if prj.State == pmo.Cancelled {
			return pmo.Period{}, false
		}
		end := prj.ForecastEnd
		if end.IsZero() {
			end = prj.PlannedEnd
		}
		if !prj.ActualEnd.IsZero() {
			end = prj.ActualEnd
		}
		if !finishFirst || end.IsZero() {
			return pmo.Period{}, true
		}
		p := in.Scenario.Start
		for !p.Next().Start.After(end) {
			p = p.Next()
		}
		if p == in.Scenario.Start && end.Before(p.Start) {
			return pmo.Period{}, true
		}
		return p.Next(), true
	}
	return pmo.Period{}, false
}

// major converts minor units to major units.
func major(xs []int64) []float64 {
	if len(xs) == 0 {
		return nil
	}
	out := make([]float64, len(xs))
	for k, x := range xs {
		out[k] = float64(x) / 100
	}
	return out
}
