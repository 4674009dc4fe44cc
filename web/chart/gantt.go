package chart

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

// Zoom is the time scale of a Gantt chart.
type Zoom uint8

// Zoom levels: a week zoom shows days, a month zoom weeks, a quarter zoom
// months.
const (
	ZoomMonth Zoom = iota // the default
	ZoomWeek
	ZoomQuarter
)

// ParseZoom reads "week", "month" or "quarter"; anything else is false.
func ParseZoom(s string) (Zoom, bool) {
	switch s {
	case "week":
		return ZoomWeek, true
	case "month":
		return ZoomMonth, true
	case "quarter":
		return ZoomQuarter, true
	}
	return ZoomMonth, false
}

func (z Zoom) String() string {
	switch z {
	case ZoomWeek:
		return "week"
	case ZoomQuarter:
		return "quarter"
	}
	return "month"
}

// pxPerDay is the horizontal scale of a zoom.
func (z Zoom) pxPerDay() float64 {
	switch z {
	case ZoomWeek:
		return 20
	case ZoomQuarter:
		return 1.5
	}
	return 5
}

// GanttTask is one row of a Gantt chart.
type GanttTask struct {
	ID    string // shown in the accessible name
	Name  string
	Level int // outline level: 0 or 1 is the top; deeper rows are indented
	// Summary rows draw a bracket over their children; milestones a diamond.
	Summary, Milestone bool
	Critical           bool
	Start, Finish      time.Time
	// BaselineStart and BaselineFinish draw a thin bar under the task; zero
	// when there is no baseline.
	BaselineStart, BaselineFinish time.Time
	Percent                       float64 // 0–100, drawn inside the bar
	Href                          string  // where the row links to; empty for none
}

// GanttLink is a dependency between rows From and To (indexes into
// Gantt.Tasks). Type is "FS", "SS", "FF" or "SF" (empty is FS).
type GanttLink struct {
	From, To int
	Type     string
}

// Gantt is the input of GanttChart.
type Gantt struct {
	Title      string // the accessible name; a default is derived when empty
	Tasks      []GanttTask
	Links      []GanttLink
	Zoom       Zoom
	StatusDate time.Time // drawn as a line when set and in range
	Today      time.Time // drawn as a line when set and in range
}

const (
	ganttLabelW = 280.0
	ganttRowH   = 22.0
	ganttAxisH  = 40.0
)

// GanttChart draws g: a label column with the WBS indented, a time axis for
// the zoom, then per row a bar (summary bracket, task bar with its progress,
// or milestone diamond) over its baseline bar, dependency arrows, and the
// status-date and today lines. Critical tasks and the links between them
// carry the class "critical"; every row has a title naming its dates, so
// colour is never the only carrier. The output depends only on g.
func GanttChart(g Gantt) template.HTML {
	from, to := ganttRange(g)
	px := g.Zoom.pxPerDay()
	xOf := func(t time.Time) float64 {
		return ganttLabelW + t.Sub(from).Hours()/24*px
	}
	w := int(xOf(to)) + 10
	h := int(ganttAxisH + float64(len(g.Tasks))*ganttRowH + 6)
	title := g.Title
	if title == "" {
		title = fmt.Sprintf("Gantt chart of %d tasks from %s to %s", len(g.Tasks), day(from), day(to))
	}
	links := false
	for _, t := range g.Tasks {
		links = links || t.Href != ""
	}
	var s svg
	s.open(w, h, title, links)
	s.raw(`<defs><marker id="gantt-arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path class="link-head" d="M0 0L6 3L0 6Z"/></marker>`)
	s.raw(`<marker id="gantt-arrow-critical" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path class="link-head critical" d="M0 0L6 3L0 6Z"/></marker></defs>`)
	ganttAxis(&s, g.Zoom, from, to, xOf, h)
	for i := range g.Tasks {
		if i%2 == 1 {
			s.raw(`<rect class="row-band" x="0" y="%s" width="%d" height="%s"/>`, num(ganttAxisH+float64(i)*ganttRowH), w, num(ganttRowH))
		}
	}
	for _, l := range g.Links {
		ganttLink(&s, g.Tasks, l, xOf)
	}
	for i, t := range g.Tasks {
		ganttRow(&s, i, t, xOf)
	}
	for _, line := range []struct {
		at          time.Time
		class, name string
	}{{g.StatusDate, "status-date", "status date"}, {g.Today, "today", "today"}} {
		if line.at.IsZero() || line.at.Before(from) || line.at.After(to) {
			continue
		}
		x := xOf(line.at)
		s.raw(`<line class="%s" x1="%s" y1="%s" x2="%s" y2="%d"><title>%s %s</title></line>`,
			line.class, num(x), num(ganttAxisH-4), num(x), h, line.name, day(line.at))
	}
	return s.html()
}

