package web

import (
	"context"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
)

// The expected access of the schedule API (web/api_schedule.go) and the
// records its {id} paths need: a small schedule in each portfolio's project.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		const sched = "/api/v1/projects/{id}/schedule"
		return map[string]access{
			"GET " + sched: read, "DELETE " + sched: edit,
			"PUT " + sched + "/mspdi": edit, "GET " + sched + "/mspdi": read,
			"POST " + sched + "/reschedule": edit, "POST " + sched + "/level": edit,
			"GET " + sched + "/load": read, "POST " + sched + "/baselines": edit, "GET " + sched + "/compare": read,
			"GET /api/v1/tasks/{id}": read, "PATCH /api/v1/tasks/{id}": edit,
			"POST /api/v1/tasks/{id}/links": edit, "DELETE /api/v1/tasks/{id}/links": edit,
		}
	})
	matrixSeeds = append(matrixSeeds, seedSchedule)
}

// seedSchedule gives the portfolio's second project (the schedule pages'
// seed imports a file into the first) a schedule of two linked tasks and a
// baseline, and records its first task as ids["tasks"].
func seedSchedule(t *testing.T, db *store.DB, code string, ids map[string]int64) {
	t.Helper()
	ctx := context.Background()
	p2, err := db.FindProjectByCode(ctx, "Q"+code)
	if err != nil {
		t.Fatal(err)
	}
	s := &pmo.Schedule{ProjectID: p2.ID, Name: "Plan " + code, Calendar: -1,
		Start: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC),
		Tasks: []pmo.Task{{UID: 1, Name: "Design " + code, OutlineLevel: 1, Duration: 960, Calendar: -1},
			{UID: 2, Name: "Build " + code, OutlineLevel: 1, Duration: 2400, Calendar: -1,
				Predecessors: []pmo.Link{{Predecessor: 1}}}}}
	if err := db.ReplaceSchedule(ctx, s, nil, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveBaseline(ctx, s.ProjectID, 0, "seed"); err != nil {
		t.Fatal(err)
	}
	ids["tasks"] = s.Tasks[0].ID
}
