package web

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/dcma"
	"github.com/pmohq/pmo/web/chart"
)

// taskRow is one line of the schedule's task table.
type taskRow struct {
	Row                  int // the row number, as MS Project's ID
	UID                  int
	Name                 string
	Indent               int // outline depth, for the indent class
	Summary, Milestone   bool
	Critical             bool
	Duration             string
	Start, Finish        string
	TotalFloat           string
	FreeFloat            string
	Percent              int
	BaselineFinish       string
	FinishVariance       string
	Late                 bool
	LevelingDelay        string
	HasBaseline, Delayed bool
}

// dcmaRow is one check of the DCMA panel.
type dcmaRow struct {
	dcma.Check
	Value, Threshold string
	Offenders        string // the first offending tasks or links
}

// days formats working minutes as days of the schedule ("2.5 d").
func days(minutes int64, perDay int) string {
	if perDay <= 0 {
		perDay = pmo.DefaultMinutesPerDay
	}
	d := float64(minutes) / float64(perDay)
	return strings.TrimSuffix(strconv.FormatFloat(d, 'f', 1, 64), ".0") + " d"
}

// when formats a schedule instant to the minute; empty for zero.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// baselineByUID indexes a baseline's tasks; nil for no baseline.
func baselineByUID(b *pmo.Baseline) map[int]*pmo.BaselineTask {
	if b == nil {
		return nil
	}
	m := make(map[int]*pmo.BaselineTask, len(b.Tasks))
	for i := range b.Tasks {
		m[b.Tasks[i].UID] = &b.Tasks[i]
	}
	return m
}

// firstRow is the row number of the first task: 0 for a project summary
// task (outline level 0), else 1, as MS Project numbers its IDs and the
// DCMA checks name tasks.
func firstRow(s *pmo.Schedule) int {
	if len(s.Tasks) > 0 && s.Tasks[0].OutlineLevel == 0 {
		return 0
	}
	return 1
}

// taskRows lays out the task table, with the baseline's finish and the
// variance when b is set.
func taskRows(s *pmo.Schedule, b *pmo.Baseline) []taskRow {
	base := baselineByUID(b)
	rows := make([]taskRow, len(s.Tasks))
	first := firstRow(s)
	for i := range s.Tasks {
		t := &s.Tasks[i]
		r := taskRow{Row: i + first, UID: t.UID, Name: t.Name, Indent: min(max(t.OutlineLevel-1, 0), 8),
			Summary: t.Summary, Milestone: t.Milestone, Critical: t.Critical && !t.Summary,
			Duration: days(t.Duration, s.MinutesPerDay), Start: when(t.Start), Finish: when(t.Finish),
			TotalFloat: days(t.TotalFloat, s.MinutesPerDay), FreeFloat: days(t.FreeFloat, s.MinutesPerDay),
			Percent: t.PercentComplete, Delayed: t.LevelingDelay > 0, LevelingDelay: days(t.LevelingDelay, s.MinutesPerDay)}
		if bt := base[t.UID]; bt != nil && !bt.Finish.IsZero() {
			r.HasBaseline, r.BaselineFinish = true, when(bt.Finish)
			if !t.Finish.IsZero() {
				v := t.Finish.Sub(bt.Finish)
				r.Late = v > 0
				r.FinishVariance = fmt.Sprintf("%+.1f d", v.Hours()/24)
			}
		}
		rows[i] = r
	}
	return rows
}

