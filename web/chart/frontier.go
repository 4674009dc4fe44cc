package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// FrontierPoint is the best selection found at one budget level.
type FrontierPoint struct {
	Level     float64 // multiplier of the current budget, e.g. 0.9
	Budget    string  // the budget at this level, formatted, e.g. "EUR 5,400,000"
	Value     float64 // best value found, in the chart's unit
	Bound     float64 // no selection at this level is worth more
	ValueText string  // Value formatted for titles; derived when empty
	Proven    bool    // Value is proven best
	Count     int     // proposals selected
}

// Frontier is an efficient-frontier chart: best value against budget.
type Frontier struct {
	Points []FrontierPoint // in ascending level order
	Unit   string          // the value's unit for the y axis, e.g. "score points" or "NPV, EUR thousands"
	// Current marks the selection of the latest run at the current budget
	// (level 1); nil when there is none.
	Current *FrontierPoint
}

const (
	frontW, frontH               = 720.0, 360.0
	frontLeft, frontRight        = 80.0, 24.0
	frontTop, frontBottom        = 40.0, 56.0
	frontLevelLo, frontLevelHi   = 0.5, 1.5
	frontMarkR, frontCurrentSize = 5.0, 8.0
)

// FrontierChart draws the best value at each budget level, from 50 % to
// 150 % of the current budget, as a line through points: a filled circle
// where the value is proven best, a hollow one where it is not (with the
// proven bound as a dashed tick above it). The current budget is a
// vertical line and the current selection a diamond on it. Every point has
// a title with the budget, the value and the selection's size.
func FrontierChart(f Frontier) template.HTML {
	var s svg
	s.open(int(frontW), int(frontH), fmt.Sprintf("Efficient frontier: best %s at %d budget levels from 50%% to 150%% of the current budget", f.Unit, len(f.Points)), false)
	top := 0.0
	for _, p := range f.Points {
		top = max(top, p.Value, p.Bound)
	}
	if f.Current != nil {
		top = max(top, f.Current.Value)
	}
	step := niceStep(top, 5)
	yMax := step * math.Ceil(top/step)
	if yMax <= 0 {
		yMax, step = 1, 0.2
	}
	plotW, plotH := frontW-frontLeft-frontRight, frontH-frontTop-frontBottom
	xOf := func(level float64) float64 {
		l := min(max(level, frontLevelLo), frontLevelHi)
		return frontLeft + plotW*(l-frontLevelLo)/(frontLevelHi-frontLevelLo)
	}
	yOf := func(v float64) float64 { return frontTop + plotH*(1-max(0, v)/yMax) }
	base := frontTop + plotH

	// Grid and axes: a value line per step, a budget tick every 10 %.
	for v := 0.0; v <= yMax+step/2; v += step {
		y := yOf(v)
		s.raw(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(frontLeft), num(y), num(frontLeft+plotW), num(y))
		s.text(frontLeft-6, y+4, "axis", "end", compact(v))
	}
	for k := 0; k <= 10; k++ {
		l := frontLevelLo + float64(k)/10
		x := xOf(l)
		s.raw(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(x), num(base), num(x), num(base+4))
		s.text(x, base+18, "axis", "middle", strconv.Itoa(int(math.Round(l*100)))+"%")
	}
	s.text(frontLeft+plotW/2, frontH-10, "axis-label", "middle", "Budget, % of the current budget")
	s.raw(`<text class="axis-label" x="16" y="%s" text-anchor="middle" transform="rotate(-90 16 %s)">%s</text>`,
		num(frontTop+plotH/2), num(frontTop+plotH/2), esc("Best value ("+f.Unit+")"))
	cx := xOf(1)
	s.raw(`<line class="today" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(cx), num(frontTop), num(cx), num(base))
	s.text(cx+4, frontTop-6, "today-label", "start", "current budget")

	// The frontier line, then the bounds of unproven points, then the points.
	var pts []string
	for _, p := range f.Points {
		pts = append(pts, num(xOf(p.Level))+","+num(yOf(p.Value)))
	}
	if len(pts) > 1 {
		s.raw(`<polyline class="frontier" points="%s"/>`, strings.Join(pts, " "))
	}
	for _, p := range f.Points {
		x, y := xOf(p.Level), yOf(p.Value)
		s.raw(`<g class="frontier-point">`)
		s.raw(`<title>%s</title>`, esc(frontierTitle(p)))
		if !p.Proven && p.Bound > p.Value {
			s.raw(`<line class="bound" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(x), num(y), num(x), num(yOf(p.Bound)))
		}
		class := "proven"
		if !p.Proven {
			class = "unproven"
		}
		s.raw(`<circle class="%s" cx="%s" cy="%s" r="%s"/>`, class, num(x), num(y), num(frontMarkR))
		s.raw(`</g>`)
	}
	if c := f.Current; c != nil {
		x, y := xOf(c.Level), yOf(c.Value)
		d := frontCurrentSize
		s.raw(`<g class="current"><title>%s</title>`, esc("Current selection: "+frontierTitle(*c)))
		s.raw(`<path d="M%s %sL%s %sL%s %sL%s %sZ"/>`, num(x), num(y-d), num(x+d), num(y), num(x), num(y+d), num(x-d), num(y))
		s.raw(`</g>`)
		s.text(x+d+4, y-d, "axis-label", "start", "current selection")
	}
	// Legend, so that the shapes need no colour to be read.
	lx := frontLeft
	s.raw(`<circle class="proven" cx="%s" cy="14" r="%s"/>`, num(lx+5), num(frontMarkR))
	s.text(lx+14, 18, "axis", "start", "proven best")
	s.raw(`<circle class="unproven" cx="%s" cy="14" r="%s"/>`, num(lx+115), num(frontMarkR))
	s.text(lx+124, 18, "axis", "start", "best found (dashed: bound)")
	return s.html()
}

// frontierTitle describes one point for its tooltip.
func frontierTitle(p FrontierPoint) string {
	v := p.ValueText
	if v == "" {
		v = compact(p.Value)
	}
	t := fmt.Sprintf("%d%% of the budget", int(math.Round(p.Level*100)))
	if p.Budget != "" {
		t += " (" + p.Budget + ")"
	}
	t += ": best value " + v
	if p.Proven {
		t += ", proven optimal"
	} else {
		t += ", not proven (bound " + compact(p.Bound) + ")"
	}
	plural := "s"
	if p.Count == 1 {
		plural = ""
	}
	return t + fmt.Sprintf(", %d proposal%s", p.Count, plural)
}

// niceStep returns a round step (1, 2 or 5 times a power of ten) that cuts
// 0..top into about n intervals.
func niceStep(top float64, n int) float64 {
	if !(top > 0) {
		return 1
	}
	raw := top / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// compact formats an axis value briefly: 950, 1.5k, 12M.
func compact(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trimNum(v/1e9) + "G"
	case a >= 1e6:
		return trimNum(v/1e6) + "M"
	case a >= 1e4:
		return trimNum(v/1e3) + "k"
	}
	return trimNum(v)
}

func trimNum(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}
