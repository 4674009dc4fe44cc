package web

import (
	"html/template"
	"maps"
	"net/http"
	"strconv"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/engine/dcma"
	"github.com/pmohq/pmo/scheduling"
	"github.com/pmohq/pmo/web/chart"
)

// schedulePages is the feature served from this file (see featureList): a
// project's schedule page (Gantt, task table, DCMA checks, resource
// histogram), its MS Project import and export, and the buttons that
// reschedule, level and save a baseline. Servers whose storage keeps no
// schedules serve none of it.
func (s *Server) schedulePages() feature {
	if s.scheduleStore() == nil {
		return feature{}
	}
	get, post := http.MethodGet, http.MethodPost
	read := rule{perm: auth.Read, target: projectTarget}
	edit := rule{perm: auth.Edit, target: projectTarget}
	rts := []route{
		{Method: get, Pattern: "/projects/{id}/schedule", Handler: s.schedulePage, Summary: "A project's schedule: Gantt, tasks, DCMA checks, resource load"},
		{Method: get, Pattern: "/projects/{id}/schedule.xml", Handler: s.exportSchedulePage, Summary: "Download the schedule as MS Project XML"},
		{Method: post, Pattern: "/projects/{id}/schedule/import", Handler: s.importSchedulePage, Summary: "Import an MS Project XML file as the schedule",
			MaxBody: maxMSPDIBody},
		{Method: post, Pattern: "/projects/{id}/schedule/reschedule", Handler: s.rescheduleSchedulePage, Summary: "Recompute the schedule's dates"},
		{Method: post, Pattern: "/projects/{id}/schedule/level", Handler: s.levelSchedulePage, Summary: "Level the schedule's resources"},
		{Method: post, Pattern: "/projects/{id}/schedule/baselines", Handler: s.saveBaselinePage, Summary: "Save the current dates as a baseline"},
	}
	rules := map[string]rule{
		"GET /projects/{id}/schedule":             read,
		"GET /projects/{id}/schedule.xml":         read,
		"POST /projects/{id}/schedule/import":     edit,
		"POST /projects/{id}/schedule/reschedule": edit,
		"POST /projects/{id}/schedule/level":      edit,
		"POST /projects/{id}/schedule/baselines":  edit,
	}
	api, apiRules := s.scheduleCheckAPI()
	maps.Copy(rules, apiRules)
	return feature{api: api, pages: rts, rules: rules}
}

// scheduleStore is the schedule storage, when the server's services keep
// schedules.
func (s *Server) scheduleStore() pmo.ScheduleServices {
	ss, _ := s.svc.(pmo.ScheduleServices)
	return ss
}

// schedulePageData is the data of schedule.html.
type schedulePageData struct {
	basePage
	Project  *pmo.Project
	Schedule *pmo.Schedule // nil when the project has none
	CanEdit  bool

	Zoom            string
	Zooms           []string
	BaselineNumbers []int
	Baseline        int // the baseline compared with, -1 for none
	Gantt           template.HTML
	Rows            []taskRow
	DCMA            *dcma.Report
	Checks          []dcmaRow
	DCMAError       string
	Histogram       template.HTML
	Levelled        bool
	Finish          string

	// Import and action errors, shown above the forms.
	FileError string
	General   []string
	Stale     string
}

var scheduleFlashes = map[string]string{
	"import":     "Schedule imported.",
	"reschedule": "Schedule recomputed.",
	"level":      "Resources levelled.",
	"baseline":   "Baseline saved.",
}

// loadSchedulePage gathers everything the page shows; a project without a
// schedule gets the page with the import form only.
func (s *Server) loadSchedulePage(r *http.Request) (*schedulePageData, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	p, err := s.svc.FindProjectByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	d := &schedulePageData{basePage: s.base(r, "Schedule of "+p.Name, "projects"), Project: p, Baseline: -1,
		Zooms: []string{"week", "month", "quarter"}, BaselineNumbers: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}
	d.Flash = scheduleFlashes[r.URL.Query().Get("saved")]
	t, _ := projectTarget(s, r)
	d.CanEdit = may(r, auth.Edit, t)
	sc, err := s.scheduleStore().FindSchedule(r.Context(), id)
	if pmo.ErrorKind(err) == pmo.NotFound {
		return d, nil
	}
	if err != nil {
		return nil, err
	}
	d.Schedule, d.Finish = sc, when(sc.Finish)
	q := r.URL.Query()
	zoom, ok := chart.ParseZoom(q.Get("zoom"))
	if !ok && q.Get("zoom") != "" {
		return nil, badRequest("zoom must be week, month or quarter", fieldError("zoom", "must be week, month or quarter"))
	}
	d.Zoom = zoom.String()
	var base *pmo.Baseline
	if len(sc.Baselines) > 0 {
		d.Baseline = sc.Baselines[0].Number
	}
	if v := q.Get("baseline"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < -1 || n > pmo.MaxBaseline {
			return nil, badRequest("baseline must be a number from 0 to 10, or -1 for none", fieldError("baseline", "must be -1 to 10"))
		}
		d.Baseline = n
	}
	if d.Baseline >= 0 {
		if base, err = s.scheduleStore().FindBaseline(r.Context(), id, d.Baseline); pmo.ErrorKind(err) == pmo.NotFound {
			d.Baseline, base = -1, nil
		} else if err != nil {
			return nil, err
		}
	}
	d.Gantt = ganttOf(sc, base, zoom, s.now())
	d.Rows = taskRows(sc, base)
	if rep, err := scheduling.Assess(sc, base); err != nil {
		d.DCMAError = pmo.ErrorMessage(err)
	} else {
		d.DCMA, d.Checks = rep, dcmaRows(rep)
	}
	d.Histogram, d.Levelled = loadHistogram(sc)
	return d, nil
}

// loadHistogram draws the resource load: when the schedule was levelled,
// the load without the levelling delays beside the load with them.
func loadHistogram(sc *pmo.Schedule) (template.HTML, bool) {
	after, err := scheduling.Loads(sc)
	if err != nil || len(after) == 0 {
		return "", false
	}
	levelled := false
	for _, t := range sc.Tasks {
		levelled = levelled || t.LevelingDelay > 0
	}
	if !levelled {
		return histogramOf(after, nil), false
	}
	// The unlevelled schedule: the same tasks without their delays.
	un := *sc
	un.Tasks = append([]pmo.Task(nil), sc.Tasks...)
	for i := range un.Tasks {
		un.Tasks[i].LevelingDelay = 0
	}
	if _, err := scheduling.Reschedule(&un, sc.ComputedAt); err != nil {
		return histogramOf(after, nil), true
	}
	before, err := scheduling.Loads(&un)
	if err != nil {
		return histogramOf(after, nil), true
	}
	return histogramOf(before, after), true
}

// schedulePage serves /projects/{id}/schedule.
func (s *Server) schedulePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadSchedulePage(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "schedule.html", d)
}
