package web

import (
	"net/http"
	"reflect"
	"strconv"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/engine/dcma"
	"github.com/pmohq/pmo/scheduling"
)

// The schema of the DCMA assessment (engine/dcma's JSON).
func init() {
	schemaTypes["ScheduleCheck"] = reflect.TypeFor[dcma.Report]()
	enumTypes[reflect.TypeFor[dcma.Result]()] = dcma.Results
}

// scheduleCheckAPI is the API part of the schedule pages' feature: the
// DCMA 14-point assessment of a project's schedule, as the page's panel and
// `pmo schedule check` show it.
func (s *Server) scheduleCheckAPI() ([]route, map[string]rule) {
	rt := route{Method: http.MethodGet, Pattern: "/api/v1/projects/{id}/schedule/check", Handler: s.apiScheduleCheck,
		Tag: "schedules", Summary: "DCMA 14-point assessment of the project's schedule", Response: "ScheduleCheck",
		Params: []param{
			{Name: "baseline", Kind: intParam, Doc: "saved baseline (0 to 10) that missed tasks, CPLI and BEI measure against; -1 for none; default 0 (none when not saved)"},
			{Name: "status_date", Kind: dateParam, Doc: "status date (end of that working day), replacing the schedule's; checks 9, 11 and 14 need one"},
		}}
	return []route{rt}, map[string]rule{"GET /api/v1/projects/{id}/schedule/check": {perm: auth.Read, target: projectTarget}}
}

// apiScheduleCheck serves GET /api/v1/projects/{id}/schedule/check.
func (s *Server) apiScheduleCheck(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	number := 0
	if v := q.str("baseline"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < -1 || n > pmo.MaxBaseline {
			q.fail("baseline", "must be a number from 0 to 10, or -1 for none")
		}
		number = n
	}
	var status pmo.Date
	if q.str("status_date") != "" {
		status = q.date("status_date")
	}
	if err := q.err(); err != nil {
		return err
	}
	sc, err := s.scheduleStore().FindSchedule(r.Context(), id)
	if err != nil {
		return err
	}
	var b *pmo.Baseline
	if number >= 0 {
		if b, err = s.scheduleStore().FindBaseline(r.Context(), id, number); pmo.ErrorKind(err) == pmo.NotFound {
			b = nil
		} else if err != nil {
			return err
		}
	}
	if !status.IsZero() {
		sc.StatusDate = status.Time().Add(17 * time.Hour) // the end of a standard working day
	}
	rep, err := scheduling.Assess(sc, b)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}
