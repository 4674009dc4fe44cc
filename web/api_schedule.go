package web

import (
	"context"
	"net/http"
	"reflect"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/scheduling"
)

// The schemas of the schedule API (issue 7).
func init() {
	for name, t := range map[string]reflect.Type{
		"Schedule":           reflect.TypeFor[pmo.Schedule](),
		"Task":               reflect.TypeFor[pmo.Task](),
		"Link":               reflect.TypeFor[pmo.Link](),
		"Rescheduled":        reflect.TypeFor[rescheduled](),
		"RescheduleRequest":  reflect.TypeFor[rescheduleRequest](),
		"LevelRequest":       reflect.TypeFor[levelRequest](),
		"Levelled":           reflect.TypeFor[levelled](),
		"BaselineRequest":    reflect.TypeFor[baselineRequest](),
		"BaselineInfo":       reflect.TypeFor[pmo.BaselineInfo](),
		"BaselineComparison": reflect.TypeFor[pmo.BaselineComparison](),
		"ScheduleLoad":       reflect.TypeFor[scheduleLoad](),
	} {
		schemaTypes[name] = t
	}
	enumTypes[reflect.TypeFor[pmo.LinkType]()] = strs(pmo.LinkTypes)
	enumTypes[reflect.TypeFor[pmo.ConstraintType]()] = strs(pmo.ConstraintTypes)
	enumTypes[reflect.TypeFor[pmo.ResourceType]()] = []string{string(pmo.WorkResource), string(pmo.MaterialResource), string(pmo.CostResource)}
	fieldRefinements["Task"] = map[string]map[string]any{"percent_complete": rangeOf(0, 100), "priority": rangeOf(0, 1000)}
	fieldRefinements["BaselineRequest"] = map[string]map[string]any{"number": rangeOf(0, pmo.MaxBaseline)}
}

// maxMSPDIBody caps an MS Project file sent to the API: MSPDI is verbose
// (a 2,000-task plan with assignments runs to megabytes).
const maxMSPDIBody = 32 << 20

// taskReadOnly are the fields of a task a PATCH may not send: keys,
// the outline, links (edited through their own routes) and computed values.
var taskReadOnly = []string{"id", "project_id", "uid", "outline_level", "parent", "summary", "leveling_delay_minutes",
	"predecessors", "start", "finish", "early_start", "early_finish", "late_start", "late_finish",
	"total_float_minutes", "free_float_minutes", "critical", "driver", "version", "updated_at"}

