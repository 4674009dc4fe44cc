package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/pmohq/pmo"
)

// readBody checks that the request carries JSON and returns its body.
// A missing or non-JSON content type is 415; a body over the limit is 413
// (via *http.MaxBytesError); an empty body or invalid UTF-8 is 400.
func readBody(r *http.Request) ([]byte, error) {
	if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, err
		}
		return nil, badRequest("the request body could not be read")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, badRequest("the request body is empty; send a JSON object")
	}
	if off := invalidUTF8(body); off >= 0 {
		return nil, badRequest(fmt.Sprintf("the request body is not valid UTF-8 (byte offset %d)", off))
	}
	return body, nil
}

// checkContentType accepts application/json and any +json type (such as
// application/merge-patch+json) in UTF-8.
func checkContentType(ct string) error {
	const want = "send Content-Type: application/json"
	if ct == "" {
		return newProblem(http.StatusUnsupportedMediaType, "the request has no Content-Type; "+want,
			fieldError("Content-Type", "is required"))
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return newProblem(http.StatusUnsupportedMediaType, "unsupported Content-Type "+ct+"; "+want,
			fieldError("Content-Type", "must be application/json"))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return newProblem(http.StatusUnsupportedMediaType, "unsupported charset "+cs+"; JSON must be UTF-8",
			fieldError("Content-Type", "charset must be utf-8"))
	}
	return nil
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// parseObject checks that body is one well-formed JSON object and returns
// its members. Malformed JSON names the byte offset of the fault.
func parseObject(body []byte) (map[string]json.RawMessage, error) {
	var raw json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, badRequest(fmt.Sprintf("malformed JSON at byte offset %d: %s", syn.Offset,
				strings.TrimPrefix(syn.Error(), "json: ")))
		}
		return nil, badRequest("malformed JSON: " + err.Error())
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return nil, badRequest("the request body must be a JSON object")
	}
	return obj, nil
}

// readOnlyFields reports each of readOnly that obj sets.
func readOnlyFields(obj map[string]json.RawMessage, readOnly []string) []pmo.FieldError {
	var fields []pmo.FieldError
	for _, name := range readOnly {
		if _, ok := obj[name]; ok {
			fields = append(fields, fieldError(name, "is read-only; leave it out"))
		}
	}
	return fields
}

// decodeStrict decodes a JSON object into v (a pointer to a struct),
// refusing read-only fields, unknown fields (names must match exactly,
// although encoding/json would ignore case), wrong types and values a
// custom decoder rejects, each named in the problem.
func decodeStrict(body []byte, v any, readOnly []string) error {
	obj, err := parseObject(body)
	if err != nil {
		return err
	}
	fields := readOnlyFields(obj, readOnly)
	fields = append(fields, diagnose(reflect.TypeOf(v).Elem(), body)...)
	if len(fields) == 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			// diagnose should have found it; say what encoding/json says.
			fields = []pmo.FieldError{fieldError("", "%s", strings.TrimPrefix(err.Error(), "json: "))}
		}
	}
	if len(fields) > 0 {
		return badRequest("the request body does not match the schema", fields...)
	}
	return nil
}

// decodeJSON reads the request body and decodes it strictly into v.
func decodeJSON(r *http.Request, v any, readOnly []string) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	return decodeStrict(body, v, readOnly)
}