// ganttOf draws the schedule with the baseline's bars when b is set.
func ganttOf(s *pmo.Schedule, b *pmo.Baseline, z chart.Zoom, today time.Time) template.HTML {
	base := baselineByUID(b)
	g := chart.Gantt{Zoom: z, StatusDate: s.StatusDate, Today: today,
		Title: fmt.Sprintf("Gantt chart of %s: %d tasks, critical path in red", s.Name, len(s.Tasks))}
	row := make(map[int]int, len(s.Tasks))
	for i := range s.Tasks {
		t := &s.Tasks[i]
		row[t.UID] = i
		gt := chart.GanttTask{ID: strconv.Itoa(i + firstRow(s)), Name: t.Name, Level: t.OutlineLevel, Summary: t.Summary,
			Milestone: t.Milestone, Critical: t.Critical && !t.Summary, Start: t.Start, Finish: t.Finish,
			Percent: float64(t.PercentComplete)}
		if gt.Finish.IsZero() {
			gt.Finish = gt.Start
		}
		if bt := base[t.UID]; bt != nil && !bt.Start.IsZero() && !bt.Finish.IsZero() {
			gt.BaselineStart, gt.BaselineFinish = bt.Start, bt.Finish
		}
		g.Tasks = append(g.Tasks, gt)
	}
	for i := range s.Tasks {
		for _, l := range s.Tasks[i].Predecessors {
			if p, ok := row[l.Predecessor]; ok {
				g.Links = append(g.Links, chart.GanttLink{From: p, To: i, Type: string(l.Type)})
			}
		}
	}
	return chart.GanttChart(g)
}

// dcmaRows lays out the report; offenders are cut after ten.
func dcmaRows(r *dcma.Report) []dcmaRow {
	out := make([]dcmaRow, len(r.Checks))
	for i, c := range r.Checks {
		row := dcmaRow{Check: c, Value: c.FormatValue(), Threshold: c.FormatThreshold()}
		var items []string
		for _, l := range c.Links {
			items = append(items, fmt.Sprintf("%s→%s %v", l.Pred, l.Succ, l.Type))
		}
		if len(items) == 0 {
			items = c.Tasks
		}
		if len(items) > 10 {
			items = append(items[:10:10], fmt.Sprintf("and %d more", len(items)-10))
		}
		row.Offenders = strings.Join(items, ", ")
		out[i] = row
	}
	return out
}

// histogramOf sums daily loads into weeks (Monday first) and draws them:
// before levelling and, when after is set, after. Values are person-days.
func histogramOf(before, after []pmo.ResourceLoad) template.HTML {
	var weeks []time.Time
	index := map[time.Time]int{}
	week := func(d pmo.Date) int {
		t := d.Time()
		m := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		k, ok := index[m]
		if !ok {
			k = len(weeks)
			index[m] = k
			weeks = append(weeks, m)
		}
		return k
	}
	// Collect the weeks first, in order, so that both series share them.
	for _, set := range [][]pmo.ResourceLoad{before, after} {
		for _, rl := range set {
			for _, d := range rl.Days {
				week(d.Date)
			}
		}
	}
	sortWeeks(weeks, index)
	rows := map[int]*chart.LoadRow{}
	// Capacity per resource and day, from both series: the levelled
	// schedule may run past the unlevelled one's last day, and the other
	// way round.
	capacity := map[int]map[pmo.Date]float64{}
	var order []int
	add := func(rl pmo.ResourceLoad, after bool) {
		r := rows[rl.Resource]
		if r == nil {
			r = &chart.LoadRow{Resource: rl.Name, Capacity: make([]float64, len(weeks)), Before: make([]float64, len(weeks))}
			rows[rl.Resource] = r
			capacity[rl.Resource] = map[pmo.Date]float64{}
			order = append(order, rl.Resource)
		}
		dst := r.Before
		if after {
			if r.After == nil {
				r.After = make([]float64, len(weeks))
			}
			dst = r.After
		}
		for _, d := range rl.Days {
			dst[week(d.Date)] += d.Load
			capacity[rl.Resource][d.Date] = d.Capacity
		}
	}
	for _, rl := range before {
		add(rl, false)
	}
	for _, rl := range after {
		add(rl, true)
	}
	for id, days := range capacity {
		for d, c := range days {
			rows[id].Capacity[week(d)] += c
		}
	}
	periods := make([]string, len(weeks))
	for i, w := range weeks {
		periods[i] = w.Format("2 Jan")
	}
	out := make([]chart.LoadRow, 0, len(order))
	for _, id := range order {
		out = append(out, *rows[id])
	}
	return chart.Histogram(periods, "d", out)
}

// sortWeeks orders weeks by date and renumbers index to match.
func sortWeeks(weeks []time.Time, index map[time.Time]int) {
	slices.SortFunc(weeks, func(a, b time.Time) int { return a.Compare(b) })
	for i, w := range weeks {
		index[w] = i
	}
}
