package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
)

// TestArtefactPages: a project manager opens the go-live gate's checklist,
// follows the missing acceptance's "attach it" to the artefacts page, is
// refused a javascript: link beside the field, links the acceptance (PRG),
// and the checklist item is met; an uploaded page downloads as an
// attachment; delete needs the CSRF token and the version.
func TestArtefactPages(t *testing.T) {
	e := mustEnv(t)
	if res := e.do(t, http.MethodPost, "/api/v1/frameworks", string(governance.DefaultYAML()), yamlHeaders); res.StatusCode != http.StatusCreated {
		t.Fatalf("publish: %d %s", res.StatusCode, res.body)
	}
	mustUserToken(t, e.db, "pm", pmo.ScopeReadWrite, pmo.Grant{Role: pmo.ProjectManager, Scope: pmo.ScopeAll})
	c, csrf := e.browserSession(t, "pm", "password-of-pm")
	get := func(path string) response {
		return e.send(withCookie(httptest.NewRequest(http.MethodGet, path, nil), c))
	}
	post := func(path string, fields map[string]string, file string, content []byte) response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range fields {
			_ = mw.WriteField(k, v)
		}
		if file != "" {
			fw, _ := mw.CreateFormFile("file", file)
			_, _ = fw.Write(content)
		}
		_ = mw.Close()
		req := httptest.NewRequest(http.MethodPost, path, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return e.send(withCookie(req, c))
	}
	gatePage := e.expand("/projects/{project}/gates/new?gate=G4")
	res := get(gatePage)
	wantIn(t, "the gate checklist", res.body, `class="attach"`, e.expand(`/projects/{project}/artefacts?gate=G4`))
	form := e.expand("/projects/{project}/artefacts")
	wantIn(t, "the artefacts page", get(form+"?gate=G4").body, `id="artefact-form"`, `<option value="acceptance"`, `<option value="G4" selected>`)

	link := map[string]string{"csrf_token": csrf, "kind": "acceptance", "title": "Acceptance certificate", "gate": "G4",
		"url": "javascript:alert(1)"}
	if res := post(form, map[string]string{"kind": "acceptance", "title": "x", "url": "https://a.example/"}, "", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("without the CSRF token: %d", res.StatusCode)
	}
	res = post(form, link, "", nil)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("javascript: link: %d %.300s", res.StatusCode, res.body)
	}
	wantIn(t, "the refused link", res.body, `id="url-error"`, "http://", `value="Acceptance certificate"`)
	link["url"] = "https://intranet.example/prj-1/acceptance.pdf"
	if res := post(form, link, "", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != form+"?saved=artefact" {
		t.Fatalf("link: %d %s %.300s", res.StatusCode, res.Header.Get("Location"), res.body)
	}
	wantIn(t, "the list", get(form+"?saved=artefact").body, "Artefact added.", "https://intranet.example/prj-1/acceptance.pdf")
	if !strings.Contains(string(get(gatePage).body), `class="met" data-requirement="artefact:acceptance">`) {
		t.Error("the acceptance item is not met on the gate page after linking it")
	}

	up := map[string]string{"csrf_token": csrf, "kind": "transition_plan", "title": "Transition plan"}
	if res := post(form, up, "plan.html", []byte("<html><script>alert(1)</script>")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %.300s", res.StatusCode, res.body)
	}
	as, err := e.db.FindArtefacts(t.Context(), pmo.ArtefactFilter{Kind: "transition_plan"})
	if err != nil || len(as) != 1 {
		t.Fatalf("uploaded: %v %v", as, err)
	}
	dl := get("/artefacts/" + itoa(as[0].ID) + "/file")
	if dl.StatusCode != http.StatusOK || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") ||
		dl.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("download: %d %v", dl.StatusCode, dl.Header)
	}
	del := func(fields map[string]string) response {
		return post("/artefacts/"+itoa(as[0].ID)+"/delete", fields, "", nil)
	}
	if res := del(map[string]string{"version": "1"}); res.StatusCode != http.StatusForbidden {
		t.Errorf("delete without the CSRF token: %d", res.StatusCode)
	}
	if res := del(map[string]string{"csrf_token": csrf, "version": "1"}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d %.300s", res.StatusCode, res.body)
	}
	wantIn(t, "after delete", get(form+"?saved=artefact-deleted").body, "Artefact deleted.")
}
