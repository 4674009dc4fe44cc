package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo"
)

// validProject is a body that creates a project when nothing is wrong with it.
const validProject = `{"portfolio_id":{portfolio},"code":"PRJ-9","name":"New","planned_start":"2026-01-01","planned_finish":"2026-06-30"}`

// withField returns validProject with extra members appended.
func withField(members string) string {
	return strings.TrimSuffix(validProject, "}") + "," + members + "}"
}

func TestProjectCreateBadInput(t *testing.T) {
	same := []string{"/api/v1/projects"}
	bad := func(name, body string, status int, fields ...string) scenario {
		return scenario{name: name, method: "POST", url: "/api/v1/projects", body: body,
			wantStatus: status, wantFields: fields, unchanged: same}
	}
	runScenarios(t, []scenario{
		{name: "valid", method: "POST", url: "/api/v1/projects", body: validProject, wantStatus: http.StatusCreated,
			wantHeaders: map[string]string{"ETag": `"1"`, "Location": "/api/v1/projects/3"},
			wantBody:    []string{`"code":"PRJ-9"`, `"state":"proposed"`, `"planned_finish":"2026-06-30"`}},
		bad("malformed JSON", `{"code":"PRJ-9",`, http.StatusBadRequest),
		bad("malformed JSON in the middle", `{"code": PRJ-9}`, http.StatusBadRequest),
		bad("trailing data", validProject+` {}`, http.StatusBadRequest),
		bad("not an object", `["PRJ-9"]`, http.StatusBadRequest),
		bad("empty", ` `, http.StatusBadRequest),
		bad("unknown field", withField(`"colour":"red"`), http.StatusBadRequest, "colour"),
		bad("unknown nested field", withField(`"budget_at_completion":{"minor":1,"currency":"EUR","rate":2}`),
			http.StatusBadRequest, "budget_at_completion.rate"),
		bad("wrong type", withField(`"priority":"high"`), http.StatusBadRequest, "priority"),
		bad("wrong nested type", withField(`"budget_at_completion":{"minor":"lots"}`), http.StatusBadRequest,
			"budget_at_completion.minor"),
		bad("wrong types everywhere", `{"portfolio_id":"one","code":7,"tags":"web"}`, http.StatusBadRequest,
			"portfolio_id", "code", "tags"),
		bad("bad date", withField(`"forecast_finish":"2026-13-01"`), http.StatusBadRequest, "forecast_finish"),
		bad("date of wrong type", withField(`"forecast_finish":20261201`), http.StatusBadRequest, "forecast_finish"),
		bad("read-only id", withField(`"id":5`), http.StatusBadRequest, "id"),
		bad("read-only id in capitals", withField(`"ID":5`), http.StatusBadRequest, "ID"),
		bad("read-only fields", withField(`"version":3,"current_status":null,"created_at":"2026-01-01T00:00:00Z"`),
			http.StatusBadRequest, "version", "current_status", "created_at"),
		bad("out of range", withField(`"priority":9`), http.StatusUnprocessableEntity, "priority"),
		bad("finish before start", strings.Replace(validProject, "2026-06-30", "2025-06-30", 1),
			http.StatusUnprocessableEntity, "planned_finish"),
		bad("unknown state", withField(`"state":"purple"`), http.StatusUnprocessableEntity, "state"),
		bad("missing portfolio", strings.Replace(validProject, "{portfolio}", "999", 1),
			http.StatusUnprocessableEntity, "portfolio_id"),
		bad("duplicate code", strings.Replace(validProject, "PRJ-9", "PRJ-1", 1), http.StatusConflict),
		bad("invalid UTF-8", strings.Replace(validProject, "New", "N\xffw", 1), http.StatusBadRequest),
		bad("oversized", withField(`"description":"`+strings.Repeat("a", 1<<20)+`"`), http.StatusRequestEntityTooLarge),
		{name: "wrong content type", method: "POST", url: "/api/v1/projects", body: validProject,
			headers: map[string]string{"Content-Type": "text/plain"}, wantStatus: http.StatusUnsupportedMediaType,
			wantFields: []string{"Content-Type"}, unchanged: same},
		{name: "no content type", method: "POST", url: "/api/v1/projects", body: validProject,
			headers: map[string]string{"Content-Type": ""}, wantStatus: http.StatusUnsupportedMediaType,
			wantFields: []string{"Content-Type"}, unchanged: same},
		{name: "JSON with charset", method: "POST", url: "/api/v1/projects", body: validProject,
			headers: map[string]string{"Content-Type": "application/json; charset=utf-8"}, wantStatus: http.StatusCreated},
	})
}

