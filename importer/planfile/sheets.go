package planfile

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/xuri/excelize/v2"
)

func (rd *reader) settings(f *File) {
	t := rd.sheet(SheetSettings, false)
	if t == nil {
		return
	}
	for r := range t.rows {
		key, val := strings.ToLower(t.cell(r, 0)), t.cell(r, 1)
		switch key {
		case "":
		case "name":
			f.Scenario.Name = val
		case "currency":
			f.Scenario.Currency = strings.ToUpper(val)
		case "objective":
			f.Scenario.Objective = strings.ToLower(val)
		case "timed":
			timed := rd.yes(t, r, 1)
			f.Scenario.Timed = &timed
		default:
			rd.bad(t, r, 0, "unknown setting %q (name, currency, objective or timed)", t.cell(r, 0))
		}
	}
}

// budget reads the horizon (one row per period, consecutive), the budget
// and the committed cost.
func (rd *reader) budget(f *File) {
	t := rd.sheet(SheetBudget, true)
	if t == nil {
		return
	}
	pc, bc, cc := t.col("period"), t.col("budget"), t.col("committed")
	if pc < 0 {
		rd.bad(t, -1, 0, "the header needs a Period column (and Budget, Committed)")
		return
	}
	var first pmo.Period
	hasBudget := false
	for r := range t.rows {
		if t.blank(r) {
			continue
		}
		p, err := pmo.ParsePeriod(rd.periodText(t, r, pc))
		n := len(f.Scenario.Budget)
		switch {
		case err != nil:
			rd.bad(t, r, pc, "%q is not a period such as 2027-Q1, 2027-01 or 2027-W01 (type it as text)", t.cell(r, pc))
		case n == 0:
			first, f.Scenario.Start = p, p.String()
		case p != first.Add(n):
			rd.bad(t, r, pc, "%s does not follow %s: list every period of the horizon in order", p, first.Add(n-1))
		}
		hasBudget = hasBudget || t.cell(r, bc) != ""
		f.Scenario.Budget = append(f.Scenario.Budget, rd.num(t, r, bc))
		f.Committed.Cost = append(f.Committed.Cost, rd.num(t, r, cc))
	}
	f.Scenario.Periods = len(f.Scenario.Budget)
	if f.Scenario.Periods == 0 {
		rd.bad(t, 0, pc, "no periods: list the horizon, one period per row")
	}
	if !hasBudget {
		f.Scenario.Budget = nil // no budget limit
	}
}

// capacity reads FTE per role and period; Type "committed" rows are the
// running work's load.
func (rd *reader) capacity(f *File) {
	t := rd.sheet(SheetCapacity, false)
	if t == nil || f.Scenario.Start == "" {
		return
	}
	start, _ := pmo.ParsePeriod(f.Scenario.Start)
	rc, tc := t.col("role"), t.col("type")
	if rc < 0 || tc < 0 {
		rd.bad(t, -1, 0, "the header needs Role and Type columns, then one column per period")
		return
	}
	first := max(rc, tc) + 1
	for k := range f.Scenario.Periods {
		if first+k >= len(t.header) || !strings.EqualFold(rd.periodText(t, -1, first+k), start.Add(k).String()) {
			rd.bad(t, -1, first+k, "column %d must be headed %s (the periods of the Budget sheet, in order)", first+k+1, start.Add(k))
			return
		}
	}
	f.Scenario.Capacity, f.Committed.Demand = map[string][]float64{}, map[string][]float64{}
	for r := range t.rows {
		role := t.cell(r, rc)
		if t.blank(r) {
			continue
		}
		if role == "" {
			rd.bad(t, r, rc, "the role is missing")
			continue
		}
		into := f.Scenario.Capacity
		switch strings.ToLower(t.cell(r, tc)) {
		case "", "capacity":
		case "committed":
			into = f.Committed.Demand
		default:
			rd.bad(t, r, tc, "%q is not capacity or committed", t.cell(r, tc))
			continue
		}
		if _, dup := into[role]; dup {
			rd.bad(t, r, rc, "role %q is listed twice", role)
		}
		v := make([]float64, f.Scenario.Periods)
		for k := range v {
			v[k] = rd.num(t, r, first+k)
		}
		into[role] = v
	}
	for role := range f.Committed.Demand {
		if _, ok := f.Scenario.Capacity[role]; !ok {
			r := slices.IndexFunc(t.rows, func(row []string) bool { return len(row) > rc && strings.TrimSpace(row[rc]) == role })
			rd.bad(t, r, rc, "role %q has committed load but no capacity row", role)
		}
	}
}

