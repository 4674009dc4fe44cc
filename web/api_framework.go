package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
)

// frameworkDocument is the JSON form of a framework document sent to be
// published or dry-run; the YAML text may also be sent as the body itself.
type frameworkDocument struct {
	Document string `json:"document"` // the YAML text
}

// frameworkBody is a framework version as the API shows it: the stored
// version with its YAML document, and the document parsed.
type frameworkBody struct {
	pmo.FrameworkVersion
	Framework *governance.Framework `json:"framework"` // stages, gates, rules, classes, roles, artefacts
	// Changes is set in the answer to a publication only: what changed
	// from the version that was current before.
	Changes []governance.Change `json:"changes,omitempty"`
}

// frameworkChanges is the difference between two versions.
type frameworkChanges struct {
	From    *pmo.FrameworkVersion `json:"from"` // null: compared with an empty framework
	To      *pmo.FrameworkVersion `json:"to"`
	Added   int                   `json:"added"`
	Changed int                   `json:"changed"`
	Removed int                   `json:"removed"`
	Changes []governance.Change   `json:"changes"`
}

// dryRunBody is what a draft framework would find on the portfolio in reach.
type dryRunBody struct {
	Current  *pmo.FrameworkVersion `json:"current"` // the version compared with; null when none is published
	Changes  []governance.Change   `json:"changes"` // from the current version to the draft
	Findings []governance.Finding  `json:"findings"`
	New      []governance.Finding  `json:"new"`  // found by the draft, not by the current version
	Gone     []governance.Finding  `json:"gone"` // found by the current version, not by the draft
	Before   governance.Summary    `json:"before"`
	After    governance.Summary    `json:"after"`
}

// frameworkFile is the name errors in a document sent to the API are
// reported against: "document:LINE:COLUMN".
const frameworkFile = "document"

// readFrameworkDoc reads a framework document sent as YAML or wrapped in JSON.
func readFrameworkDoc(r *http.Request) ([]byte, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "application/yaml" || mt == "application/x-yaml" || mt == "text/yaml" || mt == "text/x-yaml":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, err
			}
			return nil, badRequest("the request body could not be read")
		}
		if len(bytes.TrimSpace(body)) == 0 {
			return nil, badRequest("the request body is empty; send the framework's YAML document",
				fieldError("document", "is required"))
		}
		if invalidUTF8(body) >= 0 {
			return nil, badRequest("the document is not valid UTF-8", fieldError("document", "must be UTF-8 text"))
		}
		return body, nil
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		var d frameworkDocument
		if err := decodeJSON(r, &d, nil); err != nil {
			return nil, err
		}
		if strings.TrimSpace(d.Document) == "" {
			return nil, badRequest("the document is empty", fieldError("document", "is required"))
		}
		return []byte(d.Document), nil
	}
	return nil, newProblem(http.StatusUnsupportedMediaType,
		`send the YAML document as Content-Type: application/yaml, or JSON {"document": "..."} as application/json`,
		fieldError("Content-Type", "must be application/yaml or application/json"))
}

// frameworkProblem turns the errors of an invalid document into a 422
// that names each as document:LINE:COLUMN and places it in locations;
// other errors pass through.
func frameworkProblem(err error) error {
	var list governance.ErrorList
	if !errors.As(err, &list) {
		return err
	}
	p := problemFor(err)
	for _, e := range list {
		p.Locations = append(p.Locations, location{Line: e.Line, Column: e.Column, Message: e.Message})
	}
	return p
}

// frameworkETag changes with the version and with whether it is current.
func frameworkETag(v *pmo.FrameworkVersion) string {
	tag := v.Hash
	if len(tag) > 20 {
		tag = tag[:20]
	}
	if v.Current {
		tag += "-current"
	}
	return `"` + tag + `"`
}

// frameworkView parses a stored version for the API.
func (s *Server) frameworkView(v *pmo.FrameworkVersion) (*frameworkBody, error) {
	prog, err := s.compliance.Program(v)
	if err != nil {
		return nil, err
	}
	return &frameworkBody{FrameworkVersion: *v, Framework: prog.Framework()}, nil
}

// apiListFrameworks serves GET /api/v1/frameworks.
func (s *Server) apiListFrameworks(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.compliance.Gov.FindFrameworks(r.Context())
	if err != nil {
		return err
	}
	return writeList(w, vs, pmo.Page{Total: len(vs)})
}

