package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
)

// diffPage is the data of governance_diff.html.
type diffPage struct {
	basePage
	Versions []*pmo.FrameworkVersion
	A, B     *pmo.FrameworkVersion
	Changes  []governance.Change
}

// frameworkDiffPage serves /governance/diff?a=&b=: what changed from
// version a to version b (by id). Without a choice it compares the
// current version with the one before it.
func (s *Server) frameworkDiffPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := newQuery(r)
	a, b := q.id("a"), q.id("b")
	if err := q.err(); err != nil {
		return err
	}
	vs, err := s.compliance.Gov.FindFrameworks(ctx)
	if err != nil {
		return err
	}
	d := &diffPage{basePage: s.base(r, "Framework diff", "governance"), Versions: vs}
	if a == 0 && b == 0 && len(vs) >= 2 {
		a, b = vs[1].ID, vs[0].ID // newest first
	}
	if a == 0 || b == 0 {
		return s.render(w, http.StatusOK, "governance_diff.html", d)
	}
	load := func(id int64) (*pmo.FrameworkVersion, *governance.Framework, error) {
		v, err := s.compliance.Gov.FindFrameworkByID(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		p, err := s.compliance.Program(v)
		if err != nil {
			return nil, nil, err
		}
		return v, p.Framework(), nil
	}
	va, fa, err := load(a)
	if err != nil {
		return err
	}
	vb, fb, err := load(b)
	if err != nil {
		return err
	}
	d.A, d.B, d.Changes = va, vb, governance.Diff(fa, fb)
	return s.render(w, http.StatusOK, "governance_diff.html", d)
}

// rulePage is the data of governance_rule.html.
type rulePage struct {
	basePage
	Rule     *governance.Rule
	Stat     compliance.RuleStat
	Findings []*pmo.Finding // open ones, in the user's reach
	Projects map[int64]*pmo.Project
	// ProjectID is the project a comment is about (from ?project_id=,
	// when the user came from a project's governance page).
	ProjectID int64
	Body      string // the comment form after a refusal
	Error     string
}

// rulePage serves /governance/rules/{id}: a rule of the current framework,
// its record (open, waived, resolved), the projects failing it and the
// comments on it, with the form to add one.
func (s *Server) rulePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadRule(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "governance_rule.html", d)
}

func (s *Server) loadRule(r *http.Request) (*rulePage, error) {
	ctx := r.Context()
	id := r.PathValue("id")
	in, err := s.compliance.Insights(ctx, 0)
	if err != nil {
		return nil, err
	}
	prog, err := s.compliance.Program(in.Framework)
	if err != nil {
		return nil, err
	}
	ru := prog.Framework().Rule(id)
	if ru == nil {
		return nil, pmo.Errorf(pmo.NotFound, "The current framework has no rule %q.", id)
	}
	d := &rulePage{basePage: s.base(r, ru.Title, "governance"), Rule: ru}
	if pid, err := strconv.ParseInt(r.URL.Query().Get("project_id"), 10, 64); err == nil && pid > 0 {
		d.ProjectID = pid
	}
	for _, st := range in.Rules {
		if st.Rule == id {
			d.Stat = st
		}
	}
	d.Findings, err = s.compliance.Gov.FindFindings(ctx, pmo.FindingFilter{Rule: id, Open: true})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(d.Findings))
	for i, f := range d.Findings {
		ids[i] = f.ProjectID
	}
	d.Projects, err = s.projectsByID(ctx, ids)
	return d, err
}

// commentRule stores a comment on a rule, optionally about one project
// (project_id, which the user must be able to read).
func (s *Server) commentRule(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	c := &pmo.RuleComment{Rule: r.PathValue("id"), Body: strings.TrimSpace(vals["body"]), Author: actorName(r, "")}
	back := "/governance/rules/" + c.Rule
	if pid := strings.TrimSpace(vals["project_id"]); pid != "" {
		id, perr := strconv.ParseInt(pid, 10, 64)
		if perr != nil || id <= 0 {
			return badRequest("the form names no valid project", fieldError("project_id", "must be a project id"))
		}
		if _, err := s.svc.FindProjectByID(r.Context(), id); err != nil {
			return err
		}
		t, err := s.projectScope(r.Context(), id)
		if err != nil {
			return err
		}
		if !may(r, auth.Read, t) {
			return pmo.Errorf(pmo.Unauthorized, "you may not comment about project %d", id)
		}
		c.ProjectID = id
		back = "/projects/" + itoa(id) + "/governance"
	}
	err = s.compliance.Comment(r.Context(), c)
	if err == nil {
		return redirect(w, r, back+"?saved=comment#comments")
	}
	if pmo.ErrorKind(err) != pmo.Invalid {
		return err
	}
	d, lerr := s.loadRule(r)
	if lerr != nil {
		return lerr
	}
	d.Body, d.ProjectID = vals["body"], c.ProjectID
	errs := map[string]string{}
	general := fieldErrors(err, map[string]bool{"body": true}, nil, errs)
	d.Error = errs["body"]
	if d.Error == "" {
		d.Error = strings.Join(general, "; ")
	}
	return s.render(w, http.StatusUnprocessableEntity, "governance_rule.html", d)
}
