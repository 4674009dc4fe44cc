package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/pmohq/pmo"
)

// writeJSON writes v as the JSON body of a response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
	return nil
}

// writeEntity writes one record with its ETag, or 304 when the client's
// If-None-Match already names it (GET only).
func writeEntity(w http.ResponseWriter, r *http.Request, status int, etag string, v any) error {
	w.Header().Set("ETag", etag)
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		w.Header().Set("Cache-Control", "no-cache")
		if notModified(r, etag) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	}
	return writeJSON(w, status, v)
}

// listBody is the envelope of every list.
type listBody[T any] struct {
	Items      []*T   `json:"items"`
	Total      int    `json:"total"`
	NextCursor string `json:"next_cursor,omitempty"` // absent on the last page
}

// writeList writes a page of items.
func writeList[T any](w http.ResponseWriter, items []*T, page pmo.Page) error {
	if items == nil {
		items = []*T{}
	}
	return writeJSON(w, http.StatusOK, listBody[T]{Items: items, Total: page.Total, NextCursor: page.NextCursor})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
