package web

import (
	"context"
	"encoding/csv"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/pmohq/pmo"
)

// listDef is one list page with its CSV export.
type listDef struct {
	path, title string
	page, csv   handlerFunc
}

// column is one column of a list: its header, the sort key it orders by
// (empty when it cannot sort), the plain value (for CSV and the default
// cell) and, optionally, richer cell markup.
type column[T any] struct {
	Label string
	Sort  string
	Num   bool
	Text  func(*T) string
	HTML  func(*T) template.HTML
}

// lister serves one list: parse the filter from the query, find a page,
// render columns. The CSV export pages through the same filter.
type lister[T any] struct {
	s                 *Server
	path, title, noun string
	// controls lists the filter controls shown, by parameter name.
	controls []string
	statuses []string
	find     func(ctx context.Context, q *query, opts pmo.ListOptions) ([]*T, pmo.Page, error)
	// columns builds the columns; lookup gives the project of a record,
	// links where a record's title leads the signed-in user.
	columns   func(lookup func(id int64) *pmo.Project, links recordLinks) []column[T]
	projectOf func(*T) []int64 // the projects a record names; nil for lists of projects
	csvCols   []column[T]      // extra columns for the CSV only
}

func (l lister[T]) def() listDef {
	return listDef{path: l.path, title: l.title, page: l.page, csv: l.csv}
}

// headerCell is one column header, linking to the list sorted by it.
type headerCell struct {
	Label, Href, Sorted string // Sorted: "ascending", "descending" or ""
	Num                 bool
}

// listPage is the data of list.html.
type listPage struct {
	basePage
	Noun     string
	Nouns    string
	URL      *url.URL
	Controls []control
	Chips    []chip
	Header   []headerCell
	Rows     [][]template.HTML
	Nums     []bool
	Total    int
	Shown    int
	NextURL  string
	FirstURL string
	CSVURL   string
	ResetURL string
	Extra    template.HTML // a chart above the table, e.g. the risk matrix
}

func (l lister[T]) page(w http.ResponseWriter, r *http.Request) error {
	s := l.s
	// A filter form sends its empty inputs too; keep the shareable URL
	// short by dropping them: htmx pushes the clean URL, a plain form
	// submission is redirected to it.
	if clean, ok := cleanQuery(r.URL); !ok {
		if r.Header.Get("HX-Request") == "" {
			http.Redirect(w, r, clean, http.StatusFound)
			return nil
		}
		w.Header().Set("HX-Push-Url", clean)
	}
	q := newQuery(r)
	opts := q.list(nil)
	items, page, err := l.find(r.Context(), q, opts)
	if err := q.err(); err != nil {
		return err
	}
	if err != nil {
		return listError(err)
	}
	lookup, err := lookupFor(r.Context(), s, items, l.projectOf)
	if err != nil {
		return err
	}
	cols := l.columns(lookup, listLinks(r, lookup))
	d := &listPage{basePage: s.base(r, l.title, l.path), Noun: l.noun, Nouns: strings.ToLower(l.title), URL: r.URL, Total: page.Total, Shown: len(items)}
	sort := r.URL.Query().Get("sort")
	for _, c := range cols {
		h := headerCell{Label: c.Label, Num: c.Num}
		if c.Sort != "" {
			next := c.Sort
			switch sort {
			case c.Sort:
				h.Sorted, next = "ascending", "-"+c.Sort
			case "-" + c.Sort:
				h.Sorted = "descending"
			}
			h.Href = withParam(r.URL, "sort", next)
		}
		d.Header = append(d.Header, h)
		d.Nums = append(d.Nums, c.Num)
	}
	for _, it := range items {
		row := make([]template.HTML, len(cols))
		for i, c := range cols {
			if c.HTML != nil {
				row[i] = c.HTML(it)
			} else {
				row[i] = template.HTML(template.HTMLEscapeString(c.Text(it)))
			}
		}
		d.Rows = append(d.Rows, row)
	}
	if page.NextCursor != "" {
		nq := r.URL.Query()
		nq.Set("cursor", page.NextCursor)
		d.NextURL = r.URL.Path + "?" + nq.Encode()
	}
	if r.URL.Query().Get("cursor") != "" {
		d.FirstURL = withParam(r.URL, "cursor", "")
	}
	cq := r.URL.Query()
	cq.Del("cursor")
	d.CSVURL = listURL(l.path+".csv", cq)
	d.ResetURL = "/" + l.path
	d.Controls, d.Chips, err = s.controls(r.Context(), r.URL, l.controls, l.statuses)
	if err != nil {
		return err
	}
	if l.path == "risks" && page.Total <= riskMatrixLimit {
		d.Extra, err = s.riskMatrixFor(r)
		if err != nil {
			return err
		}
	}
	return s.render(w, http.StatusOK, "list.html", d)
}

