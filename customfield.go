package pmo

import (
	"fmt"
	"math"
	"regexp"
	"slices"
)

// FieldType is the type of a custom field.
type FieldType string

// Custom field types.
const (
	TextField   FieldType = "text"
	NumberField FieldType = "number"
	DateField   FieldType = "date"
	ChoiceField FieldType = "choice"
)

// CustomFieldDef defines a typed field that a portfolio adds to its projects.
type CustomFieldDef struct {
	Key      string    `json:"key"` // lower_snake_case, stable
	Label    string    `json:"label"`
	Type     FieldType `json:"type"`
	Choices  []string  `json:"choices,omitempty"` // for choice fields
	Required bool      `json:"required"`
}

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

func (f CustomFieldDef) validate(prefix string, v *Validator) {
	v.Check(keyPattern.MatchString(f.Key), prefix+".key", "must be lower_snake_case, 1-40 characters, starting with a letter")
	checkText(v, prefix+".label", f.Label, 1, 100)
	switch f.Type {
	case TextField, NumberField, DateField:
		v.Check(len(f.Choices) == 0, prefix+".choices", "only choice fields have choices")
	case ChoiceField:
		v.Check(len(f.Choices) > 0, prefix+".choices", "a choice field needs at least one choice")
	default:
		v.Add(prefix+".type", "must be text, number, date or choice")
	}
}

// CheckCustomFields validates project values against a portfolio's definitions:
// unknown keys, wrong types, choices outside the list and missing required values.
// It normalises numbers to float64 and dates to YYYY-MM-DD strings.
func CheckCustomFields(defs []CustomFieldDef, values map[string]any) error {
	var v Validator
	byKey := map[string]CustomFieldDef{}
	for _, d := range defs {
		byKey[d.Key] = d
	}
	for k, val := range values {
		d, ok := byKey[k]
		field := "custom_fields." + k
		if !ok {
			v.Add(field, "is not a custom field of this portfolio")
			continue
		}
		if val == nil {
			delete(values, k)
			continue
		}
		switch d.Type {
		case TextField:
			s, ok := val.(string)
			v.Check(ok && len(s) <= 2000, field, "must be text of at most 2000 characters")
		case NumberField:
			n, ok := val.(float64)
			v.Check(ok && !math.IsNaN(n) && !math.IsInf(n, 0), field, "must be a number")
		case DateField:
			s, ok := val.(string)
			_, err := ParseDate(s)
			v.Check(ok && s != "" && err == nil, field, "must be a date in the form YYYY-MM-DD")
		case ChoiceField:
			s, ok := val.(string)
			v.Check(ok && slices.Contains(d.Choices, s), field, "must be one of %v", d.Choices)
		}
	}
	for _, d := range defs {
		if _, ok := values[d.Key]; d.Required && !ok {
			v.Add("custom_fields."+d.Key, "is required")
		}
	}
	return v.Err()
}

func fieldIndex(name string, i int) string { return fmt.Sprintf("%s[%d]", name, i) }
