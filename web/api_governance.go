package web

import (
	"context"
	"net/http"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// governanceAPI is the feature served from this file (see featureList): the
// JSON API of governance as code (issue 5) over s.compliance. Handlers live
// in api_framework.go (framework versions, dry runs), api_finding.go
// (audit runs, findings, insights), api_gate.go (gate reviews) and
// api_waiver.go (waivers, rules and their comments).
func (s *Server) governanceAPI() feature {
	if s.compliance == nil {
		return feature{}
	}
	get, post := http.MethodGet, http.MethodPost
	const fw, au, gt, wv = "Frameworks", "Compliance audits", "Gate reviews", "Waivers and rules"
	api := []route{
		{Method: get, Pattern: "/api/v1/frameworks", Handler: s.apiListFrameworks, Tag: fw,
			Summary: "List the published framework versions, newest first (without documents)", Response: "FrameworkVersionList"},
		{Method: post, Pattern: "/api/v1/frameworks", Handler: s.apiPublishFramework, Tag: fw,
			Summary: "Publish a new framework version from a YAML document (application/yaml, or JSON {\"document\": ...}); " +
				"an invalid document is rejected with each error's document:line:column and never published",
			Body: "FrameworkDocument", YAML: true, Response: "Framework", Status: http.StatusCreated, ETag: true},
		{Method: get, Pattern: "/api/v1/frameworks/current", Handler: s.apiCurrentFramework, Tag: fw,
			Summary:  "Read the current framework version: its YAML document and its stages, gates and rules",
			Response: "Framework", ETag: true, NotFound: true},
		{Method: get, Pattern: "/api/v1/frameworks/{id}", Handler: s.apiFrameworkByID, Tag: fw,
			Summary:  "Read a framework version: its YAML document and its stages, gates and rules",
			Response: "Framework", ETag: true},
		{Method: get, Pattern: "/api/v1/frameworks/{id}/changes", Handler: s.apiFrameworkChanges, Tag: fw,
			Summary:  "What changed from one version (from, default the one before) to this one: rules, stages and gates added, changed, removed",
			Params:   []param{{Name: "from", Kind: intParam, Doc: "id of the version to compare with; default the previous version"}},
			Response: "FrameworkChanges"},
		{Method: post, Pattern: "/api/v1/frameworks/dry-run", Handler: s.apiDryRunFramework, Tag: fw,
			Summary: "Audit the portfolio with a draft framework, without writing: the findings it would produce and how they differ from the current version's",
			Params:  []param{{Name: "portfolio_id", Kind: intParam, Doc: "only projects of this portfolio"}},
			Body:    "FrameworkDocument", YAML: true, Response: "DryRun"},

		{Method: post, Pattern: "/api/v1/audit-runs", Handler: s.apiRecordAudit, Tag: au,
			Summary: "Audit every project (or one portfolio's) against the current framework now and record the run: findings open, persist or resolve themselves",
			Body:    "AuditRequest", Response: "AuditRun", Status: http.StatusCreated},
		{Method: get, Pattern: "/api/v1/audit-runs", Handler: s.apiListAuditRuns, Tag: au,
			Summary: "List recorded audit runs, newest first, of the portfolios you may see", Params: auditRunParams,
			Response: "AuditRunList"},
		{Method: get, Pattern: "/api/v1/audit-runs/{id}", Handler: s.apiAuditRun, Tag: au,
			Summary: "Read one audit run with its counts per rule, severity, program, manager, stage and class", Response: "AuditRun"},
		{Method: get, Pattern: "/api/v1/findings", Handler: s.apiListFindings, Tag: au,
			Summary: "List findings, newest first, narrowed to what you may see", Params: findingParams, Response: "FindingList"},
		{Method: get, Pattern: "/api/v1/findings.csv", Handler: s.apiFindingsCSV, Tag: au,
			Summary: "The findings as CSV (same filters; every match unless limit is given)", Params: findingParams},
		{Method: get, Pattern: "/api/v1/insights", Handler: s.apiInsights, Tag: au,
			Summary: "Audit as intelligence: open findings by rule, program, manager and stage, the trend over runs, chronic projects, rules never failed or always waived",
			Params:  []param{{Name: "portfolio_id", Kind: intParam, Doc: "only this portfolio"}}, Response: "Insights", NotFound: true},
	}
	api = append(api, s.gateRoutes(gt)...)
	api = append(api, s.waiverRoutes(wv)...)
	return feature{api: api, rules: governanceRules()}
}

// governanceRules are the access rules of the governance API.
func governanceRules() map[string]rule {
	return map[string]rule{
		// The framework is the whole office's standard: anyone who may read
		// something may read it. Publishing changes what every portfolio is
		// held to, so it needs Govern over everything.
		"GET /api/v1/frameworks":              {perm: auth.Read},
		"GET /api/v1/frameworks/current":      {perm: auth.Read},
		"GET /api/v1/frameworks/{id}":         {perm: auth.Read},
		"GET /api/v1/frameworks/{id}/changes": {perm: auth.Read},
		"POST /api/v1/frameworks":             {perm: auth.Govern, target: everything},
		// A dry run is the framework authors' drafting tool, and it audits
		// every project in reach twice (draft and current): PMO staff, over
		// the projects their grants reach.
		"POST /api/v1/frameworks/dry-run": {perm: auth.Govern},

		// Recording a run resolves and opens findings of the portfolio it
		// names (the body's portfolio_id), or of all without one.
		"POST /api/v1/audit-runs":     {perm: auth.Govern, body: true},
		"GET /api/v1/audit-runs":      {perm: auth.Read},
		"GET /api/v1/audit-runs/{id}": {perm: auth.Read, target: auditRunTarget},
		"GET /api/v1/findings":        {perm: auth.Read},
		"GET /api/v1/findings.csv":    {perm: auth.Read},
		"GET /api/v1/insights":        {perm: auth.Read},

		"GET /api/v1/gate-reviews":                 {perm: auth.Read},
		"GET /api/v1/projects/{id}/gate-reviews":   {perm: auth.Read, target: projectTarget},
		"GET /api/v1/projects/{id}/gate-check":     {perm: auth.Read, target: projectTarget},
		"POST /api/v1/projects/{id}/gate-reviews":  {perm: auth.Edit, target: projectTarget},
		"GET /api/v1/gate-reviews/{id}":            {perm: auth.Read, target: gateReviewTarget},
		"POST /api/v1/gate-reviews/{id}/decisions": {perm: auth.Decide, target: gateReviewTarget},
		"GET /api/v1/waivers":                      {perm: auth.Read},
		"POST /api/v1/waivers":                     {perm: auth.Govern, body: true},
		"GET /api/v1/waivers/{id}":                 {perm: auth.Read, target: waiverTarget},
		"POST /api/v1/waivers/{id}/revocation":     {perm: auth.Govern, target: waiverTarget},
		"GET /api/v1/rules":                        {perm: auth.Read},
		"GET /api/v1/rule-comments":                {perm: auth.Read},
		// Whoever can read the project a comment is about may comment on
		// how a rule treats it: project teams are the audience.
		"POST /api/v1/rule-comments": {perm: auth.Read, body: true},
	}
}

// auditRunTarget is the portfolio a run audited; a run of every portfolio
// needs a grant on everything.
func auditRunTarget(s *Server, r *http.Request) (auth.Target, error) {
	id, err := pathInt(r)
	if err != nil {
		return auth.Target{}, err
	}
	run, err := s.compliance.Gov.FindAuditRunByID(r.Context(), id)
	if err != nil {
		return auth.Target{}, err
	}
	return auth.Target{Portfolio: run.PortfolioID}, nil
}

var (
	gateReviewTarget = byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		x, err := s.compliance.Gov.FindGateReviewByID(ctx, id)
		return idOr(x, err, func(x *pmo.GateReview) int64 { return x.ProjectID })
	})
	waiverTarget = byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		ws, err := s.compliance.Gov.FindWaivers(ctx, pmo.WaiverFilter{ID: id})
		if err == nil && len(ws) == 0 {
			err = pmo.Errorf(pmo.NotFound, "waiver %d not found", id)
		}
		if err != nil {
			return 0, err
		}
		return ws[0].ProjectID, nil
	})
)