// apiCurrentFramework serves GET /api/v1/frameworks/current.
func (s *Server) apiCurrentFramework(w http.ResponseWriter, r *http.Request) error {
	v, err := s.compliance.Gov.CurrentFramework(r.Context())
	if err != nil {
		return err
	}
	return s.writeFramework(w, r, http.StatusOK, v, nil)
}

// apiFrameworkByID serves GET /api/v1/frameworks/{id}.
func (s *Server) apiFrameworkByID(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.compliance.Gov.FindFrameworkByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.writeFramework(w, r, http.StatusOK, v, nil)
}

func (s *Server) writeFramework(w http.ResponseWriter, r *http.Request, status int, v *pmo.FrameworkVersion, changes []governance.Change) error {
	body, err := s.frameworkView(v)
	if err != nil {
		return err
	}
	body.Changes = changes
	return writeEntity(w, r, status, frameworkETag(v), body)
}

// apiPublishFramework serves POST /api/v1/frameworks: an invalid document is
// a 422 naming each error as document:line:column, and is not stored.
func (s *Server) apiPublishFramework(w http.ResponseWriter, r *http.Request) error {
	doc, err := readFrameworkDoc(r)
	if err != nil {
		return err
	}
	v, changes, err := s.compliance.Publish(r.Context(), frameworkFile, doc)
	if err != nil {
		return frameworkProblem(err)
	}
	if changes == nil {
		changes = []governance.Change{}
	}
	w.Header().Set("Location", "/api/v1/frameworks/"+itoa(v.ID))
	return s.writeFramework(w, r, http.StatusCreated, v, changes)
}

// apiFrameworkChanges serves GET /api/v1/frameworks/{id}/changes.
func (s *Server) apiFrameworkChanges(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	fromID := q.id("from")
	if err := q.err(); err != nil {
		return err
	}
	ctx := r.Context()
	to, err := s.compliance.Gov.FindFrameworkByID(ctx, id)
	if err != nil {
		return err
	}
	var from *pmo.FrameworkVersion
	if fromID == 0 {
		// The version published just before this one, if any.
		vs, err := s.compliance.Gov.FindFrameworks(ctx)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.Seq == to.Seq-1 {
				fromID = v.ID
			}
		}
	}
	before := &governance.Framework{}
	if fromID != 0 {
		if from, err = s.compliance.Gov.FindFrameworkByID(ctx, fromID); pmo.ErrorKind(err) == pmo.NotFound {
			return badRequest("invalid query parameter", fieldError("from", "no framework version %d", fromID))
		} else if err != nil {
			return err
		}
		p, err := s.compliance.Program(from)
		if err != nil {
			return err
		}
		before = p.Framework()
	}
	after, err := s.compliance.Program(to)
	if err != nil {
		return err
	}
	res := frameworkChanges{From: from, To: to, Changes: governance.Diff(before, after.Framework())}
	if res.Changes == nil {
		res.Changes = []governance.Change{}
	}
	for _, c := range res.Changes {
		switch c.Kind {
		case governance.Added:
			res.Added++
		case governance.Changed:
			res.Changed++
		case governance.Removed:
			res.Removed++
		}
	}
	for _, v := range []*pmo.FrameworkVersion{res.From, res.To} {
		if v != nil {
			v.Document = "" // read the version itself for its text
		}
	}
	return writeJSON(w, http.StatusOK, res)
}

// apiDryRunFramework serves POST /api/v1/frameworks/dry-run. It audits the
// projects the caller reaches; nothing is written.
func (s *Server) apiDryRunFramework(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := compliance.Filter{PortfolioID: q.id("portfolio_id")}
	if err := q.err(); err != nil {
		return err
	}
	doc, err := readFrameworkDoc(r)
	if err != nil {
		return err
	}
	res, err := s.compliance.DryRun(r.Context(), frameworkFile, doc, f)
	if err != nil {
		return frameworkProblem(err)
	}
	body := dryRunBody{Current: res.Current, Changes: res.Changes, New: res.Delta.New, Gone: res.Delta.Resolved,
		Before: res.Before, After: res.After}
	body.Findings = append(append(body.Findings, res.Delta.Continued...), res.Delta.New...)
	if body.Current != nil {
		body.Current.Document = ""
	}
	for _, l := range []*[]governance.Finding{&body.Findings, &body.New, &body.Gone} {
		if *l == nil {
			*l = []governance.Finding{}
		}
	}
	if body.Changes == nil {
		body.Changes = []governance.Change{}
	}
	return writeJSON(w, http.StatusOK, body)
}
