package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/web/chart"
)

//go:embed templates
var templateFS embed.FS

// ui holds what the pages share: the templates, parsed once at startup,
// and the content-hashed static assets.
type ui struct {
	pages  map[string]*template.Template // by page file name, e.g. "dashboard.html"
	assets *assets
}

// newUI parses every template; an error is a programming error, reported
// at startup rather than on the first request.
func newUI() (*ui, error) {
	a, err := newAssets()
	if err != nil {
		return nil, err
	}
	u := &ui{pages: map[string]*template.Template{}, assets: a}
	base, err := template.New("base").Funcs(u.funcs()).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := path.Base(f)
		if name == "layout.html" || name == "partials.html" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		u.pages[name] = t
	}
	return u, nil
}

// basePage is what the layout needs; every page's data embeds it.
type basePage struct {
	Title string
	Nav   string // the active section: dashboard, projects, risks, ...
	Flash string // a one-line confirmation after a redirect
	// CSRF is the token every form posts back (the "csrf" partial); empty
	// until accounts exist.
	CSRF string
	Path string // the request path, for links back here
	// User is the signed-in user's name for the header; empty when signed out.
	User string
	// Audit says whether the user may read the audit trail somewhere.
	Audit bool
	// Admin says whether the user manages accounts (the Users link).
	Admin bool
	// RequestOnly says the user may only raise requests (a requester): the
	// navigation then leaves out the sections that would answer 403.
	RequestOnly bool
}

func (b basePage) nav() string { return b.Nav }

// navLink is one entry of the main navigation.
type navLink struct {
	Href, Label string
	Active      bool
}

// moveLabel is the button text of a workflow move.
func moveLabel(to pmo.ChangeState) string {
	switch to {
	case pmo.ChangeSubmitted:
		return "Submit for assessment"
	case pmo.ChangeAssessed:
		return "Mark assessed"
	case pmo.ChangeApproved:
		return "Approve"
	case pmo.ChangeRejected:
		return "Reject"
	case pmo.ChangeImplemented:
		return "Mark implemented"
	}
	return label(to)
}

// base fills the common page fields from the request.
func (s *Server) base(r *http.Request, title, nav string) basePage {
	return basePage{Title: title, Nav: nav, Flash: flashText(r.URL.Query().Get("saved")), CSRF: s.csrfToken(r), Path: r.URL.Path, User: userName(r), Audit: mayAudit(r), Admin: mayAdmin(r),
		RequestOnly: requestOnly(r)}
}

// csrfToken is the one place a CSRF token for forms comes from: the
// signed-in session's (web/auth.go); the "csrf" template partial renders
// it into every form.
func (s *Server) csrfToken(r *http.Request) string { return s.sessionCSRF(r) }

// render executes a page into a buffer, so that a template error becomes a
// clean 500 rather than half a page, and writes it with status.
func (s *Server) render(w http.ResponseWriter, status int, page string, data any) error {
	t, ok := s.ui.pages[page]
	if !ok {
		return fmt.Errorf("render: no template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// redirect answers a successful POST with 303 See Other (POST-redirect-GET).
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// flashes are the confirmations a redirect may ask for with ?saved=.
var flashes = map[string]string{
	"status":     "Status report submitted.",
	"risk":       "Risk saved.",
	"issue":      "Issue saved.",
	"action":     "Action saved.",
	"decision":   "Decision saved.",
	"dependency": "Dependency saved.",
	"milestone":  "Milestone saved.",
	"change":     "Change request saved.",
	"transition": "Change request moved on.",
}

func flashText(key string) string { return flashes[key] }

func (u *ui) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":   u.assetURL,
		"rag":     ragBadge,
		"trend":   trendBadge,
		"letter":  chart.Letter,
		"arrow":   chart.Arrow,
		"money":   formatMoney,
		"amount":  formatAmount,
		"short":   formatShort,
		"ragcell": func(r pmo.RAG) template.HTML { return ragCell(r, "") },
		"label":   func(v any) string { return label(fmt.Sprint(v)) },
		"ragOf":   func(v string) pmo.RAG { return pmo.RAG(v) },
		"sub":     func(a, b int64) int64 { return a - b },
		"score":   scoreBadge,
		"slug":    func(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) },
		"navItem": func(b any, key, href, text string) navLink {
			active := false
			if p, ok := b.(interface{ nav() string }); ok {
				active = p.nav() == key
			}
			return navLink{Href: href, Label: text, Active: active}
		},
		"moveLabel": moveLabel,
		"describedby": func(f formField) template.HTMLAttr {
			var ids []string
			if f.Help != "" {
				ids = append(ids, f.Name+"-help")
			}
			if f.Error != "" {
				ids = append(ids, f.Name+"-error")
			}
			if len(ids) == 0 {
				return ""
			}
			return template.HTMLAttr(`aria-describedby="` + template.HTMLEscapeString(strings.Join(ids, " ")) + `"`)
		},
		"plural": plural,
		"slip":   slipText,
		"join":   strings.Join,
		"add":    func(a, b int) int { return a + b },
		"with1":  withParam,
		"lines":  func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
		"dims":   func() []string { return pmo.Dimensions },
		"rags":   func() []pmo.RAG { return pmo.RAGs },
		"ratingOf": func(s *pmo.CurrentStatus, dim string) pmo.RAG {
			if s == nil {
				return pmo.Grey
			}
			return s.Rating(dim)
		},
		"trendOf": func(s *pmo.CurrentStatus, dim string) pmo.Trend {
			if s == nil {
				return ""
			}
			return s.Trend(dim)
		},
	}
}

