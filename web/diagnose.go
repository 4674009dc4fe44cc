package web

import (
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/pmohq/pmo"
)

// diagnose walks a JSON document beside the Go type it should decode into
// and names every field that does not fit: unknown names (matched exactly,
// unlike encoding/json), wrong JSON types, and values a custom UnmarshalJSON
// rejects (whose errors encoding/json returns without a field name). The
// document must be well-formed.
func diagnose(t reflect.Type, doc []byte) []pmo.FieldError {
	var out []pmo.FieldError
	walk(t, doc, "", &out)
	return out
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func walk(t reflect.Type, raw json.RawMessage, path string, out *[]pmo.FieldError) {
	add := func(format string, args ...any) {
		*out = append(*out, fieldError(path, format, args...))
	}
	pt := reflect.PointerTo(t)
	if pt.Implements(jsonUnmarshaler) || pt.Implements(textUnmarshaler) {
		if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
			add("%s", strings.TrimPrefix(err.Error(), "json: "))
		}
		return
	}
	if string(raw) == "null" || t.Kind() == reflect.Interface {
		return // null leaves the zero value; an interface takes anything
	}
	switch t.Kind() {
	case reflect.Pointer:
		walk(t.Elem(), raw, path, out)
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			add("must be an object")
			return
		}
		fields := structFields(t)
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			ft, ok := lookupField(fields, k)
			if !ok {
				*out = append(*out, fieldError(joinPath(path, k), "is not a known field"))
				continue
			}
			walk(ft, obj[k], joinPath(path, k), out)
		}
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			add("must be an array")
			return
		}
		for i, item := range items {
			walk(t.Elem(), item, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Map:
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			add("must be an object")
			return
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			walk(t.Elem(), obj[k], joinPath(path, k), out)
		}
	default:
		if json.Unmarshal(raw, reflect.New(t).Interface()) != nil {
			add("must be %s", jsonTypeName(t))
		}
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// jsonTypeName describes the JSON a Go kind decodes from.
func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer in range"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "a " + t.Kind().String()
}

// jsonField is a struct field as encoding/json sees it.
type jsonField struct {
	Name  string
	Type  reflect.Type
	Index []int
}

var fieldCache sync.Map // reflect.Type -> []jsonField

// structFields lists the JSON fields of a struct type, with the fields of
// embedded structs promoted, as encoding/json does.
func structFields(t reflect.Type) []jsonField {
	if v, ok := fieldCache.Load(t); ok {
		return v.([]jsonField)
	}
	var fields []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for _, ef := range structFields(f.Type) {
				ef.Index = append([]int{i}, ef.Index...)
				fields = append(fields, ef)
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields = append(fields, jsonField{Name: name, Type: f.Type, Index: []int{i}})
	}
	fieldCache.Store(t, fields)
	return fields
}

// lookupField finds a field by its exact JSON name.
func lookupField(fields []jsonField, name string) (reflect.Type, bool) {
	for _, f := range fields {
		if f.Name == name {
			return f.Type, true
		}
	}
	return nil, false
}
