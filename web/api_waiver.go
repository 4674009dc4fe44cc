package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
)

// newWaiver is the body of POST /api/v1/waivers. The grantor is the
// signed-in user.
type newWaiver struct {
	ProjectID int64  `json:"project_id"`
	Rule      string `json:"rule"`   // rule id of the current framework
	Reason    string `json:"reason"` // why the project may depart from the rule
	// Expires is an instant (RFC 3339) or a day (YYYY-MM-DD), in which case
	// the waiver covers that whole day (UTC).
	Expires string `json:"expires"`
}

// newComment is the body of POST /api/v1/rule-comments.
type newComment struct {
	Rule      string `json:"rule"`
	ProjectID int64  `json:"project_id"` // the project the remark is about; 0 for none (needs a grant on all)
	Body      string `json:"body"`
}

func (s *Server) waiverRoutes(tag string) []route {
	get, post := http.MethodGet, http.MethodPost
	return []route{
		{Method: get, Pattern: "/api/v1/waivers", Handler: s.apiListWaivers, Tag: tag,
			Summary: "List waivers, newest first, narrowed to what you may see", Params: []param{
				{Name: "project_id", Kind: intParam, Doc: "only waivers of this project"},
				{Name: "rule", Kind: stringParam, Doc: "rule id"},
				{Name: "active", Kind: boolParam, Doc: "true: only waivers in force now"},
			}, Response: "WaiverList"},
		{Method: post, Pattern: "/api/v1/waivers", Handler: s.apiGrantWaiver, Tag: tag,
			Summary: "Grant a waiver of a rule to a project until it expires (PMO staff; reason and a future expiry required)",
			Body:    "NewWaiver", Response: "Waiver", Status: http.StatusCreated, ETag: true},
		{Method: get, Pattern: "/api/v1/waivers/{id}", Handler: s.apiWaiver, Tag: tag,
			Summary: "Read a waiver", Response: "Waiver", ETag: true},
		{Method: post, Pattern: "/api/v1/waivers/{id}/revocation", Handler: s.apiRevokeWaiver, Tag: tag,
			Summary:  "Revoke a waiver now (PMO staff); the rule applies again from the next audit",
			Response: "Waiver", IfMatch: true, ETag: true},
		{Method: get, Pattern: "/api/v1/rules", Handler: s.apiListRules, Tag: tag,
			Summary: "The rules of the current framework with their open, waived, resolved and total findings and their comments",
			Params: []param{{Name: "rule", Kind: stringParam, Doc: "only this rule"},
				{Name: "portfolio_id", Kind: intParam, Doc: "count findings of this portfolio only"}},
			Response: "RuleStatList"},
		{Method: get, Pattern: "/api/v1/rule-comments", Handler: s.apiListRuleComments, Tag: tag,
			Summary: "Comments on rules, oldest first, of the projects you may see and about none", Params: []param{
				{Name: "rule", Kind: stringParam, Doc: "rule id"},
				{Name: "project_id", Kind: intParam, Doc: "only comments about this project"},
			}, Response: "RuleCommentList"},
		{Method: post, Pattern: "/api/v1/rule-comments", Handler: s.apiCommentRule, Tag: tag,
			Summary: "Comment on a rule of the current framework, as it applies to a project", Body: "NewComment",
			Response: "RuleComment", Status: http.StatusCreated},
	}
}

// parseExpiry reads an instant or a day; a day means until its end.
func parseExpiry(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, pmo.FieldErr("expires", "is required: a waiver must end")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.AddDate(0, 0, 1), nil
	}
	return time.Time{}, pmo.FieldErr("expires", "must be a day (2027-03-31) or an instant (2027-03-31T18:00:00Z), not %q", s)
}

// apiListWaivers serves GET /api/v1/waivers.
func (s *Server) apiListWaivers(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := pmo.WaiverFilter{ProjectID: q.id("project_id"), Rule: q.str("rule")}
	if q.bool("active") {
		f.ActiveAt = s.now()
	}
	if err := q.err(); err != nil {
		return err
	}
	ws, err := s.compliance.Gov.FindWaivers(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, ws, pmo.Page{Total: len(ws)})
}

