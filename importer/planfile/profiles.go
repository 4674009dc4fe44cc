package planfile

import (
	"strconv"
	"strings"
)

// profiles reads the Costs, Demand and Benefits sheets: one row per
// proposal (and type or role), one column per period after the start.
func (rd *reader) profiles(f *File) {
	byCode := map[string]*Proposal{}
	for k := range f.Proposals {
		byCode[f.Proposals[k].Code] = &f.Proposals[k]
	}
	rd.profile(SheetCosts, "type", byCode, func(p *Proposal, kind string, v []float64) (string, bool) {
		switch strings.ToLower(kind) {
		case "", "capex":
			return "capex", set(&p.Capex, v)
		case "opex":
			return "opex", set(&p.Opex, v)
		}
		return "", false
	})
	rd.profile(SheetDemand, "role", byCode, func(p *Proposal, role string, v []float64) (string, bool) {
		if role == "" {
			return "", false
		}
		if _, ok := f.Scenario.Capacity[role]; !ok && f.Scenario.Capacity != nil {
			return "unknown role " + strconv.Quote(role) + " (not on the Capacity sheet)", false
		}
		if p.Demand == nil {
			p.Demand = map[string][]float64{}
		}
		if _, dup := p.Demand[role]; dup {
			return "role " + strconv.Quote(role) + " is listed twice for this proposal", false
		}
		p.Demand[role] = v
		return role, true
	})
	rd.profile(SheetBenefits, "", byCode, func(p *Proposal, _ string, v []float64) (string, bool) {
		return "benefits", set(&p.Benefits, v)
	})
}

// set stores v in *dst unless a row already did.
func set(dst *[]float64, v []float64) bool {
	if *dst != nil {
		return false
	}
	*dst = v
	return true
}

// profile reads one profile sheet. key names the second column (type or
// role; "" for none); store files a row's amounts and says what went wrong.
func (rd *reader) profile(name, key string, byCode map[string]*Proposal, store func(p *Proposal, k string, v []float64) (string, bool)) {
	t := rd.sheet(name, false)
	if t == nil {
		return
	}
	cc, kc := t.col("code"), -1
	if key != "" {
		kc = t.col(key)
	}
	if cc < 0 || key != "" && kc < 0 {
		rd.bad(t, -1, 0, "the header needs Code%s, then columns 1, 2, 3 ... for the periods after the start", map[bool]string{true: " and " + strings.ToUpper(key[:1]) + key[1:], false: ""}[key != ""])
		return
	}
	first := max(cc, kc) + 1
	n := 0
	for k := first; k < len(t.header); k++ {
		if t.header[k] == "" {
			break
		}
		if t.header[k] != strconv.Itoa(k-first+1) {
			rd.bad(t, -1, k, "column heading %q should be %d: periods after the start are numbered 1, 2, 3 ...", t.header[k], k-first+1)
			return
		}
		n++
	}
	for r := range t.rows {
		if t.blank(r) {
			continue
		}
		code := t.cell(r, cc)
		p := byCode[code]
		if p == nil {
			rd.bad(t, r, cc, "unknown proposal %q (not on the Proposals sheet)", code)
			continue
		}
		v := make([]float64, n)
		last := 0
		for k := range v {
			v[k] = rd.num(t, r, first+k)
			if v[k] != 0 {
				last = k + 1
			}
		}
		for k := first + n; k < len(t.rows[r]); k++ {
			if t.cell(r, k) != "" {
				rd.bad(t, r, k, "a value in a column without a period number")
			}
		}
		if what, ok := store(p, t.cell(r, kc), v[:last]); !ok {
			switch {
			case strings.HasPrefix(what, "unknown") || strings.HasPrefix(what, "role"):
				rd.bad(t, r, kc, "%s", what)
			case key == "type":
				rd.bad(t, r, kc, "%q is not capex or opex, or the row repeats an earlier one", t.cell(r, kc))
			case key == "role":
				rd.bad(t, r, kc, "the role is missing")
			default:
				rd.bad(t, r, cc, "proposal %q has another row on this sheet", code)
			}
		}
	}
}

// scoring reads the optional Criteria and Scores sheets.
func (rd *reader) scoring(f *File) {
	t := rd.sheet(SheetCriteria, false)
	if t == nil {
		return
	}
	kc := t.col("key")
	if kc < 0 {
		rd.bad(t, -1, 0, "the header needs Key, Name, Weight, Min, Max and Direction columns")
		return
	}
	for r := range t.rows {
		if t.blank(r) {
			continue
		}
		c := Criterion{Key: t.cell(r, kc), Name: t.cell(r, t.col("name")), Weight: rd.num(t, r, t.col("weight")),
			Min: rd.num(t, r, t.col("min")), Max: rd.num(t, r, t.col("max")), Direction: strings.ToLower(t.cell(r, t.col("direction")))}
		f.Criteria = append(f.Criteria, c)
	}
	s := rd.sheet(SheetScores, false)
	if s == nil {
		return
	}
	pc, rc := s.col("proposal"), s.col("reviewer")
	if pc < 0 || rc < 0 {
		rd.bad(s, -1, 0, "the header needs Proposal and Reviewer, then one column per criterion key")
		return
	}
	for r := range s.rows {
		if s.blank(r) {
			continue
		}
		for _, c := range f.Criteria {
			col := s.col(strings.ToLower(c.Key))
			if col < 0 || s.cell(r, col) == "" {
				continue
			}
			f.Scores = append(f.Scores, Score{Proposal: s.cell(r, pc), Reviewer: s.cell(r, rc), Criterion: c.Key, Value: rd.num(s, r, col)})
		}
	}
}
