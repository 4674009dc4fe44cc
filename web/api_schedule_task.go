package web

import (
	"net/http"
	"reflect"
	"strconv"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// The schema of a new task (issue 7).
func init() {
	schemaTypes["TaskCreateRequest"] = reflect.TypeFor[taskCreateRequest]()
	fieldRefinements["TaskCreateRequest"] = map[string]map[string]any{"priority": rangeOf(0, 1000), "position": rangeOf(0, 100000)}
}

// scheduleTaskAPI is the feature served from this file (see featureList):
// adding a task to a schedule's WBS and deleting one. Like PATCH of a
// task, these leave the dates to the next rescheduling, so that several
// edits are made before the critical path runs once.
func (s *Server) scheduleTaskAPI() feature {
	svc, ok := s.svc.(pmo.ScheduleServices)
	if !ok {
		return feature{}
	}
	h := &scheduleHandlers{s: s, svc: svc}
	const tasks = "/api/v1/projects/{id}/schedule/tasks"
	api := []route{
		{Method: "POST", Pattern: tasks, Handler: h.createTask, Tag: "schedules", IfMatch: true, ETag: true,
			Body: "TaskCreateRequest", Response: "Task", Status: http.StatusCreated,
			Summary: "Add a task under a parent of the WBS at a position (If-Match: the schedule's ETag); reschedule to see its dates"},
		{Method: "DELETE", Pattern: "/api/v1/tasks/{id}", Handler: h.deleteTask, Tag: "schedules", IfMatch: true,
			Status:  http.StatusNoContent,
			Params:  []param{{Name: "children", Kind: boolParam, Doc: "delete a summary task with its subtasks (refused otherwise)"}},
			Summary: "Delete a task with its links and assignments (If-Match: the task's ETag); reschedule to see the dates move"},
	}
	return feature{api: api, rules: map[string]rule{
		"POST " + tasks:             {perm: auth.Edit, target: projectTarget},
		"DELETE /api/v1/tasks/{id}": {perm: auth.Edit, target: taskTarget},
	}}
}

// taskCreateRequest is a new task: where it goes and its fields.
type taskCreateRequest struct {
	// Parent is the UID of the task to put it under; absent or -1: the top level.
	Parent *int `json:"parent"`
	// Position among the parent's children, from 0; absent: last.
	Position       *int               `json:"position"`
	Name           string             `json:"name"`
	WBS            string             `json:"wbs"`
	Notes          string             `json:"notes"`
	Milestone      bool               `json:"milestone"`
	Duration       int64              `json:"duration_minutes"`
	Elapsed        bool               `json:"elapsed"`
	Priority       *int               `json:"priority"` // default 500
	Constraint     pmo.ConstraintType `json:"constraint"`
	ConstraintDate *time.Time         `json:"constraint_date"`
	Deadline       *time.Time         `json:"deadline"`
	Calendar       *int               `json:"calendar"` // a calendar UID; absent or -1: the project's
	Predecessors   []pmo.Link         `json:"predecessors"`
}

// createTask serves POST /api/v1/projects/{id}/schedule/tasks.
func (h *scheduleHandlers) createTask(w http.ResponseWriter, r *http.Request) error {
	var req taskCreateRequest
	if err := decodeJSON(r, &req, nil); err != nil {
		return err
	}
	sc, err := h.current(r)
	if err != nil {
		return err
	}
	c := pmo.TaskCreate{Parent: -1, Position: -1, Task: pmo.Task{Name: req.Name, WBS: req.WBS, Notes: req.Notes,
		Milestone: req.Milestone, Duration: req.Duration, Elapsed: req.Elapsed, Priority: 500, Calendar: -1,
		Constraint: req.Constraint, Predecessors: req.Predecessors}}
	if req.Parent != nil {
		c.Parent = *req.Parent
	}
	if req.Position != nil {
		if *req.Position < 0 {
			return pmo.FieldErr("position", "must be 0 or more (or absent: last)")
		}
		c.Position = *req.Position
	}
	if req.Priority != nil {
		c.Task.Priority = *req.Priority
	}
	if req.Calendar != nil {
		c.Task.Calendar = *req.Calendar
	}
	if req.ConstraintDate != nil {
		c.Task.ConstraintDate = *req.ConstraintDate
	}
	if req.Deadline != nil {
		c.Task.Deadline = *req.Deadline
	}
	k, err := h.svc.CreateTask(r.Context(), sc.ProjectID, sc.Version, c)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/tasks/"+strconv.FormatInt(k.ID, 10))
	return writeEntity(w, r, http.StatusCreated, versionETag(k.Version), k)
}

// deleteTask serves DELETE /api/v1/tasks/{id}[?children=true].
func (h *scheduleHandlers) deleteTask(w http.ResponseWriter, r *http.Request) error {
	children := false
	if v := r.URL.Query().Get("children"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return pmo.FieldErr("children", "must be true or false")
		}
		children = b
	}
	k, err := h.currentTask(r)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteTask(r.Context(), k.ID, k.Version, children); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
