package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/pmohq/pmo/engine/dcma"
	"github.com/pmohq/pmo/importer/mspdi"
)

// scheduleSample is an MS Project file with a WBS, links of every type,
// resources and calendars (see importer/mspdi/testdata/SOURCE.md).
const scheduleSample = "../importer/mspdi/testdata/mpxj-sample1.xml"

// upload posts file (its bytes) to the import form of project id.
func upload(t *testing.T, e *env, id int64, version int, name string, data []byte) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("version", fmt.Sprint(version)); err != nil {
		t.Fatal(err)
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	return e.do(t, http.MethodPost, fmt.Sprintf("/projects/%d/schedule/import", id), body.String(),
		map[string]string{"Content-Type": mw.FormDataContentType()})
}

func postForm(t *testing.T, e *env, path, form string) response {
	t.Helper()
	return e.do(t, http.MethodPost, path, form, map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
}

func mustContain(t *testing.T, what string, body []byte, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !bytes.Contains(body, []byte(w)) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// TestSchedulePageFlow imports a sample file through the form, then
// reschedules, levels, saves a baseline, compares with it and exports, as
// a project manager would, checking the page after each step.
func TestSchedulePageFlow(t *testing.T) {
	e := mustEnv(t)
	id := e.ids.project
	page := fmt.Sprintf("/projects/%d/schedule", id)
	res := e.get(t, page)
	mustContain(t, "empty page", res.body, `id="no-schedule"`, `id="import-form"`, `enctype="multipart/form-data"`)

	sample, err := os.ReadFile(scheduleSample)
	if err != nil {
		t.Fatal(err)
	}
	// Not MSPDI: refused with the element named, nothing stored.
	res = upload(t, e, id, 0, "bad.xml", []byte("<Project><Tasks><Task><UID>x</UID></Task></Tasks></Project>"))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d %.300s", res.StatusCode, res.body)
	}
	mustContain(t, "bad file page", res.body, `id="file-error"`, "not an MSPDI document", "nothing was imported", `id="no-schedule"`)
	// Truncated: refused too.
	if res = upload(t, e, id, 0, "cut.xml", sample[:len(sample)/2]); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("truncated file: %d", res.StatusCode)
	}
	if res = upload(t, e, id, 0, "", nil); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("no file: %d", res.StatusCode)
	}

	res = upload(t, e, id, 0, "sample1.xml", sample)
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "?saved=import") {
		t.Fatalf("import: %d %s %.300s", res.StatusCode, res.Header.Get("Location"), res.body)
	}
	res = e.get(t, page+"?saved=import")
	mustContain(t, "imported page", res.body, "Schedule imported.", `id="gantt"`, "<svg", "dates as imported",
		`id="dcma-checks"`, "Logic", "Critical path test", `id="schedule-tasks"`, `id="reschedule"`, `id="histogram"`, "version 1")
	// Importing again over version 1 with a form drawn at version 0 is stale.
	if res = upload(t, e, id, 0, "sample1.xml", sample); res.StatusCode != http.StatusConflict {
		t.Errorf("stale import: %d", res.StatusCode)
	}

	if res = postForm(t, e, page+"/reschedule", "version=1"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reschedule: %d %.300s", res.StatusCode, res.body)
	}
	// The file stores no slack: the critical path shows once computed.
	mustContain(t, "rescheduled page", e.get(t, page+"?saved=reschedule").body, "Schedule recomputed.", "computed ",
		`class="task critical"`, `<span class="badge warn">critical</span>`)
	if res = postForm(t, e, page+"/reschedule", "version=1"); res.StatusCode != http.StatusConflict {
		t.Errorf("stale reschedule: %d", res.StatusCode)
	}
	if res = postForm(t, e, page+"/level", "version=2"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("level: %d %.300s", res.StatusCode, res.body)
	}
	mustContain(t, "levelled page", e.get(t, page+"?saved=level").body, "Resources levelled.", "person-days")

	if res = postForm(t, e, page+"/baselines", "number=11"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("baseline 11: %d", res.StatusCode)
	}
	if res = postForm(t, e, page+"/baselines", "number=1&name=Approved+plan"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save baseline: %d %.300s", res.StatusCode, res.body)
	}
	res = e.get(t, page+"?baseline=1&zoom=week")
	mustContain(t, "baseline page", res.body, "Approved plan", "Baseline finish", `class="baseline-bar"`, "Week of ", "0.0 d</td>")

	for _, bad := range []string{"?zoom=day", "?baseline=12", "?baseline=x"} {
		if res := e.do(t, http.MethodGet, page+bad, "", nil); res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: %d", bad, res.StatusCode)
		}
	}

	// The same assessment over the API, valid against the OpenAPI document.
	api := fmt.Sprintf("/api/v1/projects/%d/schedule/check", id)
	res = e.get(t, api+"?baseline=1&status_date=2003-02-10")
	checkResponse(t, http.MethodGet, "/api/v1/projects/{id}/schedule/check", res.StatusCode, res.body)
	var rep dcma.Report
	decode(t, res, &rep)
	if len(rep.Checks) != 14 || rep.Checks[10].Result != dcma.Fail || rep.Checks[13].Result != dcma.Fail || rep.Checks[8].Total == 0 {
		t.Errorf("API check against baseline 1 at 10 February: %+v", rep)
	}
	res = e.get(t, api)
	decode(t, res, &rep)
	if rep.Checks[10].Result != dcma.NotApplicable {
		t.Errorf("API check without status date: missed tasks %v", rep.Checks[10].Result)
	}
	for _, bad := range []string{"?baseline=11", "?status_date=10/02/2003"} {
		if res := e.do(t, http.MethodGet, api+bad, "", nil); res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET check%s: %d", bad, res.StatusCode)
		}
	}
	if res := e.do(t, http.MethodGet, fmt.Sprintf("/api/v1/projects/%d/schedule/check", e.ids.project2), "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("check of a project without a schedule: %d", res.StatusCode)
	}

	res = e.get(t, page+".xml")
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "PRJ-1-schedule.xml") {
		t.Errorf("export headers %q %q", ct, res.Header.Get("Content-Disposition"))
	}
	p, err := mspdi.Read(bytes.NewReader(res.body))
	if err != nil {
		t.Fatalf("export does not read back: %v", err)
	}
	orig, _ := mspdi.Read(bytes.NewReader(sample))
	if leaf := func(p *mspdi.Project) int { n, _ := p.Network(); return len(n.Network.Tasks) }; leaf(p) != leaf(orig) {
		t.Errorf("export has %d leaf tasks, the file %d", leaf(p), leaf(orig))
	}
}