// scheduleAPI is the feature served from this file (see featureList): a
// project's schedule, its MS Project import and export, rescheduling,
// levelling, baselines, and single tasks and links. It is served only
// when the storage provides pmo.ScheduleServices.
func (s *Server) scheduleAPI() feature {
	svc, ok := s.svc.(pmo.ScheduleServices)
	if !ok {
		return feature{}
	}
	h := &scheduleHandlers{s: s, svc: svc}
	const sched = "/api/v1/projects/{id}/schedule"
	tag := "schedules"
	api := []route{
		{Method: "GET", Pattern: sched, Handler: h.get, Tag: tag, ETag: true, Response: "Schedule",
			Summary: "Read a project's schedule: tasks in outline order with links and computed dates, calendars, resources, assignments, baselines"},
		{Method: "DELETE", Pattern: sched, Handler: h.delete, Tag: tag, IfMatch: true, Status: http.StatusNoContent,
			Summary: "Delete a project's schedule and its baselines"},
		{Method: "PUT", Pattern: sched + "/mspdi", Handler: h.importMSPDI, Tag: tag, BodyMedia: "application/xml",
			Response: "Schedule", ETag: true, MaxBody: maxMSPDIBody,
			Summary: "Import a Microsoft Project XML (MSPDI) file as the project's schedule, all or nothing; " +
				"If-Match with the schedule's ETag is required when the project has one"},
		{Method: "GET", Pattern: sched + "/mspdi", Handler: h.exportMSPDI, Tag: tag, ResponseMedia: "application/xml",
			Summary: "Export the schedule as Microsoft Project XML (MSPDI), with its baselines"},
		{Method: "POST", Pattern: sched + "/reschedule", Handler: h.reschedule, Tag: tag, IfMatch: true, ETag: true,
			Body: "RescheduleRequest", Response: "Rescheduled",
			Summary: "Compute the critical path: early and late dates, floats, critical tasks and drivers, from the status date"},
		{Method: "POST", Pattern: sched + "/level", Handler: h.level, Tag: tag, IfMatch: true, ETag: true,
			Body: "LevelRequest", Response: "Levelled",
			Summary: "Level the work resources: delay tasks so no resource is over capacity, finishing as early as the search finds"},
		{Method: "GET", Pattern: sched + "/load", Handler: h.load, Tag: tag, Response: "ScheduleLoad",
			Summary: "Daily load of each work resource against its capacity, from the current dates"},
		{Method: "POST", Pattern: sched + "/baselines", Handler: h.saveBaseline, Tag: tag, Body: "BaselineRequest",
			Response: "BaselineInfo", Status: http.StatusCreated,
			Summary: "Save the current dates as a baseline (0-10), replacing one of that number"},
		{Method: "GET", Pattern: sched + "/compare", Handler: h.compare, Tag: tag, Response: "BaselineComparison",
			Params:  []param{{Name: "baseline", Kind: intParam, Doc: "the baseline number (default 0)"}},
			Summary: "Compare the current dates with a baseline, task by task"},
		{Method: "GET", Pattern: "/api/v1/tasks/{id}", Handler: h.getTask, Tag: tag, ETag: true, Response: "Task",
			Summary: "Read a task with its links and computed dates"},
		{Method: "PATCH", Pattern: "/api/v1/tasks/{id}", Handler: h.patchTask, Tag: tag, IfMatch: true, ETag: true,
			Body: "Task", ReadOnly: taskReadOnly, Response: "Task",
			Summary: "Change a task (JSON Merge Patch); reschedule to see the dates move"},
		{Method: "POST", Pattern: "/api/v1/tasks/{id}/links", Handler: h.addLink, Tag: tag, IfMatch: true, ETag: true,
			Body: "Link", Response: "Task",
			Summary: "Add a predecessor link to the task (If-Match: the task's ETag); a cycle is refused"},
		{Method: "DELETE", Pattern: "/api/v1/tasks/{id}/links", Handler: h.removeLink, Tag: tag, IfMatch: true, ETag: true,
			Response: "Task", Params: []param{{Name: "predecessor", Kind: intParam, Doc: "UID of the predecessor whose link goes"}},
			Summary: "Remove the link from a predecessor to the task"},
	}
	read := rule{perm: auth.Read, target: projectTarget}
	edit := rule{perm: auth.Edit, target: projectTarget}
	taskRead := rule{perm: auth.Read, target: taskTarget}
	taskEdit := rule{perm: auth.Edit, target: taskTarget}
	return feature{api: api, rules: map[string]rule{
		"GET " + sched:                    read,
		"DELETE " + sched:                 edit,
		"PUT " + sched + "/mspdi":         edit,
		"GET " + sched + "/mspdi":         read,
		"POST " + sched + "/reschedule":   edit,
		"POST " + sched + "/level":        edit,
		"GET " + sched + "/load":          read,
		"POST " + sched + "/baselines":    edit,
		"GET " + sched + "/compare":       read,
		"GET /api/v1/tasks/{id}":          taskRead,
		"PATCH /api/v1/tasks/{id}":        taskEdit,
		"POST /api/v1/tasks/{id}/links":   taskEdit,
		"DELETE /api/v1/tasks/{id}/links": taskEdit,
	}}
}

// taskTarget locates a task by its project.
var taskTarget = byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
	svc, ok := s.svc.(pmo.ScheduleServices)
	if !ok {
		return 0, pmo.Errorf(pmo.NotFound, "task %d not found", id)
	}
	x, err := svc.FindTaskByID(ctx, id)
	return idOr(x, err, func(x *pmo.Task) int64 { return x.ProjectID })
})

// rescheduleRequest asks for a rescheduling.
type rescheduleRequest struct {
	// StatusDate, when set, becomes the schedule's status date: progress
	// counts up to it and remaining work is not scheduled before it. Absent
	// keeps the current one.
	StatusDate *time.Time `json:"status_date"`
}

// rescheduled is the outcome of a rescheduling.
type rescheduled struct {
	Version int `json:"version"` // the schedule's new version (its ETag)
	scheduling.Result
}

// levelRequest bounds a levelling.
type levelRequest struct {
	Seed        uint64 `json:"seed"`          // the same seed and budget give the same result
	Schedules   int    `json:"schedules"`     // search budget; 0 means 5000
	TimeLimitMS int    `json:"time_limit_ms"` // stop the search after this long; 0 means 10000
}

// levelled is the outcome of a levelling.
type levelled struct {
	Version int `json:"version"`
	pmo.LevelResult
}

// baselineRequest asks to save a baseline.
type baselineRequest struct {
	Number int    `json:"number"`
	Name   string `json:"name"`
}

// scheduleLoad is the daily load of each resource.
type scheduleLoad struct {
	Resources []pmo.ResourceLoad `json:"resources"`
}

// scheduleHandlers serve the schedule routes over the schedule storage.
type scheduleHandlers struct {
	s   *Server
	svc pmo.ScheduleServices
}
