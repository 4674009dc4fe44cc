package web

import (
	"cmp"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
)

// findingRows caps the rows of the findings page; the CSV has them all.
const findingRows = 300

// findingState is where a finding stands for the list's state filter.
func findingState(f *pmo.Finding) string {
	switch {
	case f.ResolvedAt != nil:
		return "resolved"
	case f.Waived:
		return "waived"
	}
	return "open"
}

// findingFilter is the findings list's filter, from the query.
type findingFilter struct {
	Portfolio                                      int64
	Program, Rule, Severity, State, Stage, Manager string
}

func (f findingFilter) match(x *pmo.Finding) bool {
	ok := func(want, got string) bool { return want == "" || want == got }
	return ok(f.Program, x.Program) && ok(f.Rule, x.Rule) && ok(f.Severity, x.Severity) &&
		(f.State == "all" || ok(f.State, findingState(x))) && ok(f.Stage, x.Stage) && ok(f.Manager, x.Manager)
}

func (f findingFilter) values() url.Values {
	v := url.Values{}
	if f.Portfolio != 0 {
		v.Set("portfolio_id", itoa(f.Portfolio))
	}
	for k, x := range map[string]string{"program": f.Program, "rule": f.Rule, "severity": f.Severity,
		"state": f.State, "stage": f.Stage, "manager": f.Manager} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// findingsPage is the data of governance_findings.html.
type findingsPage struct {
	basePage
	Filter   findingFilter
	Controls []control
	Findings []*pmo.Finding // every match, for the CSV
	Rows     []*pmo.Finding // the first findingRows of them, for the page
	Projects map[int64]*pmo.Project
	Total    int // before the filter
	CSVURL   string
	CanAudit bool
	LastRun  *pmo.AuditRun
}

// loadFindings reads the findings in the user's reach and applies the
// filter. The state filter defaults to open findings.
func (s *Server) loadFindings(r *http.Request, csv bool) (*findingsPage, error) {
	ctx := r.Context()
	q := newQuery(r)
	f := findingFilter{Portfolio: q.id("portfolio_id"), Program: q.str("program"), Rule: q.str("rule"),
		Severity: q.str("severity"), State: q.str("state"), Stage: q.str("stage"), Manager: q.str("manager")}
	if f.State == "" {
		f.State = "open"
	}
	states := []string{"open", "waived", "resolved", "all"}
	if !slices.Contains(states, f.State) {
		q.fail("state", "must be one of %v", states)
	}
	if err := q.err(); err != nil {
		return nil, err
	}
	all, err := s.compliance.Gov.FindFindings(ctx, pmo.FindingFilter{PortfolioID: f.Portfolio, Resolved: f.State == "resolved",
		Open: f.State == "open" || f.State == "waived"})
	if err != nil {
		return nil, err
	}
	// PMO staff audit the portfolio they govern; everything needs a grant on all.
	d := &findingsPage{basePage: s.base(r, "Findings", "governance"), Filter: f, Total: len(all),
		CanAudit: may(r, auth.Govern, auth.Target{Portfolio: f.Portfolio})}
	for _, x := range all {
		if f.match(x) {
			d.Findings = append(d.Findings, x)
		}
	}
	// The most severe and the oldest first: what to chase.
	slices.SortStableFunc(d.Findings, func(a, b *pmo.Finding) int {
		return cmp.Or(cmp.Compare(governance.Severity(b.Severity).Rank(), governance.Severity(a.Severity).Rank()),
			a.FirstSeen.Compare(b.FirstSeen), cmp.Compare(a.ProjectID, b.ProjectID))
	})
	d.Rows = d.Findings[:min(len(d.Findings), findingRows)]
	named := d.Rows // the page names the projects of its rows only
	if csv {
		named = d.Findings
	}
	ids := make([]int64, len(named))
	for i, x := range named {
		ids[i] = x.ProjectID
	}
	if d.Projects, err = s.projectsByID(ctx, ids); err != nil {
		return nil, err
	}
	if d.Controls, err = s.findingControls(ctx, f, all); err != nil {
		return nil, err
	}
	d.CSVURL = "/governance/findings.csv"
	if qs := f.values().Encode(); qs != "" {
		d.CSVURL += "?" + qs
	}
	runs, err := s.compliance.Gov.FindAuditRuns(ctx, 1)
	if err == nil && len(runs) > 0 {
		d.LastRun = runs[0]
	}
	return d, err
}

// findingControls builds the filter's selects; the choices are the values
// the findings in reach carry, so that no choice leads to an empty list.
func (s *Server) findingControls(ctx context.Context, f findingFilter, all []*pmo.Finding) ([]control, error) {
	pfs, _, err := s.svc.FindPortfolios(ctx, pmo.PortfolioFilter{ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit, SkipTotal: true}})
	if err != nil {
		return nil, err
	}
	pfOpts := []option{{Value: "", Label: "All"}}
	for _, p := range pfs {
		pfOpts = append(pfOpts, option{Value: itoa(p.ID), Label: p.Name, Selected: p.ID == f.Portfolio})
	}
	distinct := func(get func(*pmo.Finding) string, sel string) []option {
		seen := map[string]bool{}
		var vals []string
		for _, x := range all {
			if v := get(x); !seen[v] {
				seen[v] = true
				vals = append(vals, v)
			}
		}
		slices.Sort(vals)
		out := []option{{Value: "", Label: "All"}}
		for _, v := range vals {
			lbl := v
			if v == "" {
				continue
			}
			out = append(out, option{Value: v, Label: lbl, Selected: v == sel})
		}
		return out
	}
	sevOpts := []option{{Value: "", Label: "All"}}
	for _, sv := range []governance.Severity{governance.Critical, governance.Major, governance.Minor, governance.Info} {
		sevOpts = append(sevOpts, option{Value: string(sv), Label: string(sv), Selected: string(sv) == f.Severity})
	}
	stateOpts := []option{}
	for _, st := range []string{"open", "waived", "resolved", "all"} {
		stateOpts = append(stateOpts, option{Value: st, Label: label(st), Selected: st == f.State})
	}
	return []control{
		{Name: "portfolio_id", Label: "Portfolio", Kind: "select", Options: pfOpts},
		{Name: "program", Label: "Program", Kind: "select", Options: distinct(func(x *pmo.Finding) string { return x.Program }, f.Program)},
		{Name: "rule", Label: "Rule", Kind: "select", Options: distinct(func(x *pmo.Finding) string { return x.Rule }, f.Rule)},
		{Name: "severity", Label: "Severity", Kind: "select", Options: sevOpts},
		{Name: "state", Label: "State", Kind: "select", Options: stateOpts},
		{Name: "stage", Label: "Stage", Kind: "select", Options: distinct(func(x *pmo.Finding) string { return x.Stage }, f.Stage)},
		{Name: "manager", Label: "Manager", Kind: "select", Options: distinct(func(x *pmo.Finding) string { return x.Manager }, f.Manager)},
	}, nil
}

