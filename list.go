package pmo

// ListOptions pages and sorts a list. Sort names a field, with a leading "-"
// for descending order; each filter documents the fields it accepts.
type ListOptions struct {
	Sort   string
	Limit  int    // 1..MaxLimit; 0 means DefaultLimit
	Cursor string // opaque, from Page.NextCursor
	// SkipTotal leaves Page.Total at 0, sparing the count of every match
	// when the caller shows only the first rows (dashboards, previews).
	SkipTotal bool
}

// List limits.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Page describes a page of results.
type Page struct {
	Total      int    `json:"total"`                 // rows matching the filter
	NextCursor string `json:"next_cursor,omitempty"` // empty on the last page
}
