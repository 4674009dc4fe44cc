package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/pmohq/pmo"
)

// Options sizes a generated dataset. Zero counts take the DefaultOptions
// values; a zero Today is 27 November 2026.
type Options struct {
	Seed       int64    // the same seed and options always give the same dataset
	Portfolios int      // number of portfolios, each with about four programs
	Projects   int      // number of projects across all portfolios
	Weeks      int      // length of the status history, in weeks before Today
	Today      pmo.Date // the date the portfolio is seen on; nothing actual lies after it
}

// referenceDate is the Today used when Options.Today is zero.
var referenceDate = pmo.NewDate(2026, time.November, 27)

// DefaultOptions returns the demo portfolio: 3 portfolios, 12 programs,
// 150 projects and two years (104 weeks) of status history up to today.
func DefaultOptions(today pmo.Date) Options {
	return Options{Seed: 1, Portfolios: 3, Projects: 150, Weeks: 104, Today: today}
}

// Generate builds a dataset from opts. It is pure: it reads no clock and
// no global random source, so equal options give equal datasets.
func Generate(opts Options) *pmo.Dataset {
	g := newGenerator(opts)
	g.portfolios()
	g.projects()
	for _, pl := range g.plans {
		g.history(pl)
		g.milestones(pl)
		g.risks(pl)
		g.issues(pl)
		g.actions(pl)
		g.decisions(pl)
		g.changes(pl)
	}
	g.dependencies()
	g.intake()    // demo/intake.go
	g.schedules() // demo/schedule.go
	return g.d
}

// generator holds the state of one Generate call.
type generator struct {
	opts    Options
	rng     *rand.Rand
	today   pmo.Date
	start   pmo.Date // first day of the status history window
	d       *pmo.Dataset
	ports   []*portfolioPlan
	plans   []*plan
	codeSeq map[string]int // last number used per code prefix
	names   map[string]int // projects per name, to keep names apart

	established int // active projects running for four months or more, counted to pick the overdue ones
}

func newGenerator(opts Options) *generator {
	def := DefaultOptions(referenceDate)
	if opts.Portfolios <= 0 {
		opts.Portfolios = def.Portfolios
	}
	if opts.Projects <= 0 {
		opts.Projects = def.Projects
	}
	if opts.Weeks <= 0 {
		opts.Weeks = def.Weeks
	}
	if opts.Today.IsZero() {
		opts.Today = referenceDate
	}
	// The second PCG word is fixed so that the seed alone selects the stream.
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x706d6f64656d6f))
	return &generator{
		opts:    opts,
		rng:     rng,
		today:   opts.Today,
		start:   opts.Today.AddDays(-7 * opts.Weeks),
		d:       &pmo.Dataset{},
		codeSeq: map[string]int{},
		names:   map[string]int{},
	}
}

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// between returns an integer in [lo, hi].
func (g *generator) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.rng.IntN(hi-lo+1)
}

// uniform returns a float in [lo, hi).
func (g *generator) uniform(lo, hi float64) float64 { return lo + g.rng.Float64()*(hi-lo) }

// pick returns a random element of xs.
func pick[T any](g *generator, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// weighted returns an index chosen with the given relative weights.
func (g *generator) weighted(ws []float64) int {
	total := 0.0
	for _, w := range ws {
		total += w
	}
	x := g.rng.Float64() * total
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	return len(ws) - 1
}

// logNormal draws from a log-normal distribution with the given median.
func (g *generator) logNormal(median, sigma float64) float64 {
	return median * math.Exp(g.rng.NormFloat64()*sigma)
}

// at returns a time on day d between 08:00 and 18:59 UTC.
func (g *generator) at(d pmo.Date) time.Time {
	return d.Time().Add(time.Duration(g.between(8*60, 18*60+59)) * time.Minute)
}

// notAfter clamps d to Today.
func (g *generator) notAfter(d pmo.Date) pmo.Date {
	if d.After(g.today) {
		return g.today
	}
	return d
}

// money returns an amount in whole currency units as minor units.
func money(units float64, currency string) pmo.Money {
	return pmo.Money{Minor: int64(math.Round(units)) * 100, Currency: currency}
}

// roundTo rounds x to a multiple of step.
func roundTo(x, step float64) float64 { return math.Max(step, math.Round(x/step)*step) }

// minDate and maxDate order two dates.
func minDate(a, b pmo.Date) pmo.Date {
	if b.Before(a) {
		return b
	}
	return a
}

func maxDate(a, b pmo.Date) pmo.Date {
	if b.After(a) {
		return b
	}
	return a
}