// ragBadge renders a rating as a coloured pill that also spells the
// rating, so colour is never the only carrier.
func ragBadge(r pmo.RAG) template.HTML {
	if !r.Valid() {
		r = pmo.Grey
	}
	name := string(r)
	if r == pmo.Grey {
		name = "no data"
	}
	return template.HTML(`<span class="rag rag-` + string(r) + `"><span class="rag-letter" aria-hidden="true">` +
		chart.Letter(r) + `</span> ` + name + `</span>`)
}

// trendBadge renders a trend arrow with its name for screen readers.
func trendBadge(t pmo.Trend) template.HTML {
	a := chart.Arrow(t)
	if a == "" {
		return ""
	}
	return template.HTML(`<span class="trend trend-` + string(t) + `" title="` + string(t) + `">` + a +
		`<span class="visually-hidden"> ` + string(t) + `</span></span>`)
}

// formatMoney formats an amount with thousands separators and no cents for
// large sums, e.g. "EUR 1,250,000".
func formatMoney(m pmo.Money) string {
	if m.Currency == "" && m.Minor == 0 {
		return "—"
	}
	return m.Currency + " " + formatAmount(m.Minor)
}

// formatAmount formats minor units as whole units with separators.
func formatAmount(minor int64) string {
	neg := minor < 0
	if neg {
		minor = -minor
	}
	units := (minor + 50) / 100
	s := strconv.FormatInt(units, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// formatShort abbreviates minor units for chart labels: 950k, 40.3M, 1.2bn.
func formatShort(minor int64) string {
	units := float64(minor) / 100
	sign := ""
	if units < 0 {
		sign, units = "−", -units
	}
	switch {
	case units >= 1e9:
		return fmt.Sprintf("%s%.1fbn", sign, units/1e9)
	case units >= 1e6:
		return fmt.Sprintf("%s%.1fM", sign, units/1e6)
	case units >= 1e3:
		return fmt.Sprintf("%s%.0fk", sign, units/1e3)
	}
	return fmt.Sprintf("%s%.0f", sign, units)
}

// label turns an enum value such as "on_hold" into "On hold".
func label[S ~string](v S) string {
	s := strings.ReplaceAll(string(v), "_", " ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// plural returns "1 project" or "3 projects".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return formatAmount(int64(n)*100) + " " + many
}

// slipText describes a slip in days: "on time", "+12 d", "−3 d".
func slipText(days int) string {
	switch {
	case days == 0:
		return "on time"
	case days > 0:
		return fmt.Sprintf("+%d d", days)
	}
	return fmt.Sprintf("−%d d", -days)
}

// withParam returns the URL u with one query parameter set (or removed
// when value is empty), dropping the cursor so the new view starts at its
// first page.
func withParam(u *url.URL, name, value string) string {
	q := u.Query()
	q.Del("cursor")
	if value == "" {
		q.Del(name)
	} else {
		q.Set(name, value)
	}
	out := url.URL{Path: u.Path, RawQuery: q.Encode()}
	return out.String()
}
