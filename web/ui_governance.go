package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
)

// governancePages is the feature served from this file (see featureList):
// the framework and its versions, findings, insights, and the governance
// of one project (gate reviews, waivers, rule comments). Servers whose
// storage keeps no governance records serve none of it.
func (s *Server) governancePages() feature {
	if s.compliance == nil {
		return feature{}
	}
	get, post := http.MethodGet, http.MethodPost
	read := rule{perm: auth.Read}
	// Publishing and recording audits change what every portfolio is
	// measured against: they need the Govern permission over everything.
	global := rule{perm: auth.Govern, target: everything}
	gateTarget := byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		x, err := s.compliance.Gov.FindGateReviewByID(ctx, id)
		return idOr(x, err, func(x *pmo.GateReview) int64 { return x.ProjectID })
	})
	waiverTarget := byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		ws, err := s.compliance.Gov.FindWaivers(ctx, pmo.WaiverFilter{ID: id})
		if err == nil && len(ws) == 0 {
			err = pmo.Errorf(pmo.NotFound, "waiver %d not found", id)
		}
		if err != nil {
			return 0, err
		}
		return ws[0].ProjectID, nil
	})
	rts := []route{
		{Method: get, Pattern: "/governance", Handler: s.governanceHome, Summary: "The delivery framework and its rules"},
		{Method: get, Pattern: "/governance/versions/{id}", Handler: s.frameworkVersionPage, Summary: "One framework version's document"},
		{Method: get, Pattern: "/governance/diff", Handler: s.frameworkDiffPage, Summary: "Differences between two framework versions"},
		{Method: get, Pattern: "/governance/rules/{id}", Handler: s.rulePage, Summary: "One rule with its record and comments"},
		{Method: post, Pattern: "/governance/rules/{id}/comments", Handler: s.commentRule, Summary: "Comment on a rule"},
		{Method: get, Pattern: "/governance/draft", Handler: s.draftPage, Summary: "Draft, dry-run and publish a framework version"},
		{Method: post, Pattern: "/governance/dry-run", Handler: s.dryRunDraft, Summary: "Dry-run a draft framework"},
		{Method: post, Pattern: "/governance/publish", Handler: s.publishDraft, Summary: "Publish a framework version"},
		{Method: get, Pattern: "/governance/findings", Handler: s.findingsPage, Summary: "Findings of the compliance audits"},
		{Method: get, Pattern: "/governance/insights", Handler: s.insightsPage, Summary: "Where findings concentrate, and their trend"},
		{Method: get, Pattern: "/governance/findings.csv", Handler: s.findingsCSV, Summary: "CSV export of findings"},
		{Method: post, Pattern: "/governance/audit", Handler: s.runAudit, Summary: "Run and record an audit now"},
		{Method: get, Pattern: "/projects/{id}/governance", Handler: s.projectGovernancePage, Summary: "A project's findings and gate history"},
		{Method: get, Pattern: "/projects/{id}/gates/new", Handler: s.gateRequestForm, Summary: "A gate's checklist, to request a review"},
		{Method: post, Pattern: "/projects/{id}/gates", Handler: s.requestGate, Summary: "Request a gate review"},
		{Method: get, Pattern: "/gates/{id}", Handler: s.gatePage, Summary: "A gate review"},
		{Method: post, Pattern: "/gates/{id}/decisions", Handler: s.decideGate, Summary: "Decide at a gate review"},
		{Method: get, Pattern: "/projects/{id}/waivers/new", Handler: s.waiverForm, Summary: "Waiver form"},
		{Method: post, Pattern: "/projects/{id}/waivers", Handler: s.grantWaiver, Summary: "Grant a waiver"},
		{Method: post, Pattern: "/waivers/{id}/revoke", Handler: s.revokeWaiver, Summary: "Revoke a waiver"},
	}
	rules := map[string]rule{
		"GET /governance":                      read,
		"GET /governance/versions/{id}":        read,
		"GET /governance/diff":                 read,
		"GET /governance/rules/{id}":           read,
		"POST /governance/rules/{id}/comments": read, // anyone who reads may tell the PMO what a rule costs them
		"GET /governance/draft":                {perm: auth.Govern},
		"POST /governance/dry-run":             {perm: auth.Govern}, // writes nothing; audits what the user may read
		"POST /governance/publish":             global,
		"GET /governance/findings":             read,
		"GET /governance/findings.csv":         read,
		"GET /governance/insights":             read,
		"POST /governance/audit":               {perm: auth.Govern}, // the handler checks the portfolio the form names
		"GET /projects/{id}/governance":        {perm: auth.Read, target: projectTarget},
		"GET /projects/{id}/gates/new":         {perm: auth.Edit, target: projectTarget},
		"POST /projects/{id}/gates":            {perm: auth.Edit, target: projectTarget},
		"GET /gates/{id}":                      {perm: auth.Read, target: gateTarget},
		"POST /gates/{id}/decisions":           {perm: auth.Decide, target: gateTarget},
		"GET /projects/{id}/waivers/new":       {perm: auth.Govern, target: projectTarget},
		"POST /projects/{id}/waivers":          {perm: auth.Govern, target: projectTarget},
		"POST /waivers/{id}/revoke":            {perm: auth.Govern, target: waiverTarget},
	}
	return feature{pages: rts, rules: rules}
}

