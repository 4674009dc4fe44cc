package chart

import (
	"fmt"
	"html/template"

	"github.com/pmohq/pmo"
)

// Mark is one milestone on a timeline.
type Mark struct {
	Label    string
	Baseline pmo.Date // zero when there is none
	Forecast pmo.Date
	Key      bool   // key milestones are drawn larger and filled
	Href     string // the project page
}

// Timeline draws milestones between from and to, one lane per milestone:
// the forecast as a diamond, the baseline as a hollow tick joined to it by
// a slip line (red when late), and today as a dashed rule.
func Timeline(from, to, today pmo.Date, marks []Mark) template.HTML {
	const labelW, plotW, laneH, axisH = 330.0, 560.0, 22.0, 30.0
	days := float64(max(1, from.DaysUntil(to)))
	xOf := func(d pmo.Date) float64 {
		f := float64(from.DaysUntil(d)) / days
		f = min(1, max(0, f))
		return labelW + f*plotW
	}
	w := int(labelW + plotW + 48) // room for a slip label at the right edge
	h := int(axisH + float64(len(marks))*laneH + 8)
	var s svg
	s.open(w, h, fmt.Sprintf("Timeline of %d milestones from %s to %s", len(marks), from, to), true)
	// Month ticks, thinned so that labels never overlap (about 70 px apart).
	t := from.Time()
	months := int(days/30.4) + 1
	step := max(1, (months*70+int(plotW)-1)/int(plotW))
	for m := pmo.NewDate(t.Year(), t.Month(), 1); !m.After(to); m = pmo.DateOf(m.Time().AddDate(0, step, 0)) {
		if m.Before(from) {
			continue
		}
		x := xOf(m)
		s.raw(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%d"/>`, num(x), num(axisH-6), num(x), h)
		s.text(x+3, 16, "axis", "start", m.Time().Format("Jan 2006"))
	}
	if !today.Before(from) && !today.After(to) {
		x := xOf(today)
		s.raw(`<line class="today" x1="%s" y1="%s" x2="%s" y2="%d"/>`, num(x), num(axisH-10), num(x), h)
		s.text(x, axisH-12, "axis today-label", "middle", "today")
	}
	for i, m := range marks {
		y := axisH + float64(i)*laneH + laneH/2
		slip := 0
		if !m.Baseline.IsZero() {
			slip = m.Baseline.DaysUntil(m.Forecast)
		}
		desc := fmt.Sprintf("%s: forecast %s", m.Label, m.Forecast)
		if !m.Baseline.IsZero() {
			desc += fmt.Sprintf(", baseline %s, slip %+d days", m.Baseline, slip)
		}
		end := s.link(m.Href, desc)
		s.text(0, y+5, "row-label", "start", truncate(m.Label, 44))
		xf := xOf(m.Forecast)
		if !m.Baseline.IsZero() && slip != 0 {
			xb := xOf(m.Baseline)
			cls := "slip-early"
			if slip > 0 {
				cls = "slip-late"
			}
			s.raw(`<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s"/>`, cls, num(xb), num(y), num(xf), num(y))
			s.raw(`<line class="baseline" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(xb), num(y-7), num(xb), num(y+7))
		}
		r := 5.0
		cls := "milestone"
		if m.Key {
			r, cls = 7, "milestone key"
		}
		if slip > 0 {
			cls += " late"
		}
		s.raw(`<path class="%s" d="M%s %sL%s %sL%s %sL%s %sZ"/>`, cls,
			num(xf), num(y-r), num(xf+r), num(y), num(xf), num(y+r), num(xf-r), num(y))
		if slip > 0 {
			s.text(xf+r+3, y+4, "axis late-label", "start", fmt.Sprintf("+%dd", slip))
		}
		s.raw("%s", end)
	}
	return s.html()
}
