package governance

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// checked holds the type-checked expressions of a valid framework, indexed
// like the framework's slices.
type checked struct {
	classes   []*cel.Ast
	ruleWhen  []*cel.Ast // nil when the rule has no when
	ruleCheck []*cel.Ast
	ruleMsg   []*template
	reqs      [][]*cel.Ast // check: the boolean; raid: the count; else nil
}

// validate checks references, ids, the stage graph and every CEL expression
// of fw, reporting problems to er. The result is complete only when er
// stays empty.
func validate(fw *Framework, er *errs) *checked {
	ce, err := env()
	if err != nil {
		er.add(Pos{}, "internal error: CEL environment: %v", err)
		return nil
	}
	c := &checked{}
	ids := func(kind string, n int, id func(int) (string, Pos)) map[string]bool {
		seen := map[string]Pos{}
		for i := range n {
			s, p := id(i)
			if s == "" {
				continue // reported by the parser
			}
			if !idPattern.MatchString(s) {
				er.add(p, "%s id %q must start with a letter or digit and use only letters, digits, '_', '-' and '.' (at most 64)", kind, s)
			}
			if prev, dup := seen[s]; dup {
				er.add(p, "duplicate %s id %q (first defined on line %d)", kind, s, prev.Line)
				continue
			}
			seen[s] = p
		}
		set := map[string]bool{}
		for s := range seen {
			set[s] = true
		}
		return set
	}
	roles := ids("role", len(fw.Roles), func(i int) (string, Pos) { return fw.Roles[i].ID, fw.Roles[i].Pos })
	arts := ids("artefact kind", len(fw.Artefacts), func(i int) (string, Pos) { return fw.Artefacts[i].ID, fw.Artefacts[i].Pos })
	classes := ids("class", len(fw.Classes), func(i int) (string, Pos) { return fw.Classes[i].ID, fw.Classes[i].Pos })
	stages := ids("stage", len(fw.Stages), func(i int) (string, Pos) { return fw.Stages[i].ID, fw.Stages[i].Pos })
	ids("gate", len(fw.Gates), func(i int) (string, Pos) { return fw.Gates[i].ID, fw.Gates[i].Pos })
	ids("rule", len(fw.Rules), func(i int) (string, Pos) { return fw.Rules[i].ID, fw.Rules[i].Pos })
	if len(fw.Stages) == 0 {
		er.add(Pos{1, 1}, "the framework needs at least one stage")
	}

	ref := func(p Pos, kind, id string, known map[string]bool, what string) {
		if id != "" && !known[id] {
			msg := fmt.Sprintf("%s refers to unknown %s %q", what, kind, id)
			if s := closest(id, keys(known)); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else if len(known) > 0 {
				msg += fmt.Sprintf("; known: %s", strings.Join(keys(known), ", "))
			} else {
				msg += fmt.Sprintf("; declare it under %ss first", strings.ReplaceAll(kind, " kind", ""))
			}
			er.add(p, "%s", msg)
		}
	}

	for _, cl := range fw.Classes {
		c.classes = append(c.classes, compile(ce, cl.When, "class "+cl.ID+" when", wantBool, er))
	}
	for _, g := range fw.Gates {
		what := "gate " + g.ID
		ref(g.Pos, "stage", g.From, stages, what+" from")
		ref(g.Pos, "stage", g.To, stages, what+" to")
		if g.From != "" && g.From == g.To {
			er.add(g.Pos, "%s leads from %s to itself", what, g.From)
		}
		seen := map[string]bool{}
		var asts []*cel.Ast
		for _, r := range g.Requirements {
			rw := fmt.Sprintf("requirement %s of gate %s", r.ID, g.ID)
			if seen[r.ID] {
				er.add(r.Pos, "gate %s has two requirements with id %q; give one an id of its own", g.ID, r.ID)
			}
			seen[r.ID] = true
			for _, cl := range r.Classes {
				ref(r.Pos, "class", cl, classes, rw)
			}
			asts = append(asts, validateRequirement(ce, r, rw, arts, roles, ref, er))
		}
		c.reqs = append(c.reqs, asts)
	}
	validateCycles(fw, er)

	for _, r := range fw.Rules {
		what := "rule " + r.ID
		if r.Pos.Line == 0 && r.Severity.Rank() < 0 {
			// The parser reports this with its position; this catches frameworks built in code.
			er.add(r.Pos, "%s has severity %q; use info, minor, major or critical", what, r.Severity)
		}
		for _, s := range r.AppliesTo.Stages {
			ref(r.Pos, "stage", s, stages, what+" applies_to")
		}
		for _, cl := range r.AppliesTo.Classes {
			ref(r.Pos, "class", cl, classes, what+" applies_to")
		}
		var when *cel.Ast
		if r.When.Source != "" {
			when = compile(ce, r.When, what+" when", wantBool, er)
		}
		c.ruleWhen = append(c.ruleWhen, when)
		c.ruleCheck = append(c.ruleCheck, compile(ce, r.Check, what+" check", wantBool, er))
		c.ruleMsg = append(c.ruleMsg, parseTemplate(ce, r.Message, r.msgPos, what+" message", er))
	}
	return c
}

