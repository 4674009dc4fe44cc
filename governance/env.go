package governance

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"
)

// env is the CEL environment of the project view, shared by all programs;
// cel.Env is safe for concurrent use.
var env = sync.OnceValues(func() (*cel.Env, error) {
	reg, err := types.NewRegistry()
	if err != nil {
		return nil, err
	}
	opts := []cel.EnvOption{
		cel.CustomTypeProvider(&provider{base: reg}),
		cel.CustomTypeAdapter(theAdapter),
		cel.Variable("project", projectType.celType),
		cel.Variable("status", statusType.celType),
		cel.Variable("risks", listOf(riskType)),
		cel.Variable("issues", listOf(issueType)),
		cel.Variable("actions", listOf(actionType)),
		cel.Variable("decisions", listOf(decisionType)),
		cel.Variable("dependencies", listOf(dependencyType)),
		cel.Variable("milestones", listOf(milestoneType)),
		cel.Variable("changes", listOf(changeType)),
		cel.Variable("artefacts", listOf(artefactType)),
		cel.Variable("approvals", listOf(approvalType)),
		cel.Variable("now", cel.TimestampType),
		cel.Variable("today", cel.TimestampType),
		ext.Strings(),
		cel.Function("days",
			cel.Overload("days_duration", []*cel.Type{cel.DurationType}, cel.IntType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					d, ok := v.(types.Duration)
					if !ok {
						return types.NewErr("days() needs a duration")
					}
					return types.Int(d.Duration / (24 * time.Hour))
				}))),
	}
	return cel.NewEnv(opts...)
})

// itemEnv extends env with item, the record a raid requirement's where filters.
var itemEnvs sync.Map // list name -> *cel.Env

func itemEnv(list string) (*cel.Env, error) {
	if e, ok := itemEnvs.Load(list); ok {
		return e.(*cel.Env), nil
	}
	base, err := env()
	if err != nil {
		return nil, err
	}
	e, err := base.Extend(cel.Variable("item", raidLists[list].celType))
	if err != nil {
		return nil, err
	}
	itemEnvs.Store(list, e)
	return e, nil
}

// raidLists are the lists a raid requirement may count.
var raidLists = map[string]*objType{
	"risks": riskType, "issues": issueType, "actions": actionType, "decisions": decisionType,
	"dependencies": dependencyType, "milestones": milestoneType, "changes": changeType,
}

// want is the result type an expression must have.
type want int

const (
	wantBool want = iota
	wantInt
	wantAny
)

// compile type-checks e and reports problems at their place in the
// document. what names the expression for the analyst ("rule X check").
func compile(ce *cel.Env, e Expr, what string, w want, er *errs) *cel.Ast {
	if strings.TrimSpace(e.Source) == "" {
		// The parser reports a missing expression where its field is
		// missing; a framework built in code has no position to report.
		if e.Pos.Line == 0 {
			er.add(e.Pos, "%s is empty", what)
		}
		return nil
	}
	ast, iss := ce.Compile(e.Source)
	if iss != nil && iss.Err() != nil {
		for _, x := range iss.Errors() {
			er.add(e.at(x.Location.Line(), x.Location.Column()), "%s: %s", what, explain(x.Message))
		}
		return nil
	}
	switch t := ast.OutputType(); {
	case w == wantBool && !t.IsExactType(cel.BoolType):
		er.add(e.Pos, "%s must be true or false, but it gives a %s; compare it with something, e.g. %s != \"\"", what, typeName(t), strings.TrimSpace(firstLine(e.Source)))
		return nil
	case w == wantInt && !t.IsExactType(cel.IntType):
		er.add(e.Pos, "%s must give a whole number, but it gives a %s", what, typeName(t))
		return nil
	}
	return ast
}

// at maps a CEL location (line from 1, column from 0) into the document.
func (e Expr) at(line, col int) Pos {
	if line < 1 {
		return e.Pos
	}
	if e.Block {
		return Pos{e.Pos.Line + line, e.Indent + col + 1}
	}
	if line == 1 {
		return Pos{e.Pos.Line, e.Pos.Column + col}
	}
	return Pos{e.Pos.Line + line - 1, col + 1}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func typeName(t *cel.Type) string {
	switch t.Kind() {
	case types.StringKind:
		return "text"
	case types.IntKind, types.UintKind:
		return "whole number"
	case types.DoubleKind:
		return "number"
	case types.TimestampKind:
		return "date/time"
	case types.NullTypeKind:
		return "null"
	case types.ListKind:
		return "list"
	case types.DynKind:
		return "value of unknown type (wrap it, e.g. string(x) == \"y\" or double(x) > 0.0)"
	}
	return t.String()
}

// explain rewrites CEL checker messages into terms an analyst knows.
func explain(msg string) string {
	switch {
	case strings.HasPrefix(msg, "undefined field '"):
		return msg + "; see the project view reference in docs/GOVERNANCE.md for the fields"
	case strings.HasPrefix(msg, "undeclared reference to '"):
		return msg + "; the names are project, status, risks, issues, actions, decisions, dependencies, milestones, changes, artefacts, approvals, now and today"
	case strings.HasPrefix(msg, "found no matching overload for"):
		return msg + " (the values have types that do not fit together; e.g. write 1000000.0 to compare with a money amount, and use timestamps with timestamps)"
	case strings.HasPrefix(msg, "Syntax error"):
		return "the expression is not valid CEL: " + strings.TrimPrefix(msg, "Syntax error: ")
	}
	return msg
}

// newProgram plans an evaluable program from a checked AST.
func newProgram(ast *cel.Ast) (cel.Program, error) {
	ce, err := env()
	if err != nil {
		return nil, err
	}
	prg, err := ce.Program(ast, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return nil, fmt.Errorf("plan CEL program: %w", err)
	}
	return prg, nil
}