func TestProjectCreateProblemDetails(t *testing.T) {
	e := mustEnv(t)
	res := e.do(t, "POST", "/api/v1/projects", `{"code": PRJ-9}`, nil)
	var p problemBody
	decode(t, res, &p)
	if !strings.Contains(p.Detail, "byte offset 10") {
		t.Errorf("malformed JSON detail %q does not give the offset 10", p.Detail)
	}
	res = e.do(t, "POST", "/api/v1/projects", e.expand(withField(`"forecast_finish":"2026-13-01"`)), nil)
	decode(t, res, &p)
	want := []pmo.FieldError{{Field: "forecast_finish", Detail: `"2026-13-01" is not a date in the form YYYY-MM-DD`}}
	if diff := cmp.Diff(want, p.Errors); diff != "" {
		t.Errorf("custom decoder error (-want +got):\n%s", diff)
	}
	res = e.do(t, "POST", "/api/v1/projects", "{\"code\":\"a\xffb\"}", nil)
	decode(t, res, &p)
	if !strings.Contains(p.Detail, "UTF-8") || !strings.Contains(p.Detail, "offset 10") {
		t.Errorf("invalid UTF-8 detail %q", p.Detail)
	}
	if !strings.Contains(string(e.do(t, "POST", "/api/v1/projects", withField(`"x":"`+strings.Repeat("a", 1<<20)+`"`), nil).body),
		"1048576 bytes") {
		t.Errorf("413 does not name the limit")
	}
}

func TestProjectPatch(t *testing.T) {
	same := []string{"/api/v1/projects/{project}"}
	ifMatch := map[string]string{"If-Match": `"1"`}
	bad := func(name, body string, status int, fields ...string) scenario {
		return scenario{name: name, method: "PATCH", url: "/api/v1/projects/{project}", body: body, headers: ifMatch,
			wantStatus: status, wantFields: fields, unchanged: same}
	}
	runScenarios(t, []scenario{
		{name: "merge", method: "PATCH", url: "/api/v1/projects/{project}", headers: ifMatch,
			body:       `{"name":"Web shop 2","tags":null,"budget_at_completion":{"minor":5},"forecast_finish":"2026-12-31"}`,
			wantStatus: http.StatusOK, wantHeaders: map[string]string{"ETag": `"2"`},
			wantBody: []string{`"name":"Web shop 2"`, `"tags":[]`, `"budget_at_completion":{"minor":5,"currency":"EUR"}`,
				`"forecast_finish":"2026-12-31"`, `"manager":"Ada"`, `"version":2`}},
		{name: "merge patch content type", method: "PATCH", url: "/api/v1/projects/{project}", body: `{"manager":"Bob"}`,
			headers:    map[string]string{"If-Match": `"1"`, "Content-Type": "application/merge-patch+json"},
			wantStatus: http.StatusOK, wantBody: []string{`"manager":"Bob"`}},
		{name: "clear a date", method: "PATCH", url: "/api/v1/projects/{project}", headers: ifMatch,
			body: `{"planned_finish":null}`, wantStatus: http.StatusOK, wantBody: []string{`"planned_finish":null`}},
		bad("malformed JSON", `{"name":`, http.StatusBadRequest),
		bad("unknown field", `{"colour":"red"}`, http.StatusBadRequest, "colour"),
		bad("unknown field set to null", `{"colour":null}`, http.StatusBadRequest, "colour"),
		bad("wrong type", `{"priority":"high"}`, http.StatusBadRequest, "priority"),
		bad("bad date", `{"planned_start":"soon"}`, http.StatusBadRequest, "planned_start"),
		bad("read-only", `{"id":7,"version":9,"updated_at":null}`, http.StatusBadRequest, "id", "version", "updated_at"),
		bad("not an object", `"name"`, http.StatusBadRequest),
		bad("out of range", `{"priority":0.5}`, http.StatusBadRequest, "priority"),
		bad("invalid", `{"priority":9,"planned_finish":"2025-01-01"}`, http.StatusUnprocessableEntity, "priority", "planned_finish"),
		bad("missing program", `{"program_id":999}`, http.StatusUnprocessableEntity, "program_id"),
		bad("duplicate code", `{"code":"PRJ-2"}`, http.StatusConflict),
		bad("invalid UTF-8", "{\"name\":\"\xff\"}", http.StatusBadRequest),
		{name: "missing If-Match", method: "PATCH", url: "/api/v1/projects/{project}", body: `{"name":"x"}`,
			wantStatus: http.StatusPreconditionRequired, wantFields: []string{"If-Match"}, unchanged: same},
		{name: "stale If-Match", method: "PATCH", url: "/api/v1/projects/{project}", body: `{"name":"x"}`,
			headers: map[string]string{"If-Match": `"7"`}, wantStatus: http.StatusPreconditionFailed,
			wantFields: []string{"If-Match"}, unchanged: same},
		{name: "wrong content type", method: "PATCH", url: "/api/v1/projects/{project}", body: `{"name":"x"}`,
			headers:    map[string]string{"If-Match": `"1"`, "Content-Type": "application/x-www-form-urlencoded"},
			wantStatus: http.StatusUnsupportedMediaType, unchanged: same},
		{name: "JSON Patch", method: "PATCH", url: "/api/v1/projects/{project}", body: `[{"op":"replace","path":"/name","value":"x"}]`,
			headers:    map[string]string{"If-Match": `"1"`, "Content-Type": "application/json-patch+json"},
			wantStatus: http.StatusUnsupportedMediaType, wantFields: []string{"Content-Type"}, unchanged: same},
		{name: "missing", method: "PATCH", url: "/api/v1/projects/999", body: `{"name":"x"}`, headers: ifMatch,
			wantStatus: http.StatusNotFound},
	})
}

