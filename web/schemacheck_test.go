package web_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pmohq/pmo/web"
)

// apiDoc is the server's OpenAPI document, loaded once, so every scenario
// can check its response against the schema the document promises.
var apiDoc struct {
	once sync.Once
	doc  map[string]any
}

func openAPIDoc(tb testing.TB) map[string]any {
	tb.Helper()
	apiDoc.once.Do(func() {
		rec := httptest.NewRecorder()
		web.New(mustEnv(tb).db, web.Options{}).ServeHTTP(rec, httptest.NewRequest("GET", "/api/openapi.json", nil))
		_ = json.Unmarshal(rec.Body.Bytes(), &apiDoc.doc)
	})
	if apiDoc.doc == nil {
		tb.Fatal("no OpenAPI document")
	}
	return apiDoc.doc
}

// checkResponse validates a JSON response body against the schema that the
// document gives for method, path and status; it reports anything
// undocumented: the operation, the status or a member of the body.
func checkResponse(tb testing.TB, method, path string, status int, body []byte) {
	tb.Helper()
	doc := openAPIDoc(tb)
	op := findOperation(doc, method, path)
	if op == nil && (status == 404 || status == 405) {
		// The mux's own answer for an undocumented path or method.
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			tb.Errorf("%s %s: body is not JSON: %v", method, path, err)
		}
		for _, e := range validate(doc, resolve(doc, "#/components/schemas/Problem"), v, "$") {
			tb.Errorf("%s %s %d: %s", method, path, status, e)
		}
		return
	}
	if op == nil {
		tb.Errorf("%s %s is not documented", method, path)
		return
	}
	res, ok := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
	if !ok {
		tb.Errorf("%s %s: status %d is not documented", method, path, status)
		return
	}
	if ref, ok := res["$ref"].(string); ok {
		res = resolve(doc, ref)
	}
	content, _ := res["content"].(map[string]any)
	if len(body) == 0 || content == nil {
		return
	}
	var media map[string]any
	for _, m := range content {
		media = m.(map[string]any)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		tb.Errorf("%s %s: body is not JSON: %v", method, path, err)
		return
	}
	for _, e := range validate(doc, media["schema"].(map[string]any), v, "$") {
		tb.Errorf("%s %s %d: %s", method, path, status, e)
	}
}

// findOperation matches a concrete path against the document's templates.
func findOperation(doc map[string]any, method, path string) map[string]any {
	path, _, _ = strings.Cut(path, "?")
	for tmpl, item := range doc["paths"].(map[string]any) {
		re := "^" + regexp.MustCompile(`\\\{[a-z_]+\\\}`).ReplaceAllString(regexp.QuoteMeta(tmpl), "[^/]+") + "$"
		if regexp.MustCompile(re).MatchString(path) {
			if op, ok := item.(map[string]any)[strings.ToLower(method)].(map[string]any); ok {
				return op
			}
		}
	}
	return nil
}

func resolve(doc map[string]any, ref string) map[string]any {
	var cur any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		cur = cur.(map[string]any)[part]
	}
	return cur.(map[string]any)
}

// validate checks v against the subset of JSON Schema the generator emits:
// $ref, type, enum, properties, additionalProperties, required, items,
// anyOf, allOf, minimum and maximum.
func validate(doc, s map[string]any, v any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		return validate(doc, resolve(doc, ref), v, at)
	}
	var errs []string
	if alts, ok := s["anyOf"].([]any); ok {
		matched := false
		for _, a := range alts {
			if len(validate(doc, a.(map[string]any), v, at)) == 0 {
				matched = true
			}
		}
		if !matched {
			errs = append(errs, at+": matches no alternative of anyOf")
		}
	}
	for _, a := range asSlice(s["allOf"]) {
		errs = append(errs, validate(doc, a.(map[string]any), v, at)...)
	}
	if t, ok := s["type"]; ok && !slices.Contains(asStrings(t), jsonType(v)) &&
		!(jsonType(v) == "integer" && slices.Contains(asStrings(t), "number")) {
		return append(errs, fmt.Sprintf("%s: %s, want %v", at, jsonType(v), t))
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		errs = append(errs, fmt.Sprintf("%s: %v is not in %v", at, v, enum))
	}
	if n, ok := v.(float64); ok {
		if min, ok := s["minimum"].(float64); ok && n < min {
			errs = append(errs, fmt.Sprintf("%s: %v < minimum %v", at, n, min))
		}
		if max, ok := s["maximum"].(float64); ok && n > max {
			errs = append(errs, fmt.Sprintf("%s: %v > maximum %v", at, n, max))
		}
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := v[r]; !ok {
				errs = append(errs, fmt.Sprintf("%s: lacks required %s", at, r))
			}
		}
		for k, x := range v {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, validate(doc, ps, x, at+"."+k)...)
			} else if ap, ok := s["additionalProperties"].(map[string]any); ok {
				errs = append(errs, validate(doc, ap, x, at+"."+k)...)
			} else if s["additionalProperties"] == false {
				errs = append(errs, fmt.Sprintf("%s: undocumented member %s", at, k))
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v {
				errs = append(errs, validate(doc, items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if v == math.Trunc(v) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	}
	return "object"
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func asStrings(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	var out []string
	for _, x := range asSlice(v) {
		out = append(out, x.(string))
	}
	return out
}
