package pmo

import (
	"fmt"
	"strings"
)

// Money is an amount in integer minor units (cents) of a currency, so sums
// are exact. The zero Money has no currency and means "none".
type Money struct {
	Minor    int64  `json:"minor"`    // amount in minor units, e.g. cents
	Currency string `json:"currency"` // ISO 4217 code, e.g. EUR
}

// Validate checks the currency code when an amount is present.
func (m Money) Validate(field string, v *Validator) {
	if m.Minor == 0 && m.Currency == "" {
		return
	}
	v.Check(validCurrency(m.Currency), field+".currency", "must be a three-letter ISO 4217 code such as EUR")
}

// String formats m with two decimals, e.g. "EUR 1,250,000.00".
func (m Money) String() string {
	if m.Currency == "" && m.Minor == 0 {
		return ""
	}
	neg := m.Minor < 0
	v := m.Minor
	if neg {
		v = -v
	}
	whole := fmt.Sprintf("%d", v/100)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	sign := ""
	if neg {
		sign = "-"
	}
	return fmt.Sprintf("%s %s%s.%02d", m.Currency, sign, b.String(), v%100)
}

func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
