package web

import (
	"context"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// newArtefact is the JSON body of POST /api/v1/projects/{id}/artefacts for
// a link; an upload sends the same fields as multipart/form-data with the
// document in the part "file".
type newArtefact struct {
	Kind  string `json:"kind"`  // an artefact kind id of the framework the project follows, e.g. charter
	Title string `json:"title"` // e.g. "Project charter v2"
	URL   string `json:"url"`   // http or https link to the document
	Gate  string `json:"gate"`  // optional: the gate it is provided for, e.g. G2
}

func init() {
	schemaTypes["Artefact"] = reflect.TypeFor[pmo.Artefact]()
	schemaTypes["NewArtefact"] = reflect.TypeFor[newArtefact]()
}

// maxArtefactBody caps an upload: the file limit plus room for the other
// form fields and multipart framing.
const maxArtefactBody = pmo.MaxArtefactSize + 1<<20

// artefactAPI serves a project's artefacts (issue 5), API and pages: the documents gate
// requirements such as `artefact: charter` count.
func (s *Server) artefactAPI() feature {
	if s.compliance == nil || s.compliance.Artefacts() == nil {
		return feature{}
	}
	const tag = "Artefacts"
	get, post, del := http.MethodGet, http.MethodPost, http.MethodDelete
	api := []route{
		{Method: get, Pattern: "/api/v1/projects/{id}/artefacts", Handler: s.apiListArtefacts, Tag: tag,
			Summary: "List a project's artefacts (links and uploaded files), oldest first", Response: "ArtefactList"},
		{Method: post, Pattern: "/api/v1/projects/{id}/artefacts", Handler: s.apiAddArtefact, Tag: tag,
			Summary: "Link a document (JSON) or upload one (multipart/form-data: kind, title, gate and the part file, " +
				"at most 20 MiB) as an artefact of the project; the kind must be one of the project's framework",
			Body: "NewArtefact", Response: "Artefact", Status: http.StatusCreated, ETag: true, MaxBody: maxArtefactBody},
		{Method: get, Pattern: "/api/v1/artefacts/{id}", Handler: s.apiArtefact, Tag: tag,
			Summary: "Read one artefact (without its file)", Response: "Artefact", ETag: true},
		{Method: get, Pattern: "/api/v1/artefacts/{id}/file", Handler: s.apiArtefactFile, Tag: tag,
			ResponseMedia: "application/octet-stream",
			Summary:       "Download an uploaded artefact's file, always as an attachment"},
		{Method: del, Pattern: "/api/v1/artefacts/{id}", Handler: s.apiDeleteArtefact, Tag: tag, IfMatch: true,
			Status: http.StatusNoContent, Summary: "Delete an artefact and its file"},
	}
	pages, rules := s.artefactPages()
	for k, v := range artefactRules() {
		rules[k] = v
	}
	return feature{api: api, pages: pages, rules: rules}
}

// artefactRules: whoever reads the project reads its documents; whoever
// edits the project provides or withdraws them.
func artefactRules() map[string]rule {
	return map[string]rule{
		"GET /api/v1/projects/{id}/artefacts":  {perm: auth.Read, target: projectTarget},
		"POST /api/v1/projects/{id}/artefacts": {perm: auth.Edit, target: projectTarget},
		"GET /api/v1/artefacts/{id}":           {perm: auth.Read, target: artefactTarget},
		"GET /api/v1/artefacts/{id}/file":      {perm: auth.Read, target: artefactTarget},
		"DELETE /api/v1/artefacts/{id}":        {perm: auth.Edit, target: artefactTarget},
	}
}

var artefactTarget = byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
	a, err := s.compliance.Artefacts().FindArtefactByID(ctx, id)
	return idOr(a, err, func(a *pmo.Artefact) int64 { return a.ProjectID })
})

// apiListArtefacts serves GET /api/v1/projects/{id}/artefacts.
func (s *Server) apiListArtefacts(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.FindProjectByID(r.Context(), id); err != nil {
		return err
	}
	as, err := s.compliance.Artefacts().FindArtefacts(r.Context(), pmo.ArtefactFilter{ProjectID: id})
	if err != nil {
		return err
	}
	return writeList(w, as, pmo.Page{Total: len(as)})
}

// apiAddArtefact serves POST /api/v1/projects/{id}/artefacts.
func (s *Server) apiAddArtefact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := &pmo.Artefact{ProjectID: id, AddedBy: userName(r)}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		err = readArtefactUpload(r, a)
	} else {
		var body newArtefact
		err = decodeJSON(r, &body, nil)
		a.Kind, a.Title, a.URL, a.Gate = body.Kind, body.Title, body.URL, body.Gate
		if err == nil && strings.TrimSpace(a.URL) == "" {
			err = pmo.FieldErr("url", "is required: link a document over http(s), or upload one as multipart/form-data")
		}
	}
	if err != nil {
		return err
	}
	if err := s.compliance.AddArtefact(r.Context(), a); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/artefacts/"+itoa(a.ID))
	return writeEntity(w, r, http.StatusCreated, versionETag(a.Version), a)
}

// readArtefactUpload fills a from a multipart form: kind, title, gate and
// the part file (or a url instead). The client's media type is ignored.
func readArtefactUpload(r *http.Request, a *pmo.Artefact) error {
	// Up to 1 MiB in memory, the rest spills to a temporary file.
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if strings.Contains(err.Error(), "too large") {
			return pmo.FieldErr("file", "is larger than the 20 MiB limit: link larger documents instead")
		}
		return pmo.FieldErr("file", "the form could not be read: %v", err)
	}
	a.Kind, a.Title, a.Gate, a.URL = r.FormValue("kind"), r.FormValue("title"), r.FormValue("gate"), r.FormValue("url")
	f, hdr, err := r.FormFile("file")
	if err == http.ErrMissingFile {
		return nil // a link sent as a form, or nothing: Prepare says which field is missing
	}
	if err != nil {
		return pmo.FieldErr("file", "could not be read: %v", err)
	}
	defer f.Close()
	a.Content, err = io.ReadAll(io.LimitReader(f, pmo.MaxArtefactSize+1))
	if err != nil {
		return pmo.FieldErr("file", "could not be read: %v", err)
	}
	a.FileName = hdr.Filename
	return nil
}

// apiArtefact serves GET /api/v1/artefacts/{id}.
func (s *Server) apiArtefact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.compliance.Artefacts().FindArtefactByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(a.Version), a)
}

// apiArtefactFile serves GET /api/v1/artefacts/{id}/file.
func (s *Server) apiArtefactFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.compliance.Artefacts().ArtefactContent(r.Context(), id)
	if err != nil {
		return err
	}
	writeArtefactFile(w, a)
	return nil
}

// writeArtefactFile sends an uploaded file so that a browser saves it and
// never renders it in our origin: attachment, nosniff, and a sandboxing
// CSP in case a client ignores the disposition.
func writeArtefactFile(w http.ResponseWriter, a *pmo.Artefact) {
	h := w.Header()
	h.Set("Content-Type", a.MediaType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.FileName}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Content-Length", strconv.FormatInt(int64(len(a.Content)), 10))
	_, _ = w.Write(a.Content)
}

// apiDeleteArtefact serves DELETE /api/v1/artefacts/{id}.
func (s *Server) apiDeleteArtefact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	tags, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	cur, err := s.compliance.Artefacts().FindArtefactByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := checkIfMatch(tags, versionETag(cur.Version)); err != nil {
		return err
	}
	if err := s.compliance.Artefacts().DeleteArtefact(r.Context(), id, cur.Version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
