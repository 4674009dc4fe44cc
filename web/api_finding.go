package web

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
)

// auditRequest is the body of POST /api/v1/audit-runs.
type auditRequest struct {
	PortfolioID int64 `json:"portfolio_id"` // 0 or absent: every portfolio
}

var auditRunParams = []param{
	{Name: "portfolio_id", Kind: intParam, Doc: "only runs of this portfolio"},
	{Name: "limit", Kind: intParam, Doc: "at most this many runs, 1-500 (default all)"},
}

// findingSorts are the sort fields pmo.FindingFilter documents.
var findingSorts = []string{"id", "first_seen", "last_seen", "seen", "rule", "manager"}

var findingParams = append([]param{
	{Name: "portfolio_id", Kind: intParam, Doc: "only findings of projects in this portfolio"},
	{Name: "program_id", Kind: intParam, Doc: "only findings of projects in this program"},
	{Name: "project_id", Kind: intParam, Doc: "only findings of this project"},
	{Name: "rule", Kind: stringParam, Doc: "rule id"},
	{Name: "severity", Kind: stringParam, Multi: true, Doc: "severities of the framework, e.g. critical, major, minor"},
	{Name: "state", Kind: stringParam, Multi: true, Enum: strs(pmo.FindingStates),
		Doc: "open (unresolved, not waived), waived (unresolved, under a waiver) or resolved"},
	{Name: "kind", Kind: stringParam, Multi: true, Enum: []string{"violation", "rule_error"},
		Doc: "violation, or rule_error for a rule that could not be evaluated"},
	{Name: "manager", Kind: stringParam, Doc: "the project manager who owns the finding (any case)"},
	{Name: "stage", Kind: stringParam, Multi: true, Doc: "stage ids of the framework"},
}, listParams(findingSorts...)...)

// apiRecordAudit serves POST /api/v1/audit-runs. An empty body audits every
// portfolio (which the access rule allows only with a grant on all).
func (s *Server) apiRecordAudit(w http.ResponseWriter, r *http.Request) error {
	var req auditRequest
	if r.ContentLength != 0 || r.Header.Get("Content-Type") != "" {
		if err := decodeJSON(r, &req, nil); err != nil {
			return err
		}
	}
	if req.PortfolioID < 0 {
		return badRequest("invalid body", fieldError("portfolio_id", "must be a positive id"))
	}
	if req.PortfolioID != 0 {
		if _, err := s.svc.FindPortfolioByID(r.Context(), req.PortfolioID); pmo.ErrorKind(err) == pmo.NotFound {
			return pmo.FieldErr("portfolio_id", "no portfolio %d", req.PortfolioID)
		} else if err != nil {
			return err
		}
	}
	rep, err := s.compliance.Record(r.Context(), compliance.Filter{PortfolioID: req.PortfolioID})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/audit-runs/"+itoa(rep.Run.ID))
	return writeJSON(w, http.StatusCreated, rep.Run)
}

// visibleRun reports whether a caller limited to a reach may see a run:
// runs summarise a whole portfolio, so a reach must include the portfolio.
func visibleRun(r *http.Request, run *pmo.AuditRun) bool {
	reach, limited := pmo.ReachFrom(r.Context())
	return !limited || (run.PortfolioID != 0 && slices.Contains(reach.Portfolios, run.PortfolioID))
}

// apiListAuditRuns serves GET /api/v1/audit-runs.
func (s *Server) apiListAuditRuns(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	portfolio := q.id("portfolio_id")
	limit := 0
	if v := q.str("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > pmo.MaxLimit {
			q.fail("limit", "must be an integer from 1 to %d, not %q", pmo.MaxLimit, v)
		}
		limit = n
	}
	if err := q.err(); err != nil {
		return err
	}
	runs, err := s.compliance.Gov.FindAuditRuns(r.Context(), 0)
	if err != nil {
		return err
	}
	out := []*pmo.AuditRun{}
	for _, run := range runs {
		if (portfolio == 0 || run.PortfolioID == portfolio) && visibleRun(r, run) {
			out = append(out, run)
		}
	}
	total := len(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return writeList(w, out, pmo.Page{Total: total})
}