// proposals reads one proposal per row; columns are found by their header.
func (rd *reader) proposals(f *File) {
	t := rd.sheet(SheetProposals, true)
	if t == nil {
		return
	}
	c := func(name string) int { return t.col(name) }
	code := c("code")
	if code < 0 {
		rd.bad(t, -1, 0, "the header needs a Code column")
		return
	}
	seen := map[string]int{}
	for r := range t.rows {
		if t.blank(r) {
			continue
		}
		p := Proposal{Code: t.cell(r, code), Title: t.cell(r, c("title")), State: strings.ToLower(t.cell(r, c("state"))),
			Mandatory: rd.yes(t, r, c("mandatory")), LegalBasis: t.cell(r, c("legal basis")),
			EarliestStart: rd.periodText(t, r, c("earliest start")), LatestStart: rd.periodText(t, r, c("latest start")),
			Requires: codes(t.cell(r, c("requires"))), After: codes(t.cell(r, c("after"))), Excludes: codes(t.cell(r, c("excludes")))}
		if p.Code == "" {
			rd.bad(t, r, code, "the code is missing")
			continue
		}
		if prev, dup := seen[p.Code]; dup {
			rd.bad(t, r, code, "code %q is also on row %d", p.Code, prev+2)
		}
		seen[p.Code] = r
		for _, w := range []struct {
			col string
			s   string
		}{{"earliest start", p.EarliestStart}, {"latest start", p.LatestStart}} {
			if _, err := pmo.ParsePeriod(w.s); w.s != "" && err != nil {
				rd.bad(t, r, c(w.col), "%q is not a period such as 2027-Q1 (type it as text)", w.s)
			}
		}
		for _, col := range []string{"requires", "after", "excludes"} {
			for _, o := range codes(t.cell(r, c(col))) {
				if !slices.ContainsFunc(t.rows, func(row []string) bool { return len(row) > code && strings.TrimSpace(row[code]) == o }) {
					rd.bad(t, r, c(col), "unknown proposal %q", o)
				}
			}
		}
		if d := t.cell(r, c("duration")); d != "" {
			p.Duration = int(rd.num(t, r, c("duration")))
		}
		if dr := t.cell(r, c("discount rate")); dr != "" {
			p.DiscountRate = rd.rate(t, r, c("discount rate"))
		}
		if s := t.cell(r, c("score")); s != "" {
			v := rd.num(t, r, c("score"))
			p.Score = &v
		}
		switch strings.ToLower(t.cell(r, c("lock"))) {
		case "":
		case "in":
			f.Scenario.LockIn = append(f.Scenario.LockIn, p.Code)
		case "out":
			f.Scenario.LockOut = append(f.Scenario.LockOut, p.Code)
		default:
			rd.bad(t, r, c("lock"), "%q is not in or out", t.cell(r, c("lock")))
		}
		f.Proposals = append(f.Proposals, p)
	}
}

// periodText returns the period label at data row r (-1: the header),
// column c. A month typed as 2027-01 is turned into a date by Excel; such a
// date cell gives its month back, so monthly plans need no text formatting.
func (rd *reader) periodText(t *table, r, c int) string {
	var s string
	if r < 0 {
		if c >= 0 && c < len(t.header) {
			s = t.header[c]
		}
	} else {
		s = t.cell(r, c)
	}
	if _, err := pmo.ParsePeriod(s); err == nil || s == "" || c < 0 {
		return strings.ToUpper(s)
	}
	raw, err := rd.x.GetCellValue(t.name, strings.TrimPrefix(t.ref(r, c), t.name+"!"), excelize.Options{RawCellValue: true})
	if err != nil {
		return s
	}
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil || serial < 1 || serial > 2958465 {
		return s
	}
	d, err := excelize.ExcelDateToTime(serial, false)
	if err != nil || d.Day() != 1 {
		return s
	}
	return d.Format("2006-01")
}

// rate parses a rate such as 0.08 or 8%.
func (rd *reader) rate(t *table, r, c int) float64 {
	s := t.cell(r, c)
	pct := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
	if pct {
		v /= 100
	}
	if err != nil || v < 0 || v >= 1 {
		rd.bad(t, r, c, "%q is not a yearly rate such as 0.08 or 8%%", s)
		return 0
	}
	return v
}
