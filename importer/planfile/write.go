package planfile

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes f as a plan workbook in the layout ReadXLSX reads: a
// template to fill in, or a JSON plan turned into a workbook.
func WriteXLSX(w io.Writer, f *File) error {
	start, err := pmo.ParsePeriod(f.Scenario.Start)
	if err != nil {
		return fmt.Errorf("scenario.start: %v", err)
	}
	x := excelize.NewFile()
	defer x.Close()
	put := func(sheet string, rows [][]any) {
		if _, err := x.NewSheet(sheet); err != nil {
			return
		}
		for r, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			_ = x.SetSheetRow(sheet, cell, &row)
		}
	}
	timed := f.Scenario.Timed == nil || *f.Scenario.Timed
	put(SheetSettings, [][]any{{"Setting", "Value"}, {"Name", f.Scenario.Name}, {"Currency", f.Scenario.Currency},
		{"Objective", f.Scenario.Objective}, {"Timed", yesNo(timed)}})
	locks := map[string]string{}
	for _, c := range f.Scenario.LockIn {
		locks[c] = "in"
	}
	for _, c := range f.Scenario.LockOut {
		locks[c] = "out"
	}
	props := [][]any{{"Code", "Title", "State", "Mandatory", "Legal basis", "Earliest start", "Latest start", "Duration",
		"Discount rate", "Requires", "After", "Excludes", "Lock", "Score"}}
	costs := [][]any{append([]any{"Code", "Type"}, numbers(f, func(p Proposal) int { return max(len(p.Capex), len(p.Opex)) })...)}
	demand := [][]any{append([]any{"Code", "Role"}, numbers(f, func(p Proposal) int {
		n := 0
		for _, v := range p.Demand {
			n = max(n, len(v))
		}
		return n
	})...)}
	benefits := [][]any{append([]any{"Code"}, numbers(f, func(p Proposal) int { return len(p.Benefits) })...)}
	for _, p := range f.Proposals {
		var score any
		if p.Score != nil {
			score = *p.Score
		}
		var dur any
		if p.Duration > 0 {
			dur = p.Duration
		}
		props = append(props, []any{p.Code, p.Title, p.State, yesNo(p.Mandatory), p.LegalBasis, p.EarliestStart, p.LatestStart,
			dur, p.DiscountRate, strings.Join(p.Requires, ", "), strings.Join(p.After, ", "), strings.Join(p.Excludes, ", "), locks[p.Code], score})
		if len(p.Capex) > 0 {
			costs = append(costs, append([]any{p.Code, "capex"}, anys(p.Capex)...))
		}
		if len(p.Opex) > 0 {
			costs = append(costs, append([]any{p.Code, "opex"}, anys(p.Opex)...))
		}
		for _, role := range sortedKeys(p.Demand) {
			demand = append(demand, append([]any{p.Code, role}, anys(p.Demand[role])...))
		}
		if len(p.Benefits) > 0 {
			benefits = append(benefits, append([]any{p.Code}, anys(p.Benefits)...))
		}
	}
	put(SheetProposals, props)
	put(SheetCosts, costs)
	put(SheetDemand, demand)
	put(SheetBenefits, benefits)
	budget := [][]any{{"Period", "Budget", "Committed"}}
	capacity := [][]any{{"Role", "Type"}}
	for k := range f.Scenario.periods() {
		row := []any{start.Add(k).String(), nil, nil}
		if k < len(f.Scenario.Budget) {
			row[1] = f.Scenario.Budget[k]
		}
		if k < len(f.Committed.Cost) {
			row[2] = f.Committed.Cost[k]
		}
		budget = append(budget, row)
		capacity[0] = append(capacity[0], start.Add(k).String())
	}
	for _, role := range sortedKeys(f.Scenario.Capacity) {
		capacity = append(capacity, append([]any{role, "capacity"}, anys(f.Scenario.Capacity[role])...))
		if c, ok := f.Committed.Demand[role]; ok {
			capacity = append(capacity, append([]any{role, "committed"}, anys(c)...))
		}
	}
	put(SheetBudget, budget)
	put(SheetCapacity, capacity)
	if len(f.Criteria) > 0 {
		crit := [][]any{{"Key", "Name", "Weight", "Min", "Max", "Direction"}}
		head := []any{"Proposal", "Reviewer"}
		for _, c := range f.Criteria {
			crit = append(crit, []any{c.Key, c.Name, c.Weight, c.Min, c.Max, c.Direction})
			head = append(head, c.Key)
		}
		put(SheetCriteria, crit)
		scores := [][]any{head}
		row := map[[2]string]int{}
		for _, s := range f.Scores {
			k, ok := row[[2]string{s.Proposal, s.Reviewer}]
			if !ok {
				k = len(scores)
				row[[2]string{s.Proposal, s.Reviewer}] = k
				scores = append(scores, append([]any{s.Proposal, s.Reviewer}, make([]any, len(f.Criteria))...))
			}
			for i, c := range f.Criteria {
				if c.Key == s.Criterion {
					scores[k][2+i] = s.Value
				}
			}
		}
		put(SheetScores, scores)
	}
	if err := x.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	if idx, err := x.GetSheetIndex(SheetProposals); err == nil {
		x.SetActiveSheet(idx)
	}
	_, err = x.WriteTo(w)
	return err
}

// numbers returns the period headings 1..n for the longest profile.
func numbers(f *File, n func(Proposal) int) []any {
	top := 1
	for _, p := range f.Proposals {
		top = max(top, n(p))
	}
	out := make([]any, top)
	for k := range out {
		out[k] = strconv.Itoa(k + 1)
	}
	return out
}

func anys(xs []float64) []any {
	out := make([]any, len(xs))
	for k, x := range xs {
		out[k] = x
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
