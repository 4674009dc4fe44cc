package chart

import (
	"html/template"
	"strconv"
)

// CountBar is one bar of a count chart: a label, a count and, optionally,
// the page that lists what was counted.
type CountBar struct {
	Label string
	Count int
	Href  string
}

// CountBars draws horizontal bars of counts on a shared scale, largest
// first as given, each labelled with its name and its number (so that the
// length is never the only carrier). Bars with a link are links.
func CountBars(label string, bars []CountBar) template.HTML {
	const plotW, valueW, barH, gap, maxLabel = 260.0, 48.0, 16.0, 6.0, 44
	peak, longest := 1, 0
	links := false
	for _, b := range bars {
		peak = max(peak, b.Count)
		links = links || b.Href != ""
		longest = max(longest, min(len([]rune(b.Label)), maxLabel))
	}
	// Room for the longest label at about 7 px a character.
	labelW := float64(max(60, 7*longest+10))
	h := max(int(float64(len(bars))*(barH+gap)), int(barH))
	var s svg
	s.open(int(labelW+plotW+valueW), h, label, links)
	for i, b := range bars {
		y := float64(i) * (barH + gap)
		end := s.link(b.Href, b.Label+": "+strconv.Itoa(b.Count))
		s.text(labelW-6, y+barH-4, "row-label", "end", clip(b.Label, maxLabel))
		w := plotW * float64(b.Count) / float64(peak)
		s.raw(`<rect class="bar-count" x="%s" y="%s" width="%s" height="%s"><title>%s</title></rect>`,
			num(labelW), num(y), num(max(w, 1)), num(barH), esc(b.Label+": "+strconv.Itoa(b.Count)))
		s.text(labelW+w+6, y+barH-4, "bar-value", "start", strconv.Itoa(b.Count))
		s.raw("%s", end)
	}
	return s.html()
}

// clip shortens a label to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
