// Package governance is pmo's delivery framework engine.
package governance

import (
	_ "cel.dev/cel-go/cel"
	_ "go.yaml.in/yaml/v3"
)