func TestProjectReadDelete(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "get with current status", method: "GET", url: "/api/v1/projects/{project}", wantStatus: http.StatusOK,
			wantBody: []string{`"current_status":{`, `"overall":"amber"`}},
		{name: "by code", method: "GET", url: "/api/v1/project-codes/PRJ-2", wantStatus: http.StatusOK,
			wantBody: []string{`"name":"Data platform"`}, wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "by missing code", method: "GET", url: "/api/v1/project-codes/NOPE", wantStatus: http.StatusNotFound},
		{name: "delete", method: "DELETE", url: "/api/v1/projects/{project2}",
			headers: map[string]string{"If-Match": `"1"`}, wantStatus: http.StatusNoContent,
			after: func(t *testing.T, e *env, _ response) {
				if res := e.do(t, "GET", e.expand("/api/v1/projects/{project2}"), "", nil); res.StatusCode != http.StatusNotFound {
					t.Errorf("deleted project still answers %d", res.StatusCode)
				}
			}},
		{name: "delete with status history", method: "DELETE", url: "/api/v1/projects/{project}",
			headers: map[string]string{"If-Match": `"1"`}, wantStatus: http.StatusConflict,
			unchanged: []string{"/api/v1/projects"}},
		{name: "delete stale", method: "DELETE", url: "/api/v1/projects/{project2}",
			headers: map[string]string{"If-Match": `"2"`}, wantStatus: http.StatusPreconditionFailed,
			unchanged: []string{"/api/v1/projects"}},
		{name: "delete without If-Match", method: "DELETE", url: "/api/v1/projects/{project2}",
			wantStatus: http.StatusPreconditionRequired, unchanged: []string{"/api/v1/projects"}},
	})
}

