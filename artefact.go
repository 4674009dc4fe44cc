package pmo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxArtefactSize is the largest uploaded artefact file, 20 MiB. Files are
// kept in the database, so the limit keeps backups and rows reasonable;
// larger documents belong in a document store and are linked instead.
const MaxArtefactSize = 20 << 20

// Artefact is a document of a project that a gate or rule may require: a
// charter, a business case, a closure report. It is either a link to a
// document kept elsewhere (URL) or an uploaded file stored with it
// (FileName, MediaType, Size, SHA256 and, when loaded, Content).
type Artefact struct {
	ID        int64  `json:"id"`
	ProjectID int64  `json:"project_id"`
	Kind      string `json:"kind"` // an artefact kind id of the framework, e.g. charter
	Title     string `json:"title"`
	URL       string `json:"url,omitempty"`
	FileName  string `json:"file_name,omitempty"`
	MediaType string `json:"media_type,omitempty"`
	Size      int64  `json:"size,omitempty"`
	SHA256    string `json:"sha256,omitempty"`
	// Content is the uploaded file; only ArtefactContent loads it, and it
	// never appears in JSON or audit records.
	Content []byte `json:"-"`
	// Gate is the gate the artefact was provided for, optional.
	Gate      string    `json:"gate,omitempty"`
	AddedBy   string    `json:"added_by"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"` // when added
	UpdatedAt time.Time `json:"updated_at"`
}

// IsFile reports whether a is an uploaded file rather than a link.
func (a *Artefact) IsFile() bool { return a.URL == "" }

var artefactKindPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// Prepare validates a and, for an uploaded file, derives its size, SHA-256
// and media type from Content (the media type a client claims is ignored:
// it is sniffed from the bytes, so that what we serve matches what we hold).
func (a *Artefact) Prepare() error {
	var v Validator
	a.Kind, a.Title, a.URL, a.Gate, a.AddedBy = clean(a.Kind), clean(a.Title), clean(a.URL), clean(a.Gate), clean(a.AddedBy)
	v.Check(a.ProjectID > 0, "project_id", "is required")
	v.Check(artefactKindPattern.MatchString(a.Kind), "kind", "must be an artefact kind id: 1-64 letters, digits, '.', '_' or '-'")
	checkText(&v, "title", a.Title, 1, 200)
	checkText(&v, "added_by", a.AddedBy, 1, 200)
	v.Check(a.Gate == "" || artefactKindPattern.MatchString(a.Gate), "gate", "must be a gate id")
	switch {
	case a.URL != "" && (a.FileName != "" || len(a.Content) > 0):
		v.Add("url", "give either a link or a file, not both")
	case a.URL != "":
		if err := CheckArtefactURL(a.URL); err != nil {
			v.Add("url", "%s", err.(*Error).Fields[0].Detail)
		}
		a.FileName, a.MediaType, a.Size, a.SHA256 = "", "", 0, ""
	default:
		name, err := CleanFileName(a.FileName)
		if err != nil {
			v.Add("file", "%s", err.(*Error).Fields[0].Detail)
		}
		a.FileName = name
		switch {
		case len(a.Content) == 0:
			v.Add("file", "is required unless a link (url) is given, and may not be empty")
		case len(a.Content) > MaxArtefactSize:
			v.Add("file", "is %d bytes; the limit is %d bytes (20 MiB): link larger documents instead", len(a.Content), MaxArtefactSize)
		default:
			sum := sha256.Sum256(a.Content)
			a.Size, a.SHA256, a.MediaType = int64(len(a.Content)), hex.EncodeToString(sum[:]), SniffMediaType(a.Content)
		}
	}
	return v.Err()
}

// CheckArtefactURL accepts absolute http and https URLs with a host and no
// credentials, up to 2,000 characters; anything else (javascript:, data:,
// file:, relative paths) is Invalid naming the field url.
func CheckArtefactURL(s string) error {
	if len(s) > 2000 || !utf8.ValidString(s) {
		return FieldErr("url", "must be a valid URL of at most 2000 characters")
	}
	for _, r := range s {
		if r <= 0x20 || r == 0x7f {
			return FieldErr("url", "may not contain spaces or control characters")
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return FieldErr("url", "is not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return FieldErr("url", "must start with http:// or https://")
	}
	if u.Host == "" || u.Hostname() == "" {
		return FieldErr("url", "must name a host, e.g. https://intranet.example/doc")
	}
	if u.User != nil {
		return FieldErr("url", "may not carry a user name or password")
	}
	return nil
}

// CleanFileName reduces an uploaded file's name to its base name and
// rejects empty names, control characters and names over 200 characters.
func CleanFileName(name string) (string, error) {
	name = strings.ReplaceAll(strings.TrimSpace(name), `\`, "/")
	name = path.Base(name)
	if name == "." || name == "/" || name == ".." || name == "" {
		return "", FieldErr("file", "needs a file name")
	}
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > 200 {
		return "", FieldErr("file", "name must be valid UTF-8 of at most 200 characters")
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || r == '"' {
			return "", FieldErr("file", "name may not contain control characters or quotes")
		}
	}
	return name, nil
}

// SniffMediaType returns the media type of content as net/http sniffs it,
// without parameters other than a text charset. HTML and XML stay what
// they are: downloads are served as attachments with nosniff, never inline.
func SniffMediaType(content []byte) string {
	return http.DetectContentType(content)
}

// ArtefactFilter selects artefacts, oldest first. Zero fields do not filter.
type ArtefactFilter struct {
	ID          int64
	ProjectID   int64
	PortfolioID int64
	ProgramID   int64
	Kind        string
}

// ArtefactService stores project artefacts. It stands apart from Services:
// only governance and the project's artefact pages need it.
type ArtefactService interface {
	// CreateArtefact validates and stores a (with its Content for a file);
	// Invalid, NotFound for an unknown project.
	CreateArtefact(ctx context.Context, a *Artefact) error
	// FindArtefacts lists artefacts without their content, oldest first,
	// within the caller's reach.
	FindArtefacts(ctx context.Context, f ArtefactFilter) ([]*Artefact, error)
	// FindArtefactByID returns one artefact without its content; NotFound.
	FindArtefactByID(ctx context.Context, id int64) (*Artefact, error)
	// ArtefactContent returns one artefact with the bytes of its file;
	// NotFound, also for a link.
	ArtefactContent(ctx context.Context, id int64) (*Artefact, error)
	// DeleteArtefact removes an artefact; NotFound, Stale on a version mismatch.
	DeleteArtefact(ctx context.Context, id int64, version int) error
}