// TestSchedulePageProject links the schedule from the project page.
func TestSchedulePageProject(t *testing.T) {
	e := mustEnv(t)
	res := e.get(t, fmt.Sprintf("/projects/%d", e.ids.project))
	mustContain(t, "project page", res.body, fmt.Sprintf(`href="/projects/%d/schedule" id="project-schedule"`, e.ids.project))
	if res := e.do(t, http.MethodGet, "/projects/999999/schedule", "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown project: %d", res.StatusCode)
	}
}

// TestSchedulePageLargeImport imports through the form a file above the
// server's general 1 MiB request limit: the import route allows MS
// Project's verbose files.
func TestSchedulePageLargeImport(t *testing.T) {
	e := mustEnv(t)
	var buf bytes.Buffer
	if err := mspdi.Write(&buf, mspdi.FromSchedule(benchSchedule(e.ids.project2, 3000), nil)); err != nil {
		t.Fatal(err)
	}
	if buf.Len() <= 1<<20 {
		t.Fatalf("generated file is only %d bytes", buf.Len())
	}
	res := upload(t, e, e.ids.project2, 0, "big.xml", buf.Bytes())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import of %d bytes: %d %.300s", buf.Len(), res.StatusCode, res.body)
	}
	mustContain(t, "page", e.get(t, fmt.Sprintf("/projects/%d/schedule", e.ids.project2)).body, "3000 tasks")
}
