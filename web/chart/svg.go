package chart

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
)

// svg accumulates the markup of one chart.
type svg struct {
	b strings.Builder
}

// open starts an <svg> of the given size. A chart with links is a group of
// links (role="group"); one without is a single image (role="img").
func (s *svg) open(w, h int, label string, links bool) {
	role := "img"
	if links {
		role = "group"
	}
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="%s" aria-label="%s">`,
		w, h, w, h, role, esc(label))
	fmt.Fprintf(&s.b, `<title>%s</title>`, esc(label))
}

func (s *svg) raw(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

// text writes a text element; anchor is start, middle or end.
func (s *svg) text(x, y float64, class, anchor, str string) {
	fmt.Fprintf(&s.b, `<text x="%s" y="%s" class="%s" text-anchor="%s">%s</text>`, num(x), num(y), class, anchor, esc(str))
}

// link opens an anchor when href is set and returns the closing tag.
func (s *svg) link(href, label string) string {
	if href == "" {
		return ""
	}
	fmt.Fprintf(&s.b, `<a href="%s" aria-label="%s">`, esc(href), esc(label))
	return "</a>"
}

func (s *svg) html() template.HTML {
	s.b.WriteString("</svg>")
	return template.HTML(s.b.String()) // every value written was escaped
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// num formats a coordinate compactly.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Letter is the one-letter code of a rating, shown inside every RAG mark so
// that colour is never the only carrier: R, A, G, B (complete) or – (no data).
func Letter(r pmo.RAG) string {
	switch r {
	case pmo.Red:
		return "R"
	case pmo.Amber:
		return "A"
	case pmo.Green:
		return "G"
	case pmo.Blue:
		return "B"
	}
	return "–"
}

// Arrow is the glyph of a trend: ▲ improving, ▼ deteriorating, ▶ stable,
// and nothing for a first report.
func Arrow(t pmo.Trend) string {
	switch t {
	case pmo.Improving:
		return "▲"
	case pmo.Deteriorating:
		return "▼"
	case pmo.Stable:
		return "▶"
	}
	return ""
}

// ragClass is the CSS class that colours a rating; unknown ratings are grey.
func ragClass(r pmo.RAG) string {
	if r.Valid() {
		return "rag-" + string(r)
	}
	return "rag-grey"
}

// ragName is the rating spelled out for labels.
func ragName(r pmo.RAG) string {
	if r == "" || !r.Valid() {
		return "no data"
	}
	return string(r)
}

// Cell is one rated cell of a strip or heatmap.
type Cell struct {
	RAG   pmo.RAG
	Trend pmo.Trend // drawn as an arrow beside the letter; empty for none
	Href  string    // where the cell links to; empty for none
	Label string    // accessible description; a default is derived when empty
}

// mark draws a rated cell at x, y of size w x h: a coloured shape (square
// for red, diamond-cornered for amber, rounded for green) with its letter
// and trend arrow.
func (s *svg) mark(x, y, w, h float64, c Cell) {
	rx := 3.0
	switch c.RAG {
	case pmo.Green, pmo.Blue:
		rx = h / 2
	case pmo.Red:
		rx = 0
	}
	label := c.Label
	if label == "" {
		label = ragName(c.RAG)
		if c.Trend != "" && c.Trend != pmo.NewTrend {
			label += ", " + string(c.Trend)
		}
	}
	end := s.link(c.Href, label)
	s.raw(`<g class="mark %s">`, ragClass(c.RAG))
	if c.Href == "" {
		s.raw(`<title>%s</title>`, esc(label))
	}
	if c.RAG == pmo.Amber {
		// A notched rectangle: a different outline from red and green.
		n := h / 4
		s.raw(`<path d="M%s %sH%sL%s %sV%sL%s %sH%sL%s %sV%sZ"/>`,
			num(x+n), num(y), num(x+w-n), num(x+w), num(y+n), num(y+h-n), num(x+w-n), num(y+h),
			num(x+n), num(x), num(y+h-n), num(y+n))
	} else {
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" rx="%s"/>`, num(x), num(y), num(w), num(h), num(rx))
	}
	txt := Letter(c.RAG)
	if a := Arrow(c.Trend); a != "" {
		txt += " " + a
	}
	s.text(x+w/2, y+h/2+5, "mark-text", "middle", txt)
	s.raw("</g>")
	s.raw("%s", end)
}

// truncate shortens s to n runes with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
