package demo

import (
	"fmt"
	"slices"

	"github.com/pmohq/pmo"
)

// portfolioPlan is a generated portfolio with what its projects need.
type portfolioPlan struct {
	p        *pmo.Portfolio
	t        *portfolioTemplate
	suffix   string // "" for the first use of a template, "2", "3", ... after
	programs []*programPlan
	managers []string // the PMO's project managers
	sponsors []string // the executives who sponsor its projects
}

// programPlan is a generated program with its project vocabulary.
type programPlan struct {
	p     *pmo.Program
	theme *theme
}

// portfolios creates Options.Portfolios portfolios by cycling through the
// templates, each with its programs.
func (g *generator) portfolios() {
	for i := range g.opts.Portfolios {
		t := &templates[i%len(templates)]
		suffix := ""
		if k := i / len(templates); k > 0 {
			suffix = fmt.Sprint(k + 1)
		}
		name := t.name
		if suffix != "" {
			name += " " + suffix
		}
		p := &pmo.Portfolio{
			ID:           int64(i + 1),
			Code:         t.code + suffix,
			Name:         name,
			Description:  t.description,
			PMOType:      t.pmoType,
			Cadence:      t.cadence,
			Currency:     t.currency,
			CustomFields: cloneDefs(t.fields),
		}
		pp := &portfolioPlan{p: p, t: t, suffix: suffix,
			managers: share(managers, i, g.opts.Portfolios),
			sponsors: share(sponsors, i, g.opts.Portfolios)}
		g.d.Portfolios = append(g.d.Portfolios, p)
		for j := range t.programs {
			pt := &t.programs[j]
			prog := &pmo.Program{
				ID:          int64(len(g.d.Programs) + 1),
				PortfolioID: p.ID,
				Code:        pt.code + suffix,
				Name:        pt.name,
				Description: pt.description,
				Manager:     pick(g, pp.managers),
				Sponsor:     pick(g, pp.sponsors),
			}
			g.d.Programs = append(g.d.Programs, prog)
			pp.programs = append(pp.programs, &programPlan{p: prog, theme: &pt.theme})
		}
		g.ports = append(g.ports, pp)
	}
}

// cloneDefs copies definitions so datasets never share slices with the
// templates or with each other.
func cloneDefs(defs []pmo.CustomFieldDef) []pmo.CustomFieldDef {
	out := make([]pmo.CustomFieldDef, len(defs))
	for i, d := range defs {
		d.Choices = slices.Clone(d.Choices)
		out[i] = d
	}
	return out
}

// customFields fills values valid for the portfolio's definitions: every
// required field, and optional ones where they make sense for the project.
func (g *generator) customFields(pl *plan) map[string]any {
	p := pl.p
	out := map[string]any{}
	for _, f := range pl.port.p.CustomFields {
		if !f.Required && !g.chance(0.7) {
			continue
		}
		var v any
		switch f.Key {
		case "investment_category":
			v = pick(g, f.Choices[1:])
			if slices.Contains(p.Tags, "regulatory") || slices.Contains(p.Tags, "mandatory") {
				v = f.Choices[0]
			}
		case "benefit_target":
			v = roundTo(float64(p.Budget.Minor/100)*g.uniform(0.15, 0.6), 5000)
		case "carbon_saving":
			if !pl.theme.estate {
				continue
			}
			v = roundTo(g.logNormal(120, 0.8), 5)
		case "npv":
			v = roundTo(float64(p.Budget.Minor/100)*g.uniform(-0.2, 2.5), 10000)
		case "regulatory_ref":
			if !slices.Contains(p.Tags, "regulatory") && !g.chance(0.2) {
				continue
			}
			v = pick(g, regulations)
		case "planning_ref":
			if !pl.theme.estate {
				continue
			}
			v = fmt.Sprintf("%s/%d/%04d", pick(g, []string{"LBH", "MCC", "GCC", "BCC", "CDF"}), 2024+g.between(0, 2), g.between(100, 4999))
		case "go_live":
			if p.PlannedEnd.IsZero() {
				continue
			}
			v = p.PlannedEnd.AddDays(-g.between(14, 60)).String()
		case "board_approval":
			if pl.started.IsZero() {
				continue
			}
			v = g.notAfter(pl.started.AddDays(-g.between(20, 90))).String()
		default:
			switch f.Type {
			case pmo.ChoiceField:
				v = pick(g, f.Choices)
			case pmo.NumberField:
				v = float64(g.between(1, 100))
			case pmo.DateField:
				v = g.today.String()
			default:
				v = "n/a"
			}
		}
		out[f.Key] = v
	}
	return out
}
