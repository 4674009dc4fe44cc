package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// validReport submits a report for 2026-W48, the week after the seeded one.
const validReport = `{"period":"2026-W48","schedule":"green","cost":"green","scope":"green","risk":"amber",` +
	`"summary":"Payments integrated","submitted_by":"Ada"}`

// correction corrects the seeded 2026-W47 report.
const correction = `{"schedule":"amber","cost":"amber","scope":"green","risk":"green",` +
	`"summary":"Cost overrun found","submitted_by":"Ada","correction_reason":"late invoice"}`

func TestStatusReportAPI(t *testing.T) {
	reports := "/api/v1/projects/{project}/status-reports?all_revisions=true"
	bad := func(name, body string, status int, fields ...string) scenario {
		return scenario{name: name, method: "POST", url: "/api/v1/projects/{project}/status-reports", body: body,
			wantStatus: status, wantFields: fields, unchanged: []string{reports, "/api/v1/projects/{project}"}}
	}
	runScenarios(t, []scenario{
		{name: "list", method: "GET", url: "/api/v1/projects/{project}/status-reports", wantStatus: http.StatusOK,
			wantBody: []string{`"total":1`, `"period":"2026-W47"`}},
		{name: "list of missing project", method: "GET", url: "/api/v1/projects/999/status-reports",
			wantStatus: http.StatusNotFound},
		{name: "list bad dates", method: "GET", url: "/api/v1/projects/{project}/status-reports?from=monday&all_revisions=2",
			wantStatus: http.StatusBadRequest, wantFields: []string{"from", "all_revisions"}},
		{name: "submit", method: "POST", url: "/api/v1/projects/{project}/status-reports", body: validReport,
			wantStatus: http.StatusCreated, wantHeaders: map[string]string{"ETag": `"r1"`},
			wantBody: []string{`"overall":"amber"`, `"risk_trend":"deteriorating"`, `"revision":1`},
			after: func(t *testing.T, e *env, res response) {
				if !strings.HasPrefix(res.Header.Get("Location"), "/api/v1/status-reports/") {
					t.Errorf("Location %q", res.Header.Get("Location"))
				}
				if body := e.get(t, e.expand("/api/v1/projects/{project}")).body; !strings.Contains(string(body), `"period":"2026-W48"`) {
					t.Errorf("current status not updated: %s", body)
				}
			}},
		bad("submit purple", strings.Replace(validReport, `"schedule":"green"`, `"schedule":"purple"`, 1),
			http.StatusUnprocessableEntity, "schedule"),
		bad("submit bad period", strings.Replace(validReport, "2026-W48", "2026-W99", 1), http.StatusBadRequest, "period"),
		bad("submit same period", strings.Replace(validReport, "2026-W48", "2026-W47", 1), http.StatusConflict),
		bad("submit with project_id", strings.Replace(validReport, "{", `{"project_id":{project},`, 1),
			http.StatusBadRequest, "project_id"),
		bad("submit with trends", strings.Replace(validReport, "{", `{"overall_trend":"stable","revision":3,`, 1),
			http.StatusBadRequest, "overall_trend", "revision"),
		bad("submit without summary", strings.Replace(validReport, `"Payments integrated"`, `""`, 1),
			http.StatusUnprocessableEntity, "summary"),
		{name: "submit to missing project", method: "POST", url: "/api/v1/projects/999/status-reports", body: validReport,
			wantStatus: http.StatusNotFound},
		{name: "get", method: "GET", url: "/api/v1/status-reports/{report}", wantStatus: http.StatusOK,
			wantHeaders: map[string]string{"ETag": `"r1"`}},
		{name: "get not modified", method: "GET", url: "/api/v1/status-reports/{report}",
			headers: map[string]string{"If-None-Match": `"r1"`}, wantStatus: http.StatusNotModified},
		{name: "correct", method: "POST", url: "/api/v1/status-reports/{report}/corrections", body: correction,
			wantStatus: http.StatusCreated, wantHeaders: map[string]string{"ETag": `"r2"`},
			wantBody: []string{`"revision":2`, `"period":"2026-W47"`, `"correction_reason":"late invoice"`},
			after: func(t *testing.T, e *env, _ response) {
				body := string(e.get(t, e.expand(reports)).body)
				if !strings.Contains(body, `"total":2`) {
					t.Errorf("both revisions should be listed: %s", body)
				}
				// The first revision is now superseded.
				res := e.do(t, "POST", e.expand("/api/v1/status-reports/{report}/corrections"), correction, nil)
				if res.StatusCode != http.StatusPreconditionFailed {
					t.Errorf("correcting a superseded revision: %d %s", res.StatusCode, res.body)
				}
			}},
		{name: "correct without reason", method: "POST", url: "/api/v1/status-reports/{report}/corrections",
			body:       strings.Replace(correction, `"late invoice"`, `""`, 1),
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"correction_reason"}, unchanged: []string{reports}},
		{name: "correct another period", method: "POST", url: "/api/v1/status-reports/{report}/corrections",
			body:       strings.Replace(correction, "{", `{"period":"2026-W40",`, 1),
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"period"}, unchanged: []string{reports}},
		{name: "correct with stale If-Match", method: "POST", url: "/api/v1/status-reports/{report}/corrections",
			body: correction, headers: map[string]string{"If-Match": `"r2"`},
			wantStatus: http.StatusPreconditionFailed, unchanged: []string{reports}},
		{name: "correct missing", method: "POST", url: "/api/v1/status-reports/999/corrections", body: correction,
			wantStatus: http.StatusNotFound},
	})
}
