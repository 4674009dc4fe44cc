package chart

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// LoadRow is the load of one resource per period, before and after
// levelling, against its capacity. Slices are indexed like the periods;
// After is nil when the schedule has not been levelled.
type LoadRow struct {
	Resource      string
	Capacity      []float64
	Before, After []float64
}

const (
	histLabelW   = 150.0
	histBarW     = 8.0
	histGap      = 6.0
	histPanelH   = 110.0
	histPanelGap = 34.0
	histLegendH  = 48.0
	histMinPlot  = 560.0
)

// Histogram draws one panel per resource: for each period a pair of bars,
// the load before levelling (outlined) and after (solid), the capacity as a
// step line, and the part of a bar above capacity in the over-allocation
// style, with a title giving the load, the capacity and the excess. unit
// labels the values (e.g. "h").
func Histogram(periods []string, unit string, rows []LoadRow) template.HTML {
	slot := 2*histBarW + histGap
	plotW := max(histMinPlot, float64(len(periods))*slot)
	w := int(histLabelW + plotW + 10)
	h := int(histLegendH + float64(len(rows))*(histPanelH+histPanelGap))
	var s svg
	s.open(w, h, fmt.Sprintf("Resource load against capacity for %d resources over %d periods, before and after levelling", len(rows), len(periods)), false)
	legend := []struct{ class, label string }{
		{"load-before", "before levelling"}, {"load-after", "after levelling"}, {"over", "over capacity"},
	}
	x := 4.0
	for _, l := range legend {
		s.raw(`<rect class="%s" x="%s" y="6" width="12" height="12"/>`, l.class, num(x))
		s.text(x+16, 16, "axis", "start", l.label)
		x += 130
	}
	s.raw(`<line class="capacity" x1="%s" y1="12" x2="%s" y2="12"/>`, num(x), num(x+16))
	s.text(x+20, 16, "axis", "start", "capacity")
	// Label every k-th period so that labels (about 48 px) never overlap.
	every := max(1, int(48/slot)+1)
	for r, row := range rows {
		top := histLegendH + float64(r)*(histPanelH+histPanelGap)
		histPanel(&s, top, periods, unit, row, every)
	}
	return s.html()
}

func histPanel(s *svg, top float64, periods []string, unit string, row LoadRow, every int) {
	slot := 2*histBarW + histGap
	at := func(v []float64, i int) float64 {
		if i < len(v) {
			return v[i]
		}
		return 0
	}
	top1 := 1.0
	for i := range periods {
		top1 = max(top1, at(row.Capacity, i), at(row.Before, i), at(row.After, i))
	}
	peak := top1 * 1.1 // headroom above the highest value
	base := top + histPanelH
	yOf := func(v float64) float64 { return base - histPanelH*v/peak }
	over := 0
	s.raw(`<g class="resource">`)
	s.raw(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(histLabelW), num(base), num(histLabelW+float64(len(periods))*slot), num(base))
	s.text(histLabelW-6, yOf(top1)+4, "axis", "end", value(top1)+" "+unit)
	s.text(histLabelW-6, base, "axis", "end", "0")
	for i, p := range periods {
		x := histLabelW + float64(i)*slot
		c := at(row.Capacity, i)
		bars := []struct {
			name, class string
			v           float64
			has         bool
		}{{"before levelling", "load-before", at(row.Before, i), row.Before != nil}, {"after levelling", "load-after", at(row.After, i), row.After != nil}}
		for j, b := range bars {
			if !b.has || b.v <= 0 {
				continue
			}
			bx := x + float64(j)*histBarW
			title := fmt.Sprintf("%s %s, %s: %s %s of %s %s", row.Resource, p, b.name, value(b.v), unit, value(c), unit)
			if b.v > c {
				title += fmt.Sprintf(" (over by %s %s)", value(b.v-c), unit)
				if j == len(bars)-1 || row.After == nil {
					over++
				}
			}
			s.raw(`<g><title>%s</title>`, esc(title))
			s.raw(`<rect class="%s" x="%s" y="%s" width="%s" height="%s"/>`, b.class, num(bx), num(yOf(b.v)), num(histBarW-1), num(base-yOf(b.v)))
			if b.v > c {
				s.raw(`<rect class="over" x="%s" y="%s" width="%s" height="%s"/>`, num(bx), num(yOf(b.v)), num(histBarW-1), num(yOf(c)-yOf(b.v)))
			}
			s.raw(`</g>`)
		}
		// The capacity of the period as one step of a line.
		s.raw(`<line class="capacity" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(x-histGap/2), num(yOf(c)), num(x+slot-histGap/2), num(yOf(c)))
		if i%every == 0 {
			s.text(x, base+14, "axis", "start", p)
		}
	}
	name := row.Resource
	if over > 0 {
		name += fmt.Sprintf(" — over capacity in %d period", over)
		if over > 1 {
			name += "s"
		}
	}
	s.text(histLabelW, top-4, "axis-label", "start", name)
	s.raw(`</g>`)
}

// value formats a load to one decimal, whole numbers without one.
func value(v float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0")
}
