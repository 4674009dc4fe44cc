package chart

import (
	"html/template"
	"strconv"
)

// TrendSeries is one line of a trend chart: a value per point of the x
// axis (len(Values) must equal the number of x labels).
type TrendSeries struct {
	Name   string
	Class  string // CSS class of the line, e.g. "waived"
	Values []int
}

// TrendLines draws series over a shared x axis of labels (oldest first),
// e.g. open findings per audit run. The y axis starts at 0 and shows its
// top value; every point carries its value in a tooltip, and the last
// value of each line is written at its end.
func TrendLines(label string, xs []string, series []TrendSeries) template.HTML {
	const left, right, top, bottom, plotW, plotH = 44.0, 120.0, 10.0, 34.0, 560.0, 180.0
	peak := 1
	for _, sr := range series {
		for _, v := range sr.Values {
			peak = max(peak, v)
		}
	}
	var s svg
	s.open(int(left+plotW+right), int(top+plotH+bottom), label, false)
	// Axes and the scale.
	s.raw(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(left), num(top+plotH), num(left+plotW), num(top+plotH))
	s.raw(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(left), num(top), num(left+plotW), num(top))
	s.text(left-6, top+plotH+4, "axis", "end", "0")
	s.text(left-6, top+8, "axis", "end", strconv.Itoa(peak))
	if len(xs) == 0 {
		s.text(left+plotW/2, top+plotH/2, "axis-label", "middle", "No data yet")
		return s.html()
	}
	x := func(i int) float64 {
		if len(xs) == 1 {
			return left + plotW/2
		}
		return left + plotW*float64(i)/float64(len(xs)-1)
	}
	y := func(v int) float64 { return top + plotH - plotH*float64(v)/float64(peak) }
	// At most about eight x labels, always the first and the last.
	step := max(1, (len(xs)+7)/8)
	for i, l := range xs {
		if i%step == 0 || i == len(xs)-1 {
			s.text(x(i), top+plotH+18, "axis", "middle", l)
		}
	}
	for _, sr := range series {
		if len(sr.Values) == 0 {
			continue
		}
		var pts []byte
		for i, v := range sr.Values {
			pts = append(pts, (num(x(i)) + "," + num(y(v)) + " ")...)
		}
		s.raw(`<g class="series"><polyline class="trend-line %s" points="%s"><title>%s</title></polyline>`,
			esc(sr.Class), string(pts[:len(pts)-1]), esc(sr.Name))
		for i, v := range sr.Values {
			s.raw(`<circle class="trend-dot %s" cx="%s" cy="%s" r="3"><title>%s</title></circle>`,
				esc(sr.Class), num(x(i)), num(y(v)), esc(sr.Name+", "+xs[min(i, len(xs)-1)]+": "+strconv.Itoa(v)))
		}
		last := len(sr.Values) - 1
		s.text(x(last)+8, y(sr.Values[last])+4, "axis-label", "start", sr.Name+" "+strconv.Itoa(sr.Values[last]))
		s.raw("</g>")
	}
	return s.html()
}
