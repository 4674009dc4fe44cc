package governance

import (
	"fmt"
	"slices"
	"strings"
)

// ChangeKind says how an item differs between two framework versions.
type ChangeKind string

// Change kinds.
const (
	Added   ChangeKind = "added"
	Changed ChangeKind = "changed"
	Removed ChangeKind = "removed"
)

// Change is one difference between two framework versions.
type Change struct {
	Kind ChangeKind `json:"kind"`
	// Item is framework, role, artefact, class, stage, gate, requirement or rule.
	Item string `json:"item"`
	ID   string `json:"id"` // requirements are gate/requirement
	// Fields lists what changed, each "field: old -> new" when both are
	// short, else the field's name.
	Fields []string `json:"fields,omitempty"`
}

func (c Change) String() string {
	sign := map[ChangeKind]string{Added: "+", Changed: "~", Removed: "-"}[c.Kind]
	s := fmt.Sprintf("%s %s %s", sign, c.Item, c.ID)
	if c.Item == "framework" {
		s = fmt.Sprintf("%s framework", sign)
	}
	if len(c.Fields) > 0 {
		s += ": " + strings.Join(c.Fields, "; ")
	}
	return s
}

// FormatDiff renders changes one per line: + added, ~ changed, - removed.
func FormatDiff(changes []Change) string {
	if len(changes) == 0 {
		return "no differences\n"
	}
	var b strings.Builder
	for _, c := range changes {
		b.WriteString(c.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Diff lists what changed from framework a to framework b: the framework's
// own fields, then roles, artefact kinds, classes, stages, gates with
// their requirements, and rules; within each, in document order (removed
// and changed items in a's order, then added items in b's order).
func Diff(a, b *Framework) []Change {
	var out []Change
	var f fieldDiff
	f.str("version", a.Version, b.Version)
	f.str("name", a.Name, b.Name)
	f.str("description", a.Description, b.Description)
	if len(f) > 0 {
		out = append(out, Change{Kind: Changed, Item: "framework", Fields: f})
	}
	out = append(out, diffList("role", a.Roles, b.Roles, func(r Role) string { return r.ID }, func(x, y Role, f *fieldDiff) {
		f.str("name", x.Name, y.Name)
	})...)
	out = append(out, diffList("artefact", a.Artefacts, b.Artefacts, func(r ArtefactKind) string { return r.ID }, func(x, y ArtefactKind, f *fieldDiff) {
		f.str("name", x.Name, y.Name)
	})...)
	out = append(out, diffList("class", a.Classes, b.Classes, func(c Class) string { return c.ID }, func(x, y Class, f *fieldDiff) {
		f.str("name", x.Name, y.Name)
		f.str("description", x.Description, y.Description)
		f.str("when", x.When.Source, y.When.Source)
	})...)
	if order := classOrder(a, b); order != "" {
		out = append(out, Change{Kind: Changed, Item: "class", ID: "(order)", Fields: []string{order}})
	}
	out = append(out, diffList("stage", a.Stages, b.Stages, func(s Stage) string { return s.ID }, func(x, y Stage, f *fieldDiff) {
		f.str("name", x.Name, y.Name)
		f.str("description", x.Description, y.Description)
	})...)
	var reqs []Change
	out = append(out, diffList("gate", a.Gates, b.Gates, func(g Gate) string { return g.ID }, func(x, y Gate, f *fieldDiff) {
		f.str("name", x.Name, y.Name)
		f.str("question", x.Question, y.Question)
		f.str("from", x.From, y.From)
		f.str("to", x.To, y.To)
		rc := diffList("requirement", x.Requirements, y.Requirements, func(r Requirement) string { return x.ID + "/" + r.ID }, diffRequirement)
		if len(rc) > 0 {
			*f = append(*f, fmt.Sprintf("requirements (%d changes)", len(rc)))
		}
		reqs = append(reqs, rc...)
	})...)
	// Requirements of added or removed gates are covered by the gate itself.
	out = append(out, reqs...)
	out = append(out, diffList("rule", a.Rules, b.Rules, func(r Rule) string { return r.ID }, func(x, y Rule, f *fieldDiff) {
		f.str("title", x.Title, y.Title)
		f.str("severity", string(x.Severity), string(y.Severity))
		f.str("applies_to.stages", strings.Join(x.AppliesTo.Stages, ","), strings.Join(y.AppliesTo.Stages, ","))
		f.str("applies_to.states", joinStates(x), joinStates(y))
		f.str("applies_to.classes", strings.Join(x.AppliesTo.Classes, ","), strings.Join(y.AppliesTo.Classes, ","))
		f.str("when", x.When.Source, y.When.Source)
		f.str("check", x.Check.Source, y.Check.Source)
		f.str("message", x.Message, y.Message)
		f.str("rationale", x.Rationale, y.Rationale)
	})...)
	return out
}

func diffRequirement(x, y Requirement, f *fieldDiff) {
	f.str("kind", string(x.Kind), string(y.Kind))
	f.str("classes", strings.Join(x.Classes, ","), strings.Join(y.Classes, ","))
	f.str("message", x.Message, y.Message)
	f.str("fields", strings.Join(x.Fields, ","), strings.Join(y.Fields, ","))
	f.str("artefact", x.Artefact, y.Artefact)
	f.str("raid", x.RAID, y.RAID)
	f.str("open", fmt.Sprint(x.Open), fmt.Sprint(y.Open))
	f.str("owned", fmt.Sprint(x.Owned), fmt.Sprint(y.Owned))
	f.str("where", x.Where.Source, y.Where.Source)
	f.str("approval", x.Role, y.Role)
	f.str("min", fmt.Sprint(x.Min), fmt.Sprint(y.Min))
	f.str("check", x.Check.Source, y.Check.Source)
}

func joinStates(r Rule) string {
	s := make([]string, len(r.AppliesTo.States))
	for i, x := range r.AppliesTo.States {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}

// classOrder reports a change in the order of the classes both versions
// share: the first class that matches wins, so order is meaning.
func classOrder(a, b *Framework) string {
	in := func(fw *Framework, id string) bool { return fw.classIndex(id) >= 0 }
	var x, y []string
	for _, c := range a.Classes {
		if in(b, c.ID) {
			x = append(x, c.ID)
		}
	}
	for _, c := range b.Classes {
		if in(a, c.ID) {
			y = append(y, c.ID)
		}
	}
	if slices.Equal(x, y) {
		return ""
	}
	return fmt.Sprintf("order: %s -> %s", strings.Join(x, ", "), strings.Join(y, ", "))
}

func (f *Framework) classIndex(id string) int {
	for i, c := range f.Classes {
		if c.ID == id {
			return i
		}
	}
	return -1
}

type fieldDiff []string

// str records a changed field, with its values when both are short.
func (f *fieldDiff) str(name, x, y string) {
	if x == y {
		return
	}
	if len(x) <= 40 && len(y) <= 40 && !strings.Contains(x+y, "\n") {
		*f = append(*f, fmt.Sprintf("%s: %s -> %s", name, quoteEmpty(x), quoteEmpty(y)))
		return
	}
	*f = append(*f, name)
}

func quoteEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return s
}

func diffList[T any](item string, a, b []T, id func(T) string, cmp func(x, y T, f *fieldDiff)) []Change {
	var out []Change
	inB := map[string]int{}
	for i, x := range b {
		inB[id(x)] = i
	}
	inA := map[string]bool{}
	for _, x := range a {
		k := id(x)
		inA[k] = true
		j, ok := inB[k]
		if !ok {
			out = append(out, Change{Kind: Removed, Item: item, ID: k})
			continue
		}
		var f fieldDiff
		cmp(x, b[j], &f)
		if len(f) > 0 {
			out = append(out, Change{Kind: Changed, Item: item, ID: k, Fields: f})
		}
	}
	for _, y := range b {
		if k := id(y); !inA[k] {
			out = append(out, Change{Kind: Added, Item: item, ID: k})
		}
	}
	return out
}
