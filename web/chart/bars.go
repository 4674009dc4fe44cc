package chart

import (
	"fmt"
	"html/template"
)

// BudgetBar compares budget, forecast and actual cost of one group, in
// minor units of one currency.
type BudgetBar struct {
	Label                    string
	Budget, Forecast, Actual int64
	Format                   func(minor int64) string // formats an amount for labels
}

// BudgetBars draws, per group, three horizontal bars on a shared scale:
// budget (outlined), forecast (solid; marked "over" when above budget) and
// actual to date (hatched).
func BudgetBars(bars []BudgetBar) template.HTML {
	const labelW, plotW, barH, groupGap, valueW = 44.0, 230.0, 16.0, 16.0, 150.0
	var peak int64 = 1
	for _, b := range bars {
		peak = max(peak, b.Budget, b.Forecast, b.Actual)
	}
	groupH := 3*barH + 4 + groupGap
	w := int(labelW + plotW + valueW)
	h := int(float64(len(bars)) * groupH)
	var s svg
	s.open(w, h, "Budget, forecast and actual cost", false)
	s.raw(`<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>`)
	for i, b := range bars {
		y := float64(i) * groupH
		s.text(0, y+barH+8, "axis-label", "start", b.Label)
		format := b.Format
		if format == nil {
			format = func(m int64) string { return fmt.Sprint(m / 100) }
		}
		rows := []struct {
			name, class string
			v           int64
		}{{"Budget", "bar-budget", b.Budget}, {"Forecast", "bar-forecast", b.Forecast}, {"Actual", "bar-actual", b.Actual}}
		for j, r := range rows {
			ry := y + float64(j)*(barH+2)
			bw := plotW * float64(r.v) / float64(peak)
			cls := r.class
			note := ""
			if r.name == "Forecast" && b.Forecast > b.Budget {
				cls += " over"
				note = " (over budget)"
			}
			s.raw(`<rect class="%s" x="%s" y="%s" width="%s" height="%s"><title>%s</title></rect>`,
				cls, num(labelW), num(ry), num(max(bw, 1)), num(barH), esc(r.name+": "+format(r.v)+note))
			s.text(labelW+plotW+8, ry+barH-3, "axis", "start", r.name+" "+format(r.v))
		}
	}
	return s.html()
}
