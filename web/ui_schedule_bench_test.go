package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/scheduling"
)

// benchSchedule is a generated schedule of n tasks: a summary task over
// every 20, leaf tasks of 1 to 10 days each linked to the one before and
// to one 20 rows back, ten resources, and one assignment per leaf.
func benchSchedule(projectID int64, n int) *pmo.Schedule {
	s := &pmo.Schedule{ProjectID: projectID, Name: "Generated", Calendar: -1,
		Start: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)}
	for r := range 10 {
		s.Resources = append(s.Resources, pmo.Resource{UID: r + 1, Name: fmt.Sprintf("Resource %d", r+1),
			Type: pmo.WorkResource, MaxUnits: 1, Calendar: -1})
	}
	prev := -1
	for i := range n {
		t := pmo.Task{UID: i + 1, Name: fmt.Sprintf("Task %d", i+1), OutlineLevel: 2, Calendar: -1,
			Duration: int64(480 * (1 + i%10)), Predecessors: []pmo.Link{}}
		if i%20 == 0 {
			t.OutlineLevel, t.Name, t.Duration = 1, fmt.Sprintf("Phase %d", i/20+1), 0
		} else {
			if prev > 0 {
				t.Predecessors = append(t.Predecessors, pmo.Link{Predecessor: prev, Type: pmo.FinishToStart})
			}
			if i > 20 && (i-20)%20 != 0 {
				t.Predecessors = append(t.Predecessors, pmo.Link{Predecessor: i - 19, Type: pmo.StartToStart})
			}
			s.Assignments = append(s.Assignments, pmo.Assignment{UID: i + 1, Task: i + 1, Resource: 1 + i%10, Units: 1,
				Work: t.Duration})
			prev = i + 1
		}
		s.Tasks = append(s.Tasks, t)
	}
	return s
}

// BenchmarkSchedulePage2000 serves the schedule page of a levelled
// 2,000-task schedule: Gantt, DCMA checks (two CPM runs), task table and
// the histogram before and after levelling (loads of both schedules).
func BenchmarkSchedulePage2000(b *testing.B) {
	e := mustEnv(b)
	ctx := context.Background()
	s := benchSchedule(e.ids.project, 2000)
	if err := e.db.ReplaceSchedule(ctx, s, nil, 0); err != nil {
		b.Fatal(err)
	}
	if _, err := scheduling.Level(s, testNow, scheduling.LevelOptions{Schedules: 200, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	if err := e.db.SaveScheduleDates(ctx, s, s.Version); err != nil {
		b.Fatal(err)
	}
	url := fmt.Sprintf("/projects/%d/schedule", e.ids.project)
	var size int
	for b.Loop() {
		res := e.do(b, http.MethodGet, url, "", nil)
		if res.StatusCode != http.StatusOK {
			b.Fatalf("%d %.300s", res.StatusCode, res.body)
		}
		size = len(res.body)
	}
	b.ReportMetric(float64(size)/1e6, "MB/page")
}
