package web

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
	"github.com/pmohq/pmo/web/chart"
)

// insightsBars caps the bars of each chart: the long tail is in the
// findings list.
const insightsBars = 15

// insightsPage is the data of governance_insights.html.
type insightsPage struct {
	basePage
	In                                    *compliance.Insights
	Portfolios                            []option
	Portfolio                             int64
	ByRule, ByProgram, ByManager, ByStage template.HTML
	Trend                                 template.HTML
	// TrendHidden says the trend was left out: audit runs count every
	// portfolio, and the user may read only part of them.
	TrendHidden bool
	Titles      map[string]string // rule titles by id
	ChronicRuns int
}

// insightsPage serves /governance/insights: where open findings
// concentrate (by rule, program, manager, stage), their trend over the
// recorded audits, the chronic projects, and the rules to drop or rewrite.
func (s *Server) insightsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := newQuery(r)
	pf := q.id("portfolio_id")
	if err := q.err(); err != nil {
		return err
	}
	in, err := s.compliance.Insights(ctx, pf)
	if err != nil {
		return err
	}
	d := &insightsPage{basePage: s.base(r, "Governance insights", "governance"), In: in, Portfolio: pf, Titles: map[string]string{},
		ChronicRuns: compliance.ChronicRuns}
	pfs, _, err := s.svc.FindPortfolios(ctx, pmo.PortfolioFilter{ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit, SkipTotal: true}})
	if err != nil {
		return err
	}
	d.Portfolios = []option{{Value: "", Label: "All"}}
	for _, p := range pfs {
		d.Portfolios = append(d.Portfolios, option{Value: itoa(p.ID), Label: p.Name, Selected: p.ID == pf})
	}
	for _, st := range in.Rules {
		d.Titles[st.Rule] = st.Title
	}
	link := func(key, value string) string {
		v := url.Values{key: {value}}
		if pf != 0 {
			v.Set("portfolio_id", itoa(pf))
		}
		return "/governance/findings?" + v.Encode()
	}
	bars := func(name, key string, cs []governance.Count, lbl func(string) string) template.HTML {
		var out []chart.CountBar
		for _, c := range cs[:min(len(cs), insightsBars)] {
			out = append(out, chart.CountBar{Label: lbl(c.Key), Count: c.Count, Href: link(key, c.Key)})
		}
		return chart.CountBars("Open findings by "+name, out)
	}
	plain := func(k string) string {
		if k == "" {
			return "(none)"
		}
		return k
	}
	d.ByRule = bars("rule", "rule", in.ByRule, func(k string) string { return cmpOr(d.Titles[k], k) })
	d.ByProgram = bars("program", "program", in.ByProgram, plain)
	d.ByManager = bars("manager", "manager", in.ByManager, plain)
	d.ByStage = bars("stage", "stage", in.ByStage, func(k string) string { return label(k) })

	if !may(r, auth.Read, auth.Target{}) {
		d.TrendHidden = true
	} else {
		// Without a portfolio chosen, the trend follows the runs of every
		// portfolio; runs of one portfolio alone would make it jump.
		whole := map[int64]bool{}
		if pf == 0 {
			runs, err := s.compliance.Gov.FindAuditRuns(ctx, 0)
			if err != nil {
				return err
			}
			for _, run := range runs {
				whole[run.ID] = run.PortfolioID == 0
			}
		}
		var xs []string
		open, waived := chart.TrendSeries{Name: "open"}, chart.TrendSeries{Name: "waived", Class: "waived"}
		for _, p := range in.Trend {
			if pf == 0 && !whole[p.RunID] {
				continue
			}
			xs = append(xs, p.At.Format("01-02"))
			open.Values = append(open.Values, p.Violations)
			waived.Values = append(waived.Values, p.Waived)
		}
		d.Trend = chart.TrendLines("Open and waived findings per recorded audit", xs, []chart.TrendSeries{open, waived})
	}
	return s.render(w, http.StatusOK, "governance_insights.html", d)
}

// cmpOr returns a unless it is empty, else b.
func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
