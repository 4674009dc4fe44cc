package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

func init() {
	flashes["artefact"] = "Artefact added."
	flashes["artefact-deleted"] = "Artefact deleted."
}

// artefactPages are the project's artefacts page and its forms, served by
// artefactAPI's feature: /projects/{id}/artefacts, linked from the
// project's governance page and from a gate's missing artefact items.
func (s *Server) artefactPages() ([]route, map[string]rule) {
	get, post := http.MethodGet, http.MethodPost
	return []route{
			{Method: get, Pattern: "/projects/{id}/artefacts", Handler: s.artefactsPage, Summary: "A project's artefacts"},
			{Method: post, Pattern: "/projects/{id}/artefacts", Handler: s.addArtefactPage, Summary: "Link or upload an artefact",
				MaxBody: maxArtefactBody},
			{Method: post, Pattern: "/artefacts/{id}/delete", Handler: s.deleteArtefactPage, Summary: "Delete an artefact"},
			{Method: get, Pattern: "/artefacts/{id}/file", Handler: s.artefactFilePage, Summary: "Download an artefact's file"},
		}, map[string]rule{
			"GET /projects/{id}/artefacts":  {perm: auth.Read, target: projectTarget},
			"POST /projects/{id}/artefacts": {perm: auth.Edit, target: projectTarget},
			"POST /artefacts/{id}/delete":   {perm: auth.Edit, target: artefactTarget},
			"GET /artefacts/{id}/file":      {perm: auth.Read, target: artefactTarget},
		}
}

// artefactsPage is the data of artefacts.html.
type artefactsPage struct {
	basePage
	Project   *pmo.Project
	Artefacts []*pmo.Artefact
	Kinds     []option
	Gates     []option
	Title     string
	URL       string
	Errors    map[string]string
	General   []string
}

func (s *Server) loadArtefactsPage(r *http.Request, kind, gate string) (*artefactsPage, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	p, err := s.svc.FindProjectByID(ctx, id)
	if err != nil {
		return nil, err
	}
	as, err := s.compliance.Artefacts().FindArtefacts(ctx, pmo.ArtefactFilter{ProjectID: id})
	if err != nil {
		return nil, err
	}
	d := &artefactsPage{basePage: s.base(r, "Artefacts of "+p.Code, "projects"), Project: p, Artefacts: as, Errors: map[string]string{}}
	kinds, gates, err := s.compliance.ArtefactKinds(ctx, id)
	if err != nil && pmo.ErrorKind(err) != pmo.NotFound {
		return nil, err
	}
	for _, k := range kinds {
		label := k.Name
		if label == "" {
			label = k.ID
		}
		d.Kinds = append(d.Kinds, option{Value: k.ID, Label: label, Selected: k.ID == kind})
	}
	d.Gates = []option{{Value: "", Label: "—"}}
	for _, g := range gates {
		d.Gates = append(d.Gates, option{Value: g, Label: g, Selected: g == gate})
	}
	return d, nil
}

// artefactsPage serves /projects/{id}/artefacts?kind=&gate=: the list and
// the form, preselecting what a gate's missing item asked for.
func (s *Server) artefactsPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadArtefactsPage(r, r.URL.Query().Get("kind"), r.URL.Query().Get("gate"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "artefacts.html", d)
}

// addArtefactPage stores a link or an upload, then redirects (PRG); errors
// are shown beside their fields.
func (s *Server) addArtefactPage(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return badRequest("the form could not be read; choose the file again", fieldError("file", "could not be read"))
	}
	kind, gate := r.FormValue("kind"), r.FormValue("gate")
	d, err := s.loadArtefactsPage(r, kind, gate)
	if err != nil {
		return err
	}
	d.Title, d.URL = r.FormValue("title"), r.FormValue("url")
	a := &pmo.Artefact{ProjectID: d.Project.ID, Kind: kind, Gate: gate, Title: d.Title, URL: d.URL, AddedBy: actorName(r, "")}
	if f, hdr, ferr := r.FormFile("file"); ferr == nil {
		a.Content, err = io.ReadAll(io.LimitReader(f, pmo.MaxArtefactSize+1))
		f.Close()
		if err != nil {
			return err
		}
		a.FileName = hdr.Filename
	}
	if strings.TrimSpace(a.URL) == "" && len(a.Content) == 0 && a.FileName == "" {
		d.Errors["url"] = "give a link, or choose a file to upload below"
	} else if err = s.compliance.AddArtefact(r.Context(), a); err == nil {
		return redirect(w, r, "/projects/"+itoa(d.Project.ID)+"/artefacts?saved=artefact")
	} else if pmo.ErrorKind(err) != pmo.Invalid {
		return err
	} else {
		d.General = fieldErrors(err, map[string]bool{"kind": true, "title": true, "url": true, "file": true, "gate": true}, nil, d.Errors)
	}
	return s.render(w, http.StatusUnprocessableEntity, "artefacts.html", d)
}

// deleteArtefactPage deletes an artefact at the version the page showed.
func (s *Server) deleteArtefactPage(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	version, verr := strconv.Atoi(vals["version"])
	if verr != nil || version < 1 {
		return badRequest("the form lacks the version it deletes; reload the page", fieldError("version", "is required"))
	}
	a, err := s.compliance.Artefacts().FindArtefactByID(r.Context(), id)
	if err != nil {
		return err
	}
	err = s.compliance.Artefacts().DeleteArtefact(r.Context(), id, version)
	if pmo.ErrorKind(err) == pmo.Stale {
		return pmo.Errorf(pmo.Conflict, "The artefact changed while you were looking at it; go back, reload the page and try again.")
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/projects/"+itoa(a.ProjectID)+"/artefacts?saved=artefact-deleted")
}

// artefactFilePage downloads an uploaded file, as an attachment only.
func (s *Server) artefactFilePage(w http.ResponseWriter, r *http.Request) error {
	return s.apiArtefactFile(w, r)
}
