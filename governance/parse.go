package governance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/pmohq/pmo"
)

// MaxDocumentSize bounds a framework document; real ones are a few dozen KiB.
const MaxDocumentSize = 4 << 20

// ParseReader reads a framework document from r and parses it; see Parse.
func ParseReader(file string, r io.Reader) (*Framework, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, fmt.Errorf("read framework %s: %w", file, err)
	}
	return Parse(file, data)
}

// Parse parses and validates a framework document. file names the document
// in error messages. On failure the error is an ErrorList holding every
// problem found, each with its line and column: invalid YAML, unknown or
// duplicate fields, missing values, unknown stage, state, class, role,
// artefact or field references, duplicate ids, cycles between stages, and
// CEL expressions that do not compile or do not yield true or false.
func Parse(file string, data []byte) (*Framework, error) {
	p := &parser{errs: errs{file: file}, src: data}
	fw := &Framework{File: file}
	if len(data) > MaxDocumentSize {
		p.add(Pos{1, 1}, "the document is larger than %d MiB", MaxDocumentSize>>20)
		return nil, p.err()
	}
	root, ok := p.document(data)
	if !ok {
		return nil, p.err()
	}
	p.framework(root, fw)
	validate(fw, &p.errs)
	if err := p.err(); err != nil {
		return nil, err
	}
	return fw, nil
}

type parser struct {
	errs
	src []byte
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// document decodes data into the root mapping node.
func (p *parser) document(data []byte) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.add(Pos{1, 1}, "the document is empty; a framework needs at least version, name and stages")
			return nil, false
		}
		p.yamlError(err)
		return nil, false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.add(Pos{extra.Line, extra.Column}, "a framework file holds one YAML document; remove the '---' and what follows")
	} else if !errors.Is(err, io.EOF) {
		p.yamlError(err)
	}
	if len(doc.Content) == 0 {
		p.add(Pos{1, 1}, "the document is empty; a framework needs at least version, name and stages")
		return nil, false
	}
	return doc.Content[0], len(p.errs.list) == 0
}

func (p *parser) framework(root *yaml.Node, fw *Framework) {
	m := p.fields(root, "the framework", "version", "name", "description", "roles", "artefacts", "classes", "stages", "gates", "rules")
	if root.Kind != yaml.MappingNode {
		return
	}
	fw.Version = p.required(m, "version", root, "the framework")
	fw.Name = p.required(m, "name", root, "the framework")
	fw.Description = p.str(m["description"], "description")
	for _, n := range p.list(m["roles"], "roles") {
		f := p.fields(n, "a role", "id", "name")
		fw.Roles = append(fw.Roles, Role{ID: p.required(f, "id", n, "a role"), Name: p.str(f["name"], "name"), Pos: pos(n)})
	}
	for _, n := range p.list(m["artefacts"], "artefacts") {
		f := p.fields(n, "an artefact kind", "id", "name")
		fw.Artefacts = append(fw.Artefacts, ArtefactKind{ID: p.required(f, "id", n, "an artefact kind"), Name: p.str(f["name"], "name"), Pos: pos(n)})
	}
	for _, n := range p.list(m["classes"], "classes") {
		f := p.fields(n, "a class", "id", "name", "description", "when")
		c := Class{ID: p.required(f, "id", n, "a class"), Name: p.str(f["name"], "name"), Description: p.str(f["description"], "description"), Pos: pos(n)}
		if f["when"] == nil && n.Kind == yaml.MappingNode {
			p.add(pos(n), "class %q needs a when expression (write when: \"true\" for the catch-all class)", c.ID)
		}
		c.When = p.expr(f["when"], "class when")
		fw.Classes = append(fw.Classes, c)
	}
	if _, ok := m["stages"]; !ok {
		p.add(pos(root), "the framework needs stages")
	}
	for _, n := range p.list(m["stages"], "stages") {
		f := p.fields(n, "a stage", "id", "name", "description")
		fw.Stages = append(fw.Stages, Stage{ID: p.required(f, "id", n, "a stage"), Name: p.str(f["name"], "name"), Description: p.str(f["description"], "description"), Pos: pos(n)})
	}
	for _, n := range p.list(m["gates"], "gates") {
		fw.Gates = append(fw.Gates, p.gate(n))
	}
	for _, n := range p.list(m["rules"], "rules") {
		fw.Rules = append(fw.Rules, p.rule(n))
	}
}

func (p *parser) gate(n *yaml.Node) Gate {
	f := p.fields(n, "a gate", "id", "name", "question", "from", "to", "requirements")
	g := Gate{ID: p.required(f, "id", n, "a gate"), Name: p.str(f["name"], "name"), Question: p.str(f["question"], "question"), Pos: pos(n)}
	g.From = p.required(f, "from", n, "gate "+g.ID)
	g.To = p.str(f["to"], "to")
	for _, rn := range p.list(f["requirements"], "requirements") {
		g.Requirements = append(g.Requirements, p.requirement(rn, g.ID))
	}
	return g
}