// apiAuditRun serves GET /api/v1/audit-runs/{id}.
func (s *Server) apiAuditRun(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	run, err := s.compliance.Gov.FindAuditRunByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, run)
}

// apiFindingFilter parses the filters of the findings list and export.
func apiFindingFilter(r *http.Request) (pmo.FindingFilter, error) {
	q := newQuery(r)
	f := pmo.FindingFilter{
		PortfolioID: q.id("portfolio_id"),
		ProgramID:   q.id("program_id"),
		ProjectID:   q.id("project_id"),
		Rule:        q.str("rule"),
		Severities:  q.strs("severity"),
		States:      enum(q, "state", pmo.FindingStates),
		Kinds:       enum(q, "kind", []string{"violation", "rule_error"}),
		Manager:     q.str("manager"),
		Stages:      q.strs("stage"),
		ListOptions: q.list(findingSorts),
	}
	return f, q.err()
}

// apiListFindings serves GET /api/v1/findings.
func (s *Server) apiListFindings(w http.ResponseWriter, r *http.Request) error {
	f, err := apiFindingFilter(r)
	if err != nil {
		return err
	}
	fs, page, err := s.compliance.Gov.FindFindingPage(r.Context(), f)
	if err != nil {
		return listError(err)
	}
	return writeList(w, fs, page)
}

// apiFindingsCSV serves GET /api/v1/findings.csv: every match, read a page at
// a time, unless limit asks for one page (whose successor is then in the
// Link header).
func (s *Server) apiFindingsCSV(w http.ResponseWriter, r *http.Request) error {
	f, err := apiFindingFilter(r)
	if err != nil {
		return err
	}
	onePage := f.Limit != 0
	if !onePage {
		f.Limit = pmo.MaxLimit
	}
	f.SkipTotal = true
	fs, page, err := s.compliance.Gov.FindFindingPage(r.Context(), f)
	if err != nil {
		return listError(err) // before any byte is written: still a problem
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="findings.csv"`)
	h.Set("X-Content-Type-Options", "nosniff")
	if onePage && page.NextCursor != "" {
		q := r.URL.Query()
		q.Set("cursor", page.NextCursor)
		h.Set("Link", "<"+r.URL.Path+"?"+q.Encode()+`>; rel="next"`)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"id", "project_id", "rule", "kind", "severity", "state", "title", "message", "stage",
		"class", "manager", "program", "seen", "first_seen", "last_seen", "resolved_at"})
	for {
		for _, x := range fs {
			state, resolved := pmo.FindingOpen, ""
			switch {
			case x.ResolvedAt != nil:
				state, resolved = pmo.FindingResolved, x.ResolvedAt.Format(time.RFC3339)
			case x.Waived:
				state = pmo.FindingWaived
			}
			_ = cw.Write([]string{itoa(x.ID), itoa(x.ProjectID), csvSafe(x.Rule), x.Kind, csvSafe(x.Severity),
				string(state), csvSafe(x.Title), csvSafe(x.Message), csvSafe(x.Stage), csvSafe(x.Class),
				csvSafe(x.Manager), csvSafe(x.Program), strconv.Itoa(x.Seen), x.FirstSeen.Format(time.RFC3339),
				x.LastSeen.Format(time.RFC3339), resolved})
		}
		if onePage || page.NextCursor == "" {
			break
		}
		f.Cursor = page.NextCursor
		if fs, page, err = s.compliance.Gov.FindFindingPage(r.Context(), f); err != nil {
			// Mid-stream a problem cannot replace the file: it ends short
			// of its rows, and the log says why.
			s.log.ErrorContext(r.Context(), "findings export failed", "request_id", requestIDFrom(r.Context()), "err", err)
			break
		}
	}
	cw.Flush()
	return cw.Error()
}

// apiInsights serves GET /api/v1/insights, built from the findings the caller
// may see.
func (s *Server) apiInsights(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	portfolio := q.id("portfolio_id")
	if err := q.err(); err != nil {
		return err
	}
	in, err := s.compliance.Insights(r.Context(), portfolio)
	if err != nil {
		return err
	}
	in.Framework.Document = ""
	return writeJSON(w, http.StatusOK, in)
}
