package chart

import (
	"fmt"
	"html/template"

	"github.com/pmohq/pmo"
)

// RiskMatrix draws the 5x5 probability-impact matrix with the number of
// risks in each cell. counts[p-1][i-1] counts risks of probability p and
// impact i; href, when not nil, links a cell to the list behind it. Cells
// are shaded by score band (low, medium, high, critical) and the band's
// initial is printed with the count.
func RiskMatrix(counts [5][5]int, href func(probability, impact int) string) template.HTML {
	const axisW, cell, axisH = 70.0, 64.0, 44.0
	w := int(axisW + 5*cell + 10)
	h := int(5*cell + axisH + 10)
	var s svg
	s.open(w, h, "Risk matrix: number of open risks by probability and impact", href != nil)
	for p := 5; p >= 1; p-- {
		y := float64(5-p) * cell
		s.text(axisW-8, y+cell/2+5, "axis", "end", fmt.Sprint(p))
		for i := 1; i <= 5; i++ {
			x := axisW + float64(i-1)*cell
			score := p * i
			band := pmo.ScoreBand(score)
			n := counts[p-1][i-1]
			label := fmt.Sprintf("probability %d, impact %d (%s): %d risks", p, i, band, n)
			end := ""
			if href != nil && n > 0 {
				end = s.link(href(p, i), label)
			}
			s.raw(`<g class="cell band-%s">`, band)
			if end == "" {
				s.raw(`<title>%s</title>`, esc(label))
			}
			s.raw(`<rect x="%s" y="%s" width="%s" height="%s"/>`, num(x+1), num(y+1), num(cell-2), num(cell-2))
			if n > 0 {
				s.text(x+cell/2, y+cell/2+2, "count", "middle", fmt.Sprint(n))
			}
			s.text(x+cell/2, y+cell-8, "band", "middle", string(band[0]-'a'+'A'))
			s.raw("</g>%s", end)
		}
	}
	for i := 1; i <= 5; i++ {
		s.text(axisW+float64(i-1)*cell+cell/2, 5*cell+18, "axis", "middle", fmt.Sprint(i))
	}
	s.text(axisW+2.5*cell, 5*cell+38, "axis-label", "middle", "Impact →")
	s.raw(`<text class="axis-label" text-anchor="middle" transform="translate(16 %s) rotate(-90)">Probability →</text>`, num(2.5*cell))
	return s.html()
}