func TestProjectList(t *testing.T) {
	e := mustEnv(t)
	tests := []struct {
		query string
		want  []string // codes, in order
	}{
		{"", []string{"PRJ-1", "PRJ-2"}},
		{"sort=-code", []string{"PRJ-2", "PRJ-1"}},
		{"portfolio_id={portfolio}&sort=code", []string{"PRJ-1", "PRJ-2"}},
		{"program_id={program}", []string{"PRJ-1"}},
		{"stage=execution", []string{"PRJ-1"}},
		{"stage=idea,execution&sort=code", []string{"PRJ-1", "PRJ-2"}},
		{"stage=idea&stage=execution&sort=code", []string{"PRJ-1", "PRJ-2"}},
		{"state=closed", nil},
		{"manager=Grace", []string{"PRJ-2"}},
		{"tag=web", []string{"PRJ-1"}},
		{"q=platform", []string{"PRJ-2"}},
		{"rag=amber", []string{"PRJ-1"}},
		{"rag.cost=amber", []string{"PRJ-1"}},
		{"rag.schedule=red", nil},
		{"overdue=true&as_of=2026-11-27", []string{"PRJ-2"}},
		{"overdue=true&as_of=2027-01-31&sort=code", []string{"PRJ-1", "PRJ-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var got struct {
				Items []pmo.Project `json:"items"`
				Total int           `json:"total"`
			}
			decode(t, e.get(t, e.expand("/api/v1/projects?"+tt.query)), &got)
			var codes []string
			for _, p := range got.Items {
				codes = append(codes, p.Code)
			}
			if diff := cmp.Diff(tt.want, codes); diff != "" {
				t.Errorf("codes (-want +got):\n%s", diff)
			}
			if got.Total != len(tt.want) {
				t.Errorf("total %d, want %d", got.Total, len(tt.want))
			}
		})
	}
}

func TestProjectListBadParams(t *testing.T) {
	bad := func(query string, fields ...string) scenario {
		return scenario{name: query, method: "GET", url: "/api/v1/projects?" + query,
			wantStatus: http.StatusBadRequest, wantFields: fields}
	}
	runScenarios(t, []scenario{
		bad("stage=someday", "stage"),
		bad("rag=purple", "rag"),
		bad("rag.cost=green,purple", "rag.cost"),
		bad("limit=0", "limit"),
		bad("limit=501", "limit"),
		bad("limit=ten", "limit"),
		bad("sort=colour", "sort"),
		bad("portfolio_id=abc", "portfolio_id"),
		bad("overdue=maybe", "overdue"),
		bad("as_of=2026-02-30", "as_of"),
		bad("colour=red", "colour"),
		bad("manager=a&manager=b", "manager"),
		bad("cursor=garbage", "cursor"),
		bad("stage=x&limit=-1&as_of=x", "stage", "limit", "as_of"),
	})
}

func TestProjectPagination(t *testing.T) {
	e := mustEnv(t)
	for i := range 9 {
		body := fmt.Sprintf(`{"portfolio_id":%d,"code":"P-%02d","name":"Project %d"}`, e.ids.portfolio, i, i)
		if res := e.do(t, "POST", "/api/v1/projects", body, nil); res.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", res.StatusCode, res.body)
		}
	}
	for _, sort := range []string{"code", "-name", "priority", "overall"} {
		t.Run(sort, func(t *testing.T) {
			var codes []string
			cursor, pages := "", 0
			for {
				u := "/api/v1/projects?limit=2&sort=" + sort
				if cursor != "" {
					u += "&cursor=" + url.QueryEscape(cursor)
				}
				var page struct {
					Items      []pmo.Project `json:"items"`
					Total      int           `json:"total"`
					NextCursor string        `json:"next_cursor"`
				}
				decode(t, e.get(t, u), &page)
				if page.Total != 11 {
					t.Fatalf("total %d, want 11", page.Total)
				}
				for _, p := range page.Items {
					codes = append(codes, p.Code)
				}
				pages++
				if cursor = page.NextCursor; cursor == "" || pages > 10 {
					break
				}
			}
			seen := map[string]bool{}
			for _, c := range codes {
				if seen[c] {
					t.Errorf("%s seen twice", c)
				}
				seen[c] = true
			}
			if len(codes) != 11 || pages != 6 {
				t.Errorf("%d projects on %d pages, want 11 on 6: %v", len(codes), pages, codes)
			}
		})
	}
}
