package web_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

func TestConditionalRequests(t *testing.T) {
	p := "/api/v1/projects/{project}"
	runScenarios(t, []scenario{
		{name: "not modified", method: "GET", url: p, headers: map[string]string{"If-None-Match": `"1"`},
			wantStatus: http.StatusNotModified, wantHeaders: map[string]string{"ETag": `"1"`},
			after: func(t *testing.T, _ *env, res response) {
				if len(res.body) != 0 {
					t.Errorf("304 with a body: %s", res.body)
				}
			}},
		{name: "weak match", method: "GET", url: p, headers: map[string]string{"If-None-Match": `W/"1"`},
			wantStatus: http.StatusNotModified},
		{name: "one of several", method: "GET", url: p, headers: map[string]string{"If-None-Match": `"7", "1"`},
			wantStatus: http.StatusNotModified},
		{name: "star", method: "GET", url: p, headers: map[string]string{"If-None-Match": `*`},
			wantStatus: http.StatusNotModified},
		{name: "modified", method: "GET", url: p, headers: map[string]string{"If-None-Match": `"2"`},
			wantStatus: http.StatusOK, wantHeaders: map[string]string{"ETag": `"1"`}},
		{name: "if-match list", method: "PATCH", url: p, body: `{"sponsor":"Eve"}`,
			headers: map[string]string{"If-Match": `"5", "1"`}, wantStatus: http.StatusOK,
			wantHeaders: map[string]string{"ETag": `"2"`},
			after: func(t *testing.T, e *env, _ response) {
				res := e.do(t, "GET", e.expand(p), "", map[string]string{"If-None-Match": `"1"`})
				if res.StatusCode != http.StatusOK || res.Header.Get("ETag") != `"2"` {
					t.Errorf("after the patch: %d %s", res.StatusCode, res.Header.Get("ETag"))
				}
				res = e.do(t, "PATCH", e.expand(p), `{"sponsor":"Mallory"}`, map[string]string{"If-Match": `"1"`})
				if res.StatusCode != http.StatusPreconditionFailed {
					t.Errorf("second patch with the old ETag: %d", res.StatusCode)
				}
			}},
		{name: "weak if-match", method: "PATCH", url: p, body: `{"sponsor":"Eve"}`,
			headers: map[string]string{"If-Match": `W/"1"`}, wantStatus: http.StatusPreconditionFailed,
			unchanged: []string{p}},
		{name: "if-match star", method: "PATCH", url: p, body: `{"sponsor":"Eve"}`,
			headers: map[string]string{"If-Match": `*`}, wantStatus: http.StatusPreconditionRequired,
			unchanged: []string{p}},
		{name: "if-match unquoted", method: "DELETE", url: "/api/v1/projects/{project2}",
			headers: map[string]string{"If-Match": `1`}, wantStatus: http.StatusPreconditionFailed,
			unchanged: []string{"/api/v1/projects"}},
	})
}

// TestConcurrentPatches sends the same conditional update many times at
// once: exactly one wins, the others get 412 whether the server saw the new
// version before calling the store or the store refused the stale write.
func TestConcurrentPatches(t *testing.T) {
	e := mustEnv(t)
	url := e.expand("/api/v1/projects/{project}")
	const n = 8
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			res := e.do(t, "PATCH", url, fmt.Sprintf(`{"description":"writer %d"}`, i),
				map[string]string{"If-Match": `"1"`})
			statuses <- res.StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[http.StatusOK] != 1 || count[http.StatusPreconditionFailed] != n-1 {
		t.Errorf("statuses %v, want one 200 and %d 412", count, n-1)
	}
	if etag := e.get(t, url).Header.Get("ETag"); etag != `"2"` {
		t.Errorf("ETag after the race %s, want \"2\"", etag)
	}
}
