package web

import (
	"reflect"
	"slices"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
)

// schemaTypes are the named top-level schemas of the API. Types they refer
// to get a component of their own, named after the Go type.
var schemaTypes = map[string]reflect.Type{
	"Portfolio":     reflect.TypeFor[pmo.Portfolio](),
	"Program":       reflect.TypeFor[pmo.Program](),
	"Project":       reflect.TypeFor[pmo.Project](),
	"StatusReport":  reflect.TypeFor[pmo.StatusReport](),
	"Milestone":     reflect.TypeFor[pmo.Milestone](),
	"Risk":          reflect.TypeFor[pmo.Risk](),
	"Issue":         reflect.TypeFor[pmo.Issue](),
	"Action":        reflect.TypeFor[pmo.Action](),
	"Decision":      reflect.TypeFor[pmo.Decision](),
	"Dependency":    reflect.TypeFor[pmo.Dependency](),
	"ChangeRequest": reflect.TypeFor[pmo.ChangeRequest](),
	"Transition":    reflect.TypeFor[pmo.Transition](),
	"Rollup":        reflect.TypeFor[pmo.Rollup](),
	"Health":        reflect.TypeFor[health](),
	"Problem":       reflect.TypeFor[problem](),
	// Accounts and audit (web/auth_api.go).
	"User":           reflect.TypeFor[pmo.User](),
	"NewUser":        reflect.TypeFor[newUser](),
	"Grants":         reflect.TypeFor[grantsBody](),
	"Disabled":       reflect.TypeFor[disabledBody](),
	"Token":          reflect.TypeFor[pmo.Token](),
	"PasswordChange": reflect.TypeFor[passwordChange](),
	"AuditRecord":    reflect.TypeFor[pmo.AuditRecord](),
	// Governance (web/api_governance.go).
	"FrameworkVersion":  reflect.TypeFor[pmo.FrameworkVersion](),
	"Framework":         reflect.TypeFor[frameworkBody](),
	"FrameworkContent":  reflect.TypeFor[governance.Framework](),
	"FrameworkDocument": reflect.TypeFor[frameworkDocument](),
	"FrameworkChanges":  reflect.TypeFor[frameworkChanges](),
	"DryRun":            reflect.TypeFor[dryRunBody](),
	"DraftFinding":      reflect.TypeFor[governance.Finding](),
	"AuditRequest":      reflect.TypeFor[auditRequest](),
	"AuditRun":          reflect.TypeFor[pmo.AuditRun](),
	"Finding":           reflect.TypeFor[pmo.Finding](),
	"Insights":          reflect.TypeFor[compliance.Insights](),
	"GateReview":        reflect.TypeFor[pmo.GateReview](),
	"GateRequest":       reflect.TypeFor[gateRequest](),
	"GateDecision":      reflect.TypeFor[gateDecision](),
	"GateResult":        reflect.TypeFor[governance.GateResult](),
	"Waiver":            reflect.TypeFor[pmo.Waiver](),
	"NewWaiver":         reflect.TypeFor[newWaiver](),
	"RuleStat":          reflect.TypeFor[compliance.RuleStat](),
	"RuleComment":       reflect.TypeFor[pmo.RuleComment](),
	"NewComment":        reflect.TypeFor[newComment](),
}

// enumTypes are string types with a closed set of values.
var enumTypes = map[reflect.Type][]string{
	reflect.TypeFor[pmo.Stage]():       strs(pmo.Stages),
	reflect.TypeFor[pmo.State]():       strs(pmo.States),
	reflect.TypeFor[pmo.RAG]():         strs(pmo.RAGs),
	reflect.TypeFor[pmo.ChangeState](): strs(pmo.ChangeStates),
	reflect.TypeFor[pmo.Trend]():       {string(pmo.Improving), string(pmo.Stable), string(pmo.Deteriorating), string(pmo.NewTrend)},
	reflect.TypeFor[pmo.PMOType]():     {string(pmo.ProgramPMO), string(pmo.OrganisationalPMO), string(pmo.ExecutivePMO)},
	reflect.TypeFor[pmo.Cadence]():     {string(pmo.Weekly), string(pmo.Fortnightly), string(pmo.Monthly), string(pmo.Quarterly)},
	reflect.TypeFor[pmo.Level]():       {string(pmo.ProjectLevel), string(pmo.ProgramLevel), string(pmo.PortfolioLevel)},
	reflect.TypeFor[pmo.FieldType]():   {string(pmo.TextField), string(pmo.NumberField), string(pmo.DateField), string(pmo.ChoiceField)},
	reflect.TypeFor[pmo.Role]():        strs(pmo.Roles),
	reflect.TypeFor[pmo.ScopeKind]():   {string(pmo.ScopeAll), string(pmo.ScopePortfolio), string(pmo.ScopeProgram), string(pmo.ScopeProject)},
	reflect.TypeFor[pmo.TokenScope]():  {string(pmo.ScopeRead), string(pmo.ScopeReadWrite)},
	reflect.TypeFor[pmo.GateOutcome](): strs(pmo.GateOutcomes),
}

