package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
)

// query parses the query parameters of a request, collecting every fault
// so the client learns them all at once.
type query struct {
	v    url.Values
	errs []pmo.FieldError
}

func newQuery(r *http.Request) *query { return &query{v: r.URL.Query()} }

func (q *query) fail(name, format string, args ...any) {
	q.errs = append(q.errs, fieldError(name, format, args...))
}

// err returns a 400 problem naming every bad parameter, or nil.
func (q *query) err() error {
	if len(q.errs) == 0 {
		return nil
	}
	return badRequest("invalid query parameter", q.errs...)
}

// str returns a single-valued parameter.
func (q *query) str(name string) string {
	vs := q.v[name]
	if len(vs) > 1 {
		q.fail(name, "must be given once")
	}
	if len(vs) == 0 {
		return ""
	}
	return strings.TrimSpace(vs[0])
}

// strs returns a multi-valued parameter, given repeated or comma-separated.
func (q *query) strs(name string) []string {
	var out []string
	for _, v := range q.v[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// enum returns a multi-valued parameter whose values must be in allowed.
func enum[S ~string](q *query, name string, allowed []S) []S {
	var out []S
	for _, s := range q.strs(name) {
		if !slices.Contains(allowed, S(s)) {
			q.fail(name, "%q is not one of %v", s, allowed)
			continue
		}
		out = append(out, S(s))
	}
	return out
}

// scale returns a multi-valued parameter of points on the 1-5 scale
// (risk probability and impact).
func (q *query) scale(name string) []int {
	var out []int
	for _, s := range q.strs(name) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5 {
			q.fail(name, "%q is not on the 1-5 scale", s)
			continue
		}
		out = append(out, n)
	}
	return out
}

// id returns a positive integer id, or 0 when absent.
func (q *query) id(name string) int64 {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		q.fail(name, "must be a positive integer id, not %q", s)
		return 0
	}
	return n
}

// bool returns a boolean parameter: true, false, 1 or 0.
func (q *query) bool(name string) bool {
	s := q.str(name)
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		q.fail(name, "must be true or false, not %q", s)
	}
	return b
}

// date returns a YYYY-MM-DD parameter, or the zero Date when absent.
func (q *query) date(name string) pmo.Date {
	d, err := pmo.ParseDate(q.str(name))
	if err != nil {
		q.fail(name, "%s", err.Error())
	}
	return d
}

// list returns sort, limit and cursor. When sorts is not nil, sort must
// name one of them, optionally prefixed with "-" for descending order.
func (q *query) list(sorts []string) pmo.ListOptions {
	o := pmo.ListOptions{Sort: q.str("sort"), Cursor: q.str("cursor")}
	if o.Sort != "" && sorts != nil && !slices.Contains(sorts, strings.TrimPrefix(o.Sort, "-")) {
		q.fail("sort", "%q is not one of %v (prefix - for descending)", o.Sort, sorts)
	}
	if s := q.str("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > pmo.MaxLimit {
			q.fail("limit", "must be an integer from 1 to %d, not %q", pmo.MaxLimit, s)
		}
		o.Limit = n
	}
	return o
}

// listParams are the paging parameters every list accepts.
func listParams(sorts ...string) []param {
	sort := param{Name: "sort", Kind: stringParam, Doc: "field to sort by; prefix - for descending order"}
	for _, f := range sorts {
		sort.Enum = append(sort.Enum, f, "-"+f)
	}
	return []param{
		sort,
		{Name: "limit", Kind: intParam, Doc: "page size, 1-500 (default 50)"},
		{Name: "cursor", Kind: stringParam, Doc: "next_cursor of the previous page"},
	}
}

// pathID returns the positive integer path parameter "id".
func pathID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, badRequest("invalid path parameter", fieldError("id", "must be a positive integer, not %q", s))
	}
	return n, nil
}

// listError turns an Invalid error from a Find call into a 400: a filter
// the store rejects (an unknown sort, a stale cursor) is a bad parameter.
func listError(err error) error {
	if pmo.ErrorKind(err) == pmo.Invalid {
		return badRequest("invalid query parameter: "+pmo.ErrorMessage(err), pmo.ErrorFields(err)...)
	}
	return err
}