// may reports whether the signed-in user holds perm on t, to show only
// the actions the guard would let through.
func may(r *http.Request, perm auth.Permission, t auth.Target) bool {
	p := principalFrom(r.Context())
	return p != nil && auth.Allowed(p.user.Grants, perm, t)
}

// governanceHomePage is the data of governance.html.
type governanceHomePage struct {
	basePage
	Current   *pmo.FrameworkVersion
	Framework *governance.Framework
	Versions  []*pmo.FrameworkVersion
	Rules     []ruleRow
	Gates     []gateRow
	Open      int
	Waived    int
	LastRun   *pmo.AuditRun
	CanGovern bool // may publish and run audits
}

// gateRow is one gate with its requirements in words.
type gateRow struct {
	Gate governance.Gate
	Reqs []reqRow
}

// reqRow is one requirement of a gate in words.
type reqRow struct {
	Kind    governance.RequirementKind
	Text    string
	Classes []string
}

// describe says in words what a requirement asks for.
func describe(fw *governance.Framework, r governance.Requirement) string {
	if r.Message != "" {
		return r.Message
	}
	name := func(id string, list func(string) string) string {
		if n := list(id); n != "" {
			return n
		}
		return id
	}
	roleName := func(id string) string {
		for _, ro := range fw.Roles {
			if ro.ID == id {
				return ro.Name
			}
		}
		return ""
	}
	artefactName := func(id string) string {
		for _, a := range fw.Artefacts {
			if a.ID == id {
				return a.Name
			}
		}
		return ""
	}
	switch r.Kind {
	case governance.FieldsRequirement:
		return "Filled in: " + strings.Join(r.Fields, ", ")
	case governance.ArtefactRequirement:
		return strconv.Itoa(r.Min) + " × " + name(r.Artefact, artefactName)
	case governance.RAIDRequirement:
		q := ""
		if r.Open {
			q += "open "
		}
		if r.Owned {
			q += "owned "
		}
		return "At least " + strconv.Itoa(r.Min) + " " + q + r.RAID
	case governance.ApprovalRequirement:
		return strconv.Itoa(r.Min) + " × approval by " + name(r.Role, roleName)
	}
	return r.ID
}

// ruleRow is one rule of the current framework with its record.
type ruleRow struct {
	Rule     governance.Rule
	Stat     compliance.RuleStat
	Comments int
}

// governanceHome serves /governance: the current framework, its version
// history, its lifecycle and gates, and every rule beside its failure,
// waiver and comment counts.
func (s *Server) governanceHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := &governanceHomePage{basePage: s.base(r, "Governance", "governance"), CanGovern: may(r, auth.Govern, auth.Target{})}
	versions, err := s.compliance.Gov.FindFrameworks(ctx)
	if err != nil {
		return err
	}
	d.Versions = versions
	in, err := s.compliance.Insights(ctx, 0)
	switch {
	case pmo.ErrorKind(err) == pmo.NotFound:
		return s.render(w, http.StatusOK, "governance.html", d) // nothing published yet
	case err != nil:
		return err
	}
	d.Current, d.Open, d.Waived = in.Framework, in.Open, in.Waived
	prog, err := s.compliance.Program(in.Framework)
	if err != nil {
		return err
	}
	d.Framework = prog.Framework()
	stats := map[string]compliance.RuleStat{}
	for _, st := range in.Rules {
		stats[st.Rule] = st
	}
	for _, g := range d.Framework.Gates {
		row := gateRow{Gate: g}
		for _, rq := range g.Requirements {
			row.Reqs = append(row.Reqs, reqRow{Kind: rq.Kind, Text: describe(d.Framework, rq), Classes: rq.Classes})
		}
		d.Gates = append(d.Gates, row)
	}
	for _, ru := range d.Framework.Rules {
		st := stats[ru.ID]
		d.Rules = append(d.Rules, ruleRow{Rule: ru, Stat: st, Comments: len(st.Comments)})
	}
	runs, err := s.compliance.Gov.FindAuditRuns(ctx, 1)
	if err != nil {
		return err
	}
	if len(runs) > 0 {
		d.LastRun = runs[0]
	}
	return s.render(w, http.StatusOK, "governance.html", d)
}

// versionPage is the data of governance_version.html.
type versionPage struct {
	basePage
	Version *pmo.FrameworkVersion
}

// frameworkVersionPage serves /governance/versions/{id}: the document as
// it was published.
func (s *Server) frameworkVersionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.compliance.Gov.FindFrameworkByID(r.Context(), id)
	if err != nil {
		return err
	}
	d := &versionPage{basePage: s.base(r, "Framework version "+strconv.Itoa(v.Seq), "governance"), Version: v}
	return s.render(w, http.StatusOK, "governance_version.html", d)
}
