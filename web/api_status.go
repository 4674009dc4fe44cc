package web

import (
	"net/http"
	"strconv"

	"github.com/pmohq/pmo"
)

// statusReadOnly are the fields of a status report the server sets: the
// project comes from the path, the rest from the store.
var statusReadOnly = []string{"id", "project_id", "revision", "schedule_trend", "cost_trend",
	"scope_trend", "risk_trend", "overall_trend", "submitted_at"}

// reportETag tags a status report by revision; reports never change.
func reportETag(r *pmo.StatusReport) string { return `"r` + strconv.Itoa(r.Revision) + `"` }

var statusParams = append([]param{
	{Name: "all_revisions", Kind: boolParam, Doc: "include superseded revisions"},
	{Name: "from", Kind: dateParam, Doc: "period starts on or after this date"},
	{Name: "to", Kind: dateParam, Doc: "period starts on or before this date"},
}, listParams("period")...)

// listStatusReports serves GET /api/v1/projects/{id}/status-reports.
func (s *Server) listStatusReports(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := pmo.StatusFilter{ProjectID: id, AllRevisions: q.bool("all_revisions"),
		From: q.date("from"), To: q.date("to"), ListOptions: q.list([]string{"period"})}
	if err := q.err(); err != nil {
		return err
	}
	if _, err := s.svc.FindProjectByID(r.Context(), id); err != nil {
		return err
	}
	items, page, err := s.svc.FindStatusReports(r.Context(), f)
	if err != nil {
		return listError(err)
	}
	return writeList(w, items, page)
}

// submitStatusReport serves POST /api/v1/projects/{id}/status-reports.
func (s *Server) submitStatusReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var rep pmo.StatusReport
	if err := decodeJSON(r, &rep, statusReadOnly); err != nil {
		return err
	}
	if _, err := s.svc.FindProjectByID(r.Context(), id); err != nil {
		return err
	}
	rep.ProjectID = id
	rep.SubmittedBy = actorName(r, rep.SubmittedBy) // who is signed in, not who the body says
	if err := s.svc.SubmitStatusReport(r.Context(), &rep); err != nil {
		return err
	}
	return s.writeReport(w, r, rep.ID)
}

// statusReport serves GET /api/v1/status-reports/{id}.
func (s *Server) statusReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rep, err := s.svc.FindStatusReportByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, reportETag(rep), rep)
}

// correctStatusReport serves POST /api/v1/status-reports/{id}/corrections:
// the body is the full corrected report with a correction_reason; it
// becomes the next revision of the same period. If-Match is optional here
// (reports are immutable, and the store refuses to correct a superseded
// revision), but honoured when sent.
func (s *Server) correctStatusReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var rep pmo.StatusReport
	if err := decodeJSON(r, &rep, statusReadOnly); err != nil {
		return err
	}
	orig, err := s.svc.FindStatusReportByID(r.Context(), id)
	if err != nil {
		return err
	}
	if tags := etagList(r.Header.Get("If-Match")); len(tags) > 0 {
		if err := checkIfMatch(tags, reportETag(orig)); err != nil {
			return err
		}
	}
	if rep.Period.IsZero() {
		rep.Period = orig.Period
	} else if rep.Period != orig.Period {
		return pmo.FieldErr("period", "must be the period of the report corrected (%s)", orig.Period)
	}
	rep.ID, rep.ProjectID = id, orig.ProjectID
	rep.SubmittedBy = actorName(r, rep.SubmittedBy)
	if err := s.svc.CorrectStatusReport(r.Context(), &rep); err != nil {
		return err
	}
	return s.writeReport(w, r, rep.ID)
}

// writeReport answers 201 with the stored report id.
func (s *Server) writeReport(w http.ResponseWriter, r *http.Request, id int64) error {
	rep, err := s.svc.FindStatusReportByID(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/status-reports/"+itoa(rep.ID))
	return writeEntity(w, r, http.StatusCreated, reportETag(rep), rep)
}
