package chart

import (
	"fmt"
	"strings"
	"testing"
)

// sampleFrontier is eleven levels of a small pipeline: values rise with the
// budget and flatten once everything fits; two levels are not proven.
func sampleFrontier() Frontier {
	f := Frontier{Unit: "NPV, EUR k"}
	values := []float64{410, 520, 610, 700, 760, 830, 880, 910, 935, 950, 950}
	for k, v := range values {
		l := 0.5 + float64(k)/10
		p := FrontierPoint{Level: l, Budget: fmt.Sprintf("EUR %d k", int(l*6000+0.5)), Value: v, Bound: v, Proven: true, Count: 3 + k/2}
		if k == 3 || k == 7 {
			p.Proven, p.Bound = false, v+25
		}
		f.Points = append(f.Points, p)
	}
	f.Current = &FrontierPoint{Level: 1, Budget: "EUR 6000 k", Value: 830, Bound: 830, Proven: true, Count: 5, ValueText: "EUR 830 k"}
	return f
}

func TestFrontierChart(t *testing.T) {
	svg := FrontierChart(sampleFrontier())
	text, _ := wellFormed(t, svg)
	golden(t, "frontier.svg", svg)
	for _, want := range []string{"50%", "100%", "150%", "current budget", "current selection", "proven best",
		"Best value (NPV, EUR k)", "Budget, % of the current budget",
		"60% of the budget (EUR 3600 k): best value 520, proven optimal, 3 proposals",
		"80% of the budget (EUR 4800 k): best value 700, not proven (bound 725), 4 proposals",
		"Current selection: 100% of the budget (EUR 6000 k): best value EUR 830 k, proven optimal, 5 proposals"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	s := string(svg)
	for what, c := range map[string][2]int{
		"proven points":   {strings.Count(s, `class="proven"`), 9 + 1}, // + legend
		"unproven points": {strings.Count(s, `class="unproven"`), 2 + 1},
		"bound ticks":     {strings.Count(s, `class="bound"`), 2},
		"current mark":    {strings.Count(s, `class="current"`), 1},
		"frontier line":   {strings.Count(s, `class="frontier"`), 1},
	} {
		if c[0] != c[1] {
			t.Errorf("%s: %d, want %d", what, c[0], c[1])
		}
	}
	if FrontierChart(sampleFrontier()) != svg {
		t.Error("the same input drew different charts")
	}
}

func TestFrontierEdges(t *testing.T) {
	// No points, all-zero values, a single point and levels outside the
	// axis still draw a valid chart with the marks clamped to the plot.
	for _, f := range []Frontier{
		{},
		{Points: []FrontierPoint{{Level: 1}}},
		{Points: []FrontierPoint{{Level: 0.1, Value: 5, Bound: 5, Proven: true}, {Level: 3, Value: 7, Bound: 9}}, Current: &FrontierPoint{Level: 1, Value: 6}},
	} {
		svg := string(FrontierChart(f))
		wellFormed(t, FrontierChart(f))
		if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
			t.Errorf("bad coordinates in %s", svg)
		}
	}
	for v, want := range map[float64]string{0: "0", 950: "950", 12500: "12.5k", 3_400_000: "3.4M", 2.5e9: "2.5G", 0.25: "0.25"} {
		if got := compact(v); got != want {
			t.Errorf("compact(%g) = %q, want %q", v, got, want)
		}
	}
	for top, want := range map[float64]float64{950: 200, 1: 0.2, 100: 20, 7: 2} {
		if got := niceStep(top, 5); got != want {
			t.Errorf("niceStep(%g) = %g, want %g", top, got, want)
		}
	}
}

func TestUsage(t *testing.T) {
	periods := []string{"2027-Q1", "2027-Q2", "2027-Q3"}
	svg := Usage("Spend per period against the budget", "EUR k", periods, []UsageRow{
		{Name: "Budget", Committed: []float64{100, 50, 0}, Selected: []float64{400, 500, 200}, Limit: []float64{600, 500, 600}},
		{Name: "Developers", Selected: []float64{3, 4}, Limit: []float64{4, 4, 4}},
		{Name: "Unlimited", Selected: []float64{1, 2, 3}},
	})
	text, _ := wellFormed(t, svg)
	golden(t, "usage.svg", svg)
	for _, want := range []string{"Budget — over the limit in 1 period",
		"Budget 2027-Q2: running work 50, selection 500, total 550 EUR k of 500 (over by 50)",
		"Developers 2027-Q1: running work 0, selection 3, total 3 EUR k of 4", "Unlimited 2027-Q3: running work 0, selection 3, total 3 EUR k"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Developers — over") {
		t.Error("Developers are within capacity")
	}
	if n := strings.Count(string(svg), `class="over"`); n != 2 { // legend + Budget Q2
		t.Errorf("%d over marks, want 2", n)
	}
}

// BenchmarkFrontierChart draws a 41-level frontier, four times the points
// the optimiser page asks for.
func BenchmarkFrontierChart(b *testing.B) {
	f := Frontier{Unit: "score points", Current: &FrontierPoint{Level: 1, Value: 500}}
	for k := range 41 {
		f.Points = append(f.Points, FrontierPoint{Level: 0.5 + float64(k)/40, Value: float64(300 + 10*k), Bound: float64(305 + 10*k), Proven: k%3 != 0, Count: k})
	}
	for b.Loop() {
		_ = FrontierChart(f)
	}
}

// BenchmarkUsage draws spend and six roles over 24 periods.
func BenchmarkUsage(b *testing.B) {
	periods := make([]string, 24)
	var rows []UsageRow
	for r := range 7 {
		row := UsageRow{Name: fmt.Sprint("role ", r)}
		for k := range periods {
			periods[k] = fmt.Sprint("P", k)
			row.Committed = append(row.Committed, float64(k%3))
			row.Selected = append(row.Selected, float64(k%5))
			row.Limit = append(row.Limit, 5)
		}
		rows = append(rows, row)
	}
	for b.Loop() {
		_ = Usage("load", "FTE", periods, rows)
	}
}
