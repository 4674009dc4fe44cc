package chart

import (
	"encoding/xml"
	"errors"
	"html/template"
	"io"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// wellFormed parses an SVG and returns its text content and link targets.
func wellFormed(t *testing.T, svg template.HTML) (text string, links []string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		switch x := tok.(type) {
		case xml.CharData:
			b.Write(x)
			b.WriteByte(' ')
		case xml.StartElement:
			if x.Name.Local == "a" {
				for _, a := range x.Attr {
					if a.Name.Local == "href" {
						links = append(links, a.Value)
					}
				}
			}
		}
	}
	return b.String(), links
}

func TestCharts(t *testing.T) {
	d := pmo.NewDate
	tests := []struct {
		name      string
		svg       template.HTML
		wantText  []string
		wantLinks int
	}{
		{
			name: "strips",
			svg: Strips([]string{"2026-W46", "2026-W47"}, []StripRow{
				{Name: "Schedule", Cells: []Cell{{RAG: pmo.Green}, {RAG: pmo.Red}}},
				{Name: "Cost", Cells: []Cell{{RAG: pmo.Amber}, {RAG: ""}}},
			}),
			wantText: []string{"Schedule", "G", "R", "A", "–", "2026-W46", "Schedule 2026-W47: red"},
		},
		{
			name: "heatmap",
			svg: Heatmap([]string{"Schedule", "Overall"}, []HeatRow{{Label: "P-1 <Shop> & co", Href: "/projects/1",
				Cells: []Cell{{RAG: pmo.Red, Trend: pmo.Deteriorating, Href: "/projects?rag.schedule=red"}, {RAG: pmo.Amber, Trend: pmo.Stable}}}}),
			wantText:  []string{"P-1 <Shop> & co", "R ▼", "A"},
			wantLinks: 2,
		},
		{
			name: "distribution",
			svg: Distribution([]DistRow{{Name: "Overall", Segments: []Segment{{RAG: pmo.Red, Count: 3, Href: "/r"},
				{RAG: pmo.Green, Count: 40, Href: "/g"}, {RAG: pmo.Amber, Count: 0, Href: "/a"}}}}),
			wantText:  []string{"Overall", "G 40", "43"},
			wantLinks: 2, // empty segments draw nothing
		},
		{
			name: "timeline",
			svg: Timeline(d(2026, 11, 27), d(2027, 2, 25), d(2026, 11, 27), []Mark{
				{Label: "Go live", Baseline: d(2026, 12, 1), Forecast: d(2026, 12, 20), Key: true, Href: "/projects/1"},
				{Label: "Pilot", Forecast: d(2027, 1, 10)},
			}),
			wantText:  []string{"Go live", "+19d", "Pilot", "today", "Dec 2026"},
			wantLinks: 1,
		},
		{
			name:      "risk matrix",
			svg:       RiskMatrix([5][5]int{4: {4: 2}, 0: {0: 1}}, func(p, i int) string { return "/risks" }),
			wantText:  []string{"Impact", "Probability", "2", "C", "L"},
			wantLinks: 2,
		},
		{
			name: "budget bars",
			svg: BudgetBars([]BudgetBar{{Label: "EUR", Budget: 100_00, Forecast: 120_00, Actual: 50_00,
				Format: func(m int64) string { return "EUR " + string(rune('0'+m/10000)) }}}),
			wantText: []string{"EUR", "Budget", "Forecast", "Actual"},
		},
		{name: "empty heatmap", svg: Heatmap(nil, nil)},
		{name: "empty timeline", svg: Timeline(d(2026, 1, 1), d(2026, 1, 1), d(2026, 1, 1), nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, links := wellFormed(t, tt.svg)
			for _, w := range tt.wantText {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
			if len(links) != tt.wantLinks {
				t.Errorf("%d links, want %d: %v", len(links), tt.wantLinks, links)
			}
			if !strings.Contains(string(tt.svg), `aria-label=`) || !strings.Contains(string(tt.svg), "<title>") {
				t.Error("chart lacks an accessible name")
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	mk := func() template.HTML {
		return Heatmap([]string{"A"}, []HeatRow{{Label: "x", Cells: []Cell{{RAG: pmo.Blue}}}})
	}
	if mk() != mk() {
		t.Error("the same input drew different charts")
	}
}

func TestLetterNeverColourOnly(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range pmo.RAGs {
		l := Letter(r)
		if l == "" || seen[l] {
			t.Errorf("rating %s has letter %q, not unique", r, l)
		}
		seen[l] = true
	}
}
