package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/demo"
	"github.com/pmohq/pmo/store"
	"github.com/pmohq/pmo/web"
)

// crawlRoles are the demo accounts of `pmo serve --demo` (cmd/pmo/demousers.go,
// README "Demo accounts"): one per role, scoped as the demo scopes them.
var crawlRoles = []struct {
	name  string
	role  pmo.Role
	scope pmo.ScopeKind
}{
	{"admin", pmo.Administrator, pmo.ScopeAll},
	{"pmo", pmo.PMOStaff, pmo.ScopeAll},
	{"portfolio", pmo.PortfolioManager, pmo.ScopePortfolio},
	{"program", pmo.ProgramManager, pmo.ScopeProgram},
	{"project", pmo.ProjectManager, pmo.ScopeProject},
	{"exec", pmo.Executive, pmo.ScopeAll},
	{"member", pmo.TeamMember, pmo.ScopeProject},
	{"requester", pmo.Requester, pmo.ScopeProject},
}

const (
	crawlPassword = "demo-password"
	crawlMaxPages = 800 // per role; the demo site is about 560 pages for an administrator
	crawlPerRoute = 2   // instances of one route pattern and query shape
)

// mustDemoDB builds what `pmo serve --demo` builds, at a smaller scale: the
// generated portfolio with its intake pipeline, the published default
// framework with a recorded audit, and the demo accounts.
func mustDemoDB(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), store.WithNow(testClock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	o := demo.DefaultOptions(pmo.DateOf(testNow))
	o.Projects, o.Weeks = 40, 26
	if err := db.ImportDataset(ctx, demo.Generate(o)); err != nil {
		t.Fatalf("demo: %v", err)
	}
	svc := compliance.NewService(db, db)
	svc.Now = testClock
	if _, _, err := svc.EnsureFramework(ctx); err != nil {
		t.Fatalf("framework: %v", err)
	}
	if _, err := svc.Record(ctx, compliance.Filter{}); err != nil {
		t.Fatalf("audit: %v", err)
	}
	// The scopes nest as in createDemoUsers: the first portfolio, its first
	// program, and that program's first project.
	ps, _, err := db.FindPortfolios(ctx, pmo.PortfolioFilter{ListOptions: pmo.ListOptions{Limit: 1, Sort: "created_at"}})
	if err != nil || len(ps) == 0 {
		t.Fatalf("portfolios: %v", err)
	}
	pgs, _, err := db.FindPrograms(ctx, pmo.ProgramFilter{ListOptions: pmo.ListOptions{Limit: 1, Sort: "created_at"}})
	if err != nil || len(pgs) == 0 {
		t.Fatalf("programs: %v", err)
	}
	prs, _, err := db.FindProjects(ctx, pmo.ProjectFilter{ProgramID: pgs[0].ID, ListOptions: pmo.ListOptions{Limit: 1}})
	if err != nil || len(prs) == 0 {
		t.Fatalf("projects: %v", err)
	}
	first := map[pmo.ScopeKind]int64{pmo.ScopePortfolio: ps[0].ID, pmo.ScopeProgram: pgs[0].ID, pmo.ScopeProject: prs[0].ID}
	for _, r := range crawlRoles {
		u := &pmo.User{Name: r.name, FullName: r.name, Grants: []pmo.Grant{{Role: r.role, Scope: r.scope, ScopeID: first[r.scope]}}}
		if err := db.CreateUser(ctx, u, crawlPassword); err != nil {
			t.Fatalf("user %s: %v", r.name, err)
		}
	}
	return db
}

