package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/pmohq/pmo"
)

// TestScheduleResourcesAssignments adds, changes and deletes a resource
// and an assignment through the API, each write moving the schedule's ETag.
func TestScheduleResourcesAssignments(t *testing.T) {
	e := mustEnv(t)
	url, s := mustImport(t, e, "mpxj-sample1.xml") // resources 1 and 2; task 9 has no assignment
	v := s.Version
	ifm := func() map[string]string { return map[string]string{"If-Match": fmt.Sprintf(`"%d"`, v)} }
	write := func(method, path, body string, status int) response {
		t.Helper()
		res := e.do(t, method, url+path, body, ifm())
		if res.StatusCode != status {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, res.body)
		}
		if status < 300 {
			fmt.Sscanf(res.Header.Get("ETag"), `"%d"`, &v)
		}
		return res
	}
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		field                    string
	}{
		{"negative capacity", "POST", "/resources", `{"name":"QA","max_units":-1}`, http.StatusUnprocessableEntity, "max_units"},
		{"unknown calendar", "POST", "/resources", `{"name":"QA","calendar":77}`, http.StatusUnprocessableEntity, "calendar"},
		{"uid is not sent", "POST", "/resources", `{"uid":5,"name":"QA"}`, http.StatusBadRequest, "uid"},
		{"unknown resource", "POST", "/assignments", `{"task":9,"resource":99}`, http.StatusUnprocessableEntity, "resource"},
		{"unknown task", "POST", "/assignments", `{"task":999,"resource":1}`, http.StatusUnprocessableEntity, "task"},
		{"negative units", "POST", "/assignments", `{"task":9,"resource":1,"units":-2}`, http.StatusUnprocessableEntity, "units"},
		{"unknown uid", "PUT", "/resources/77", `{"name":"QA"}`, http.StatusNotFound, ""},
		{"unknown assignment", "DELETE", "/assignments/77", ``, http.StatusNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(t, tc.method, url+tc.path, tc.body, ifm())
			if res.StatusCode != tc.status || res.Header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%d %s", res.StatusCode, res.body)
			}
			var p problemBody
			decode(t, res, &p)
			if tc.field != "" && !slices.Contains(p.fields(), tc.field) {
				t.Errorf("fields %v, want %s", p.fields(), tc.field)
			}
		})
	}
	if res := e.do(t, "POST", url+"/resources", `{"name":"QA"}`, map[string]string{"If-Match": `"99"`}); res.StatusCode != http.StatusPreconditionFailed {
		t.Errorf("stale: %d", res.StatusCode)
	}
	var r pmo.Resource
	decode(t, write("POST", "/resources", `{"name":"QA team","max_units":2}`, http.StatusCreated), &r)
	if r.UID != 3 || r.Type != pmo.WorkResource || r.Calendar != -1 || v != s.Version+1 {
		t.Errorf("created %+v, version %d", r, v)
	}
	var a pmo.Assignment
	decode(t, write("POST", "/assignments", fmt.Sprintf(`{"task":9,"resource":%d,"units":0.5,"work_minutes":240}`, r.UID), http.StatusCreated), &a)
	if a.UID == 0 || a.Units != 0.5 {
		t.Errorf("assigned %+v", a)
	}
	write("PUT", fmt.Sprintf("/resources/%d", r.UID), `{"name":"QA team","max_units":1}`, http.StatusOK)
	write("PUT", fmt.Sprintf("/assignments/%d", a.UID), fmt.Sprintf(`{"task":10,"resource":%d,"units":1}`, r.UID), http.StatusOK)
	var got pmo.Schedule
	decode(t, e.get(t, url), &got)
	i := slices.IndexFunc(got.Assignments, func(x pmo.Assignment) bool { return x.UID == a.UID })
	if i < 0 || got.Assignments[i].Task != 10 || got.Resources[len(got.Resources)-1].MaxUnits != 1 || got.Version != v {
		t.Errorf("read back: %+v, %+v, version %d/%d", got.Assignments, got.Resources, got.Version, v)
	}
	// Deleting the resource takes its assignment along.
	write("DELETE", fmt.Sprintf("/resources/%d", r.UID), "", http.StatusNoContent)
	decode(t, e.get(t, url), &got)
	if len(got.Resources) != len(s.Resources) || len(got.Assignments) != len(s.Assignments) {
		t.Errorf("after deleting the resource: %d resources, %d assignments", len(got.Resources), len(got.Assignments))
	}
	write("DELETE", fmt.Sprintf("/assignments/%d", s.Assignments[0].UID), "", http.StatusNoContent)
	recs, _, err := e.db.FindAuditRecords(t.Context(), pmo.AuditFilter{ProjectID: e.ids.project, ListOptions: pmo.ListOptions{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rec := range recs {
		if rec.Entity == "schedule_resource" || rec.Entity == "schedule_assignment" {
			n++
		}
	}
	if n != 6 {
		t.Errorf("%d audit records of resources and assignments, want 6", n)
	}
}
