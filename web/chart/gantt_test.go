package chart

import (
	"flag"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got template.HTML) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != string(got)+"\n" {
		t.Errorf("%s differs from the golden file; run go test ./web/chart -update and review the diff", name)
	}
}

func date(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

// sampleGantt is a small project: a summary over two tasks in sequence and
// a milestone, one task beside them, with baselines and a status date.
func sampleGantt(z Zoom) Gantt {
	return Gantt{
		Zoom: z,
		Tasks: []GanttTask{
			{ID: "1", Name: "Build <shop> & co", Level: 1, Summary: true, Critical: true, Start: date(2026, 11, 2, 8), Finish: date(2026, 11, 20, 17)},
			{ID: "2", Name: "Design", Level: 2, Critical: true, Start: date(2026, 11, 2, 8), Finish: date(2026, 11, 6, 17), Percent: 100,
				BaselineStart: date(2026, 11, 2, 8), BaselineFinish: date(2026, 11, 6, 17), Href: "/tasks/2"},
			{ID: "3", Name: "Develop", Level: 2, Critical: true, Start: date(2026, 11, 9, 8), Finish: date(2026, 11, 20, 17), Percent: 30,
				BaselineStart: date(2026, 11, 9, 8), BaselineFinish: date(2026, 11, 18, 17)},
			{ID: "4", Name: "Go live", Level: 1, Milestone: true, Critical: true, Start: date(2026, 11, 20, 17), Finish: date(2026, 11, 20, 17)},
			{ID: "5", Name: "Write the manual", Level: 1, Start: date(2026, 11, 9, 8), Finish: date(2026, 11, 11, 17)},
		},
		Links:      []GanttLink{{From: 1, To: 2}, {From: 2, To: 3}, {From: 1, To: 4, Type: "SS"}, {From: 4, To: 3, Type: "FF"}},
		StatusDate: date(2026, 11, 12, 17),
		Today:      date(2026, 11, 13, 9),
	}
}

func TestGanttGolden(t *testing.T) {
	for _, z := range []Zoom{ZoomWeek, ZoomMonth, ZoomQuarter} {
		t.Run(z.String(), func(t *testing.T) {
			svg := GanttChart(sampleGantt(z))
			text, links := wellFormed(t, svg)
			golden(t, "gantt-"+z.String()+".svg", svg)
			if len(links) != 1 || links[0] != "/tasks/2" {
				t.Errorf("links %v", links)
			}
			for _, want := range []string{"Build <shop> & co", "Go live", "status date 12 Nov 2026", "today 13 Nov 2026",
				"1 Build <shop> & co: 2 Nov 2026 to 20 Nov 2026, summary, critical", "4 Go live: milestone 20 Nov 2026, critical",
				"3 Develop: 9 Nov 2026 to 20 Nov 2026, critical, 30% complete, baseline 9 Nov 2026 to 18 Nov 2026"} {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

func TestGanttParts(t *testing.T) {
	svg := string(GanttChart(sampleGantt(ZoomWeek)))
	count := func(s string) int { return strings.Count(svg, s) }
	checks := []struct {
		what string
		got  int
		want int
	}{
		{"summary brackets", count(`class="summary-bar"`), 1},
		{"milestone diamonds", count(`class="diamond"`), 1},
		{"task bars", count(`class="bar"`), 3},
		{"baseline bars", count(`class="baseline-bar"`), 2},
		{"progress bars", count(`class="progress"`), 2},
		{"links", count(`marker-end=`), 4},
		{"critical links", count(`class="link critical"`), 2}, // 2→3 and 3→4; the links of 5 are not
		{"critical rows", count(`critical">`), 4},
		{"status line", count(`class="status-date"`), 1},
		{"today line", count(`class="today"`), 1},
		{"week labels", count(">Week of "), 3},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}
	// Zoom changes the scale: a quarter is narrower than a month, a month
	// than weeks.
	width := func(z Zoom) int {
		var w int
		fmt.Sscanf(strings.SplitN(string(GanttChart(sampleGantt(z))), `width="`, 2)[1], "%d", &w)
		return w
	}
	if !(width(ZoomWeek) > width(ZoomMonth) && width(ZoomMonth) > width(ZoomQuarter)) {
		t.Errorf("widths week %d month %d quarter %d", width(ZoomWeek), width(ZoomMonth), width(ZoomQuarter))
	}
	if GanttChart(sampleGantt(ZoomMonth)) != GanttChart(sampleGantt(ZoomMonth)) {
		t.Error("the same input drew different charts")
	}
}

func TestGanttEdges(t *testing.T) {
	// No tasks, bad links and lines out of range draw a valid empty chart.
	g := Gantt{Links: []GanttLink{{From: 0, To: 5}}, StatusDate: date(2026, 1, 1, 0)}
	wellFormed(t, GanttChart(g))
	g = sampleGantt(ZoomMonth)
	g.Links = append(g.Links, GanttLink{From: -1, To: 2}, GanttLink{From: 2, To: 2})
	g.Today = date(2030, 1, 1, 0)
	svg := string(GanttChart(g))
	if strings.Count(svg, "marker-end=") != 4 || strings.Contains(svg, `class="today"`) {
		t.Error("bad links or an out-of-range today line were drawn")
	}
	for _, s := range []string{"week", "month", "quarter"} {
		if z, ok := ParseZoom(s); !ok || z.String() != s {
			t.Errorf("ParseZoom(%q) = %v %v", s, z, ok)
		}
	}
	if _, ok := ParseZoom("day"); ok {
		t.Error("ParseZoom accepted day")
	}
}

func TestHistogram(t *testing.T) {
	periods := []string{"W45", "W46", "W47", "W48"}
	svg := Histogram(periods, "h", []LoadRow{
		{Resource: "Ana", Capacity: []float64{40, 40, 32, 40}, Before: []float64{60, 20, 40, 0}, After: []float64{40, 40, 32, 8}},
		{Resource: "Ben", Capacity: []float64{40, 40, 40, 40}, Before: []float64{10, 50, 0, 0}},
	})
	text, _ := wellFormed(t, svg)
	golden(t, "histogram.svg", svg)
	for _, want := range []string{"Ana", "Ben — over capacity in 1 period", "Ana W45, before levelling: 60 h of 40 h (over by 20 h)",
		"Ana W47, after levelling: 32 h of 32 h", "before levelling", "capacity"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Ana — over") {
		t.Error("Ana is within capacity after levelling")
	}
	if n := strings.Count(string(svg), `class="over"`); n != 4 { // legend + Ana W45, W47 before + Ben W46
		t.Errorf("%d over-capacity marks, want 4", n)
	}
}

// BenchmarkGantt2000 draws a 2,000-task Gantt chart with a link into each
// task, the size of a large programme schedule.
func BenchmarkGantt2000(b *testing.B) {
	g := Gantt{Zoom: ZoomMonth, StatusDate: date(2026, 6, 1, 0)}
	start := date(2026, 1, 5, 8)
	for i := range 2000 {
		s := start.AddDate(0, 0, (i*7)%500)
		g.Tasks = append(g.Tasks, GanttTask{ID: fmt.Sprint(i + 1), Name: fmt.Sprintf("Task %d", i+1), Level: 1 + i%3,
			Summary: i%10 == 0, Milestone: i%17 == 0, Critical: i%5 == 0, Start: s, Finish: s.AddDate(0, 0, 1+i%20),
			BaselineStart: s, BaselineFinish: s.AddDate(0, 0, i%20)})
		if i > 0 {
			g.Links = append(g.Links, GanttLink{From: i / 2, To: i})
		}
	}
	for b.Loop() {
		_ = GanttChart(g)
	}
}
