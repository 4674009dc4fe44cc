package web

import (
	"testing"
	"time"
)

// FuzzParseExpiry checks that any expiry either parses to what its form
// means (an instant as is, a day as the start of the next) or is refused
// naming the expires field.
func FuzzParseExpiry(f *testing.F) {
	for _, s := range []string{"2027-01-31", "2027-01-31T18:00:00Z", "2027-01-31T18:00:00+02:00", "", " ", "next year",
		"2027-02-30", "0000-01-01", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseExpiry(s)
		if err != nil {
			if fields := problemFor(err).Errors; len(fields) != 1 || fields[0].Field != "expires" {
				t.Fatalf("parseExpiry(%q) error names %v", s, fields)
			}
			return
		}
		if got.IsZero() {
			t.Fatalf("parseExpiry(%q) = zero time without error", s)
		}
		if d, err := time.Parse(time.DateOnly, s); err == nil && !got.Equal(d.AddDate(0, 0, 1)) {
			t.Fatalf("parseExpiry(%q) = %v, want the next day's start", s, got)
		}
	})
}
