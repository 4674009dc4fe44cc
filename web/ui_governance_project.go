package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/governance"
)

// projectGovPage is the data of governance_project.html: one project's
// findings, waivers, gates and gate history.
type projectGovPage struct {
	basePage
	Project   *pmo.Project
	Follows   *pmo.FrameworkVersion // the version the project follows
	Findings  []*pmo.Finding        // open, waived ones included
	Waivers   []*pmo.Waiver         // in force
	Gates     []*governance.Gate    // the gates out of the project's stage
	Reviews   []*pmo.GateReview     // newest first
	Open      *pmo.GateReview       // a review waiting for decisions
	CanEdit   bool                  // may request gates
	CanGovern bool                  // may grant and revoke waivers
}

// projectGovernancePage serves /projects/{id}/governance.
func (s *Server) projectGovernancePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.svc.FindProjectByID(ctx, id)
	if err != nil {
		return err
	}
	t, err := s.projectScope(ctx, id)
	if err != nil {
		return err
	}
	d := &projectGovPage{basePage: s.base(r, p.Code+" governance", "projects"), Project: p,
		CanEdit: may(r, auth.Edit, t), CanGovern: may(r, auth.Govern, t)}
	d.Follows, err = s.compliance.Gov.ProjectFramework(ctx, id)
	switch {
	case pmo.ErrorKind(err) == pmo.NotFound:
		return s.render(w, http.StatusOK, "governance_project.html", d) // nothing published
	case err != nil:
		return err
	}
	prog, err := s.compliance.Program(d.Follows)
	if err != nil {
		return err
	}
	d.Gates = prog.Framework().GatesFrom(string(p.Stage))
	if d.Findings, err = s.compliance.Gov.FindFindings(ctx, pmo.FindingFilter{ProjectID: id, Open: true}); err != nil {
		return err
	}
	if d.Waivers, err = s.compliance.Gov.FindWaivers(ctx, pmo.WaiverFilter{ProjectID: id, ActiveAt: s.now()}); err != nil {
		return err
	}
	if d.Reviews, err = s.compliance.GateReviews(ctx, id); err != nil {
		return err
	}
	for _, rv := range d.Reviews {
		if rv.Status == pmo.GateRequested {
			d.Open = rv
			break
		}
	}
	return s.render(w, http.StatusOK, "governance_project.html", d)
}

// waiverPage is the data of governance_waiver.html.
type waiverPage struct {
	basePage
	Project *pmo.Project
	Rules   []option
	Reason  string
	Expires string
	Errors  map[string]string
	General []string
}

func (s *Server) loadWaiverPage(ctx context.Context, r *http.Request, rule string) (*waiverPage, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	p, err := s.svc.FindProjectByID(ctx, id)
	if err != nil {
		return nil, err
	}
	v, err := s.compliance.Gov.CurrentFramework(ctx)
	if err != nil {
		return nil, err
	}
	prog, err := s.compliance.Program(v)
	if err != nil {
		return nil, err
	}
	d := &waiverPage{basePage: s.base(r, "Waive a rule for "+p.Code, "projects"), Project: p, Errors: map[string]string{},
		Expires: pmo.DateOf(s.now()).AddDays(90).String()}
	for _, ru := range prog.Framework().Rules {
		d.Rules = append(d.Rules, option{Value: ru.ID, Label: ru.Title + " (" + ru.ID + ")", Selected: ru.ID == rule})
	}
	return d, nil
}

// waiverForm serves /projects/{id}/waivers/new?rule=: a waiver needs a
// reason and an expiry.
func (s *Server) waiverForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadWaiverPage(r.Context(), r, r.URL.Query().Get("rule"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "governance_waiver.html", d)
}

// grantWaiver stores a waiver; the next audit marks the findings it covers.
func (s *Server) grantWaiver(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	d, err := s.loadWaiverPage(r.Context(), r, vals["rule"])
	if err != nil {
		return err
	}
	d.Reason, d.Expires = vals["reason"], strings.TrimSpace(vals["expires"])
	wv := &pmo.Waiver{ProjectID: d.Project.ID, Rule: strings.TrimSpace(vals["rule"]), Reason: strings.TrimSpace(vals["reason"]),
		GrantedBy: actorName(r, "")}
	if d.Expires == "" {
		d.Errors["expires"] = "is required: a waiver must end"
	} else if day, perr := pmo.ParseDate(d.Expires); perr != nil {
		d.Errors["expires"] = "must be a date such as 2027-03-31"
	} else {
		wv.Expires = day.Time()
	}
	if len(d.Errors) == 0 {
		err = s.compliance.GrantWaiver(r.Context(), wv)
		if err == nil {
			return redirect(w, r, "/projects/"+itoa(d.Project.ID)+"/governance?saved=waiver")
		}
		if pmo.ErrorKind(err) != pmo.Invalid {
			return err
		}
		d.General = fieldErrors(err, map[string]bool{"rule": true, "reason": true, "expires": true}, nil, d.Errors)
	}
	return s.render(w, http.StatusUnprocessableEntity, "governance_waiver.html", d)
}

// revokeWaiver ends a waiver (at the version the form showed).
func (s *Server) revokeWaiver(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	version, verr := strconv.Atoi(vals["version"])
	if verr != nil || version < 1 {
		return badRequest("the form lacks the version it revokes; reload the page", fieldError("version", "is required"))
	}
	wv, err := s.compliance.RevokeWaiver(r.Context(), id, version)
	if pmo.ErrorKind(err) == pmo.Stale {
		return pmo.Errorf(pmo.Conflict, "The waiver changed while you were looking at it; go back, reload the page and try again.")
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/projects/"+itoa(wv.ProjectID)+"/governance?saved=revoked")
}

// projectGovSummary is the governance line of the project page
// (project.html): how the project stands against the framework.
type projectGovSummary struct {
	Framework string // the label of the version it follows
	Open      int    // open findings, not waived
	Severe    int    // ... of them critical or major
	Review    *pmo.GateReview
}

// governanceSummary returns the project page's governance line, or nil
// when the server keeps no governance records or nothing is published.
func (s *Server) governanceSummary(ctx context.Context, projectID int64) (*projectGovSummary, error) {
	if s.compliance == nil {
		return nil, nil
	}
	v, err := s.compliance.Gov.ProjectFramework(ctx, projectID)
	if pmo.ErrorKind(err) == pmo.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sum := &projectGovSummary{Framework: v.Label}
	fs, err := s.compliance.Gov.FindFindings(ctx, pmo.FindingFilter{ProjectID: projectID, Open: true})
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		if f.Waived {
			continue
		}
		sum.Open++
		if r := governance.Severity(f.Severity).Rank(); r >= governance.Major.Rank() {
			sum.Severe++
		}
	}
	rs, err := s.compliance.Gov.FindGateReviews(ctx, pmo.GateReviewFilter{ProjectID: projectID, Status: pmo.GateRequested})
	if err != nil {
		return nil, err
	}
	if len(rs) > 0 {
		sum.Review = rs[0]
	}
	return sum, nil
}
