package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/pmohq/pmo"
)

// TestScheduleTaskCreateDelete adds tasks to an imported schedule through
// the API and deletes them, with the bad input a client sends.
func TestScheduleTaskCreateDelete(t *testing.T) {
	e := mustEnv(t)
	url, s := mustImport(t, e, "mpxj-sample1.xml")
	tasks := url + "/tasks"
	etag := fmt.Sprintf(`"%d"`, s.Version)
	// sample1: UID 19 "Task Relationships" is a summary; 9 and 10 are in it.
	for _, tc := range []struct {
		name, body string
		headers    map[string]string
		status     int
		field      string
	}{
		{"no If-Match", `{"name":"X"}`, nil, http.StatusPreconditionRequired, ""},
		{"stale", `{"name":"X"}`, map[string]string{"If-Match": `"99"`}, http.StatusPreconditionFailed, ""},
		{"unknown parent", `{"name":"X","parent":999}`, map[string]string{"If-Match": etag}, http.StatusUnprocessableEntity, "parent"},
		{"negative duration", `{"name":"X","duration_minutes":-60}`, map[string]string{"If-Match": etag}, http.StatusUnprocessableEntity, "duration_minutes"},
		{"unknown predecessor", `{"name":"X","predecessors":[{"predecessor":999}]}`, map[string]string{"If-Match": etag}, http.StatusUnprocessableEntity, "predecessors[0].predecessor"},
		{"position too far", `{"name":"X","parent":19,"position":99}`, map[string]string{"If-Match": etag}, http.StatusUnprocessableEntity, "position"},
		{"negative position", `{"name":"X","position":-2}`, map[string]string{"If-Match": etag}, http.StatusUnprocessableEntity, "position"},
		{"unknown field", `{"name":"X","colour":"red"}`, map[string]string{"If-Match": etag}, http.StatusBadRequest, "colour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(t, "POST", tasks, tc.body, tc.headers)
			if res.StatusCode != tc.status || res.Header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%d %s", res.StatusCode, res.body)
			}
			var p problemBody
			decode(t, res, &p)
			if tc.field != "" && !slices.Contains(p.fields(), tc.field) {
				t.Errorf("fields %v, want %s (%s)", p.fields(), tc.field, res.body)
			}
		})
	}
	res := e.do(t, "POST", tasks, `{"name":"Review","parent":19,"position":1,"duration_minutes":480,"predecessors":[{"predecessor":9}]}`,
		map[string]string{"If-Match": etag})
	if res.StatusCode != http.StatusCreated || res.Header.Get("ETag") != `"1"` || res.Header.Get("Location") == "" {
		t.Fatalf("create: %d %s", res.StatusCode, res.body)
	}
	var k pmo.Task
	decode(t, res, &k)
	if k.Parent != 19 || k.UID == 0 || k.Priority != 500 {
		t.Errorf("created %+v", k)
	}
	var got pmo.Schedule
	decode(t, e.get(t, url), &got)
	i := slices.IndexFunc(got.Tasks, func(x pmo.Task) bool { return x.UID == k.UID })
	if got.Version != s.Version+1 || i < 1 || got.Tasks[i-1].UID != 9 {
		t.Errorf("version %d; the new task at %d, after %v", got.Version, i, got.Tasks[max(i-1, 0)].UID)
	}
	// A link from the new task back into its predecessor makes a cycle.
	res = e.do(t, "POST", fmt.Sprintf("/api/v1/tasks/%d/links", got.Tasks[i-1].ID), fmt.Sprintf(`{"predecessor":%d}`, k.UID),
		map[string]string{"If-Match": fmt.Sprintf(`"%d"`, got.Tasks[i-1].Version)})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a cycle: %d %s", res.StatusCode, res.body)
	}

	// A summary goes only with its children.
	sum := got.Tasks[slices.IndexFunc(got.Tasks, func(x pmo.Task) bool { return x.UID == 19 })]
	taskURL := fmt.Sprintf("/api/v1/tasks/%d", sum.ID)
	ifm := map[string]string{"If-Match": fmt.Sprintf(`"%d"`, sum.Version)}
	if res := e.do(t, "DELETE", taskURL, "", ifm); res.StatusCode != http.StatusConflict {
		t.Errorf("delete a summary: %d %s", res.StatusCode, res.body)
	}
	if res := e.do(t, "DELETE", taskURL+"?children=maybe", "", ifm); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("children=maybe: %d %s", res.StatusCode, res.body)
	}
	if res := e.do(t, "DELETE", fmt.Sprintf("/api/v1/tasks/%d", k.ID), "", map[string]string{"If-Match": `"1"`}); res.StatusCode != http.StatusNoContent {
		t.Errorf("delete the new task: %d %s", res.StatusCode, res.body)
	}
	if res := e.do(t, "DELETE", taskURL+"?children=true", "", ifm); res.StatusCode != http.StatusNoContent {
		t.Fatalf("delete a summary with children: %d %s", res.StatusCode, res.body)
	}
	var after pmo.Schedule
	decode(t, e.get(t, url), &after)
	// Task Relationships (19) holds 9-18, 20-21 and Resource Assignments
	// (22) with 23 and 24.
	if want := []string{"0@0", "1@1", "2@2", "3@2", "6@1", "7@2", "8@2"}; !slices.Equal(uids(after), want) || len(after.Assignments) != 2 { // those of 23 and 24 went with them
		t.Errorf("left %v, want %v; assignments %v", uids(after), want, after.Assignments)
	}
	// The schedule still reschedules.
	res = e.do(t, "POST", url+"/reschedule", "", map[string]string{"If-Match": fmt.Sprintf(`"%d"`, after.Version)})
	if res.StatusCode != http.StatusOK {
		t.Errorf("reschedule after the deletions: %d %s", res.StatusCode, res.body)
	}
}

func uids(s pmo.Schedule) []string {
	var out []string
	for _, k := range s.Tasks {
		out = append(out, fmt.Sprintf("%d@%d", k.UID, k.OutlineLevel))
	}
	return out
}