// TestCrawl signs in as each demo account and follows every same-site GET
// link and GET form breadth first from the page the sign-in leads to (/,
// or /account for a requester). No page may fail (5xx), no link
// shown to a role may lead to a missing page (404) or one the role may not
// open (403), every HTML page has a <title> and a <main>, every response
// carries a Content-Security-Policy, and CSV links answer text/csv.
func TestCrawl(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo database")
	}
	db := mustDemoDB(t)
	ts := httptest.NewServer(web.New(db, web.Options{Now: testClock, InsecureCookies: true}))
	t.Cleanup(ts.Close)
	for _, r := range crawlRoles {
		t.Run(r.name, func(t *testing.T) {
			client, start := mustSignIn(t, ts.URL, r.name)
			c := &crawler{t: t, role: r.name, base: ts.URL, client: client}
			c.run(start)
		})
	}
	t.Run("schedules", func(t *testing.T) { crawlSchedules(t, db, ts.URL) }) // web/crawl_schedule_test.go
	t.Run("requester raises a change", func(t *testing.T) {
		client, _ := mustSignIn(t, ts.URL, "requester")
		form := "/projects/" + itoa(mustRequesterProject(t, db)) + "/changes"
		resp, err := client.Get(ts.URL + form + "/new")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(body)
		if m == nil {
			t.Fatalf("GET %s/new: %s, no CSRF token", form, resp.Status)
		}
		resp, err = client.PostForm(ts.URL+form, url.Values{"csrf_token": {string(m[1])},
			"title": {"Extra reporting"}, "requested_by": {"Quinn"}, "priority": {"2"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		// The change page would answer 403 to a requester.
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/account?saved=change") {
			t.Fatalf("POST %s: %s to %q, want 303 to /account?saved=change", form, resp.Status, loc)
		}
	})
}

// mustRequesterProject returns the project the demo requester may raise
// changes on.
func mustRequesterProject(t *testing.T, db *store.DB) int64 {
	t.Helper()
	u, err := db.FindUserByName(context.Background(), "requester")
	if err != nil {
		t.Fatal(err)
	}
	return u.Grants[0].ScopeID
}

// mustSignIn signs name in through the sign-in form and returns a client
// that carries the session cookie and does not follow redirects, and the
// page the sign-in leads to.
func mustSignIn(t *testing.T, base, name string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("sign-in form has no csrf_token:\n%s", body)
	}
	resp, err = c.PostForm(base+"/login", url.Values{"name": {name}, "password": {crawlPassword}, "csrf_token": {string(m[1])}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
		t.Fatalf("sign in as %s: %s", name, resp.Status)
	}
	return c, resp.Header.Get("Location")
}

// crawler walks the pages one signed-in account can reach.
type crawler struct {
	t      *testing.T
	role   string
	base   string
	client *http.Client
	seen   map[string]bool // URLs queued
	shapes map[string]int  // instances queued per route shape
	queue  []link
	pages  int
	csv    int // CSV links checked
}

// link is a URL to visit and the page that showed it.
type link struct{ url, from string }

func (c *crawler) run(start string) {
	c.seen, c.shapes = map[string]bool{}, map[string]int{}
	c.add(start, "(sign-in)")
	for len(c.queue) > 0 && c.pages < crawlMaxPages {
		l := c.queue[0]
		c.queue = c.queue[1:]
		c.visit(l)
	}
	c.t.Logf("%d pages visited (%d CSV), %d left in the queue", c.pages, c.csv, len(c.queue))
}

// idSegment matches path segments that name a record.
var idSegment = regexp.MustCompile(`^[0-9]+$`)

// add queues ref (relative to from) unless it leaves the site, was seen, or
// its route shape (path with ids replaced, sorted query names) has been
// queued crawlPerRoute times already.
func (c *crawler) add(ref, from string) {
	base, _ := url.Parse(c.base + from)
	if from == "(sign-in)" {
		base, _ = url.Parse(c.base + "/")
	}
	u, err := base.Parse(strings.TrimSpace(ref))
	if err != nil {
		c.t.Errorf("%s: unparsable link %q", from, ref)
		return
	}
	if u.Scheme != "http" || u.Host != base.Host {
		return
	}
	// Signing out would end the crawl.
	if u.Path == "/logout" {
		return
	}
	u.Fragment = ""
	q := u.Query()
	u.RawQuery = q.Encode()
	key := u.RequestURI()
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	segs := strings.Split(u.Path, "/")
	for i, s := range segs {
		if idSegment.MatchString(s) {
			segs[i] = "{id}"
		}
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range q {
			if !yield(k) {
				return
			}
		}
	})
	shape := strings.Join(segs, "/") + "?" + strings.Join(names, "&")
	if c.shapes[shape] >= crawlPerRoute {
		return
	}
	c.shapes[shape]++
	c.queue = append(c.queue, link{url: key, from: from})
}

