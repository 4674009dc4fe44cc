package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/importer/mspdi"
)

func mustFile(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

var xmlHeaders = map[string]string{"Content-Type": "application/xml"}

func withIfMatch(h map[string]string, etag string) map[string]string {
	out := map[string]string{"If-Match": etag}
	for k, v := range h {
		out[k] = v
	}
	return out
}

// mustImport imports a test file into the fixture's project.
func mustImport(t *testing.T, e *env, name string) (string, pmo.Schedule) {
	t.Helper()
	url := e.expand("/api/v1/projects/{project}/schedule")
	res := e.do(t, "PUT", url+"/mspdi", mustFile(t, "testdata/"+name), xmlHeaders)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("import %s: %d %s", name, res.StatusCode, res.body)
	}
	var s pmo.Schedule
	decode(t, res, &s)
	return url, s
}

func TestScheduleImportExport(t *testing.T) {
	e := mustEnv(t)
	url := e.expand("/api/v1/projects/{project}/schedule")
	if res := e.do(t, "GET", url, "", nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a project without a schedule: %d", res.StatusCode)
	}
	_, s := mustImport(t, e, "mpxj-sample1.xml")
	if len(s.Tasks) == 0 || s.Version != 1 || len(s.Calendars) == 0 || len(s.Resources) == 0 {
		t.Fatalf("imported: %d tasks, version %d", len(s.Tasks), s.Version)
	}
	got := e.get(t, url)
	if got.Header.Get("ETag") != `"1"` || !strings.Contains(string(got.body), `"name":"Second Task"`) {
		t.Errorf("GET schedule: ETag %s", got.Header.Get("ETag"))
	}
	// A second import must name the version it replaces.
	other := mustFile(t, "testdata/mpxj-mspdirelations.xml")
	if res := e.do(t, "PUT", url+"/mspdi", other, xmlHeaders); res.StatusCode != http.StatusPreconditionRequired {
		t.Errorf("import over a schedule without If-Match: %d", res.StatusCode)
	}
	if res := e.do(t, "PUT", url+"/mspdi", other, withIfMatch(xmlHeaders, `"7"`)); res.StatusCode != http.StatusPreconditionFailed {
		t.Errorf("import with a stale If-Match: %d", res.StatusCode)
	}
	// Bad files change nothing and name the element at fault.
	for _, bad := range []struct{ name, body, field string }{
		{"truncated", other[:len(other)/2], "body"},
		{"not MSPDI", `<html><body>hello</body></html>`, "body"},
		{"link to a missing task", strings.Replace(other, "<PredecessorUID>1</PredecessorUID>", "<PredecessorUID>999</PredecessorUID>", 1),
			"body"},
	} {
		res := e.do(t, "PUT", url+"/mspdi", bad.body, withIfMatch(xmlHeaders, `"1"`))
		var p problemBody
		decode(t, res, &p)
		if res.StatusCode != http.StatusUnprocessableEntity || len(p.Errors) == 0 || p.Errors[0].Field != bad.field {
			t.Errorf("%s: %d %s", bad.name, res.StatusCode, res.body)
		}
		if bad.name == "link to a missing task" && !strings.Contains(p.Errors[0].Detail, "<PredecessorLink> to missing task UID 999") {
			t.Errorf("the error does not name the element: %s", p.Errors[0].Detail)
		}
	}
	// A file MS Project would open but pmo refuses (a dependency on the
	// task's own summary) is refused as a whole, naming the task.
	selfish := strings.Replace(other, "<PredecessorUID>1</PredecessorUID>", "<PredecessorUID>0</PredecessorUID>", 1)
	if res := e.do(t, "PUT", url+"/mspdi", selfish, withIfMatch(xmlHeaders, `"1"`)); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(res.body), `"field":"tasks[`) {
		t.Errorf("a link to the summary: %d %s", res.StatusCode, res.body)
	}
	if res := e.do(t, "PUT", url+"/mspdi", other, map[string]string{"If-Match": `"1"`}); res.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("import as JSON: %d", res.StatusCode)
	}
	if after := e.get(t, url); !bytes.Equal(after.body, got.body) {
		t.Error("a failed import changed the schedule")
	}
	// Export reads back as the same schedule.
	res := e.get(t, url+"/mspdi")
	if ct := res.Header.Get("Content-Type"); ct != "application/xml" || !strings.Contains(res.Header.Get("Content-Disposition"), ".xml") {
		t.Errorf("export headers: %s / %s", ct, res.Header.Get("Content-Disposition"))
	}
	p, err := mspdi.Read(bytes.NewReader(res.body))
	if err != nil {
		t.Fatalf("the export does not read back: %v", err)
	}
	back, _ := p.Schedule(s.ProjectID)
	if len(back.Tasks) != len(s.Tasks) || back.Tasks[3].Name != s.Tasks[3].Name || len(back.Assignments) != len(s.Assignments) {
		t.Errorf("export read back: %d tasks, want %d", len(back.Tasks), len(s.Tasks))
	}
	// Replacing with the right version works.
	if res := e.do(t, "PUT", url+"/mspdi", other, withIfMatch(xmlHeaders, `"1"`)); res.StatusCode != http.StatusOK || res.Header.Get("ETag") != `"2"` {
		t.Errorf("replace: %d %s", res.StatusCode, res.Header.Get("ETag"))
	}
	if res := e.do(t, "DELETE", url, "", map[string]string{"If-Match": `"2"`}); res.StatusCode != http.StatusNoContent {
		t.Errorf("delete: %d %s", res.StatusCode, res.body)
	}
}

