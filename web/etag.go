package web

import (
	"net/http"
	"strconv"
	"strings"
)

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
