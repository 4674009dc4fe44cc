package pmo

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// clean trims surrounding white space from a one-line value.
func clean(s string) string { return strings.TrimSpace(s) }

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

func checkCode(v *Validator, field, code string) {
	v.Check(codePattern.MatchString(code), field, "must be 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit")
}

// checkText bounds a text length in characters and rejects invalid UTF-8 and
// control characters other than tab and newlines.
func checkText(v *Validator, field, s string, minLen, maxLen int) {
	if !utf8.ValidString(s) {
		v.Add(field, "is not valid UTF-8")
		return
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n < minLen && minLen == 1:
		v.Add(field, "is required")
	case n < minLen:
		v.Add(field, "must be at least %d characters", minLen)
	case n > maxLen:
		v.Add(field, "must be at most %d characters", maxLen)
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			v.Add(field, "contains a control character")
			return
		}
	}
}

// checkRange bounds an integer rating.
func checkRange(v *Validator, field string, n, lo, hi int) {
	v.Check(n >= lo && n <= hi, field, "must be between %d and %d", lo, hi)
}

// checkDates requires end to be on or after start when both are set.
func checkDates(v *Validator, startField string, start Date, endField string, end Date) {
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		v.Add(endField, "must not be before %s", startField)
	}
}