// cleanQuery returns u without empty query parameters, and whether it had none.
func cleanQuery(u *url.URL) (string, bool) {
	q := u.Query()
	ok := true
	for k, vs := range q {
		kept := vs[:0]
		for _, v := range vs {
			if strings.TrimSpace(v) != "" {
				kept = append(kept, v)
			}
		}
		if len(kept) != len(vs) {
			ok = false
		}
		if len(kept) == 0 {
			q.Del(k)
		} else {
			q[k] = kept
		}
	}
	return listURL(strings.TrimPrefix(u.Path, "/"), q), ok
}

// csvBatch is the page size of a CSV export.
const csvBatch = pmo.MaxLimit

// csv streams every row matching the filter as CSV, a page at a time.
func (l lister[T]) csv(w http.ResponseWriter, r *http.Request) error {
	s := l.s
	q := newQuery(r)
	opts := q.list(nil)
	opts.Limit, opts.Cursor = csvBatch, ""
	items, page, err := l.find(r.Context(), q, opts)
	if err := q.err(); err != nil {
		return err
	}
	if err != nil {
		return listError(err)
	}
	// Projects named by the rows, read a page at a time and kept for the
	// rest of the export.
	cache := map[int64]*pmo.Project{}
	fill := func(items []*T) error {
		if l.projectOf == nil {
			return nil
		}
		var ids []int64
		for _, it := range items {
			for _, id := range l.projectOf(it) {
				if _, ok := cache[id]; !ok {
					ids = append(ids, id)
				}
			}
		}
		ps, err := s.projectsByID(r.Context(), ids)
		for id, p := range ps {
			cache[id] = p
		}
		return err
	}
	lookup := func(id int64) *pmo.Project {
		if p, ok := cache[id]; ok {
			return p
		}
		return &pmo.Project{ID: id}
	}
	if err := fill(items); err != nil {
		return err
	}
	cols := append(l.columns(lookup, recordLinks{}), l.csvCols...)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+l.path+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.Label
	}
	_ = cw.Write(rec)
	rc := http.NewResponseController(w)
	for {
		for _, it := range items {
			for i, c := range cols {
				rec[i] = csvSafe(c.Text(it))
			}
			if err := cw.Write(rec); err != nil {
				return nil // the client went away
			}
		}
		cw.Flush()
		_ = rc.Flush()
		if page.NextCursor == "" {
			return nil
		}
		opts.Cursor = page.NextCursor
		items, page, err = l.find(r.Context(), newQuery(r), opts)
		if err == nil {
			err = fill(items)
		}
		if err != nil {
			// Headers are gone; end the body early and log.
			s.log.ErrorContext(r.Context(), "csv export failed", "request_id", requestIDFrom(r.Context()), "err", err)
			return nil
		}
	}
}

// csvSafe defuses values a spreadsheet would run as a formula.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		if _, err := parseDecimal(v); err != nil { // keep plain negative numbers
			return "'" + v
		}
	}
	return v
}

// lookupFor reads the projects a page of records names.
func lookupFor[T any](ctx context.Context, s *Server, items []*T, projectOf func(*T) []int64) (func(int64) *pmo.Project, error) {
	var ids []int64
	if projectOf != nil {
		for _, it := range items {
			ids = append(ids, projectOf(it)...)
		}
	}
	ps, err := s.projectsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	return func(id int64) *pmo.Project {
		if p := ps[id]; p != nil {
			return p
		}
		return &pmo.Project{ID: id}
	}, nil
}
