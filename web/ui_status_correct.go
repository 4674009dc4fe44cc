package web

import (
	"context"
	"net/http"
	"slices"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// statusPages is the feature served from this file (see featureList): one
// status report with every revision of its period, and the form that
// corrects it. Reports are immutable; a correction is the next revision,
// with a reason, made through pmo.StatusService.CorrectStatusReport.
func (s *Server) statusPages() feature {
	get, post := http.MethodGet, http.MethodPost
	return feature{
		pages: []route{
			{Method: get, Pattern: "/status-reports/{id}", Handler: s.statusReportPage, Summary: "A status report and the revisions of its period"},
			{Method: get, Pattern: "/status-reports/{id}/correct", Handler: s.correctionForm, Summary: "Form correcting a status report"},
			{Method: post, Pattern: "/status-reports/{id}/corrections", Handler: s.submitCorrection, Summary: "Record a correction as the next revision"},
		},
		rules: map[string]rule{
			"GET /status-reports/{id}":              {perm: auth.Read, target: statusTarget},
			"GET /status-reports/{id}/correct":      {perm: auth.Edit, target: statusTarget},
			"POST /status-reports/{id}/corrections": {perm: auth.Edit, target: statusTarget},
		},
	}
}

func init() {
	flashes["correction"] = "Correction saved as a new revision; the earlier one stays in the history."
}

// statusReportPage is the data of status_report.html.
type statusReportPage struct {
	basePage
	Project   *pmo.Project
	Report    *pmo.StatusReport
	Revisions []*pmo.StatusReport // of the report's period, newest first
	Current   *pmo.StatusReport   // the latest revision of the period
	CanEdit   bool                // may correct the report
}

// revisions returns every revision of rep's period, newest first.
func (s *Server) revisions(ctx context.Context, rep *pmo.StatusReport) ([]*pmo.StatusReport, error) {
	rs, _, err := s.svc.FindStatusReports(ctx, pmo.StatusFilter{ProjectID: rep.ProjectID, AllRevisions: true,
		From: rep.Period.Start, To: rep.Period.Start, ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit}})
	if err != nil {
		return nil, err
	}
	rs = slices.DeleteFunc(rs, func(x *pmo.StatusReport) bool { return x.Period != rep.Period })
	slices.SortFunc(rs, func(a, b *pmo.StatusReport) int { return b.Revision - a.Revision })
	return rs, nil
}

// statusReportPage serves one report with the revisions of its period:
// which is current, who corrected it, when and why.
func (s *Server) statusReportPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rep, p, _, err := s.reportFor(r)
	if err != nil {
		return err
	}
	revs, err := s.revisions(ctx, rep)
	if err != nil {
		return err
	}
	t, err := s.projectScope(ctx, p.ID)
	if err != nil {
		return err
	}
	d := &statusReportPage{basePage: s.base(r, "Status "+rep.Period.String()+" · "+p.Code, "projects"),
		Project: p, Report: rep, Revisions: revs, Current: rep, CanEdit: may(r, auth.Edit, t)}
	if len(revs) > 0 {
		d.Current = revs[0]
	}
	return s.render(w, http.StatusOK, "status_report.html", d)
}

// reportFor loads the report named by the path, its project and portfolio.
func (s *Server) reportFor(r *http.Request) (*pmo.StatusReport, *pmo.Project, *pmo.Portfolio, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, nil, err
	}
	rep, err := s.svc.FindStatusReportByID(r.Context(), id)
	if err != nil {
		return nil, nil, nil, err
	}
	p, pf, err := s.projectFor(r.Context(), rep.ProjectID)
	return rep, p, pf, err
}

