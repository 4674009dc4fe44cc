package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// recordCase exercises one record type through the generic handlers.
type recordCase struct {
	path    string
	create  string // a valid body
	patch   string // a valid merge patch
	want    string // in the body after the patch
	invalid string // a body the domain rejects
	fields  []string
}

var recordCases = []recordCase{
	{path: "/api/v1/milestones",
		create: `{"project_id":{project},"name":"Pilot","baseline":"2026-06-01"}`,
		patch:  `{"forecast":"2026-07-01"}`, want: `"forecast":"2026-07-01"`,
		invalid: `{"project_id":{project},"name":""}`, fields: []string{"name", "forecast"}},
	{path: "/api/v1/risks",
		create: `{"project_id":{project},"title":"Key staff leave","probability":2,"impact":5,"cost_impact":{"minor":1000000,"currency":"EUR"}}`,
		patch:  `{"probability":4}`, want: `"score":20`,
		invalid: `{"project_id":{project},"title":"x","probability":7,"impact":2}`, fields: []string{"probability"}},
	{path: "/api/v1/issues",
		create: `{"project_id":{project},"title":"Build broken","severity":"high","due":"2026-12-01"}`,
		patch:  `{"status":"resolved","resolution":"fixed"}`, want: `"status":"resolved"`,
		invalid: `{"project_id":{project},"title":"x","severity":"dire"}`, fields: []string{"severity"}},
	{path: "/api/v1/actions",
		create: `{"project_id":{project},"title":"Call supplier","owner":"Ada","due":"2026-12-01"}`,
		patch:  `{"status":"done"}`, want: `"status":"done"`,
		invalid: `{"project_id":{project},"title":"x","status":"later"}`, fields: []string{"status"}},
	{path: "/api/v1/decisions",
		create: `{"project_id":{project},"title":"Choose PSP","needed_by":"2026-12-15"}`,
		patch:  `{"status":"decided","decided_by":"Board","decided_on":"2026-11-20"}`, want: `"decided_by":"Board"`,
		invalid: `{"project_id":{project},"title":"x","status":"decided"}`, fields: []string{"decided_by", "decided_on"}},
	{path: "/api/v1/dependencies",
		create: `{"project_id":{project},"to_project_id":{project2},"title":"Customer data","need_by":"2027-01-15"}`,
		patch:  `{"committed":"2027-01-10"}`, want: `"committed":"2027-01-10"`,
		invalid: `{"project_id":{project},"to_project_id":{project},"title":"x"}`, fields: []string{"to_project_id", "need_by"}},
}

func TestRecordAPI(t *testing.T) {
	for _, rc := range recordCases {
		t.Run(strings.TrimPrefix(rc.path, "/api/v1/"), func(t *testing.T) {
			t.Parallel()
			e := mustEnv(t)
			list := rc.path + "?project_id={project}"
			res := e.do(t, "POST", rc.path, e.expand(rc.create), nil)
			if res.StatusCode != http.StatusCreated || res.Header.Get("ETag") != `"1"` {
				t.Fatalf("create: %d %s %s", res.StatusCode, res.Header.Get("ETag"), res.body)
			}
			item := res.Header.Get("Location")
			for _, s := range []scenario{
				{name: "get", method: "GET", url: item, wantStatus: http.StatusOK, wantHeaders: map[string]string{"ETag": `"1"`}},
				{name: "invalid", method: "POST", url: rc.path, body: rc.invalid,
					wantStatus: http.StatusUnprocessableEntity, wantFields: rc.fields, unchanged: []string{list}},
				{name: "unknown field", method: "POST", url: rc.path, body: strings.Replace(rc.create, "{", `{"extra":1,`, 1),
					wantStatus: http.StatusBadRequest, wantFields: []string{"extra"}, unchanged: []string{list}},
				{name: "wrong type", method: "POST", url: rc.path, body: strings.Replace(rc.create, "{project}", `"{project}"`, 1),
					wantStatus: http.StatusBadRequest, wantFields: []string{"project_id"}, unchanged: []string{list}},
				{name: "missing project", method: "POST", url: rc.path, body: strings.Replace(rc.create, "{project}", "999", 1),
					wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"project_id"}, unchanged: []string{list}},
				{name: "read-only", method: "POST", url: rc.path, body: strings.Replace(rc.create, "{", `{"id":1,"version":1,`, 1),
					wantStatus: http.StatusBadRequest, wantFields: []string{"id", "version"}, unchanged: []string{list}},
				{name: "patch without If-Match", method: "PATCH", url: item, body: rc.patch,
					wantStatus: http.StatusPreconditionRequired, unchanged: []string{item}},
				{name: "patch stale", method: "PATCH", url: item, body: rc.patch, headers: map[string]string{"If-Match": `"0"`},
					wantStatus: http.StatusPreconditionFailed, unchanged: []string{item}},
				{name: "patch", method: "PATCH", url: item, body: rc.patch, headers: map[string]string{"If-Match": `"1"`},
					wantStatus: http.StatusOK, wantHeaders: map[string]string{"ETag": `"2"`}, wantBody: []string{rc.want}},
				{name: "list", method: "GET", url: list, wantStatus: http.StatusOK, wantBody: []string{rc.want}},
				{name: "delete old version", method: "DELETE", url: item, headers: map[string]string{"If-Match": `"1"`},
					wantStatus: http.StatusPreconditionFailed, unchanged: []string{list}},
				{name: "delete", method: "DELETE", url: item, headers: map[string]string{"If-Match": `"2"`},
					wantStatus: http.StatusNoContent},
				{name: "gone", method: "GET", url: item, wantStatus: http.StatusNotFound},
			} {
				t.Run(s.name, func(t *testing.T) { s.run(t, e) })
			}
		})
	}
}

