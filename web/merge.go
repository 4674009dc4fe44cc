package web

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"reflect"
)

// readPatch reads a JSON Merge Patch (RFC 7396) for a T: a JSON object whose
// members must be fields of T of the right type; read-only fields are refused.
func readPatch[T any](r *http.Request, readOnly []string) (map[string]any, error) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json-patch+json" {
		return nil, newProblem(http.StatusUnsupportedMediaType,
			"JSON Patch (RFC 6902) is not supported; send a JSON Merge Patch (RFC 7396) as application/merge-patch+json",
			fieldError("Content-Type", "must be application/merge-patch+json or application/json"))
	}
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	obj, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	fields := readOnlyFields(obj, readOnly)
	fields = append(fields, diagnose(reflect.TypeFor[T](), body)...)
	if len(fields) > 0 {
		return nil, badRequest("the patch does not match the schema", fields...)
	}
	var patch map[string]any
	if err := decodeNumbers(body, &patch); err != nil {
		return nil, badRequest("malformed JSON: " + err.Error())
	}
	return patch, nil
}

// applyPatch returns a copy of cur with the merge patch applied, decoded
// strictly so that a patch cannot smuggle in what a POST could not.
func applyPatch[T any](cur *T, patch map[string]any) (*T, error) {
	b, err := json.Marshal(cur)
	if err != nil {
		return nil, err
	}
	var doc any
	if err := decodeNumbers(b, &doc); err != nil {
		return nil, err
	}
	merged, err := json.Marshal(mergePatch(doc, patch))
	if err != nil {
		return nil, err
	}
	next := new(T)
	if err := decodeStrict(merged, next, nil); err != nil {
		return nil, err
	}
	return next, nil
}

// mergePatch applies patch to target as RFC 7396 §2 describes: objects
// merge member by member, null removes a member, anything else replaces.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
		} else {
			t[k] = mergePatch(t[k], v)
		}
	}
	return t
}

// decodeNumbers decodes JSON keeping numbers as json.Number, so that large
// integers (money in minor units) survive the round trip exactly.
func decodeNumbers(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}
