package chart

import (
	"fmt"
	"html/template"
)

// UsageRow is one limited resource over the periods of a plan: money per
// period against the budget, or a role's FTE against its capacity. Slices
// are indexed like the periods; Limit is nil when there is no limit.
type UsageRow struct {
	Name      string
	Committed []float64 // already used by running work
	Selected  []float64 // used by the selection
	Limit     []float64
}

const (
	useLabelW  = 110.0
	useBarW    = 26.0
	useGap     = 10.0
	usePanelH  = 120.0
	usePanelGp = 40.0
	useLegendH = 34.0
)

// Usage draws one panel per row: for each period a stacked bar of the
// committed load (hatched grey) and the selection's (solid), the limit as a
// step line, and the part above the limit in the over style. Each bar has a
// title with the figures; unit labels them (e.g. "EUR k" or "FTE").
func Usage(label, unit string, periods []string, rows []UsageRow) template.HTML {
	slot := useBarW + useGap
	w := int(useLabelW + max(400, float64(len(periods))*slot) + 10)
	h := int(useLegendH + float64(len(rows))*(usePanelH+usePanelGp))
	var s svg
	s.open(w, h, fmt.Sprintf("%s for %d rows over %d periods", label, len(rows), len(periods)), false)
	x := 4.0
	for _, l := range []struct{ class, label string }{{"use-committed", "running work"}, {"use-selected", "selection"}, {"over", "over the limit"}} {
		s.raw(`<rect class="%s" x="%s" y="6" width="12" height="12"/>`, l.class, num(x))
		s.text(x+16, 16, "axis", "start", l.label)
		x += 120
	}
	s.raw(`<line class="capacity" x1="%s" y1="12" x2="%s" y2="12"/>`, num(x), num(x+16))
	s.text(x+20, 16, "axis", "start", "limit")
	every := max(1, int(60/slot)+1)
	for r, row := range rows {
		usePanel(&s, useLegendH+float64(r)*(usePanelH+usePanelGp), periods, unit, row, every)
	}
	return s.html()
}

func usePanel(s *svg, top float64, periods []string, unit string, row UsageRow, every int) {
	slot := useBarW + useGap
	at := func(v []float64, i int) float64 {
		if i < len(v) {
			return v[i]
		}
		return 0
	}
	top1 := 0.0
	for i := range periods {
		top1 = max(top1, at(row.Limit, i), at(row.Committed, i)+at(row.Selected, i))
	}
	if top1 <= 0 {
		top1 = 1
	}
	peak := top1 * 1.1
	base := top + usePanelH
	yOf := func(v float64) float64 { return base - usePanelH*v/peak }
	over := 0
	s.raw(`<g class="resource">`)
	s.raw(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(useLabelW), num(base), num(useLabelW+float64(len(periods))*slot), num(base))
	s.text(useLabelW-6, yOf(top1)+4, "axis", "end", compact(top1)+" "+unit)
	s.text(useLabelW-6, base, "axis", "end", "0")
	for i, p := range periods {
		bx := useLabelW + float64(i)*slot + useGap/2
		c, sel := at(row.Committed, i), at(row.Selected, i)
		total := c + sel
		title := fmt.Sprintf("%s %s: running work %s, selection %s, total %s %s", row.Name, p, compact(c), compact(sel), compact(total), unit)
		hasLimit := row.Limit != nil
		lim := at(row.Limit, i)
		if hasLimit {
			title += fmt.Sprintf(" of %s", compact(lim))
			if total > lim+1e-9 {
				title += fmt.Sprintf(" (over by %s)", compact(total-lim))
				over++
			}
		}
		s.raw(`<g><title>%s</title>`, esc(title))
		if c > 0 {
			s.raw(`<rect class="use-committed" x="%s" y="%s" width="%s" height="%s"/>`, num(bx), num(yOf(c)), num(useBarW), num(base-yOf(c)))
		}
		if sel > 0 {
			s.raw(`<rect class="use-selected" x="%s" y="%s" width="%s" height="%s"/>`, num(bx), num(yOf(total)), num(useBarW), num(yOf(c)-yOf(total)))
		}
		if hasLimit && total > lim+1e-9 {
			s.raw(`<rect class="over" x="%s" y="%s" width="%s" height="%s"/>`, num(bx), num(yOf(total)), num(useBarW), num(yOf(lim)-yOf(total)))
		}
		s.raw(`</g>`)
		if hasLimit {
			s.raw(`<line class="capacity" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(bx-useGap/2), num(yOf(lim)), num(bx+useBarW+useGap/2), num(yOf(lim)))
		}
		if i%every == 0 {
			s.text(bx, base+14, "axis", "start", p)
		}
	}
	name := row.Name
	if over > 0 {
		name += fmt.Sprintf(" — over the limit in %d period", over)
		if over > 1 {
			name += "s"
		}
	}
	s.text(useLabelW, top-4, "axis-label", "start", name)
	s.raw(`</g>`)
}
