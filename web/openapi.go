package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// openAPIVersion is the version of the OpenAPI specification the document follows.
const openAPIVersion = "3.1.0"

// openAPI builds the OpenAPI document from the route table.
func (s *Server) openAPI() map[string]any {
	readOnly := map[string][]string{}
	for _, rt := range s.routes {
		if rt.Body != "" && len(rt.ReadOnly) > 0 {
			readOnly[rt.Body] = rt.ReadOnly
		}
	}
	g := newSchemaGen(readOnly)
	paths := map[string]any{}
	var tags []any
	seenTag := map[string]bool{}
	for _, rt := range s.routes {
		item, _ := paths[rt.Pattern].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Pattern] = item
		}
		item[strings.ToLower(rt.Method)] = operation(g, rt)
		if !seenTag[rt.Tag] {
			seenTag[rt.Tag] = true
			tags = append(tags, map[string]any{"name": rt.Tag})
		}
	}
	g.ref(schemaTypes["Problem"])
	g.components["OpenAPI"] = map[string]any{"type": "object", "description": "an OpenAPI 3.1 document"}
	return map[string]any{
		"openapi": openAPIVersion,
		"info": map[string]any{
			"title":   "pmo API",
			"version": "1",
			"description": "JSON API of pmo. Errors are RFC 9457 problem+json documents whose errors " +
				"member names each field at fault. Writes to existing records need If-Match. Every operation " +
				"but the health check and this document needs a signed-in caller: an API token as " +
				"Authorization: Bearer <token> (401 without one), whose roles and scope must allow the call (403).",
			"license": map[string]any{"name": "see repository", "identifier": "MIT"},
		},
		"tags":  tags,
		"paths": paths,
		"components": map[string]any{"schemas": g.components, "responses": problemResponses(),
			"securitySchemes": securitySchemes},
		// Every operation needs a signed-in caller unless it says otherwise.
		"security": []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}},
	}
}