// correctionFields are the status form's fields without the period (a
// correction keeps it) and with the required reason first.
func correctionFields(p *pmo.Project, pf *pmo.Portfolio, orig *pmo.StatusReport) []fieldDef[pmo.StatusReport] {
	defs := statusFields(p, pf, nil)[1:] // [0] is the period
	reason := areaField("correction_reason", "Reason for the correction", func(r *pmo.StatusReport) *string { return &r.CorrectionReason })
	reason.Required = true
	reason.Help = "What was wrong in revision " + itoa(int64(orig.Revision)) + " and why it changes; kept with the history."
	return append([]fieldDef[pmo.StatusReport]{reason}, defs...)
}

// correctionPage is the form page correcting orig; the revision being
// corrected is shown beside it.
func (s *Server) correctionPage(r *http.Request, p *pmo.Project, orig *pmo.StatusReport) *formPage {
	return &formPage{basePage: s.base(r, "Correct status "+orig.Period.String()+" · "+p.Code, "projects"),
		Heading: "Correct the status report for " + orig.Period.String(),
		Action:  "/status-reports/" + itoa(orig.ID) + "/corrections", Cancel: "/status-reports/" + itoa(orig.ID),
		Submit: "Save correction", Project: p, Previous: orig,
		PreviousTitle: "Revision " + itoa(int64(orig.Revision)) + ", being corrected"}
}

// correctionForm serves the correction form, filled with the values of
// the revision corrected.
func (s *Server) correctionForm(w http.ResponseWriter, r *http.Request) error {
	orig, p, pf, err := s.reportFor(r)
	if err != nil {
		return err
	}
	start := *orig
	start.CorrectionReason = ""
	if start.OverrideReason == "" {
		// The overall was the worst dimension: keep it derived, so that
		// correcting a dimension corrects the overall too.
		start.Overall = ""
	}
	defs := correctionFields(p, pf, orig)
	d := s.correctionPage(r, p, orig)
	d.Fields = renderFields(defs, valuesOf(defs, &start), nil)
	return s.render(w, http.StatusOK, "form.html", d)
}

// submitCorrection records the correction (POST-redirect-GET to the new
// revision), or shows the form again with the input and the errors by their
// fields. When someone corrected the report first, the form keeps the
// input, shows their revision beside it and now corrects that one.
func (s *Server) submitCorrection(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	orig, p, pf, err := s.reportFor(r)
	if err != nil {
		return err
	}
	defs := correctionFields(p, pf, orig)
	rep := &pmo.StatusReport{ID: orig.ID, ProjectID: orig.ProjectID, Period: orig.Period}
	errs := applyForm(defs, rep, vals)
	rep.SubmittedBy = actorName(r, "")
	if len(errs) == 0 {
		if err = s.svc.CorrectStatusReport(ctx, rep); err == nil {
			return redirect(w, r, "/status-reports/"+itoa(rep.ID)+"?saved=correction")
		}
	} else if err = rep.Prepare(); err == nil && rep.CorrectionReason == "" {
		err = pmo.FieldErr("correction_reason", "is required to correct a status report")
	}
	d := s.correctionPage(r, p, orig)
	status := http.StatusUnprocessableEntity
	switch pmo.ErrorKind(err) {
	case "", pmo.Invalid:
		names := map[string]bool{}
		for _, f := range defs {
			names[f.Name] = true
		}
		if err != nil {
			d.Errors = fieldErrors(err, names, nil, errs)
		}
	case pmo.Stale:
		status = http.StatusConflict
		revs, rerr := s.revisions(ctx, orig)
		if rerr != nil {
			return rerr
		}
		if len(revs) > 0 {
			latest := revs[0]
			d = s.correctionPage(r, p, latest)
			d.Stale = "While you were editing, " + latest.SubmittedBy + " saved revision " + itoa(int64(latest.Revision)) +
				" of " + latest.Period.String() + " (shown beside the form). Your input is kept below: check it against " +
				"their revision and save again to correct it."
		}
	default:
		return err
	}
	d.Fields = renderFields(defs, vals, errs)
	return s.render(w, status, "form.html", d)
}