// ganttRange returns the time span drawn: every date of every row, widened
// to whole units of the zoom.
func ganttRange(g Gantt) (from, to time.Time) {
	first := true
	see := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if first || t.Before(from) {
			from = t
		}
		if first || t.After(to) {
			to = t
		}
		first = false
	}
	for _, t := range g.Tasks {
		see(t.Start)
		see(t.Finish)
		see(t.BaselineStart)
		see(t.BaselineFinish)
	}
	see(g.StatusDate)
	if first {
		from = g.Today
		if from.IsZero() {
			from = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		to = from
	}
	from = unitStart(g.Zoom, from.UTC())
	to = unitStart(g.Zoom, to.UTC())
	return from, nextUnit(g.Zoom, to)
}

// unitStart floors t to its Monday (week zoom), month or quarter.
func unitStart(z Zoom, t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch z {
	case ZoomWeek:
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	case ZoomQuarter:
		return time.Date(d.Year(), d.Month()-(d.Month()-1)%3, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func nextUnit(z Zoom, t time.Time) time.Time {
	switch z {
	case ZoomWeek:
		return t.AddDate(0, 0, 7)
	case ZoomQuarter:
		return t.AddDate(0, 3, 0)
	}
	return t.AddDate(0, 1, 0)
}

// ganttAxis draws two header rows and the grid: months over days (week
// zoom), months over Mondays (month zoom) or quarters over months.
func ganttAxis(s *svg, z Zoom, from, to time.Time, xOf func(time.Time) float64, h int) {
	s.text(4, 16, "axis-label", "start", "Task")
	for t := from; t.Before(to); t = nextUnit(z, t) {
		label := t.Format("Jan 2006")
		switch z {
		case ZoomWeek:
			label = "Week of " + t.Format("2 Jan 2006")
		case ZoomQuarter:
			label = fmt.Sprintf("Q%d %d", (int(t.Month())+2)/3, t.Year())
		}
		x := xOf(t)
		s.raw(`<line class="grid major" x1="%s" y1="0" x2="%s" y2="%d"/>`, num(x), num(x), h)
		s.text(x+3, 14, "axis", "start", label)
	}
	step := func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	minor := func(t time.Time) string { return t.Format("2") }
	switch z {
	case ZoomMonth:
		step = func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
		minor = func(t time.Time) string { return t.Format("2") }
	case ZoomQuarter:
		step = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
		minor = func(t time.Time) string { return t.Format("Jan") }
	}
	start := from
	if z == ZoomMonth { // Mondays
		start = from.AddDate(0, 0, (8-int(from.Weekday()))%7)
	}
	for t := start; t.Before(to); t = step(t) {
		x := xOf(t)
		s.raw(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%d"/>`, num(x), num(ganttAxisH-18), num(x), h)
		s.text(x+2, ganttAxisH-6, "axis", "start", minor(t))
	}
}

// day formats a date for labels.
func day(t time.Time) string { return t.Format("2 Jan 2006") }

// ganttRow draws one row's label and bars.
func ganttRow(s *svg, i int, t GanttTask, xOf func(time.Time) float64) {
	y := ganttAxisH + float64(i)*ganttRowH
	desc := t.Name
	if t.ID != "" {
		desc = t.ID + " " + desc
	}
	switch {
	case t.Milestone:
		desc += ": milestone " + day(t.Start)
	default:
		desc += ": " + day(t.Start) + " to " + day(t.Finish)
	}
	if t.Summary {
		desc += ", summary"
	}
	if t.Critical {
		desc += ", critical"
	}
	if t.Percent > 0 {
		desc += fmt.Sprintf(", %s%% complete", num(t.Percent))
	}
	if !t.BaselineStart.IsZero() {
		desc += ", baseline " + day(t.BaselineStart) + " to " + day(t.BaselineFinish)
	}
	cls := "task"
	switch {
	case t.Summary:
		cls = "task summary"
	case t.Milestone:
		cls = "task milestone-row"
	}
	if t.Critical {
		cls += " critical"
	}
	end := s.link(t.Href, desc)
	s.raw(`<g class="%s">`, cls)
	if t.Href == "" {
		s.raw(`<title>%s</title>`, esc(desc))
	}
	indent := 12 * float64(max(0, t.Level-1))
	label := truncate(t.Name, max(8, 40-int(indent/7)))
	s.text(4+indent, y+15, "row-label", "start", label)
	if !t.BaselineStart.IsZero() && !t.BaselineFinish.IsZero() {
		bx := xOf(t.BaselineStart)
		s.raw(`<rect class="baseline-bar" x="%s" y="%s" width="%s" height="4"/>`, num(bx), num(y+16), num(max(2, xOf(t.BaselineFinish)-bx)))
	}
	x1, x2 := xOf(t.Start), xOf(t.Finish)
	switch {
	case t.Milestone:
		cy := y + 10
		s.raw(`<path class="diamond" d="M%s %sL%s %sL%s %sL%s %sZ"/>`,
			num(x1), num(cy-6), num(x1+6), num(cy), num(x1), num(cy+6), num(x1-6), num(cy))
	case t.Summary:
		// A bracket: a bar with pointed ends hanging down.
		s.raw(`<path class="summary-bar" d="M%s %sH%sV%sL%s %sH%sL%s %sZ"/>`,
			num(x1), num(y+5), num(x2), num(y+15), num(x2-4), num(y+10), num(x1+4), num(x1), num(y+15))
	default:
		bw := max(2, x2-x1)
		s.raw(`<rect class="bar" x="%s" y="%s" width="%s" height="11" rx="2"/>`, num(x1), num(y+4), num(bw))
		if t.Percent > 0 {
			s.raw(`<rect class="progress" x="%s" y="%s" width="%s" height="4"/>`, num(x1), num(y+7.5), num(bw*min(t.Percent, 100)/100))
		}
	}
	s.raw("</g>%s", end)
}

// ganttLink draws an arrow from the predecessor's finish (or start) to the
// successor's start (or finish), in right angles between the rows.
func ganttLink(s *svg, tasks []GanttTask, l GanttLink, xOf func(time.Time) float64) {
	if l.From < 0 || l.To < 0 || l.From >= len(tasks) || l.To >= len(tasks) || l.From == l.To {
		return
	}
	p, q := &tasks[l.From], &tasks[l.To]
	typ := strings.ToUpper(l.Type)
	if len(typ) != 2 {
		typ = "FS"
	}
	sx, exit := xOf(p.Finish), 6.0
	if typ[0] == 'S' {
		sx, exit = xOf(p.Start), -6
	}
	tx, enter := xOf(q.Start), -6.0
	if typ[1] == 'F' {
		tx, enter = xOf(q.Finish), 6
	}
	sy := ganttAxisH + float64(l.From)*ganttRowH + 10
	ty := ganttAxisH + float64(l.To)*ganttRowH + 10
	ex, ax := sx+exit, tx+enter
	var d string
	if (enter < 0 && ex <= ax) || (enter > 0 && ex >= ax) {
		d = fmt.Sprintf("M%s %sH%sV%sH%s", num(sx), num(sy), num(ex), num(ty), num(tx))
	} else {
		mid := ty - ganttRowH/2
		if ty < sy {
			mid = ty + ganttRowH/2
		}
		d = fmt.Sprintf("M%s %sH%sV%sH%sV%sH%s", num(sx), num(sy), num(ex), num(mid), num(ax), num(ty), num(tx))
	}
	cls, marker := "link", "gantt-arrow"
	if p.Critical && q.Critical {
		cls, marker = "link critical", "gantt-arrow-critical"
	}
	s.raw(`<path class="%s" d="%s" marker-end="url(#%s)"/>`, cls, d, marker)
}