// securitySchemes are the two ways to sign in (web/auth.go): an API token
// as a Bearer token, or the session cookie of the pages (whose writes also
// need the X-CSRF-Token header).
var securitySchemes = map[string]any{
	"bearer": map[string]any{"type": "http", "scheme": "bearer",
		"description": "a personal API token (POST /api/v1/tokens or pmo token create); read tokens may only read"},
	"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookieSecure,
		"description": "the session of a signed-in browser; writes need the X-CSRF-Token header"},
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// operation documents one route.
func operation(g *schemaGen, rt route) map[string]any {
	op := map[string]any{
		"operationId": operationID(rt),
		"summary":     rt.Summary,
		"tags":        []string{rt.Tag},
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
		schema := map[string]any{"type": "string"}
		if m[1] == "id" {
			schema = map[string]any{"type": "integer", "format": "int64", "minimum": 1}
		}
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema})
	}
	for _, p := range rt.Params {
		params = append(params, queryParam(p))
	}
	if rt.IfMatch {
		params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": true,
			"description": "the ETag of the version you read", "schema": map[string]any{"type": "string"}})
	}
	if rt.ETag && rt.Method == http.MethodGet {
		params = append(params, map[string]any{"name": "If-None-Match", "in": "header",
			"description": "answer 304 when the record still has this ETag", "schema": map[string]any{"type": "string"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if rt.Body != "" {
		content := map[string]any{"application/json": map[string]any{"schema": g.ref(schemaTypes[rt.Body])}}
		if rt.Method == http.MethodPatch {
			content = map[string]any{"application/merge-patch+json": map[string]any{"schema": g.ref(schemaTypes[rt.Body])}}
		}
		if rt.YAML {
			content["application/yaml"] = map[string]any{"schema": map[string]any{"type": "string",
				"description": "the YAML document itself (text/yaml and application/x-yaml are accepted too)"}}
		}
		op["requestBody"] = map[string]any{"required": true, "content": content}
	}
	if rt.BodyMedia != "" {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			rt.BodyMedia: map[string]any{"schema": map[string]any{"type": "string"}}}}
	}
	op["responses"] = responses(g, rt)
	if publicRoutes[rt.Method+" "+rt.Pattern] {
		op["security"] = []any{}
	} else {
		res := op["responses"].(map[string]any)
		for _, c := range []string{"401", "403"} {
			res[c] = map[string]any{"$ref": "#/components/responses/" + c}
		}
	}
	return op
}

// responses lists the success response and the problems a route can answer.
func responses(g *schemaGen, rt route) map[string]any {
	status := rt.Status
	if status == 0 {
		status = http.StatusOK
	}
	ok := map[string]any{"description": http.StatusText(status)}
	if rt.Response != "" {
		var schema map[string]any
		switch {
		case strings.HasSuffix(rt.Response, "List"):
			schema = g.list(strings.TrimSuffix(rt.Response, "List"))
		case rt.Response == "OpenAPI":
			schema = map[string]any{"$ref": "#/components/schemas/OpenAPI"}
		default:
			schema = g.ref(schemaTypes[rt.Response])
		}
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": schema}}
	}
	if rt.ResponseMedia != "" {
		ok["content"] = map[string]any{rt.ResponseMedia: map[string]any{"schema": map[string]any{"type": "string"}}}
	}
	headers := map[string]any{}
	if rt.ETag {
		headers["ETag"] = map[string]any{"description": "version of the record", "schema": map[string]any{"type": "string"}}
	}
	if status == http.StatusCreated {
		headers["Location"] = map[string]any{"description": "URL of the new record", "schema": map[string]any{"type": "string"}}
	}
	if len(headers) > 0 {
		ok["headers"] = headers
	}
	res := map[string]any{strconv.Itoa(status): ok}
	problemRef := func(code int) {
		res[strconv.Itoa(code)] = map[string]any{"$ref": "#/components/responses/" + strconv.Itoa(code)}
	}
	problemRef(http.StatusBadRequest)
	problemRef(http.StatusInternalServerError)
	if rt.ETag && rt.Method == http.MethodGet {
		res["304"] = map[string]any{"description": "Not Modified"}
	}
	if strings.Contains(rt.Pattern, "{") || rt.Body != "" || rt.BodyMedia != "" || rt.NotFound {
		problemRef(http.StatusNotFound)
	}
	if rt.Body != "" || rt.BodyMedia != "" {
		for _, c := range []int{http.StatusConflict, http.StatusRequestEntityTooLarge,
			http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity} {
			problemRef(c)
		}
	}
	// Writes to an existing record can find it changed; most must say
	// which version they change.
	existing := strings.Contains(rt.Pattern, "{") && rt.Method != http.MethodGet
	if existing {
		problemRef(http.StatusConflict)
		problemRef(http.StatusPreconditionFailed)
	}
	if rt.IfMatch {
		problemRef(http.StatusPreconditionRequired)
	}
	return res
}

// problemResponses are the shared problem responses, keyed by status.
func problemResponses() map[string]any {
	out := map[string]any{}
	for _, c := range []int{400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 500} {
		out[strconv.Itoa(c)] = map[string]any{
			"description": http.StatusText(c),
			"content": map[string]any{problemContentType: map[string]any{
				"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}},
		}
	}
	return out
}

func queryParam(p param) map[string]any {
	var schema map[string]any
	switch p.Kind {
	case intParam:
		schema = map[string]any{"type": "integer"}
	case boolParam:
		schema = map[string]any{"type": "boolean"}
	case dateParam:
		schema = map[string]any{"type": "string", "format": "date"}
	default:
		schema = map[string]any{"type": "string"}
	}
	if p.Enum != nil {
		schema["enum"] = p.Enum
	}
	doc := p.Doc
	if p.Multi {
		schema = map[string]any{"type": "array", "items": schema}
		doc += " (repeat the parameter or separate values with commas)"
	}
	return map[string]any{"name": p.Name, "in": "query", "description": doc, "schema": schema,
		"style": "form", "explode": true}
}

// operationID derives a unique id from the method and pattern, e.g.
// get_api_v1_portfolios_id.
func operationID(rt route) string {
	id := strings.ToLower(rt.Method) + "_" + strings.Trim(rt.Pattern, "/")
	return strings.NewReplacer("/", "_", "{", "", "}", "", "-", "_", ".", "_").Replace(id)
}

// openAPIDocument returns the encoded document and its ETag, a content
// hash, building them on first use.
func (s *Server) openAPIDocument() ([]byte, string) {
	s.openapi.once.Do(func() {
		b, err := json.MarshalIndent(s.openAPI(), "", "  ")
		if err != nil {
			panic("web: OpenAPI document: " + err.Error())
		}
		sum := sha256.Sum256(b)
		s.openapi.doc, s.openapi.etag = b, `"`+hex.EncodeToString(sum[:8])+`"`
	})
	return s.openapi.doc, s.openapi.etag
}
