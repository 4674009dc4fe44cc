package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/pmohq/pmo"
)

// TestSchedulePoolLevelAPI levels the two seeded projects, each with a copy
// of an MS Project sample sharing its resources by name.
func TestSchedulePoolLevelAPI(t *testing.T) {
	e := mustEnv(t)
	for _, id := range []int64{e.ids.project, e.ids.project2} {
		url := fmt.Sprintf("/api/v1/projects/%d/schedule/mspdi", id)
		if res := e.do(t, "PUT", url, mustFile(t, "testdata/mpxj-sample1.xml"), xmlHeaders); res.StatusCode != http.StatusOK {
			t.Fatalf("import: %d %s", res.StatusCode, res.body)
		}
	}
	url := fmt.Sprintf("/api/v1/portfolios/%d/schedules/level", e.ids.portfolio)
	version := func(id int64) int {
		s, err := e.db.FindSchedule(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return s.Version
	}
	both := func(v1, v2 int) string {
		return fmt.Sprintf(`{"projects":[{"id":%d,"version":%d},{"id":%d,"version":%d}],"seed":3,"schedules":200}`,
			e.ids.project2, v2, e.ids.project, v1)
	}
	for _, tc := range []struct {
		name, body string
		status     int
		field      string
	}{
		{"stale", both(1, 7), http.StatusPreconditionFailed, ""},
		{"unknown project", `{"projects":[{"id":999}]}`, http.StatusUnprocessableEntity, "projects[0].id"},
		{"named twice", fmt.Sprintf(`{"projects":[{"id":%d},{"id":%d}]}`, e.ids.project, e.ids.project), http.StatusUnprocessableEntity, "projects[1].id"},
		{"budget", `{"schedules":-1}`, http.StatusUnprocessableEntity, "schedules"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(t, "POST", url, tc.body, nil)
			if res.StatusCode != tc.status || res.Header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%d %s", res.StatusCode, res.body)
			}
			var p problemBody
			decode(t, res, &p)
			if tc.field != "" && !slices.Contains(p.fields(), tc.field) {
				t.Errorf("fields %v, want %s", p.fields(), tc.field)
			}
			if version(e.ids.project) != 1 || version(e.ids.project2) != 1 {
				t.Error("a refused levelling changed a schedule")
			}
		})
	}
	// A project manager of one project may not level the other with it.
	pm := mustUserToken(t, e.db, "pm", pmo.ScopeReadWrite, pmo.Grant{Role: pmo.ProjectManager, Scope: pmo.ScopeProject, ScopeID: e.ids.project})
	res := e.do(t, "POST", url, both(1, 1), map[string]string{"Authorization": "Bearer " + pm})
	if res.StatusCode != http.StatusForbidden || version(e.ids.project) != 1 {
		t.Fatalf("a manager of one project levelled both: %d %s", res.StatusCode, res.body)
	}
	// Alone, the same manager may level their own project.
	own := fmt.Sprintf(`{"projects":[{"id":%d}],"seed":3,"schedules":100}`, e.ids.project)
	if res := e.do(t, "POST", url, own, map[string]string{"Authorization": "Bearer " + pm}); res.StatusCode != http.StatusOK {
		t.Fatalf("a manager levelling their own project: %d %s", res.StatusCode, res.body)
	}

	res = e.do(t, "POST", url, both(2, 1), nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("level: %d %s", res.StatusCode, res.body)
	}
	var got pmo.PoolLevelResult
	decode(t, res, &got)
	// Equal priorities: the order given.
	if len(got.Projects) != 2 || got.Projects[0].ProjectID != e.ids.project2 || got.Projects[0].Version != 2 || got.Projects[1].Version != 3 {
		t.Errorf("projects %+v", got.Projects)
	}
	var first *pmo.SharedResourceLoad
	for i := range got.Shared {
		if got.Shared[i].Name == "First Resource" {
			first = &got.Shared[i]
		}
	}
	if first == nil || first.OverloadedBefore == 0 || first.OverloadedAfter != 0 || len(first.After) == 0 {
		t.Errorf("shared %+v", got.Shared)
	}
	if !got.FinishAfter.After(got.Projects[0].FinishAfter) || version(e.ids.project) != 3 || version(e.ids.project2) != 2 {
		t.Errorf("finish %v, first project's %v", got.FinishAfter, got.Projects[0].FinishAfter)
	}
	// No body: every scheduled project of the portfolio.
	if res := e.do(t, "POST", url, "", nil); res.StatusCode != http.StatusOK {
		t.Errorf("level the whole portfolio: %d %s", res.StatusCode, res.body)
	}
}
