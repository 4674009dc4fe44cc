package web

import (
	"errors"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
)

func init() {
	flashes["publish"] = "Framework version published; it is now current."
	flashes["audit"] = "Audit recorded."
	flashes["comment"] = "Comment added."
	flashes["gate"] = "Gate review requested."
	flashes["waiver"] = "Waiver granted; the next audit marks the findings it covers as waived."
	flashes["revoked"] = "Waiver revoked."
}

// draftPage is the data of governance_draft.html: the draft form, the
// errors of a draft that does not validate, and a dry run's outcome.
type draftPage struct {
	basePage
	Current  *pmo.FrameworkVersion
	Document string
	File     string
	// Problems are the draft's errors with line and column, shown beside
	// the document; General are errors about no place in it.
	Problems []*governance.Error
	General  []string
	DryRun   *compliance.DryRunResult
}

// maxDraftBytes caps a pasted or uploaded framework document.
const maxDraftBytes = 512 << 10

// draftPage serves /governance/draft: the current document (or the
// built-in one, with ?from=default) to edit, dry-run and publish.
func (s *Server) draftPage(w http.ResponseWriter, r *http.Request) error {
	d := &draftPage{basePage: s.base(r, "Draft a framework version", "governance"), File: "draft.yaml"}
	cur, err := s.compliance.Gov.CurrentFramework(r.Context())
	switch {
	case err == nil:
		d.Current, d.Document = cur, cur.Document
	case pmo.ErrorKind(err) != pmo.NotFound:
		return err
	}
	if r.URL.Query().Get("from") == "default" || d.Document == "" {
		d.Document = string(governance.DefaultYAML())
	}
	return s.render(w, http.StatusOK, "governance_draft.html", d)
}

// readDraft reads the document from an uploaded file (field "file") or,
// without one, from the text area (field "document").
func (s *Server) readDraft(w http.ResponseWriter, r *http.Request) (*draftPage, []byte, error) {
	d := &draftPage{basePage: s.base(r, "Draft a framework version", "governance"), File: "draft.yaml"}
	if cur, err := s.compliance.Gov.CurrentFramework(r.Context()); err == nil {
		d.Current = cur
	} else if pmo.ErrorKind(err) != pmo.NotFound {
		return nil, nil, err
	}
	var doc []byte
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(maxDraftBytes); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, nil, err
			}
			return nil, nil, badRequest("the form could not be read")
		}
		if f, h, err := r.FormFile("file"); err == nil {
			defer f.Close()
			b, err := io.ReadAll(io.LimitReader(f, maxDraftBytes+1))
			if err != nil {
				return nil, nil, err
			}
			if len(b) > 0 {
				doc, d.File = b, path.Base(h.Filename)
			}
		}
	} else if err := r.ParseForm(); err != nil {
		return nil, nil, badRequest("the form could not be read")
	}
	if doc == nil {
		doc = []byte(strings.ReplaceAll(r.PostFormValue("document"), "\r\n", "\n"))
	}
	d.Document = string(doc)
	switch {
	case len(strings.TrimSpace(d.Document)) == 0:
		d.General = []string{"Paste a framework document or choose a YAML file."}
	case len(doc) > maxDraftBytes:
		d.General = []string{"The document is larger than 512 KiB."}
	}
	return d, doc, nil
}

// refuseDraft shows the draft again with the reasons it was refused.
func (s *Server) refuseDraft(w http.ResponseWriter, d *draftPage, err error) error {
	var list governance.ErrorList
	switch {
	case err == nil:
	case errors.As(err, &list):
		d.Problems = list
	case pmo.ErrorKind(err) == pmo.Invalid || pmo.ErrorKind(err) == pmo.Conflict:
		d.General = append(d.General, pmo.ErrorMessage(err))
	default:
		return err
	}
	return s.render(w, http.StatusUnprocessableEntity, "governance_draft.html", d)
}

// dryRunDraft audits the portfolio with the draft and with the current
// version and shows the difference. It writes nothing, so the result is
// rendered in answer to the POST.
func (s *Server) dryRunDraft(w http.ResponseWriter, r *http.Request) error {
	d, doc, err := s.readDraft(w, r)
	if err != nil {
		return err
	}
	if d.General != nil {
		return s.refuseDraft(w, d, nil)
	}
	res, err := s.compliance.DryRun(r.Context(), d.File, doc, compliance.Filter{})
	if err != nil {
		return s.refuseDraft(w, d, err)
	}
	d.DryRun = res
	return s.render(w, http.StatusOK, "governance_draft.html", d)
}

// publishDraft publishes the draft as the new current version. A draft
// that does not validate is never stored; the form shows its errors with
// line and column.
func (s *Server) publishDraft(w http.ResponseWriter, r *http.Request) error {
	d, doc, err := s.readDraft(w, r)
	if err != nil {
		return err
	}
	if d.General != nil {
		return s.refuseDraft(w, d, nil)
	}
	v, _, err := s.compliance.Publish(r.Context(), d.File, doc)
	if err != nil {
		return s.refuseDraft(w, d, err)
	}
	return redirect(w, r, "/governance?saved=publish#v"+strconv.Itoa(v.Seq))
}
