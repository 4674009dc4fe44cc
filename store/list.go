package store

import (
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
)

// where collects the conditions and arguments of a WHERE clause.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds "col IN (?, ...)" for a non-empty list of values.
func in[S ~string](w *where, col string, vals []S) {
	if len(vals) == 0 {
		return
	}
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = string(v)
	}
	w.add(col+" IN ("+placeholders(len(vals))+")", args...)
}

// like adds a case-insensitive substring match of q on any of cols.
func (w *where) like(q string, cols ...string) {
	q = strings.TrimSpace(q)
	if q == "" {
		return
	}
	pattern := "%" + escapeLike(asciiLower(q)) + "%"
	parts := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, c := range cols {
		parts[i] = "LOWER(" + c + ") LIKE ? ESCAPE '\\'"
		args[i] = pattern
	}
	w.add("("+strings.Join(parts, " OR ")+")", args...)
}

// equalFold adds a case-insensitive equality of col and v.
func (w *where) equalFold(col, v string) {
	w.add("LOWER("+col+") = ?", asciiLower(v))
}

// asciiLower lowers A-Z only. SQLite's LOWER() does no more, nor does
// PostgreSQL's on our "C"-collated columns; lowering values here, rather
// than with LOWER(?) in SQL where PostgreSQL would apply the database's
// locale, keeps matching identical on both.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func (w *where) clone() *where {
	return &where{conds: slices.Clone(w.conds), args: slices.Clone(w.args)}
}

// String is the WHERE clause, or "" without conditions.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// sortKey is a sortable SQL expression that is never NULL (nullable columns
// are wrapped in COALESCE) and is either an integer or text.
type sortKey struct {
	expr string
	num  bool
}

// pager is a parsed ListOptions: the sort key and direction, the limit and
// the position after which the page starts.
type pager struct {
	sort  string // as requested, e.g. "-score"
	key   sortKey
	desc  bool
	idCol string
	limit int
	after *cursor
	// skipTotal spares the count (pmo.ListOptions.SkipTotal).
	skipTotal bool
}

// cursor is the position of the last row of a page: its sort value and id.
// Sort names the sort it belongs to, so a cursor of another sort is refused.
type cursor struct {
	Sort  string `json:"s"`
	Value string `json:"v"`
	ID    int64  `json:"i"`
}

// newPager validates opts against the sort keys a list accepts.
func newPager(opts pmo.ListOptions, keys map[string]sortKey, def, idCol string) (*pager, error) {
	p := &pager{sort: opts.Sort, idCol: idCol, limit: opts.Limit, skipTotal: opts.SkipTotal}
	if p.sort == "" {
		p.sort = def
	}
	name, desc := strings.CutPrefix(p.sort, "-")
	key, ok := keys[name]
	if !ok {
		names := make([]string, 0, len(keys))
		for k := range keys {
			names = append(names, k)
		}
		slices.Sort(names)
		return nil, pmo.FieldErr("sort", "must be one of %s, optionally prefixed with -", strings.Join(names, ", "))
	}
	p.key, p.desc = key, desc
	switch {
	case p.limit == 0:
		p.limit = pmo.DefaultLimit
	case p.limit < 1 || p.limit > pmo.MaxLimit:
		return nil, pmo.FieldErr("limit", "must be between 1 and %d", pmo.MaxLimit)
	}
	if opts.Cursor != "" {
		c, err := decodeCursor(opts.Cursor)
		if err != nil || c.Sort != p.sort {
			return nil, pmo.FieldErr("cursor", "is not a cursor of this list and sort; start again from the first page")
		}
		if key.num {
			if _, err := strconv.ParseInt(c.Value, 10, 64); err != nil {
				return nil, pmo.FieldErr("cursor", "is malformed")
			}
		}
		p.after = c
	}
	return p, nil
}