// apiGrantWaiver serves POST /api/v1/waivers.
func (s *Server) apiGrantWaiver(w http.ResponseWriter, r *http.Request) error {
	var req newWaiver
	if err := decodeJSON(r, &req, nil); err != nil {
		return err
	}
	wv := &pmo.Waiver{ProjectID: req.ProjectID, Rule: req.Rule, Reason: strings.TrimSpace(req.Reason), GrantedBy: userName(r)}
	// Every fault at once, before the rule is looked up.
	exp, expErr := parseExpiry(req.Expires)
	wv.Expires = exp
	var v pmo.Validator
	for _, f := range pmo.ErrorFields(wv.Prepare()) {
		if f.Field != "expires" || expErr == nil {
			v.Add(f.Field, "%s", f.Detail)
		}
	}
	for _, f := range pmo.ErrorFields(expErr) {
		v.Add(f.Field, "%s", f.Detail)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if _, err := s.svc.FindProjectByID(r.Context(), req.ProjectID); pmo.ErrorKind(err) == pmo.NotFound {
		return pmo.FieldErr("project_id", "no project %d", req.ProjectID)
	} else if err != nil {
		return err
	}
	if err := s.compliance.GrantWaiver(r.Context(), wv); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/waivers/"+itoa(wv.ID))
	return writeEntity(w, r, http.StatusCreated, versionETag(wv.Version), wv)
}

func (s *Server) findWaiver(r *http.Request) (*pmo.Waiver, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ws, err := s.compliance.Gov.FindWaivers(r.Context(), pmo.WaiverFilter{ID: id})
	if err != nil {
		return nil, err
	}
	if len(ws) == 0 {
		return nil, pmo.Errorf(pmo.NotFound, "waiver %d not found", id)
	}
	return ws[0], nil
}

// apiWaiver serves GET /api/v1/waivers/{id}.
func (s *Server) apiWaiver(w http.ResponseWriter, r *http.Request) error {
	wv, err := s.findWaiver(r)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(wv.Version), wv)
}

// apiRevokeWaiver serves POST /api/v1/waivers/{id}/revocation.
func (s *Server) apiRevokeWaiver(w http.ResponseWriter, r *http.Request) error {
	tags, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	cur, err := s.findWaiver(r)
	if err != nil {
		return err
	}
	if err := checkIfMatch(tags, versionETag(cur.Version)); err != nil {
		return err
	}
	wv, err := s.compliance.RevokeWaiver(r.Context(), cur.ID, cur.Version)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(wv.Version), wv)
}

// apiListRules serves GET /api/v1/rules: each rule's record over the findings
// the caller may see, with the comments beside it.
func (s *Server) apiListRules(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	rule, portfolio := q.str("rule"), q.id("portfolio_id")
	if err := q.err(); err != nil {
		return err
	}
	out := []*compliance.RuleStat{}
	in, err := s.compliance.Insights(r.Context(), portfolio)
	if pmo.ErrorKind(err) == pmo.NotFound {
		return writeList(w, out, pmo.Page{}) // no framework, no rules
	}
	if err != nil {
		return err
	}
	for i := range in.Rules {
		if rule == "" || in.Rules[i].Rule == rule {
			out = append(out, &in.Rules[i])
		}
	}
	return writeList(w, out, pmo.Page{Total: len(out)})
}

// apiListRuleComments serves GET /api/v1/rule-comments.
func (s *Server) apiListRuleComments(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	rule, project := q.str("rule"), q.id("project_id")
	if err := q.err(); err != nil {
		return err
	}
	cs, err := s.compliance.Gov.FindRuleComments(r.Context(), rule)
	if err != nil {
		return err
	}
	out := []*pmo.RuleComment{}
	for _, c := range cs {
		if project == 0 || c.ProjectID == project {
			out = append(out, c)
		}
	}
	return writeList(w, out, pmo.Page{Total: len(out)})
}

// apiCommentRule serves POST /api/v1/rule-comments.
func (s *Server) apiCommentRule(w http.ResponseWriter, r *http.Request) error {
	var req newComment
	if err := decodeJSON(r, &req, nil); err != nil {
		return err
	}
	c := &pmo.RuleComment{Rule: req.Rule, ProjectID: req.ProjectID, Body: req.Body, Author: userName(r)}
	if err := c.Prepare(); err != nil {
		return err
	}
	if req.ProjectID != 0 {
		if _, err := s.svc.FindProjectByID(r.Context(), req.ProjectID); pmo.ErrorKind(err) == pmo.NotFound {
			return pmo.FieldErr("project_id", "no project %d", req.ProjectID)
		} else if err != nil {
			return err
		}
	}
	if err := s.compliance.Comment(r.Context(), c); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/rule-comments?rule="+url.QueryEscape(c.Rule))
	return writeJSON(w, http.StatusCreated, c)
}
