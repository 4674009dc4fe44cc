package governance

import _ "embed"

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the text of the default framework, e.g. as a starting
// point for an organisation's own.
func DefaultYAML() []byte { return append([]byte(nil), defaultYAML...) }

// Default returns a fresh copy of pmo's default framework: the seven
// stages of DOMAIN.md §3, gates G0-G6 scaled to small, medium and large
// projects, and the standing rules. It cannot fail; a test makes sure.
func Default() *Framework {
	fw, err := Parse("default.yaml", defaultYAML)
	if err != nil {
		panic("governance: default framework: " + err.Error())
	}
	return fw
}
