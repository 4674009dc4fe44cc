package chart

import (
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestCountBars(t *testing.T) {
	svg := CountBars("Open findings by rule", []CountBar{
		{Label: "status-current", Count: 12, Href: "/governance/findings?rule=status-current"},
		{Label: "a <very> long rule name that will not fit the space", Count: 3},
		{Label: "none", Count: 0, Href: "/x"},
	})
	text, links := wellFormed(t, svg)
	for _, w := range []string{"status-current", "12", "3", "a <very> long rule name that will not fit t…", "none 0"} {
		if !strings.Contains(text, w) && !strings.Contains(text, strings.ReplaceAll(w, " 0", "")) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
	if len(links) != 2 {
		t.Errorf("links %v, want the two bars with an href", links)
	}
	// Bars share one scale: the widths keep the counts' ratio.
	widths := regexp.MustCompile(`class="bar-count" x="[^"]+" y="[^"]+" width="([^"]+)"`).FindAllStringSubmatch(string(svg), -1)
	if len(widths) != 3 {
		t.Fatalf("%d bars", len(widths))
	}
	w0, _ := strconv.ParseFloat(widths[0][1], 64)
	w1, _ := strconv.ParseFloat(widths[1][1], 64)
	if w0 != 4*w1 {
		t.Errorf("widths %v and %v for 12 and 3", w0, w1)
	}
	wellFormed(t, CountBars("empty", nil))
}

func TestTrendLines(t *testing.T) {
	xs := []string{"11-01", "11-08", "11-15", "11-22"}
	svg := TrendLines("Open findings per audit", xs, []TrendSeries{
		{Name: "open", Values: []int{40, 30, 35, 10}},
		{Name: "waived", Class: "waived", Values: []int{0, 2, 4, 4}},
	})
	text, _ := wellFormed(t, svg)
	for _, w := range []string{"11-01", "11-22", "open 10", "waived 4", "40", "open, 11-15: 35"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
	// A larger value is drawn higher (a smaller y), and the peak at the top.
	ys := regexp.MustCompile(`class="trend-dot " cx="[^"]+" cy="([^"]+)"`).FindAllStringSubmatch(string(svg), -1)
	if len(ys) != 4 {
		t.Fatalf("%d dots on the first line", len(ys))
	}
	y := func(i int) float64 { f, _ := strconv.ParseFloat(ys[i][1], 64); return f }
	if !(y(0) < y(2) && y(2) < y(1) && y(1) < y(3)) {
		t.Errorf("y of 40, 30, 35, 10: %v %v %v %v", y(0), y(1), y(2), y(3))
	}
	if y(0) != 10 {
		t.Errorf("the peak is at y=%v, want the top (10)", y(0))
	}
	// Many points keep the axis readable: at most about eight labels.
	many := make([]string, 50)
	vals := make([]int, 50)
	for i := range many {
		many[i], vals[i] = "r"+strconv.Itoa(i), i
	}
	manySVG := string(TrendLines("many", many, []TrendSeries{{Name: "open", Values: vals}}))
	wellFormed(t, template.HTML(manySVG))
	if n := strings.Count(manySVG, `text-anchor="middle">r`); n > 9 || !strings.Contains(manySVG, `"middle">r49<`) || !strings.Contains(manySVG, `"middle">r0<`) {
		t.Errorf("%d x labels for 50 points", n)
	}
	text, _ = wellFormed(t, TrendLines("none", nil, nil))
	if !strings.Contains(text, "No data yet") {
		t.Errorf("empty trend: %s", text)
	}
	one, _ := wellFormed(t, TrendLines("one", []string{"only"}, []TrendSeries{{Name: "open", Values: []int{5}}}))
	if !strings.Contains(one, "open 5") {
		t.Errorf("one point: %s", one)
	}
}
