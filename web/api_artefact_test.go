package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
)

// metOf returns whether the checklist item req of gate on the fixture project is met.
func metOf(t *testing.T, e *env, gate, req string) bool {
	t.Helper()
	var res governance.GateResult
	decode(t, e.get(t, e.expand("/api/v1/projects/{project}/gate-check?gate="+gate)), &res)
	for _, it := range res.Items {
		if it.Requirement == req {
			return it.Met
		}
	}
	t.Fatalf("gate %s has no item %s", gate, req)
	return false
}

// uploadArtefact posts a multipart form with a file part to the fixture project.
func uploadArtefact(t *testing.T, e *env, fields map[string]string, name string, content []byte) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(content)
	}
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, e.expand("/api/v1/projects/{project}/artefacts"), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	e.auth(req)
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return response{rec.Result(), rec.Body.Bytes()}
}

func wantProblem(t *testing.T, res response, status int, field string) {
	t.Helper()
	if res.StatusCode != status || !strings.Contains(string(res.body), `"field":"`+field+`"`) {
		t.Fatalf("got %d %s, want %d naming %s", res.StatusCode, res.body, status, field)
	}
}

// TestArtefactAPI: the fixture project (in execution) misses its acceptance
// at the go-live gate until one is linked; uploads are sniffed and served
// as attachments; bad input names its field; delete needs If-Match.
func TestArtefactAPI(t *testing.T) {
	e := mustGovEnv(t)
	post := func(body string) response {
		return e.do(t, http.MethodPost, e.expand("/api/v1/projects/{project}/artefacts"), body, nil)
	}
	if metOf(t, e, "G4", "artefact:acceptance") {
		t.Fatal("acceptance met before any artefact")
	}
	res := post(`{"kind":"acceptance","title":"Acceptance certificate","url":"https://intranet.example/acc.pdf","gate":"G4"}`)
	if res.StatusCode != http.StatusCreated || res.Header.Get("ETag") != `"1"` {
		t.Fatalf("link: %d %s", res.StatusCode, res.body)
	}
	var link pmo.Artefact
	decode(t, res, &link)
	if !metOf(t, e, "G4", "artefact:acceptance") {
		t.Fatal("acceptance not met after linking one")
	}

	wantProblem(t, post(`{"kind":"acceptance","title":"x","url":"javascript:alert(1)"}`), http.StatusUnprocessableEntity, "url")
	wantProblem(t, post(`{"kind":"napkin","title":"x","url":"https://a.example/"}`), http.StatusUnprocessableEntity, "kind")
	wantProblem(t, post(`{"kind":"charter","title":"x","url":"https://a.example/","gate":"G9"}`), http.StatusUnprocessableEntity, "gate")
	wantProblem(t, post(`{"kind":"charter","title":"x"}`), http.StatusUnprocessableEntity, "url")
	wantProblem(t, post(`{"kind":"charter","title":"","url":"https://a.example/"}`), http.StatusUnprocessableEntity, "title")
	wantProblem(t, uploadArtefact(t, e, map[string]string{"kind": "charter", "title": "x"}, "", nil), http.StatusUnprocessableEntity, "file")

	page := []byte("<html><body><script>alert(document.cookie)</script></body></html>")
	res = uploadArtefact(t, e, map[string]string{"kind": "transition_plan", "title": "Transition plan"}, `..\plan.html`, page)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %d %s", res.StatusCode, res.body)
	}
	var file pmo.Artefact
	decode(t, res, &file)
	if file.FileName != "plan.html" || file.Size != int64(len(page)) || !strings.HasPrefix(file.MediaType, "text/html") {
		t.Fatalf("uploaded = %+v", file)
	}
	dl := e.get(t, fmt.Sprintf("/api/v1/artefacts/%d/file", file.ID))
	h := dl.Header
	if !bytes.Equal(dl.body, page) || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") ||
		h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("download headers %v body %q", h, dl.body)
	}
	if res := e.do(t, http.MethodGet, fmt.Sprintf("/api/v1/artefacts/%d/file", link.ID), "", nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a link's file: %d", res.StatusCode)
	}

	var list struct{ Items []pmo.Artefact }
	decode(t, e.get(t, e.expand("/api/v1/projects/{project}/artefacts")), &list)
	if len(list.Items) != 2 || list.Items[1].ID != file.ID {
		t.Fatalf("list = %+v", list.Items)
	}
	if b, _ := json.Marshal(list); bytes.Contains(b, []byte("cookie")) {
		t.Fatal("the list carries the file's bytes")
	}

	del := fmt.Sprintf("/api/v1/artefacts/%d", link.ID)
	if res := e.do(t, http.MethodDelete, del, "", nil); res.StatusCode != http.StatusPreconditionRequired {
		t.Fatalf("delete without If-Match: %d", res.StatusCode)
	}
	if res := e.do(t, http.MethodDelete, del, "", map[string]string{"If-Match": `"2"`}); res.StatusCode != http.StatusPreconditionFailed {
		t.Fatalf("delete at a stale version: %d", res.StatusCode)
	}
	if res := e.do(t, http.MethodDelete, del, "", map[string]string{"If-Match": `"1"`}); res.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.StatusCode, res.body)
	}
	if metOf(t, e, "G4", "artefact:acceptance") {
		t.Fatal("acceptance still met after its artefact was deleted")
	}
}