func validateRequirement(ce *cel.Env, r Requirement, what string, arts, roles map[string]bool,
	ref func(Pos, string, string, map[string]bool, string), er *errs) *cel.Ast {
	switch r.Kind {
	case FieldsRequirement:
		for _, f := range r.Fields {
			if _, err := resolvePath(f); err != nil {
				er.add(r.Pos, "%s: %v", what, err)
			}
		}
	case ArtefactRequirement:
		ref(r.Pos, "artefact kind", r.Artefact, arts, what)
	case ApprovalRequirement:
		ref(r.Pos, "role", r.Role, roles, what)
	case CheckRequirement:
		return compile(ce, r.Check, what+" check", wantBool, er)
	default:
		if r.Pos.Line == 0 {
			er.add(r.Pos, "%s has unknown kind %q", what, r.Kind)
		}
	case RAIDRequirement:
		if raidLists[r.RAID] == nil {
			er.add(r.Pos, "%s counts unknown records %q; use one of %s", what, r.RAID, strings.Join(keys(raidLists), ", "))
			return nil
		}
		if (r.Open || r.Owned) && (r.RAID == "milestones" || r.RAID == "changes") {
			er.add(r.Pos, "%s: open and owned apply to RAID records, not %s; use where instead", what, r.RAID)
			return nil
		}
		if r.Where.Source != "" {
			ie, err := itemEnv(r.RAID)
			if err != nil {
				er.add(r.Pos, "internal error: %v", err)
				return nil
			}
			if compile(ie, r.Where, what+" where", wantBool, er) == nil {
				return nil
			}
		}
		// The count runs as one CEL expression over the list.
		src := fmt.Sprintf("size(%s.filter(item, %s))", r.RAID, raidCondition(r))
		return compile(ce, Expr{Source: src, Pos: r.Pos}, what, wantInt, er)
	}
	return nil
}

func raidCondition(r Requirement) string {
	var conds []string
	if r.Open {
		conds = append(conds, "item.open")
	}
	if r.Owned {
		conds = append(conds, `item.owner != ""`)
	}
	if r.Where.Source != "" {
		conds = append(conds, "("+r.Where.Source+")")
	}
	if len(conds) == 0 {
		return "true"
	}
	return strings.Join(conds, " && ")
}

// validateCycles reports each cycle in the graph of stages joined by gates.
func validateCycles(fw *Framework, er *errs) {
	next := map[string][]*Gate{}
	for i := range fw.Gates {
		g := &fw.Gates[i]
		if g.To != "" && g.From != g.To {
			next[g.From] = append(next[g.From], g)
		}
	}
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var path []*Gate
	var visit func(stage string)
	visit = func(stage string) {
		state[stage] = active
		for _, g := range next[stage] {
			switch state[g.To] {
			case active:
				// The cycle is the part of the path from g.To back to here.
				start := 0
				for i, p := range path {
					if p.From == g.To {
						start = i
						break
					}
				}
				cyc := append(slices.Clone(path[start:]), g)
				names := []string{cyc[0].From}
				var gates []string
				for _, c := range cyc {
					names = append(names, c.To)
					gates = append(gates, c.ID)
				}
				er.add(g.Pos, "the stages form a cycle %s (gates %s); gates must lead forward, and a project sent back is recycled by a gate decision, not by a gate",
					strings.Join(names, " -> "), strings.Join(gates, ", "))
			case unseen:
				path = append(path, g)
				visit(g.To)
				path = path[:len(path)-1]
			}
		}
		state[stage] = done
	}
	for _, s := range fw.Stages {
		if state[s.ID] == unseen {
			visit(s.ID)
		}
	}
}

// pathStep is one step of a field path such as project.budget.amount.
type pathStep struct {
	f   *field
	key string // for project.custom.key
}

// resolvePath checks a field path of the view: project.<field>[.<field>],
// project.custom.<key> or status.<field>.
func resolvePath(path string) ([]pathStep, error) {
	parts := strings.Split(path, ".")
	var o *objType
	switch parts[0] {
	case "project":
		o = projectType
	case "status":
		o = statusType
	default:
		return nil, fmt.Errorf("field %q must start with project. or status.", path)
	}
	var steps []pathStep
	for i := 1; i < len(parts); i++ {
		if o == nil {
			return nil, fmt.Errorf("field %q goes past %s, which has no fields", path, strings.Join(parts[:i], "."))
		}
		f := o.byName[parts[i]]
		if f == nil {
			msg := fmt.Sprintf("unknown field %q: %s has no field %q", path, strings.Join(parts[:i], "."), parts[i])
			names := make([]string, len(o.fields))
			for j, x := range o.fields {
				names[j] = x.name
			}
			if s := closest(parts[i], names); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			return nil, fmt.Errorf("%s", msg)
		}
		steps = append(steps, pathStep{f: f})
		if f.name == "custom" && o == projectType {
			if i+2 != len(parts) || parts[i+1] == "" {
				return nil, fmt.Errorf("field %q: write project.custom.<key>, e.g. project.custom.benefit_owner", path)
			}
			steps = append(steps, pathStep{key: parts[i+1]})
			return steps, nil
		}
		o = objTypes[f.typ.TypeName()]
	}
	if len(steps) == 0 {
		return nil, fmt.Errorf("field %q names a whole object; name one of its fields, e.g. %s.code", path, parts[0])
	}
	return steps, nil
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