func TestScheduleRescheduleLevelBaseline(t *testing.T) {
	e := mustEnv(t)
	url, s := mustImport(t, e, "mpxj-sample1.xml")
	if res := e.do(t, "POST", url+"/reschedule", "", nil); res.StatusCode != http.StatusPreconditionRequired {
		t.Errorf("reschedule without If-Match: %d", res.StatusCode)
	}
	res := e.do(t, "POST", url+"/reschedule", "", map[string]string{"If-Match": `"1"`})
	if res.StatusCode != http.StatusOK || res.Header.Get("ETag") != `"2"` {
		t.Fatalf("reschedule: %d %s", res.StatusCode, res.body)
	}
	var rs struct {
		Version       int     `json:"version"`
		Finish        string  `json:"finish"`
		CriticalPaths [][]int `json:"critical_paths"`
	}
	decode(t, res, &rs)
	// MS Project's own finish for sample1 (its FinishDate).
	if rs.Version != 2 || !strings.HasPrefix(rs.Finish, "2003-03-18") || len(rs.CriticalPaths) == 0 {
		t.Errorf("rescheduled: %s", res.body)
	}
	// Status date in the body.
	res = e.do(t, "POST", url+"/reschedule", `{"status_date":"2003-02-03T08:00:00Z"}`, map[string]string{"If-Match": `"2"`})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("reschedule with a status date: %d %s", res.StatusCode, res.body)
	}
	var cur pmo.Schedule
	decode(t, e.get(t, url), &cur)
	if cur.StatusDate.Format("2006-01-02") != "2003-02-03" || cur.ComputedAt.IsZero() {
		t.Errorf("status date %v computed %v", cur.StatusDate, cur.ComputedAt)
	}
	// Baseline, then level, then compare.
	res = e.do(t, "POST", url+"/baselines", `{"number":1,"name":"Approved"}`, nil)
	if res.StatusCode != http.StatusCreated || !strings.Contains(string(res.body), `"name":"Approved"`) {
		t.Fatalf("baseline: %d %s", res.StatusCode, res.body)
	}
	res = e.do(t, "POST", url+"/level", `{"seed":3,"schedules":300}`, map[string]string{"If-Match": `"3"`})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("level: %d %s", res.StatusCode, res.body)
	}
	var lv struct {
		pmo.LevelResult
		Version int `json:"version"`
	}
	decode(t, res, &lv)
	if lv.Version != 4 || lv.OverloadedAfter > lv.OverloadedBefore || lv.FinishAfter.Before(lv.FinishBefore) || len(lv.LoadAfter) != 2 {
		t.Errorf("levelled: version %d, overloads %d -> %d, finish %v -> %v", lv.Version, lv.OverloadedBefore, lv.OverloadedAfter, lv.FinishBefore, lv.FinishAfter)
	}
	res = e.get(t, url+"/compare?baseline=1")
	var c pmo.BaselineComparison
	decode(t, res, &c)
	if c.Baseline.Name != "Approved" || len(c.Tasks) != len(s.Tasks) || c.FinishVariance != int64(lv.FinishAfter.Sub(lv.FinishBefore).Minutes()) {
		t.Errorf("comparison: %s", res.body)
	}
	if res := e.do(t, "GET", url+"/compare?baseline=5", "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("compare with a missing baseline: %d", res.StatusCode)
	}
	var load struct {
		Resources []pmo.ResourceLoad `json:"resources"`
	}
	decode(t, e.get(t, url+"/load"), &load)
	if len(load.Resources) != 2 || len(load.Resources[0].Days) == 0 {
		t.Errorf("load: %+v", load)
	}
	if res := e.do(t, "POST", url+"/level", `{"time_limit_ms":-1}`, map[string]string{"If-Match": `"4"`}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad time limit: %d %s", res.StatusCode, res.body)
	}
}

