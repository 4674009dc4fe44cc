package governance

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Helpers that read YAML nodes strictly, reporting problems with positions.

func (p *parser) yamlError(err error) {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	p.add(Pos{line, p.firstColumn(line)}, "invalid YAML: %s", msg)
}

// firstColumn returns the column of the first non-blank character of a line.
func (p *parser) firstColumn(line int) int {
	lines := bytes.Split(p.src, []byte("\n"))
	if line < 1 || line > len(lines) {
		return 1
	}
	return len(lines[line-1]) - len(bytes.TrimLeft(lines[line-1], " ")) + 1
}

func pos(n *yaml.Node) Pos { return Pos{n.Line, n.Column} }

// fields checks that n is a mapping with only the allowed keys, each at most
// once, and returns the values by key.
func (p *parser) fields(n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind == yaml.AliasNode {
		p.add(pos(n), "anchors and aliases (*name) are not supported; write the %s out", what)
		return out
	}
	if n.Kind != yaml.MappingNode {
		p.add(pos(n), "%s must be a mapping of fields (key: value), not %s", what, describe(n))
		return out
	}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.add(pos(k), "field names in %s must be plain words", what)
			continue
		}
		if prev, dup := keys[k.Value]; dup {
			p.add(pos(k), "field %q is given twice in %s (first on line %d)", k.Value, what, prev.Line)
			continue
		}
		keys[k.Value] = k
		if !contains(allowed, k.Value) {
			msg := fmt.Sprintf("unknown field %q in %s", k.Value, what)
			if s := closest(k.Value, allowed); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			p.add(pos(k), "%s (allowed: %s)", msg, strings.Join(allowed, ", "))
			continue
		}
		out[k.Value] = v
	}
	return out
}

// list checks that n is a sequence and returns its items.
func (p *parser) list(n *yaml.Node, what string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.add(pos(n), "%s must be a list (items starting with '-'), not %s", what, describe(n))
		return nil
	}
	return n.Content
}

// str returns a scalar as text; null and absent are "".
func (p *parser) str(n *yaml.Node, what string) string {
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		p.add(pos(n), "%s must be a single value, not %s", what, describe(n))
		return ""
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		// Unquoted "!x" is a YAML tag, which swallows CEL's "not".
		p.add(pos(n), "%s starts with '!', which YAML reads as a tag; put the value in quotes: '%s %s'", what, n.Tag, n.Value)
		return ""
	}
	return n.Value
}

// required is str that reports an empty value.
func (p *parser) required(m map[string]*yaml.Node, key string, at *yaml.Node, what string) string {
	n, ok := m[key]
	if !ok {
		if at.Kind == yaml.MappingNode { // otherwise the shape is the error
			p.add(pos(at), "%s needs %s", what, article(key))
		}
		return ""
	}
	s := strings.TrimSpace(p.str(n, what+" "+key))
	if s == "" && n.Kind == yaml.ScalarNode {
		p.add(pos(n), "%s %s must not be empty", what, key)
	}
	return s
}

func (p *parser) strs(n *yaml.Node, what string) []string {
	var out []string
	for _, it := range p.list(n, what) {
		if s := p.str(it, "each item of "+what); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) boolean(n *yaml.Node, what string) bool {
	s := p.str(n, what)
	switch s {
	case "", "false":
		return false
	case "true":
		return true
	}
	p.add(pos(n), "%s must be true or false, not %q", what, s)
	return false
}

func (p *parser) count(n *yaml.Node, what string) int {
	s := p.str(n, what)
	if s == "" {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 1 || v > 1000 {
		p.add(pos(n), "%s must be a whole number from 1 to 1000, not %q", what, s)
		return 0
	}
	return v
}

func (p *parser) expr(n *yaml.Node, what string) Expr {
	if n == nil {
		return Expr{}
	}
	e := Expr{Source: strings.TrimRight(p.str(n, what), "\n"), Pos: pos(n)}
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		e.Block = true
		lines := bytes.Split(p.src, []byte("\n"))
		if n.Line < len(lines) {
			l := lines[n.Line] // the line after the indicator
			e.Indent = len(l) - len(bytes.TrimLeft(l, " "))
		}
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		e.Pos.Column++
	}
	if strings.TrimSpace(e.Source) == "" && n.Kind == yaml.ScalarNode {
		p.add(pos(n), "%s must not be empty", what)
	}
	return e
}

// article returns a field name with "a" or "an", for "needs a message".
func article(field string) string {
	if strings.ContainsRune("aeiou", rune(field[0])) {
		return "an " + field
	}
	return "a " + field
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("the value %q", n.Value)
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// closest returns the candidate within two edits of s, for "did you mean".
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := distance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
