package web

import (
	"net/http"

	"github.com/pmohq/pmo"
)

// currentTask loads the task named by the path and checks If-Match
// against it.
func (h *scheduleHandlers) currentTask(r *http.Request) (*pmo.Task, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	tags, err := requireIfMatch(r)
	if err != nil {
		return nil, err
	}
	k, err := h.svc.FindTaskByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := checkIfMatch(tags, versionETag(k.Version)); err != nil {
		return nil, err
	}
	return k, nil
}

// getTask serves GET /api/v1/tasks/{id}.
func (h *scheduleHandlers) getTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	k, err := h.svc.FindTaskByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(k.Version), k)
}

// patchTask serves PATCH /api/v1/tasks/{id} with a JSON Merge Patch of
// the task's editable fields; null clears an optional date.
func (h *scheduleHandlers) patchTask(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireIfMatch(r); err != nil {
		return err
	}
	p, err := readPatch[pmo.Task](r, taskReadOnly)
	if err != nil {
		return err
	}
	cur, err := h.currentTask(r)
	if err != nil {
		return err
	}
	next, err := applyPatch(cur, p)
	if err != nil {
		return err
	}
	upd := pmo.TaskUpdate{Name: &next.Name, WBS: &next.WBS, Notes: &next.Notes, Milestone: &next.Milestone,
		Duration: &next.Duration, Elapsed: &next.Elapsed, Priority: &next.Priority,
		PercentComplete: &next.PercentComplete, ActualStart: &next.ActualStart, ActualFinish: &next.ActualFinish,
		Constraint: &next.Constraint, ConstraintDate: &next.ConstraintDate, Deadline: &next.Deadline,
		Calendar: &next.Calendar, IgnoreResourceCalendar: &next.IgnoreResourceCalendar}
	k, err := h.svc.UpdateTask(r.Context(), cur.ID, cur.Version, upd)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(k.Version), k)
}

// addLink serves POST /api/v1/tasks/{id}/links.
func (h *scheduleHandlers) addLink(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireIfMatch(r); err != nil {
		return err
	}
	var l pmo.Link
	if err := decodeJSON(r, &l, nil); err != nil {
		return err
	}
	cur, err := h.currentTask(r)
	if err != nil {
		return err
	}
	k, err := h.svc.AddLink(r.Context(), cur.ID, cur.Version, l)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(k.Version), k)
}

// removeLink serves DELETE /api/v1/tasks/{id}/links?predecessor=UID.
func (h *scheduleHandlers) removeLink(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Get("predecessor") == "" {
		return badRequest("missing query parameter", fieldError("predecessor", "is required: the UID of the predecessor"))
	}
	pred, err := intParamOf(r, "predecessor", 0)
	if err != nil {
		return err
	}
	cur, err := h.currentTask(r)
	if err != nil {
		return err
	}
	k, err := h.svc.RemoveLink(r.Context(), cur.ID, cur.Version, pred)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(k.Version), k)
}
