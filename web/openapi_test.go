package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pmohq/pmo/store"
)

func mustServer(tb testing.TB) *Server {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "pmo.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return New(db, Options{})
}

func openAPIBytes(s *Server) []byte {
	doc, _ := s.openAPIDocument()
	return doc
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// TestOpenAPIMatchesRoutes checks that the document and the mux agree:
// every route is documented, and every documented operation reaches its
// own handler rather than the mux's 404 or 405.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := mustServer(t)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIBytes(s), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	for _, rt := range s.routes {
		if _, ok := doc.Paths[rt.Pattern][strings.ToLower(rt.Method)]; !ok {
			t.Errorf("route %s %s is not documented", rt.Method, rt.Pattern)
		}
	}
	documented := 0
	for path, item := range doc.Paths {
		for method := range item {
			if !slices.Contains(httpMethods, method) {
				continue
			}
			documented++
			m := strings.ToUpper(method)
			url := strings.NewReplacer("{id}", "1", "{code}", "PRJ-1").Replace(path)
			req := httptest.NewRequest(m, url, nil)
			if _, pattern := s.mux.Handler(req); pattern != m+" "+path {
				t.Errorf("%s %s reaches mux pattern %q", m, url, pattern)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code == http.StatusMethodNotAllowed ||
				rec.Code == http.StatusNotFound && strings.Contains(rec.Body.String(), `"detail":"no resource at`) {
				t.Errorf("%s %s: the mux answered %d", m, url, rec.Code)
			}
		}
	}
	if documented != len(s.routes) {
		t.Errorf("%d documented operations, %d routes", documented, len(s.routes))
	}
}

// TestOpenAPIWellFormed checks what a validator would: references resolve,
// path parameters are declared, operation ids are unique, and problem
// responses use application/problem+json.
func TestOpenAPIWellFormed(t *testing.T) {
	s := mustServer(t)
	var doc map[string]any
	if err := json.Unmarshal(openAPIBytes(s), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"openapi", "info", "paths", "components"} {
		if doc[key] == nil {
			t.Errorf("no %s", key)
		}
	}
	walkJSON(doc, func(v map[string]any) {
		ref, ok := v["$ref"].(string)
		if !ok {
			return
		}
		if resolvePointer(doc, ref) == nil {
			t.Errorf("$ref %s does not resolve", ref)
		}
	})
	ids := map[string]bool{}
	param := regexp.MustCompile(`\{([^}]+)\}`)
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			op := op.(map[string]any)
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] {
				t.Errorf("%s %s: operationId %q missing or repeated", method, path, id)
			}
			ids[id] = true
			declared := map[string]bool{}
			ps, _ := op["parameters"].([]any)
			for _, p := range ps {
				p := p.(map[string]any)
				if p["in"] == "path" {
					declared[p["name"].(string)] = p["required"] == true
				}
				if p["schema"] == nil {
					t.Errorf("%s %s: parameter %v has no schema", method, path, p["name"])
				}
			}
			for _, m := range param.FindAllStringSubmatch(path, -1) {
				if !declared[m[1]] {
					t.Errorf("%s %s: path parameter %s not declared as required", method, path, m[1])
				}
			}
			if len(op["responses"].(map[string]any)) == 0 {
				t.Errorf("%s %s: no responses", method, path)
			}
		}
	}
	for code, r := range doc["components"].(map[string]any)["responses"].(map[string]any) {
		content := r.(map[string]any)["content"].(map[string]any)
		if content[problemContentType] == nil {
			t.Errorf("response %s is not problem+json", code)
		}
	}
	project := resolvePointer(doc, "#/components/schemas/Project").(map[string]any)["properties"].(map[string]any)
	if project["current_status"].(map[string]any)["readOnly"] != true || project["name"].(map[string]any)["readOnly"] != nil {
		t.Errorf("Project readOnly marks wrong: %v", project)
	}
}

func walkJSON(v any, f func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		f(v)
		for _, x := range v {
			walkJSON(x, f)
		}
	case []any:
		for _, x := range v {
			walkJSON(x, f)
		}
	}
}

// resolvePointer follows a local JSON pointer such as #/components/schemas/X.
func resolvePointer(doc any, ref string) any {
	if !strings.HasPrefix(ref, "#/") {
		return nil
	}
	cur := doc
	for _, part := range strings.Split(ref[2:], "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		cur = m[part]
	}
	return cur
}

func TestOpenAPIServed(t *testing.T) {
	s := mustServer(t)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/openapi.json", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != string(openAPIBytes(s)) {
		t.Fatalf("GET /api/openapi.json: %d", rec.Code)
	}
	req := httptest.NewRequest("GET", "/api/openapi.json", nil)
	req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("revalidation: %d", rec.Code)
	}
}

// TestOpenAPIValidator runs openapi-spec-validator over the document when
// the machine has it (pip install openapi-spec-validator).
func TestOpenAPIValidator(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil || exec.Command(py, "-c", "import openapi_spec_validator").Run() != nil {
		t.Skip("python3 with openapi_spec_validator is not installed")
	}
	s := mustServer(t)
	file := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(file, openAPIBytes(s), 0o600); err != nil {
		t.Fatal(err)
	}
	script := `import json, sys
from openapi_spec_validator import OpenAPIV31SpecValidator
errs = list(OpenAPIV31SpecValidator(json.load(open(sys.argv[1]))).iter_errors())
for e in errs: print(list(e.absolute_path), e.message[:300])
sys.exit(1 if errs else 0)`
	if out, err := exec.Command(py, "-c", script, file).CombinedOutput(); err != nil {
		t.Errorf("openapi-spec-validator: %v\n%s", err, out)
	}
}