func decodeCursor(s string) (*cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	var c cursor
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, err
	}
	if c.ID <= 0 {
		return nil, fmt.Errorf("cursor without id")
	}
	return &c, nil
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// keyset adds the condition that selects rows after the cursor.
func (p *pager) keyset(w *where) {
	if p.after == nil {
		return
	}
	var v any = p.after.Value
	if p.key.num {
		v, _ = strconv.ParseInt(p.after.Value, 10, 64)
	}
	op := ">"
	if p.desc {
		op = "<"
	}
	// A row-value comparison, which both databases can serve from an index.
	w.add("("+p.key.expr+", "+p.idCol+") "+op+" (?, ?)", v, p.after.ID)
}

// orderBy is the ORDER BY and LIMIT clause; it fetches one extra row to
// learn whether there is a next page.
func (p *pager) orderBy() string {
	return p.order(p.key.expr, p.idCol) + " LIMIT " + strconv.Itoa(p.limit+1)
}

// order is the ORDER BY clause on a sort value and an id in the direction
// of the sort.
func (p *pager) order(value, id string) string {
	dir := " ASC"
	if p.desc {
		dir = " DESC"
	}
	return " ORDER BY " + value + dir + ", " + id + dir
}

// listQuery describes a page query: the select list (without the sort key,
// which is appended), the FROM clause with joins, and the filter. countFrom,
// when set, is a leaner FROM clause for counting, without joins that only
// the select list needs. With deferred, the page is found on the ids and
// sort values alone and only its own rows are read in full: worth it for
// wide rows (projects) when the sort is not served by an index, as the sort
// then carries two columns per match instead of all of them.
type listQuery struct {
	cols      string
	from      string
	countFrom string
	w         *where
	pg        *pager
	deferred  bool
}

// findPage counts the filtered rows and reads one page of them. scan reads
// a row into a new T, with extra destinations appended (the sort value);
// idOf returns the id of a T for the cursor.
func findPage[T any](t *tx, q listQuery, scan func(rs rowScanner, extra ...any) (*T, error), idOf func(*T) int64) ([]*T, pmo.Page, error) {
	var page pmo.Page
	countFrom := q.countFrom
	if countFrom == "" {
		countFrom = q.from
	}
	if !q.pg.skipTotal {
		if err := t.queryRow("SELECT COUNT(*) FROM "+countFrom+q.w.String(), q.w.args...).Scan(&page.Total); err != nil {
			return nil, page, fmt.Errorf("count: %w", err)
		}
	}
	w := q.w.clone()
	q.pg.keyset(w)
	query := "SELECT " + q.cols + ", " + q.pg.key.expr + " FROM " + q.from + w.String() + q.pg.orderBy()
	if q.deferred {
		query = "SELECT " + q.cols + ", k.v FROM " + q.from + " JOIN (SELECT " + q.pg.idCol + " AS id, " +
			q.pg.key.expr + " AS v FROM " + q.from + w.String() + q.pg.orderBy() + ") k ON k.id = " + q.pg.idCol +
			q.pg.order("k.v", "k.id")
	}
	rows, err := t.query(query, w.args...)
	if err != nil {
		return nil, page, fmt.Errorf("list: %w", err)
	}
	defer rows.Close()
	items := []*T{}
	var last any
	for rows.Next() {
		var sv any
		item, err := scan(rows, &sv)
		if err != nil {
			return nil, page, fmt.Errorf("scan: %w", err)
		}
		if len(items) == q.pg.limit {
			page.NextCursor = encodeCursor(cursor{Sort: q.pg.sort, Value: sortText(last), ID: idOf(items[len(items)-1])})
			break
		}
		items = append(items, item)
		last = sv
	}
	if err := rows.Err(); err != nil {
		return nil, page, err
	}
	return items, page, nil
}

func sortText(v any) string {
	if s, ok := text(v); ok {
		return s
	}
	return fmt.Sprint(v)
}

var _ rowScanner = (*sql.Rows)(nil)
