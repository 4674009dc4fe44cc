package compliance

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
)

// Insights are the portfolio views of the audit history (issue 5 §5):
// where open findings concentrate, the trend over recorded runs, the
// projects with chronic findings, and the rules to drop or rewrite.
type Insights struct {
	Framework *pmo.FrameworkVersion `json:"framework"`
	Open      int                   `json:"open"`   // open violations, not waived
	Waived    int                   `json:"waived"` // open violations under a waiver
	ByRule    []governance.Count    `json:"by_rule"`
	ByProgram []governance.Count    `json:"by_program"`
	ByManager []governance.Count    `json:"by_manager"`
	ByStage   []governance.Count    `json:"by_stage"`
	Trend     []TrendPoint          `json:"trend"`   // oldest run first
	Chronic   []ChronicProject      `json:"chronic"` // most chronic first
	// NeverFailed lists rules of the current framework that no recorded
	// run ever found failing: candidates to drop.
	NeverFailed []string `json:"never_failed"`
	// AlwaysWaived lists rules whose every recorded violation was waived:
	// candidates to rewrite.
	AlwaysWaived []string   `json:"always_waived"`
	Rules        []RuleStat `json:"rules"` // every rule of the current framework, most failed first
}

// TrendPoint is one recorded run.
type TrendPoint struct {
	RunID      int64          `json:"run_id"`
	At         time.Time      `json:"at"`
	Framework  string         `json:"framework"`
	Projects   int            `json:"projects"` // audited; within a reach, those with a finding open at the run
	Violations int            `json:"violations"`
	Waived     int            `json:"waived"`
	RuleErrors int            `json:"rule_errors"`
	Opened     int            `json:"opened"`
	Resolved   int            `json:"resolved"`
	ByRule     map[string]int `json:"by_rule"`
}

// ChronicProject is a project whose findings persist: open findings seen
// by at least ChronicRuns runs count as chronic.
type ChronicProject struct {
	ProjectID  int64  `json:"project_id"`
	Code       string `json:"code"`
	Manager    string `json:"manager"`
	Open       int    `json:"open"`
	Chronic    int    `json:"chronic"`
	OldestDays int    `json:"oldest_days"` // age of the oldest open finding
}

// ChronicRuns is how many runs must have found an open finding for it to
// count as chronic.
const ChronicRuns = 3

// RuleStat is one rule's record: what the PMO reads beside its comments.
type RuleStat struct {
	Rule     string             `json:"rule"`
	Title    string             `json:"title"`
	Severity string             `json:"severity"`
	Open     int                `json:"open"`     // open violations, not waived
	Waived   int                `json:"waived"`   // open violations under a waiver
	Resolved int                `json:"resolved"` // findings closed since
	Ever     int                `json:"ever"`     // every finding ever recorded
	Comments []*pmo.RuleComment `json:"comments"`
}

