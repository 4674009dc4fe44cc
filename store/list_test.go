package store

import (
	"cmp"
	"testing"

	"github.com/pmohq/pmo"
)

// walk pages through a list with the given page size and returns every
// row, checking that Total is stable and no id repeats.
func walk[T any](t *testing.T, limit int, id func(*T) int64, fetch func(pmo.ListOptions) ([]*T, pmo.Page, error)) []*T {
	t.Helper()
	var all []*T
	seen := map[int64]bool{}
	total := -1
	opts := pmo.ListOptions{Limit: limit}
	for range 1000 {
		items, page, err := fetch(opts)
		if err != nil {
			t.Fatalf("fetch %+v: %v", opts, err)
		}
		if total >= 0 && page.Total != total {
			t.Fatalf("total changed from %d to %d", total, page.Total)
		}
		total = page.Total
		if len(items) > limit {
			t.Fatalf("page of %d rows exceeds limit %d", len(items), limit)
		}
		for _, it := range items {
			if seen[id(it)] {
				t.Fatalf("id %d appears twice", id(it))
			}
			seen[id(it)] = true
		}
		all = append(all, items...)
		if page.NextCursor == "" {
			if len(all) != total {
				t.Fatalf("walked %d rows, total says %d", len(all), total)
			}
			return all
		}
		if len(items) != limit {
			t.Fatalf("a page before the last has %d rows, want %d", len(items), limit)
		}
		opts.Cursor = page.NextCursor
	}
	t.Fatal("paging does not end")
	return nil
}

// sortValue is an int64 or a string, as the SQL sort expression yields.
type sortValue any

// checkOrder verifies rows are ordered by (key, id), descending when desc.
func checkOrder[T any](t *testing.T, rows []*T, key func(*T) sortValue, id func(*T) int64, desc bool) {
	t.Helper()
	for i := 1; i < len(rows); i++ {
		c := compareValues(key(rows[i-1]), key(rows[i]))
		if c == 0 {
			c = cmp.Compare(id(rows[i-1]), id(rows[i]))
		}
		if desc {
			c = -c
		}
		if c >= 0 {
			t.Fatalf("rows %d and %d out of order: %v/%d then %v/%d", i-1, i, key(rows[i-1]), id(rows[i-1]), key(rows[i]), id(rows[i]))
		}
	}
}

func compareValues(a, b sortValue) int {
	switch a := a.(type) {
	case int:
		return cmp.Compare(a, b.(int))
	case int64:
		return cmp.Compare(a, b.(int64))
	case string:
		return cmp.Compare(a, b.(string))
	}
	panic("unsupported sort value")
}

// dateKey mirrors COALESCE(date, '9999-12-31').
func dateKey(d pmo.Date) sortValue {
	if d.IsZero() {
		return "9999-12-31"
	}
	return d.String()
}

func TestListOptionsInvalid(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		for i := range 3 {
			mustProject(t, db, pf.ID, string(rune('A'+i)))
		}
		_, page, err := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 1}})
		must(t, err)
		tests := []struct {
			name  string
			opts  pmo.ListOptions
			field string
		}{
			{"unknown sort", pmo.ListOptions{Sort: "colour"}, "sort"},
			{"sql in sort", pmo.ListOptions{Sort: "code; DROP TABLE projects"}, "sort"},
			{"negative limit", pmo.ListOptions{Limit: -1}, "limit"},
			{"limit too large", pmo.ListOptions{Limit: pmo.MaxLimit + 1}, "limit"},
			{"garbage cursor", pmo.ListOptions{Cursor: "!!!"}, "cursor"},
			{"base64 but not json", pmo.ListOptions{Cursor: "aGVsbG8"}, "cursor"},
			{"cursor of another sort", pmo.ListOptions{Sort: "name", Limit: 1, Cursor: page.NextCursor}, "cursor"},
			{"text value in numeric cursor", pmo.ListOptions{Sort: "priority", Cursor: encodeCursor(cursor{Sort: "priority", Value: "x", ID: 1})}, "cursor"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: tt.opts})
				wantKind(t, err, pmo.Invalid, tt.field)
				_, _, err = db.Risks().Find(ctx, pmo.RecordFilter{ListOptions: tt.opts})
				if tt.field != "cursor" || tt.name == "garbage cursor" {
					wantKind(t, err, pmo.Invalid, tt.field)
				}
			})
		}
		items, _, err := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit}})
		must(t, err)
		if len(items) != 3 {
			t.Errorf("limit MaxLimit: %d rows, want 3", len(items))
		}
		items, _, err = db.FindProjects(ctx, pmo.ProjectFilter{})
		must(t, err)
		if len(items) != 3 {
			t.Errorf("default limit: %d rows, want 3", len(items))
		}
	})
}

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x LIKE ? ESCAPE '\\' AND y = '?' AND z = ?", "x LIKE $1 ESCAPE '\\' AND y = '?' AND z = $2"},
	}
	for _, tt := range tests {
		if got := rebindDollar(tt.in); got != tt.want {
			t.Errorf("rebindDollar(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCursorStableUnderWrites: rows added before the cursor do not shift
// later pages (no duplicates), rows added after it appear.
func TestCursorStableUnderWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		for _, c := range []string{"B", "D", "F", "H"} {
			mustProject(t, db, pf.ID, c)
		}
		first, page, err := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 2}})
		must(t, err)
		mustProject(t, db, pf.ID, "A") // before the cursor
		mustProject(t, db, pf.ID, "G") // after it
		rest, page2, err := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 10, Cursor: page.NextCursor}})
		must(t, err)
		var got []string
		for _, p := range append(first, rest...) {
			got = append(got, p.Code)
		}
		if d := diff([]string{"B", "D", "F", "G", "H"}, got); d != "" || page2.Total != 6 || page2.NextCursor != "" {
			t.Errorf("total %d next %q; codes (-want +got):\n%s", page2.Total, page2.NextCursor, d)
		}
	})
}

func TestListSkipTotalAndIDs(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		for _, code := range []string{"A", "B", "C"} {
			mustProject(t, db, pf.ID, code)
		}
		ps, page, err := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 2, SkipTotal: true}})
		must(t, err)
		if len(ps) != 2 || page.Total != 0 || page.NextCursor == "" {
			t.Errorf("skip total: %d rows, total %d, cursor %q; want 2 rows, 0, a cursor", len(ps), page.Total, page.NextCursor)
		}
		ps, page, err = db.FindProjects(ctx, pmo.ProjectFilter{IDs: []int64{ps[1].ID, ps[0].ID, 999999}})
		must(t, err)
		if len(ps) != 2 || page.Total != 2 || ps[0].Code != "A" || ps[1].Code != "B" {
			t.Errorf("by ids: %d rows, total %d", len(ps), page.Total)
		}
	})
}
