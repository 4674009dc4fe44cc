package web

import (
	"net/http"
	"reflect"
	"strconv"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// The schemas of single resources and assignments (issue 7).
func init() {
	schemaTypes["Resource"] = reflect.TypeFor[pmo.Resource]()
	schemaTypes["Assignment"] = reflect.TypeFor[pmo.Assignment]()
}

// scheduleResourceAPI is the feature served from this file (see
// featureList): a schedule's resources and assignments one by one. Every
// write names the schedule's version (If-Match) and returns the new one
// as its ETag; dates wait for the next rescheduling, as for tasks.
func (s *Server) scheduleResourceAPI() feature {
	svc, ok := s.svc.(pmo.ScheduleServices)
	if !ok {
		return feature{}
	}
	h := &scheduleHandlers{s: s, svc: svc}
	const res = "/api/v1/projects/{id}/schedule/resources"
	const asg = "/api/v1/projects/{id}/schedule/assignments"
	tag := "schedules"
	api := []route{
		{Method: "POST", Pattern: res, Handler: h.createResource, Tag: tag, IfMatch: true, ETag: true, Body: "Resource",
			Response: "Resource", Status: http.StatusCreated, ReadOnly: []string{"uid"},
			Summary: "Add a resource to the schedule (If-Match: the schedule's ETag); it gets the next free UID"},
		{Method: "PUT", Pattern: res + "/{uid}", Handler: h.updateResource, Tag: tag, IfMatch: true, ETag: true,
			Body: "Resource", Response: "Resource", ReadOnly: []string{"uid"},
			Summary: "Replace a resource's name, type, max units and calendar (If-Match: the schedule's ETag)"},
		{Method: "DELETE", Pattern: res + "/{uid}", Handler: h.deleteResource, Tag: tag, IfMatch: true, ETag: true,
			Status: http.StatusNoContent, Summary: "Delete a resource and its assignments (If-Match: the schedule's ETag)"},
		{Method: "POST", Pattern: asg, Handler: h.createAssignment, Tag: tag, IfMatch: true, ETag: true, Body: "Assignment",
			Response: "Assignment", Status: http.StatusCreated, ReadOnly: []string{"uid"},
			Summary: "Assign a resource to a task (If-Match: the schedule's ETag); it gets the next free UID"},
		{Method: "PUT", Pattern: asg + "/{uid}", Handler: h.updateAssignment, Tag: tag, IfMatch: true, ETag: true,
			Body: "Assignment", Response: "Assignment", ReadOnly: []string{"uid"},
			Summary: "Replace an assignment's task, resource, units and work (If-Match: the schedule's ETag)"},
		{Method: "DELETE", Pattern: asg + "/{uid}", Handler: h.deleteAssignment, Tag: tag, IfMatch: true, ETag: true,
			Status: http.StatusNoContent, Summary: "Delete an assignment (If-Match: the schedule's ETag)"},
	}
	edit := rule{perm: auth.Edit, target: projectTarget}
	rules := map[string]rule{}
	for _, rt := range api {
		rules[rt.Method+" "+rt.Pattern] = edit
	}
	return feature{api: api, rules: rules}
}

// uidParam reads the {uid} of the path.
func uidParam(r *http.Request) (int, error) {
	uid, err := strconv.Atoi(r.PathValue("uid"))
	if err != nil || uid < 0 {
		return 0, pmo.Errorf(pmo.NotFound, "%q is not a UID", r.PathValue("uid"))
	}
	return uid, nil
}

// writeRecord answers a schedule record's write with the schedule's new
// version as the ETag.
func writeRecord(w http.ResponseWriter, r *http.Request, status, version int, v any) error {
	if v == nil {
		w.Header().Set("ETag", versionETag(version))
		w.WriteHeader(status)
		return nil
	}
	return writeEntity(w, r, status, versionETag(version), v)
}

func (h *scheduleHandlers) createResource(w http.ResponseWriter, r *http.Request) error {
	rs := pmo.Resource{Calendar: -1, Type: pmo.WorkResource, MaxUnits: 1}
	if err := decodeJSON(r, &rs, []string{"uid"}); err != nil {
		return err
	}
	sc, err := h.current(r)
	if err != nil {
		return err
	}
	v, err := h.svc.CreateResource(r.Context(), sc.ProjectID, sc.Version, &rs)
	if err != nil {
		return err
	}
	return writeRecord(w, r, http.StatusCreated, v, rs)
}

func (h *scheduleHandlers) updateResource(w http.ResponseWriter, r *http.Request) error {
	uid, err := uidParam(r)
	if err != nil {
		return err
	}
	rs := pmo.Resource{Calendar: -1, Type: pmo.WorkResource}
	if err := decodeJSON(r, &rs, []string{"uid"}); err != nil {
		return err
	}
	rs.UID = uid
	sc, err := h.current(r)
	if err != nil {
		return err
	}
	v, err := h.svc.UpdateResource(r.Context(), sc.ProjectID, sc.Version, &rs)
	if err != nil {
		return err
	}
	return writeRecord(w, r, http.StatusOK, v, rs)
}

func (h *scheduleHandlers) deleteResource(w http.ResponseWriter, r *http.Request) error {
	uid, err := uidParam(r)
	if err != nil {
		return err
	}
	sc, err := h.current(r)
	if err != nil {
		return err
	}
	v, err := h.svc.DeleteResource(r.Context(), sc.ProjectID, sc.Version, uid)
	if err != nil {
		return err
	}
	return writeRecord(w, r, http.StatusNoContent, v, nil)
}

func (h *scheduleHandlers) createAssignment(w http.ResponseWriter, r *http.Request) error {
	a := pmo.Assignment{Units: 1}
	if err := decodeJSON(r, &a, []string{"uid"}); err != nil {
		return err
	}
	sc, err := h.current(r)
	if err != nil {
		return err
	}
	v, err := h.svc.CreateAssignment(r.Context(), sc.ProjectID, sc.Version, &a)
	if err != nil {
		return err
	}
	return writeRecord(w, r, http.StatusCreated, v, a)
}

func (h *scheduleHandlers) updateAssignment(w http.ResponseWriter, r *http.Request) error {
	uid, err := uidParam(r)
	if err != nil {
		return err
	}
	var a pmo.Assignment
	if err := decodeJSON(r, &a, []string{"uid"}); err != nil {
		return err
	}
	a.UID = uid
	sc, err := h.current(r)
	if err != nil {
		return err
	}
	v, err := h.svc.UpdateAssignment(r.Context(), sc.ProjectID, sc.Version, &a)
	if err != nil {
		return err
	}
	return writeRecord(w, r, http.StatusOK, v, a)
}

func (h *scheduleHandlers) deleteAssignment(w http.ResponseWriter, r *http.Request) error {
	uid, err := uidParam(r)
	if err != nil {
		return err
	}
	sc, err := h.current(r)
	if err != nil {
		return err
	}
	v, err := h.svc.DeleteAssignment(r.Context(), sc.ProjectID, sc.Version, uid)
	if err != nil {
		return err
	}
	return writeRecord(w, r, http.StatusNoContent, v, nil)
}
