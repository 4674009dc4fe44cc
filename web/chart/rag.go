package chart

import (
	"fmt"
	"html/template"
	"math"

	"github.com/pmohq/pmo"
)

// StripRow is one dimension of a trend strip: a cell per period.
type StripRow struct {
	Name  string
	Cells []Cell
}

// Strips draws a project's RAG history: one row per dimension, one column
// per period (oldest first), labelled with every few periods.
func Strips(periods []string, rows []StripRow) template.HTML {
	const labelW, cellW, cellH, gap, axisH = 90.0, 26.0, 24.0, 4.0, 22.0
	n := len(periods)
	w := int(labelW + float64(n)*cellW + 64) // room for the last period label
	h := int(float64(len(rows))*(cellH+gap) + axisH + 4)
	var s svg
	s.open(w, h, fmt.Sprintf("RAG history by dimension over %d periods", n), false)
	for i, row := range rows {
		y := float64(i) * (cellH + gap)
		s.text(0, y+cellH/2+5, "axis-label", "start", row.Name)
		for j, c := range row.Cells {
			if c.Label == "" && j < n {
				c.Label = row.Name + " " + periods[j] + ": " + ragName(c.RAG)
			}
			c.Trend = "" // a strip shows the trend by itself
			s.mark(labelW+float64(j)*cellW, y, cellW-3, cellH, c)
		}
	}
	step := int(math.Ceil(70 / cellW)) // labels about 70 px apart
	ay := float64(len(rows))*(cellH+gap) + 16
	for j := 0; j < n; j += step {
		s.text(labelW+float64(j)*cellW, ay, "axis", "start", periods[j])
	}
	return s.html()
}

// HeatRow is one project of the heatmap.
type HeatRow struct {
	Label string // e.g. the project code and name
	Href  string // the project page
	Cells []Cell // one per column
}

// Heatmap draws projects against rated dimensions. Row labels link to the
// projects; each cell links wherever its Href says (the list of projects
// with that rating).
func Heatmap(cols []string, rows []HeatRow) template.HTML {
	const labelW, cellW, cellH, gap, headH = 300.0, 84.0, 24.0, 4.0, 26.0
	w := int(labelW + float64(len(cols))*cellW)
	h := int(headH + float64(len(rows))*(cellH+gap))
	var s svg
	s.open(w, h, fmt.Sprintf("RAG heatmap of %d projects", len(rows)), true)
	for j, c := range cols {
		s.text(labelW+float64(j)*cellW+(cellW-6)/2, 16, "axis-label", "middle", c)
	}
	for i, r := range rows {
		y := headH + float64(i)*(cellH+gap)
		end := s.link(r.Href, r.Label)
		s.text(0, y+cellH/2+5, "row-label", "start", truncate(r.Label, 38))
		s.raw("%s", end)
		for j, c := range r.Cells {
			if c.Label == "" && j < len(cols) {
				c.Label = r.Label + ", " + cols[j] + ": " + ragName(c.RAG)
				if c.Trend != "" && c.Trend != pmo.NewTrend {
					c.Label += ", " + string(c.Trend)
				}
			}
			if c.Trend == pmo.Stable {
				c.Trend = "" // only changes draw the eye
			}
			s.mark(labelW+float64(j)*cellW, y, cellW-6, cellH, c)
		}
	}
	return s.html()
}

// Segment is one rating's share of a distribution bar.
type Segment struct {
	RAG   pmo.RAG
	Count int
	Href  string
}

// DistRow is the distribution of ratings of one dimension.
type DistRow struct {
	Name     string
	Segments []Segment
}

// Distribution draws one stacked bar per dimension, each segment sized by
// its count, labelled with the rating's letter and the count, and linked
// to the list behind it.
func Distribution(rows []DistRow) template.HTML {
	const labelW, barW, barH, gap = 72.0, 330.0, 26.0, 8.0
	w := int(labelW + barW + 44)
	h := int(float64(len(rows)) * (barH + gap))
	var s svg
	s.open(w, h, "RAG distribution by dimension", true)
	for i, row := range rows {
		y := float64(i) * (barH + gap)
		s.text(0, y+barH/2+5, "axis-label", "start", row.Name)
		total := 0
		for _, sg := range row.Segments {
			total += sg.Count
		}
		x := labelW
		for _, sg := range row.Segments {
			if sg.Count == 0 || total == 0 {
				continue
			}
			sw := barW * float64(sg.Count) / float64(total)
			label := fmt.Sprintf("%s %s: %d projects", row.Name, ragName(sg.RAG), sg.Count)
			end := s.link(sg.Href, label)
			s.raw(`<g class="seg %s"><rect x="%s" y="%s" width="%s" height="%s"/>`, ragClass(sg.RAG), num(x), num(y), num(sw), num(barH))
			if sw >= 34 {
				s.text(x+sw/2, y+barH/2+5, "mark-text", "middle", fmt.Sprintf("%s %d", Letter(sg.RAG), sg.Count))
			}
			s.raw("</g>%s", end)
			x += sw
		}
		s.text(labelW+barW+8, y+barH/2+5, "axis", "start", fmt.Sprint(total))
	}
	return s.html()
}
