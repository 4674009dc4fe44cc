package web

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo"
)

// TestMergePatch runs the examples of RFC 7396 Appendix A.
func TestMergePatch(t *testing.T) {
	tests := []struct{ target, patch, want string }{
		{`{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{`{"a":"b"}`, `{"a":null}`, `{}`},
		{`{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{`{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{`["a","b"]`, `["c","d"]`, `["c","d"]`},
		{`{"a":"b"}`, `["c"]`, `["c"]`},
		{`{"a":"foo"}`, `null`, `null`},
		{`{"a":"foo"}`, `"bar"`, `"bar"`},
		{`{"e":null}`, `{"a":1}`, `{"a":1,"e":null}`},
		{`[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`},
		{`{"n":9007199254740993}`, `{"m":1}`, `{"m":1,"n":9007199254740993}`},
	}
	for _, tt := range tests {
		var target, patch any
		if err := decodeNumbers([]byte(tt.target), &target); err != nil {
			t.Fatal(err)
		}
		if err := decodeNumbers([]byte(tt.patch), &patch); err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(mergePatch(target, patch))
		if string(got) != tt.want {
			t.Errorf("merge %s with %s = %s, want %s", tt.target, tt.patch, got, tt.want)
		}
	}
}

func TestDiagnose(t *testing.T) {
	tests := []struct {
		name string
		t    reflect.Type
		doc  string
		want []pmo.FieldError
	}{
		{"nested array", reflect.TypeFor[pmo.Portfolio](),
			`{"custom_fields":[{"key":"a","label":"b","type":"text"},{"key":"c","label":1,"typo":"x"}]}`,
			[]pmo.FieldError{{Field: "custom_fields[1].label", Detail: "must be a string"},
				{Field: "custom_fields[1].typo", Detail: "is not a known field"}}},
		{"custom decoder", reflect.TypeFor[pmo.StatusReport](), `{"period":"2026-W99","schedule":["green"]}`,
			[]pmo.FieldError{{Field: "period", Detail: `"2026-W99" is not a period such as 2026-W48, 2026-11 or 2026-Q4`},
				{Field: "schedule", Detail: "must be a string"}}},
		{"embedded fields", reflect.TypeFor[pmo.Risk](), `{"title":"t","probability":1.5,"Owner":"exact names only"}`,
			[]pmo.FieldError{{Field: "Owner", Detail: "is not a known field"},
				{Field: "probability", Detail: "must be an integer in range"}}},
		{"maps take anything", reflect.TypeFor[pmo.Project](), `{"custom_fields":{"a":[1,{"b":null}]},"tags":null}`, nil},
		{"not an object", reflect.TypeFor[pmo.Project](), `{"budget_at_completion":5}`,
			[]pmo.FieldError{{Field: "budget_at_completion", Detail: "must be an object"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, diagnose(tt.t, []byte(tt.doc))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	for in, want := range map[string]bool{
		"": false, "gzip": true, "deflate, gzip;q=0.5": true, "GZIP": true, "gzip;q=0": false, "br": false, "x-gzip": false,
	} {
		if got := acceptsGzip(in); got != want {
			t.Errorf("acceptsGzip(%q) = %v", in, got)
		}
	}
}