// fieldRefinements add to generated properties what Go types cannot say:
// closed sets of strings and numeric ranges, by schema and field.
var fieldRefinements = map[string]map[string]map[string]any{
	"Project":       {"priority": rangeOf(1, 5)},
	"ChangeRequest": {"priority": rangeOf(1, 5)},
	"Risk": {"status": enumOf(pmo.RiskStatuses...), "kind": enumOf("threat", "opportunity"),
		"response":    enumOf(append([]string{""}, pmo.RiskResponses...)...),
		"probability": rangeOf(1, 5), "impact": rangeOf(1, 5), "score": rangeOf(1, 25)},
	"Issue": {"status": enumOf(pmo.IssueStatuses...), "type": enumOf(pmo.IssueTypes...),
		"severity": enumOf(pmo.IssueSeverities...)},
	"Action":     {"status": enumOf(pmo.ActionStatuses...)},
	"Decision":   {"status": enumOf(pmo.DecisionStatuses...)},
	"Dependency": {"status": enumOf(pmo.DependencyStatuses...)},
	// Set from the signed-in user (web/auth.go); a value sent is ignored.
	"StatusReport": {"submitted_by": signedInUser},
	"Transition":   {"actor": signedInUser},
	"Token": {"token": {"description": "the secret, in the response to its creation only; send it as Authorization: Bearer <token>"},
		"scope": {"description": "read tokens may only read (GET); read-write tokens act with all their owner's roles"}},
}

var signedInUser = map[string]any{"description": "set by the server to the signed-in user; a value sent is ignored"}

func enumOf(vals ...string) map[string]any { return map[string]any{"enum": vals} }

func rangeOf(lo, hi int) map[string]any { return map[string]any{"minimum": lo, "maximum": hi} }

// schemaGen derives JSON Schemas (draft 2020-12, as OpenAPI 3.1 uses) from
// Go types and their json tags.
type schemaGen struct {
	components map[string]any
	readOnly   map[string][]string // schema name -> fields marked readOnly
	names      map[reflect.Type]string
}

func newSchemaGen(readOnly map[string][]string) *schemaGen {
	g := &schemaGen{components: map[string]any{}, readOnly: readOnly, names: map[reflect.Type]string{}}
	for name, t := range schemaTypes {
		g.names[t] = name
	}
	return g
}

// ref returns a reference to the component for t, generating it once.
func (g *schemaGen) ref(t reflect.Type) map[string]any {
	name, ok := g.names[t]
	if !ok {
		name = t.Name()
		g.names[t] = name
	}
	if _, done := g.components[name]; !done {
		g.components[name] = nil // reserve the name while recursing
		g.components[name] = g.object(name, t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// object describes a struct: its JSON fields, embedded ones promoted.
func (g *schemaGen) object(name string, t reflect.Type) map[string]any {
	props := map[string]any{}
	for _, f := range structFields(t) {
		s := g.schema(f.Type)
		for k, v := range fieldRefinements[name][f.Name] {
			s[k] = v
		}
		if slices.Contains(g.readOnly[name], f.Name) {
			s["readOnly"] = true // JSON Schema 2020-12 allows it beside $ref
		}
		props[f.Name] = s
	}
	return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
}

var (
	dateType   = reflect.TypeFor[pmo.Date]()
	periodType = reflect.TypeFor[pmo.Period]()
	timeType   = reflect.TypeFor[time.Time]()
	exprType   = reflect.TypeFor[governance.Expr]()
)

// schema describes any Go type the API exchanges.
func (g *schemaGen) schema(t reflect.Type) map[string]any {
	switch t {
	case dateType:
		return map[string]any{"type": []string{"string", "null"}, "format": "date", "examples": []string{"2026-11-27"}}
	case periodType:
		return map[string]any{"type": []string{"string", "null"}, "pattern": `^\d{4}-(W\d{2}|Q[1-4]|\d{2})$`,
			"description": "an ISO week, a month or a quarter", "examples": []string{"2026-W48", "2026-11", "2026-Q4"}}
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case exprType:
		return map[string]any{"type": "string", "description": "a CEL expression over the project view (docs/GOVERNANCE.md)"}
	}
	if vals, ok := enumTypes[t]; ok {
		return map[string]any{"type": "string", "enum": vals}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return map[string]any{"anyOf": []any{g.schema(t.Elem()), map[string]any{"type": "null"}}}
	case reflect.Struct:
		return g.ref(t)
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": []string{"array", "null"}, "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int64, reflect.Uint64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	}
	panic("web: no JSON schema for " + t.String())
}

// list describes the envelope of a list of the named schema.
func (g *schemaGen) list(item string) map[string]any {
	return map[string]any{
		"type":     "object",
		"required": []string{"items", "total"},
		"properties": map[string]any{
			"items":       map[string]any{"type": "array", "items": g.ref(schemaTypes[item])},
			"total":       map[string]any{"type": "integer", "description": "records matching the filter"},
			"next_cursor": map[string]any{"type": "string", "description": "cursor of the next page; absent on the last"},
		},
		"additionalProperties": false,
	}
}
