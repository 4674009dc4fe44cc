package governance

import (
	"fmt"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/interpreter"

	"github.com/pmohq/pmo"
)

// Program is a compiled framework: every expression checked and planned
// once, ready to evaluate any number of projects. A Program is immutable
// and safe for concurrent use.
type Program struct {
	fw      *Framework
	classes []compiledClass
	rules   []compiledRule
	gates   map[string]*compiledGate
}

type compiledClass struct {
	c   *Class
	prg cel.Program
}

type compiledRule struct {
	r       *Rule
	when    cel.Program // nil: always
	check   cel.Program
	msg     *template
	stages  map[string]bool
	states  map[pmo.State]bool
	classes map[string]bool
}

type compiledGate struct {
	g    *Gate
	reqs []compiledReq
}

type compiledReq struct {
	r     *Requirement
	prg   cel.Program // check: bool; raid: count
	paths [][]pathStep
}

// Compile validates fw and compiles its expressions. It returns an
// ErrorList when fw is invalid, as Parse does; a framework from Parse
// always compiles.
func Compile(fw *Framework) (*Program, error) {
	er := &errs{file: fw.File}
	c := validate(fw, er)
	if err := er.err(); err != nil {
		return nil, err
	}
	p := &Program{fw: fw, gates: map[string]*compiledGate{}}
	plan := func(a *cel.Ast) cel.Program {
		if a == nil {
			return nil
		}
		prg, err := newProgram(a)
		if err != nil {
			er.add(Pos{}, "internal error: %v", err)
		}
		return prg
	}
	for i := range fw.Classes {
		p.classes = append(p.classes, compiledClass{c: &fw.Classes[i], prg: plan(c.classes[i])})
	}
	for i := range fw.Rules {
		r := &fw.Rules[i]
		cr := compiledRule{r: r, when: plan(c.ruleWhen[i]), check: plan(c.ruleCheck[i]), msg: c.ruleMsg[i]}
		if err := cr.msg.plan(); err != nil {
			er.add(r.Pos, "internal error: %v", err)
		}
		cr.stages = set(r.AppliesTo.Stages)
		cr.states = set(r.AppliesTo.States)
		cr.classes = set(r.AppliesTo.Classes)
		p.rules = append(p.rules, cr)
	}
	for i := range fw.Gates {
		g := &fw.Gates[i]
		cg := &compiledGate{g: g}
		for j := range g.Requirements {
			r := &g.Requirements[j]
			cr := compiledReq{r: r, prg: plan(c.reqs[i][j])}
			for _, f := range r.Fields {
				steps, _ := resolvePath(f) // checked by validate
				cr.paths = append(cr.paths, steps)
			}
			cg.reqs = append(cg.reqs, cr)
		}
		p.gates[g.ID] = cg
	}
	if err := er.err(); err != nil {
		return nil, err
	}
	return p, nil
}

// MustCompile is Compile for frameworks known to be valid, such as Default.
func MustCompile(fw *Framework) *Program {
	p, err := Compile(fw)
	if err != nil {
		panic(err)
	}
	return p
}

// Framework returns the framework p was compiled from; treat it as read-only.
func (p *Program) Framework() *Framework { return p.fw }

func set[T comparable](list []T) map[T]bool {
	if len(list) == 0 {
		return nil
	}
	m := map[T]bool{}
	for _, x := range list {
		m[x] = true
	}
	return m
}

// Classify returns the class of a project: the first class whose when
// expression is true, or "" when none is. A class expression that fails
// for the project is skipped and reported in the error.
func (p *Program) Classify(d ProjectData, now time.Time) (string, error) {
	class, _, err := p.classify(newActivation(&d, now))
	return class, err
}

// classify also returns the id of the first class that failed, if any.
func (p *Program) classify(act *activation) (class, failedID string, err error) {
	for _, c := range p.classes {
		ok, e := evalBool(c.prg, act)
		if e != nil {
			if err == nil {
				failedID, err = c.c.ID, fmt.Errorf("class %s: %w", c.c.ID, e)
			}
			continue
		}
		if ok {
			act.project.class = c.c.ID
			return c.c.ID, failedID, err
		}
	}
	return "", failedID, err
}

// evalBool runs a boolean program; a non-boolean result is an error.
func evalBool(prg cel.Program, act interpreter.Activation) (bool, error) {
	v, _, err := prg.Eval(act)
	if err != nil {
		return false, err
	}
	b, ok := v.(types.Bool)
	if !ok {
		return false, fmt.Errorf("the expression gave %v, not true or false", v)
	}
	return bool(b), nil
}