func (c *crawler) visit(l link) {
	c.pages++
	t := c.t
	resp, err := c.client.Get(c.base + l.url)
	if err != nil {
		t.Errorf("GET %s (linked from %s): %v", l.url, l.from, err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	where := fmt.Sprintf("GET %s (linked from %s)", l.url, l.from)
	switch {
	case resp.StatusCode >= 500:
		t.Errorf("%s: %s\n%s", where, resp.Status, excerpt(body))
	case resp.StatusCode == http.StatusNotFound:
		t.Errorf("%s: 404, a link to a missing page", where)
	case resp.StatusCode == http.StatusForbidden:
		t.Errorf("%s: 403, a link shown to a role that may not open it", where)
	case resp.StatusCode >= 400:
		t.Errorf("%s: %s\n%s", where, resp.Status, excerpt(body))
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("%s: no Content-Security-Policy header", where)
	}
	if loc := resp.Header.Get("Location"); resp.StatusCode >= 300 && resp.StatusCode < 400 && loc != "" {
		c.add(loc, l.url)
		return
	}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if strings.Contains(l.url, ".csv") || strings.Contains(l.url, "format=csv") {
		c.csv++
		if ct != "text/csv" {
			t.Errorf("%s: a CSV link answers %q", where, resp.Header.Get("Content-Type"))
		}
	}
	if ct != "text/html" || resp.StatusCode != http.StatusOK {
		return
	}
	c.page(l, body)
}

// page checks an HTML page and queues its links and GET forms.
func (c *crawler) page(l link, body []byte) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		c.t.Errorf("GET %s (linked from %s): HTML does not parse: %v", l.url, l.from, err)
		return
	}
	var title, main bool
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "title":
			title = title || strings.TrimSpace(text(n)) != ""
		case "main":
			main = true
		case "a", "link":
			if n.Data == "link" && attr(n, "rel") != "alternate" {
				continue
			}
			if href := attr(n, "href"); href != "" && !strings.HasPrefix(href, "mailto:") {
				c.add(href, l.url)
			}
		case "form":
			if m := strings.ToLower(attr(n, "method")); m == "" || m == "get" {
				c.add(formURL(n), l.url)
			}
		}
	}
	if !title {
		c.t.Errorf("GET %s (linked from %s): no <title>", l.url, l.from)
	}
	if !main {
		c.t.Errorf("GET %s (linked from %s): no <main>", l.url, l.from)
	}
}

// formURL is the URL a GET form submits with its default values: text
// inputs as given, checked boxes, and each select's selected (or first)
// option.
func formURL(form *html.Node) string {
	q := url.Values{}
	for n := range form.Descendants() {
		if n.Type != html.ElementNode || attr(n, "name") == "" || hasAttr(n, "disabled") {
			continue
		}
		name := attr(n, "name")
		switch n.Data {
		case "input":
			switch attr(n, "type") {
			case "checkbox", "radio":
				if hasAttr(n, "checked") {
					q.Add(name, valueOr(n, "on"))
				}
			case "submit", "button", "image", "file", "reset":
			default:
				if v := attr(n, "value"); v != "" {
					q.Add(name, v)
				}
			}
		case "select":
			var first, chosen *html.Node
			for o := range n.Descendants() {
				if o.Type == html.ElementNode && o.Data == "option" {
					if first == nil {
						first = o
					}
					if chosen == nil && hasAttr(o, "selected") {
						chosen = o
					}
				}
			}
			if chosen == nil {
				chosen = first
			}
			if chosen != nil {
				if v := valueOr(chosen, strings.TrimSpace(text(chosen))); v != "" {
					q.Add(name, v)
				}
			}
		case "textarea":
			if v := strings.TrimSpace(text(n)); v != "" {
				q.Add(name, v)
			}
		}
	}
	// An empty action submits to the page itself.
	action := attr(form, "action")
	if len(q) == 0 {
		return action
	}
	return action + "?" + q.Encode()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
}

func valueOr(n *html.Node, def string) string {
	if hasAttr(n, "value") {
		return attr(n, "value")
	}
	return def
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// excerpt shortens a response body for a failure message.
func excerpt(b []byte) string {
	const max = 400
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