// Insights builds the views from the stored findings and runs of the
// portfolio portfolioID (0: all). NotFound when no framework is published.
// Within a reach (pmo.WithReach) every view counts only the projects in
// reach: the trend is recounted from their findings, as a run's own counts
// cover the whole portfolio it audited.
func (s *Service) Insights(ctx context.Context, portfolioID int64) (*Insights, error) {
	v, prog, err := s.current(ctx)
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
	// Every view counts violations only, grouped in storage: reading the
	// findings themselves is what made the portfolio pages slow.
	filter := pmo.FindingFilter{PortfolioID: portfolioID, Kinds: []string{string(governance.Violation)}}
	byRule, err := s.Gov.TallyFindings(ctx, filter, ChronicRuns, pmo.ByRule)
	if err != nil {
		return nil, err
	}
	stats := map[string]*RuleStat{}
	stat := func(rule string) *RuleStat {
		if stats[rule] == nil {
			stats[rule] = &RuleStat{Rule: rule, Comments: []*pmo.RuleComment{}}
		}
		return stats[rule]
	}
	failedEver, unwaivedEver, openByRule := map[string]bool{}, map[string]bool{}, map[string]int{}
	for _, t := range byRule {
		st := stat(t.Rule)
		st.Open, st.Waived, st.Resolved, st.Ever = t.Open, t.Waived, t.Resolved, t.Open+t.Waived+t.Resolved
		failedEver[t.Rule] = st.Ever > 0
		unwaivedEver[t.Rule] = t.Unwaived > 0
		in.Open += t.Open
		in.Waived += t.Waived
		if t.Open > 0 {
			openByRule[t.Rule] = t.Open
		}
	}
	in.ByRule = counts(openByRule)

	// The open violations by project, manager, program and stage: one
	// group per project (two when its manager changed between sightings),
	// rolled up here into the other views.
	filter.States = []pmo.FindingState{pmo.FindingOpen}
	groups, err := s.Gov.TallyFindings(ctx, filter, ChronicRuns, pmo.ByProject, pmo.ByManager, pmo.ByProgram, pmo.ByStage)
	if err != nil {
		return nil, err
	}
	byProgram, byManager, byStage := map[string]int{}, map[string]int{}, map[string]int{}
	chronic := map[int64]*ChronicProject{}
	newest := map[int64]int64{} // the newest open finding's id, whose manager the project shows
	for _, t := range groups {
		byProgram[t.Program] += t.Open
		byManager[t.Manager] += t.Open
		byStage[t.Stage] += t.Open
		c := chronic[t.ProjectID]
		if c == nil {
			c = &ChronicProject{ProjectID: t.ProjectID}
			chronic[t.ProjectID] = c
		}
		if t.LastOpenID > newest[t.ProjectID] {
			newest[t.ProjectID], c.Manager = t.LastOpenID, t.Manager
		}
		c.Open += t.Open
		c.Chronic += t.Chronic
		c.OldestDays = max(c.OldestDays, int(now.Sub(t.OldestOpen).Hours()/24))
	}
	in.ByProgram, in.ByManager, in.ByStage = counts(byProgram), counts(byManager), counts(byStage)

	reach, limited := pmo.ReachFrom(ctx)
	var fs []*pmo.Finding // read only when a run must be recounted within a reach
	for i := len(runs) - 1; i >= 0; i-- {
		r := runs[i]
		if portfolioID != 0 && r.PortfolioID != portfolioID {
			continue
		}
		if limited {
			// A run's counts cover projects out of reach: recount its
			// point from the findings in reach.
			if r.PortfolioID == 0 || slices.Contains(reach.Portfolios, r.PortfolioID) || len(reach.Programs)+len(reach.Projects) > 0 {
				if fs == nil {
					if fs, err = s.Gov.FindFindings(ctx, pmo.FindingFilter{PortfolioID: portfolioID}); err != nil {
						return nil, err
					}
				}
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

// pointFromFindings recounts run r over the findings fs (those a caller may
// see): a finding was open at r when r or an earlier run opened it and no
// run up to r resolved it. Waived is as of the latest run, and Projects
// is the number of projects with a finding open at r.
func pointFromFindings(r *pmo.AuditRun, fs []*pmo.Finding) TrendPoint {
	p := TrendPoint{RunID: r.ID, At: r.At, Framework: r.FrameworkLabel, ByRule: map[string]int{}}
	projects := map[int64]bool{}
	for _, f := range fs {
		if f.FirstRunID == r.ID {
			p.Opened++
		}
		if f.ResolvedAt != nil && f.ResolvedAt.Equal(r.At) {
			p.Resolved++
		}
		if f.FirstRunID > r.ID || (f.ResolvedAt != nil && !f.ResolvedAt.After(r.At)) {
			continue
		}
		projects[f.ProjectID] = true
		switch {
		case f.Kind == string(governance.RuleError):
			p.RuleErrors++
		case f.Waived:
			p.Waived++
		default:
			p.Violations++
			p.ByRule[f.Rule]++
		}
	}
	p.Projects = len(projects)
	return p
}

func (s *Service) fillCodes(ctx context.Context, cs []ChronicProject) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ProjectID
	}
	ps, _, err := s.Data.FindProjects(ctx, pmo.ProjectFilter{IDs: ids, ListOptions: pmo.ListOptions{Limit: len(ids), SkipTotal: true}})
	if err != nil {
		return err
	}
	code := map[int64]string{}
	for _, p := range ps {
		code[p.ID] = p.Code
	}
	for i := range cs {
		cs[i].Code = code[cs[i].ProjectID]
	}
	return nil
}

// counts sorts a tally largest first, then by key.
func counts(m map[string]int) []governance.Count {
	out := []governance.Count{}
	for k, n := range m {
		out = append(out, governance.Count{Key: k, Count: n})
	}
	slices.SortFunc(out, func(a, b governance.Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key))
	})
	return out
}