// findingsPage serves /governance/findings: the findings of the recorded
// audits, filtered by portfolio, program, rule, severity, state, stage and
// manager, most severe first.
func (s *Server) findingsPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadFindings(r, false)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "governance_findings.html", d)
}

// findingsCSV serves the same list as CSV.
func (s *Server) findingsCSV(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadFindings(r, true)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="findings.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"Project", "Project name", "Rule", "Title", "Severity", "State", "Kind", "Stage", "Class",
		"Manager", "Program", "Message", "First seen", "Last seen", "Runs", "Resolved"})
	for _, f := range d.Findings {
		p := d.Projects[f.ProjectID]
		code, name := itoa(f.ProjectID), ""
		if p != nil {
			code, name = p.Code, p.Name
		}
		resolved := ""
		if f.ResolvedAt != nil {
			resolved = f.ResolvedAt.Format("2006-01-02")
		}
		rec := []string{code, name, f.Rule, f.Title, f.Severity, findingState(f), f.Kind, f.Stage, f.Class, f.Manager,
			f.Program, f.Message, f.FirstSeen.Format("2006-01-02"), f.LastSeen.Format("2006-01-02"), strconv.Itoa(f.Seen), resolved}
		for i := range rec {
			rec[i] = csvSafe(rec[i])
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// runAudit records an audit now: of one portfolio (portfolio_id) for
// PMO staff of that portfolio, of every project for those who govern
// everything. It returns to the findings.
func (s *Server) runAudit(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	var pf int64
	if v := vals["portfolio_id"]; v != "" {
		if pf, err = strconv.ParseInt(v, 10, 64); err != nil || pf <= 0 {
			return badRequest("the form names no valid portfolio", fieldError("portfolio_id", "must be a portfolio id"))
		}
	}
	if !may(r, auth.Govern, auth.Target{Portfolio: pf}) {
		return pmo.Errorf(pmo.Unauthorized, "your role does not allow this here: auditing every portfolio needs the Govern permission over all of them")
	}
	if _, err := s.compliance.Record(r.Context(), compliance.Filter{PortfolioID: pf}); err != nil {
		return err
	}
	back := "/governance/findings?saved=audit"
	if pf != 0 {
		back += "&portfolio_id=" + itoa(pf)
	}
	return redirect(w, r, back)
}
