package web

import (
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// TestHistogramOf sums days into weeks and takes each day's capacity from
// whichever series has it: levelling moved work into a week the
// unlevelled schedule never reached.
func TestHistogramOf(t *testing.T) {
	day := func(d int, load float64) pmo.Load {
		return pmo.Load{Date: pmo.NewDate(2026, 11, d), Load: load, Capacity: 1}
	}
	// Monday 16 and 23 November 2026.
	before := []pmo.ResourceLoad{{Resource: 1, Name: "Ana", MaxUnits: 1, Days: []pmo.Load{day(16, 2), day(17, 2), day(18, 1)}}}
	after := []pmo.ResourceLoad{{Resource: 1, Name: "Ana", MaxUnits: 1, Days: []pmo.Load{day(16, 1), day(17, 1), day(18, 1), day(23, 1), day(24, 1)}}}
	svg := string(histogramOf(before, after))
	for _, want := range []string{
		"Ana 16 Nov, before levelling: 5 d of 3 d (over by 2 d)",
		"Ana 16 Nov, after levelling: 3 d of 3 d",
		"Ana 23 Nov, after levelling: 2 d of 2 d",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("histogram lacks %q", want)
		}
	}
	if strings.Contains(svg, "Ana — over") {
		t.Error("Ana is within capacity after levelling")
	}
}