var requirementKinds = []string{"fields", "artefact", "raid", "approval", "check"}

func (p *parser) requirement(n *yaml.Node, gate string) Requirement {
	what := "a requirement of gate " + gate
	f := p.fields(n, what, "id", "classes", "message", "fields", "artefact", "raid", "open", "owned", "where", "approval", "min", "check")
	r := Requirement{ID: p.str(f["id"], "id"), Message: p.str(f["message"], "message"), Pos: pos(n)}
	r.Classes = p.strs(f["classes"], "classes")
	var kinds []string
	for _, k := range requirementKinds {
		if f[k] != nil {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) != 1 && n.Kind == yaml.MappingNode {
		if len(kinds) == 0 {
			p.add(pos(n), "%s must say what it requires with one of: %s", what, strings.Join(requirementKinds, ", "))
		} else {
			p.add(pos(n), "%s must have exactly one of %s, not %s; split it into several requirements", what, strings.Join(requirementKinds, ", "), strings.Join(kinds, " and "))
		}
		return r
	}
	if len(kinds) == 0 {
		return r
	}
	r.Kind = RequirementKind(kinds[0])
	r.Min = p.count(f["min"], "min")
	only := func(key string, kinds ...RequirementKind) {
		if f[key] != nil && !contains(kinds, r.Kind) {
			p.add(pos(f[key]), "%s only applies to %v requirements, not to %s", key, kinds, r.Kind)
		}
	}
	only("min", ArtefactRequirement, RAIDRequirement, ApprovalRequirement)
	only("open", RAIDRequirement)
	only("owned", RAIDRequirement)
	only("where", RAIDRequirement)
	switch r.Kind {
	case FieldsRequirement:
		r.Fields = p.strs(f["fields"], "fields")
		if len(r.Fields) == 0 && f["fields"].Kind == yaml.SequenceNode {
			p.add(pos(f["fields"]), "fields must name at least one field, e.g. [project.sponsor]")
		}
	case ArtefactRequirement:
		r.Artefact = p.str(f["artefact"], "artefact")
	case RAIDRequirement:
		r.RAID = p.str(f["raid"], "raid")
		r.Open = p.boolean(f["open"], "open")
		r.Owned = p.boolean(f["owned"], "owned")
		r.Where = p.expr(f["where"], "where")
	case ApprovalRequirement:
		r.Role = p.str(f["approval"], "approval")
	case CheckRequirement:
		r.Check = p.expr(f["check"], "check")
		if r.ID == "" {
			p.add(pos(n), "a check requirement of gate %s needs an id", gate)
		}
	}
	if r.Min == 0 {
		r.Min = 1
	}
	if r.ID == "" {
		r.ID = defaultRequirementID(r)
	}
	return r
}

func defaultRequirementID(r Requirement) string {
	switch r.Kind {
	case FieldsRequirement:
		return "fields:" + strings.Join(r.Fields, ",")
	case ArtefactRequirement:
		return "artefact:" + r.Artefact
	case RAIDRequirement:
		return "raid:" + r.RAID
	case ApprovalRequirement:
		return "approval:" + r.Role
	}
	return string(r.Kind)
}

func (p *parser) rule(n *yaml.Node) Rule {
	f := p.fields(n, "a rule", "id", "title", "severity", "message", "rationale", "applies_to", "when", "check")
	r := Rule{ID: p.required(f, "id", n, "a rule"), Title: p.str(f["title"], "title"), Pos: pos(n)}
	what := "rule " + r.ID
	if n.Kind != yaml.MappingNode {
		return r
	}
	r.Severity = Severity(p.required(f, "severity", n, what))
	if r.Severity != "" && r.Severity.Rank() < 0 {
		p.add(pos(f["severity"]), "%s has severity %q; use info, minor, major or critical", what, r.Severity)
	}
	r.Message = p.required(f, "message", n, what)
	if m := f["message"]; m != nil {
		r.msgPos = pos(m)
		if m.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			r.msgPos.Column++ // the text starts after the quote
		}
	}
	r.Rationale = p.required(f, "rationale", n, what)
	if a := f["applies_to"]; a != nil {
		af := p.fields(a, "applies_to", "stages", "states", "classes")
		r.AppliesTo.Stages = p.strs(af["stages"], "stages")
		for _, n := range p.list(af["states"], "states") {
			st := pmo.State(p.str(n, "each item of states"))
			if !st.Valid() {
				p.add(pos(n), "%s applies to unknown state %q; states are proposed, active, on_hold, closed and cancelled", what, st)
			}
			r.AppliesTo.States = append(r.AppliesTo.States, st)
		}
		r.AppliesTo.Classes = p.strs(af["classes"], "classes")
	}
	r.When = p.expr(f["when"], "when")
	if f["check"] == nil {
		p.add(pos(n), "%s needs a check: a CEL expression that is true when a project complies", what)
	}
	r.Check = p.expr(f["check"], "check")
	if r.Title == "" {
		r.Title = r.ID
	}
	return r
}
