package governance

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"
)

// template is a rule message: text with ${expr} placeholders, each a CEL
// expression over the project view. An expression cannot contain '}'.
type template struct {
	parts []tplPart
}

type tplPart struct {
	text string
	ast  *cel.Ast
	prg  cel.Program
}

func parseTemplate(ce *cel.Env, msg string, at Pos, what string, er *errs) *template {
	t := &template{}
	rest, offset := msg, 0
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			t.parts = append(t.parts, tplPart{text: rest})
			return t
		}
		t.parts = append(t.parts, tplPart{text: rest[:i]})
		j := strings.IndexByte(rest[i:], '}')
		p := Pos{at.Line, at.Column + offset + i}
		if j < 0 {
			er.add(p, "%s: placeholder ${ is not closed with }", what)
			return nil
		}
		src := rest[i+2 : i+j]
		if strings.TrimSpace(src) == "" {
			er.add(p, "%s: placeholder ${} is empty; write e.g. ${project.code}", what)
			return nil
		}
		ast := compile(ce, Expr{Source: src, Pos: Pos{p.Line, p.Column + 2}}, what+" placeholder", wantAny, er)
		t.parts = append(t.parts, tplPart{ast: ast})
		offset += i + j + 1
		rest = rest[i+j+1:]
	}
}

func (t *template) plan() error {
	for i := range t.parts {
		if t.parts[i].ast == nil {
			continue
		}
		prg, err := newProgram(t.parts[i].ast)
		if err != nil {
			return err
		}
		t.parts[i].prg = prg
	}
	return nil
}

// render fills the placeholders; a placeholder that fails shows "?".
func (t *template) render(act interpreter.Activation) string {
	var b strings.Builder
	for _, p := range t.parts {
		if p.prg == nil {
			b.WriteString(p.text)
			continue
		}
		v, _, err := p.prg.Eval(act)
		if err != nil {
			b.WriteString("?")
			continue
		}
		b.WriteString(format(v))
	}
	return b.String()
}

// format renders a CEL value for a message: dates as YYYY-MM-DD, numbers
// without needless decimals, null as "none", lists comma-separated.
func format(v ref.Val) string {
	switch v := v.(type) {
	case types.String:
		return string(v)
	case types.Int:
		return strconv.FormatInt(int64(v), 10)
	case types.Uint:
		return strconv.FormatUint(uint64(v), 10)
	case types.Double:
		f := float64(v)
		if f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return strconv.FormatFloat(f, 'f', 0, 64)
		}
		return strconv.FormatFloat(f, 'f', 2, 64)
	case types.Bool:
		if v {
			return "yes"
		}
		return "no"
	case types.Timestamp:
		return v.Time.UTC().Format(time.DateOnly)
	case types.Duration:
		return v.Duration.String()
	case types.Null:
		return "none"
	case traits.Lister:
		var parts []string
		for it := v.Iterator(); it.HasNext() == types.True; {
			parts = append(parts, format(it.Next()))
		}
		return strings.Join(parts, ", ")
	case *object:
		if f := v.t.byName["code"]; f != nil {
			return fmt.Sprint(f.get(v.v))
		}
		if f := v.t.byName["title"]; f != nil {
			return fmt.Sprint(f.get(v.v))
		}
		if v.t == moneyType {
			m := v.v.(interface{ String() string })
			return m.String()
		}
		return v.t.name
	}
	return fmt.Sprint(v.Value())
}
