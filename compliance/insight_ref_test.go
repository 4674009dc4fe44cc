package compliance

import (
	"cmp"
	"context"
	"slices"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
)

// InsightsInGo is how Insights counted before it counted in storage: it
// reads every finding and counts in Go. Kept as the reference that
// TestInsightsInStorage compares the storage counts with.
var InsightsInGo = (*Service).insightsInGo

func (s *Service) insightsInGo(ctx context.Context, portfolioID int64) (*Insights, error) {
	v, prog, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	fs, err := s.Gov.FindFindings(ctx, pmo.FindingFilter{PortfolioID: portfolioID})
	if err != nil {
		return nil, err
	}
	runs, err := s.Gov.FindAuditRuns(ctx, 0)
	if err != nil {
		return nil, err
	}
	comments, err := s.Gov.FindRuleComments(ctx, "")
	if err != nil {
		return nil, err
	}
	now := s.now()
	in := &Insights{Framework: v, Trend: []TrendPoint{}, Chronic: []ChronicProject{}}
	tally := map[string]map[string]int{}
	add := func(dim, key string) {
		if tally[dim] == nil {
			tally[dim] = map[string]int{}
		}
		tally[dim][key]++
	}
	stats := map[string]*RuleStat{}
	stat := func(rule string) *RuleStat {
		if stats[rule] == nil {
			stats[rule] = &RuleStat{Rule: rule, Comments: []*pmo.RuleComment{}}
		}
		return stats[rule]
	}
	failedEver, unwaivedEver := map[string]bool{}, map[string]bool{}
	chronic := map[int64]*ChronicProject{}
	for _, f := range fs {
		if f.Kind != string(governance.Violation) {
			continue
		}
		st := stat(f.Rule)
		st.Ever++
		failedEver[f.Rule] = true
		if !f.Waived {
			unwaivedEver[f.Rule] = true
		}
		switch {
		case f.ResolvedAt != nil:
			st.Resolved++
			continue
		case f.Waived:
			st.Waived++
			in.Waived++
			continue
		}
		st.Open++
		in.Open++
		add("rule", f.Rule)
		add("program", f.Program)
		add("manager", f.Manager)
		add("stage", f.Stage)
		c := chronic[f.ProjectID]
		if c == nil {
			c = &ChronicProject{ProjectID: f.ProjectID, Manager: f.Manager}
			chronic[f.ProjectID] = c
		}
		c.Open++
		if f.Seen >= ChronicRuns {
			c.Chronic++
		}
		c.OldestDays = max(c.OldestDays, int(now.Sub(f.FirstSeen).Hours()/24))
	}
	in.ByRule, in.ByProgram, in.ByManager, in.ByStage = counts(tally["rule"]), counts(tally["program"]),
		counts(tally["manager"]), counts(tally["stage"])

	reach, limited := pmo.ReachFrom(ctx)
	for i := len(runs) - 1; i >= 0; i-- {
		r := runs[i]
		if portfolioID != 0 && r.PortfolioID != portfolioID {
			continue
		}
		if limited {
			// A run's counts cover projects out of reach: recount its
			// point from the findings in reach.
			if r.PortfolioID == 0 || slices.Contains(reach.Portfolios, r.PortfolioID) || len(reach.Programs)+len(reach.Projects) > 0 {
				in.Trend = append(in.Trend, pointFromFindings(r, fs))
			}
			continue
		}
		in.Trend = append(in.Trend, TrendPoint{RunID: r.ID, At: r.At, Framework: r.FrameworkLabel, Projects: r.Projects,
			Violations: r.Violations, Waived: r.Waived, RuleErrors: r.RuleErrors, Opened: r.Opened, Resolved: r.Resolved,
			ByRule: r.Counts["rule"]})
	}

	for _, c := range chronic {
		if c.Chronic > 0 {
			in.Chronic = append(in.Chronic, *c)
		}
	}
	slices.SortFunc(in.Chronic, func(a, b ChronicProject) int {
		return cmp.Or(cmp.Compare(b.Chronic, a.Chronic), cmp.Compare(b.OldestDays, a.OldestDays), cmp.Compare(a.ProjectID, b.ProjectID))
	})
	if len(in.Chronic) > 20 {
		in.Chronic = in.Chronic[:20]
	}
	if err := s.fillCodes(ctx, in.Chronic); err != nil {
		return nil, err
	}

	for _, c := range comments {
		stat(c.Rule).Comments = append(stat(c.Rule).Comments, c)
	}
	in.NeverFailed, in.AlwaysWaived = []string{}, []string{}
	for _, r := range prog.Framework().Rules {
		st := stat(r.ID)
		st.Title, st.Severity = r.Title, string(r.Severity)
		in.Rules = append(in.Rules, *st)
		if !failedEver[r.ID] {
			in.NeverFailed = append(in.NeverFailed, r.ID)
		} else if !unwaivedEver[r.ID] {
			in.AlwaysWaived = append(in.AlwaysWaived, r.ID)
		}
	}
	slices.SortStableFunc(in.Rules, func(a, b RuleStat) int {
		return cmp.Or(cmp.Compare(b.Open+b.Waived, a.Open+a.Waived), cmp.Compare(b.Ever, a.Ever))
	})
	return in, nil
}
