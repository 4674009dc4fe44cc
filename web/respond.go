package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

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

// versionETag is the strong entity tag of a record version.
func versionETag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// etagList splits an If-Match or If-None-Match value into its entity tags.
func etagList(header string) []string {
	var tags []string
	for _, t := range strings.Split(header, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// notModified reports whether If-None-Match matches etag (weak comparison,
// RFC 9110 §13.1.2), in which case the caller answers 304.
func notModified(r *http.Request, etag string) bool {
	h := r.Header.Get("If-None-Match")
	if h == "" {
		return false
	}
	for _, t := range etagList(h) {
		if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

// requireIfMatch returns the If-Match entity tags; 428 when there are none.
func requireIfMatch(r *http.Request) ([]string, error) {
	tags := etagList(r.Header.Get("If-Match"))
	if len(tags) == 0 {
		return nil, newProblem(http.StatusPreconditionRequired,
			"this request needs If-Match with the ETag from your last read, so it cannot overwrite a change you have not seen",
			fieldError("If-Match", "is required"))
	}
	if len(tags) == 1 && tags[0] == "*" {
		return nil, newProblem(http.StatusPreconditionRequired,
			"If-Match: * is not accepted; send the ETag from your last read",
			fieldError("If-Match", "must name a version"))
	}
	return tags, nil
}

// checkIfMatch answers 412 unless one of tags is etag (strong comparison).
func checkIfMatch(tags []string, etag string) error {
	for _, t := range tags {
		if t == etag {
			return nil
		}
	}
	return newProblem(http.StatusPreconditionFailed,
		"the record has changed since you read it (current ETag "+etag+"); read it again and retry",
		fieldError("If-Match", "does not match the current version %s", etag))
}