func TestScheduleTaskAPI(t *testing.T) {
	e := mustEnv(t)
	_, s := mustImport(t, e, "mpxj-mspdirelations.xml")
	k := s.Tasks[len(s.Tasks)-1]
	url := fmt.Sprintf("/api/v1/tasks/%d", k.ID)
	res := e.get(t, url)
	if res.Header.Get("ETag") != `"1"` {
		t.Fatalf("GET task: %s", res.Header.Get("ETag"))
	}
	patch := map[string]string{"Content-Type": "application/merge-patch+json", "If-Match": `"1"`}
	res = e.do(t, "PATCH", url, `{"name":"Renamed","duration_minutes":960,"deadline":"2006-10-02T17:00:00Z"}`, patch)
	if res.StatusCode != http.StatusOK || res.Header.Get("ETag") != `"2"` || !strings.Contains(string(res.body), `"name":"Renamed"`) {
		t.Fatalf("patch: %d %s", res.StatusCode, res.body)
	}
	for _, bad := range []struct {
		name, body, etag string
		status           int
		field            string
	}{
		{"read-only field", `{"critical":true}`, `"2"`, http.StatusBadRequest, "critical"},
		{"bad percent", `{"percent_complete":140}`, `"2"`, http.StatusUnprocessableEntity, "percent_complete"},
		{"constraint without date", `{"constraint":"MSO"}`, `"2"`, http.StatusUnprocessableEntity, "constraint_date"},
		{"stale", `{"name":"x"}`, `"1"`, http.StatusPreconditionFailed, "If-Match"},
	} {
		res := e.do(t, "PATCH", url, bad.body, withIfMatch(map[string]string{"Content-Type": "application/merge-patch+json"}, bad.etag))
		var p problemBody
		decode(t, res, &p)
		if res.StatusCode != bad.status || len(p.Errors) == 0 || p.Errors[0].Field != bad.field {
			t.Errorf("%s: %d %s", bad.name, res.StatusCode, res.body)
		}
	}
	// null clears the deadline.
	patch["If-Match"] = `"2"`
	res = e.do(t, "PATCH", url, `{"deadline":null}`, patch)
	if res.StatusCode != http.StatusOK || strings.Contains(string(res.body), `"deadline"`) {
		t.Errorf("clear deadline: %d %s", res.StatusCode, res.body)
	}
	// Links: a cycle is refused; a new link and its removal work.
	first := s.Tasks[1]
	res = e.do(t, "POST", fmt.Sprintf("/api/v1/tasks/%d/links", first.ID), fmt.Sprintf(`{"predecessor":%d}`, k.UID), map[string]string{"If-Match": `"1"`})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "cycle") {
		t.Errorf("cycle: %d %s", res.StatusCode, res.body)
	}
	n := len(k.Predecessors)
	res = e.do(t, "POST", url+"/links", fmt.Sprintf(`{"predecessor":%d,"type":"SS","lag_minutes":-240}`, first.UID), map[string]string{"If-Match": `"3"`})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("add link: %d %s", res.StatusCode, res.body)
	}
	var got pmo.Task
	decode(t, res, &got)
	if len(got.Predecessors) != n+1 || got.Predecessors[n].Type != pmo.StartToStart || got.Predecessors[n].Lag != -240 {
		t.Errorf("links after add: %+v", got.Predecessors)
	}
	res = e.do(t, "DELETE", fmt.Sprintf("%s/links?predecessor=%d", url, first.UID), "", map[string]string{"If-Match": `"4"`})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("remove link: %d %s", res.StatusCode, res.body)
	}
	decode(t, res, &got)
	if len(got.Predecessors) != n {
		t.Errorf("links after remove: %+v", got.Predecessors)
	}
	if res := e.do(t, "DELETE", url+"/links?predecessor=424242", "", map[string]string{"If-Match": `"5"`}); res.StatusCode != http.StatusNotFound {
		t.Errorf("remove a missing link: %d", res.StatusCode)
	}
	// The audit trail has the import and the edits.
	var audit struct {
		Items []pmo.AuditRecord `json:"items"`
	}
	decode(t, e.get(t, e.expand("/api/v1/audit?project_id={project}")), &audit)
	entities := map[string]int{}
	for _, a := range audit.Items {
		entities[a.Entity]++
	}
	if entities["schedule"] != 1 || entities["schedule_task"] != 4 {
		t.Errorf("audit entities: %v", entities)
	}
}

// TestScheduleImportLargeFile accepts an MS Project file above the JSON
// body limit, up to the import's own limit.
func TestScheduleImportLargeFile(t *testing.T) {
	e := mustEnv(t)
	url := e.expand("/api/v1/projects/{project}/schedule/mspdi")
	file := mustFile(t, "testdata/mpxj-sample1.xml")
	_, rest, _ := strings.Cut(file, "?>")
	padded := `<?xml version="1.0" encoding="UTF-8"?><!-- ` + strings.Repeat("padding ", 300_000) + ` -->` + rest
	if res := e.do(t, "PUT", url, padded, xmlHeaders); res.StatusCode != http.StatusOK {
		t.Fatalf("a %d-byte file: %d %.300s", len(padded), res.StatusCode, res.body)
	}
	huge := strings.Repeat(" ", 33<<20)
	if res := e.do(t, "PUT", url, huge, withIfMatch(xmlHeaders, `"1"`)); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 33 MiB body: %d", res.StatusCode)
	}
	// JSON routes keep the server's limit.
	big := `{"name":"` + strings.Repeat("x", 2<<20) + `"}`
	if res := e.do(t, "PATCH", e.expand("/api/v1/projects/{project}"), big, map[string]string{"If-Match": `"1"`}); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB JSON patch: %d", res.StatusCode)
	}
}