func TestRecordListFilters(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "risks open of portfolio", method: "GET", url: "/api/v1/risks?portfolio_id={portfolio}&open=true&status=open",
			wantStatus: http.StatusOK, wantBody: []string{`"total":1`, `"score":12`, `"emv":{"minor":-2000000,"currency":"EUR"}`}},
		{name: "risks by owner", method: "GET", url: "/api/v1/risks?owner=Grace", wantStatus: http.StatusOK,
			wantBody: []string{`"total":0`, `"items":[]`}},
		{name: "risks of program level", method: "GET", url: "/api/v1/risks?level=program,portfolio", wantStatus: http.StatusOK,
			wantBody: []string{`"total":0`}},
		{name: "risks bad status", method: "GET", url: "/api/v1/risks?status=done&level=team",
			wantStatus: http.StatusBadRequest, wantFields: []string{"status", "level"}},
		{name: "risks by project rag and stage", method: "GET", url: "/api/v1/risks?project_rag=amber&project_stage=execution",
			wantStatus: http.StatusOK, wantBody: []string{`"total":1`, `"title":"Supplier late"`}},
		{name: "risks by project tag and state", method: "GET", url: "/api/v1/risks?project_tag=web&project_state=active,on_hold",
			wantStatus: http.StatusOK, wantBody: []string{`"total":1`}},
		{name: "risks of projects rated otherwise", method: "GET", url: "/api/v1/risks?project_rag=red,grey",
			wantStatus: http.StatusOK, wantBody: []string{`"total":0`}},
		{name: "milestones by project tag", method: "GET", url: "/api/v1/milestones?project_tag=nope",
			wantStatus: http.StatusOK, wantBody: []string{`"total":0`}},
		{name: "risks bad project filters", method: "GET", url: "/api/v1/risks?project_rag=pink&project_stage=bogus&project_state=x",
			wantStatus: http.StatusBadRequest, wantFields: []string{"project_rag", "project_stage", "project_state"}},
		{name: "milestones by date", method: "GET", url: "/api/v1/milestones?from=2026-09-01&to=2026-10-31",
			wantStatus: http.StatusOK, wantBody: []string{`"total":1`, `"name":"Go live"`}},
		{name: "milestones out of range", method: "GET", url: "/api/v1/milestones?from=2026-11-01",
			wantStatus: http.StatusOK, wantBody: []string{`"total":0`}},
		{name: "milestones take no status", method: "GET", url: "/api/v1/milestones?status=open",
			wantStatus: http.StatusBadRequest, wantFields: []string{"status"}},
		{name: "risk score is read-only", method: "PATCH", url: "/api/v1/risks/{risk}", body: `{"score":1,"emv":null}`,
			headers: map[string]string{"If-Match": `"1"`}, wantStatus: http.StatusBadRequest,
			wantFields: []string{"score", "emv"}, unchanged: []string{"/api/v1/risks/{risk}"}},
		{name: "risk probability out of range", method: "PATCH", url: "/api/v1/risks/{risk}", body: `{"probability":7}`,
			headers: map[string]string{"If-Match": `"1"`}, wantStatus: http.StatusUnprocessableEntity,
			wantFields: []string{"probability"}, unchanged: []string{"/api/v1/risks/{risk}"}},
		{name: "milestone blank name", method: "PATCH",
			url: "/api/v1/milestones/{milestone}", body: `{"name":" "}`, headers: map[string]string{"If-Match": `"1"`},
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"name"}, unchanged: []string{"/api/v1/milestones/{milestone}"}},
	})
}
