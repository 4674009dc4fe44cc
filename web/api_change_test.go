package web_test

import (
	"net/http"
	"testing"

	"github.com/pmohq/pmo"
)

func TestChangeRequestAPI(t *testing.T) {
	same := []string{"/api/v1/change-requests/{change}"}
	move := func(name, ifMatch, body string, status int, fields ...string) scenario {
		s := scenario{name: name, method: "POST", url: "/api/v1/change-requests/{change}/transitions", body: body,
			headers: map[string]string{"If-Match": ifMatch}, wantStatus: status, wantFields: fields}
		if status >= 400 {
			s.unchanged = same
		}
		return s
	}
	runScenarios(t, []scenario{
		{name: "create", method: "POST", url: "/api/v1/change-requests",
			body:       `{"project_id":{project},"title":"Drop reports","requested_by":"Grace","cost_impact":{"minor":-500,"currency":"EUR"}}`,
			wantStatus: http.StatusCreated, wantBody: []string{`"state":"draft"`, `"minor":-500`}},
		{name: "create with state", method: "POST", url: "/api/v1/change-requests",
			body:       `{"project_id":{project},"title":"x","requested_by":"Grace","state":"approved","history":[]}`,
			wantStatus: http.StatusBadRequest, wantFields: []string{"state", "history"}, unchanged: []string{"/api/v1/change-requests"}},
		{name: "create for missing project", method: "POST", url: "/api/v1/change-requests",
			body:       `{"project_id":999,"title":"x","requested_by":"Grace"}`,
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"project_id"}, unchanged: []string{"/api/v1/change-requests"}},
		{name: "list by state", method: "GET", url: "/api/v1/change-requests?state=draft,submitted&project_id={project}",
			wantStatus: http.StatusOK, wantBody: []string{`"total":1`}},
		{name: "list bad state", method: "GET", url: "/api/v1/change-requests?state=done",
			wantStatus: http.StatusBadRequest, wantFields: []string{"state"}},
		move("submit", `"1"`, `{"to":"submitted","actor":"Ada","comment":"please"}`, http.StatusOK),
		move("forbidden move", `"1"`, `{"to":"approved","actor":"Ada"}`, http.StatusUnprocessableEntity, "to"),
		move("unknown state", `"1"`, `{"to":"done","actor":"Ada"}`, http.StatusUnprocessableEntity, "to"),
		// The actor is the signed-in user, whatever the body says (or not).
		move("no actor", `"1"`, `{"to":"submitted"}`, http.StatusOK),
		move("unknown field", `"1"`, `{"to":"submitted","actor":"Ada","when":"now"}`, http.StatusBadRequest, "when"),
		move("stale", `"3"`, `{"to":"submitted","actor":"Ada"}`, http.StatusPreconditionFailed, "If-Match"),
		move("no If-Match", ``, `{"to":"submitted","actor":"Ada"}`, http.StatusPreconditionRequired, "If-Match"),
		{name: "delete draft", method: "DELETE", url: "/api/v1/change-requests/{change}",
			headers: map[string]string{"If-Match": `"1"`}, wantStatus: http.StatusNoContent},
	})
}

func TestChangeRequestWorkflow(t *testing.T) {
	e := mustEnv(t)
	url := e.expand("/api/v1/change-requests/{change}")
	etag := `"1"`
	for _, to := range []string{"submitted", "assessed", "approved"} {
		res := e.do(t, "POST", url+"/transitions", `{"to":"`+to+`","actor":"Board","comment":"ok"}`,
			map[string]string{"If-Match": etag})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("to %s: %d %s", to, res.StatusCode, res.body)
		}
		etag = res.Header.Get("ETag")
	}
	var c pmo.ChangeRequest
	decode(t, e.get(t, url), &c)
	if c.State != pmo.ChangeApproved || len(c.History) != 3 || c.History[2].From != pmo.ChangeAssessed {
		t.Fatalf("after approval: state %s, history %+v", c.State, c.History)
	}
	if etag != `"4"` {
		t.Errorf("ETag after three moves %s, want \"4\"", etag)
	}
	// A decided request can no longer be edited or deleted.
	for _, s := range []scenario{
		{name: "patch decided", method: "PATCH", url: "/api/v1/change-requests/{change}", body: `{"title":"x"}`,
			headers: map[string]string{"If-Match": etag}, wantStatus: http.StatusConflict, unchanged: []string{url}},
		{name: "delete decided", method: "DELETE", url: "/api/v1/change-requests/{change}",
			headers: map[string]string{"If-Match": etag}, wantStatus: http.StatusConflict, unchanged: []string{url}},
		{name: "reject after approval", method: "POST", url: "/api/v1/change-requests/{change}/transitions",
			body: `{"to":"rejected","actor":"Board","comment":"no"}`, headers: map[string]string{"If-Match": etag},
			wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"to"}, unchanged: []string{url}},
	} {
		t.Run(s.name, func(t *testing.T) { s.run(t, e) })
	}
}
