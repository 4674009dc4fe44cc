package pmo

// RAG is a red/amber/green rating, plus blue (complete) and grey (no data).
type RAG string

// RAG ratings, per ../shared/DOMAIN.md §4.
const (
	Green RAG = "green"
	Amber RAG = "amber"
	Red   RAG = "red"
	Blue  RAG = "blue" // complete
	Grey  RAG = "grey" // no data
)

// RAGs lists the ratings in display order.
var RAGs = []RAG{Red, Amber, Green, Blue, Grey}

// Valid reports whether r is a known rating.
func (r RAG) Valid() bool {
	switch r {
	case Green, Amber, Red, Blue, Grey:
		return true
	}
	return false
}

// severity orders ratings by how much attention they need; blue and grey
// carry no signal about health and rank with green.
func (r RAG) severity() int {
	switch r {
	case Red:
		return 2
	case Amber:
		return 1
	}
	return 0
}

// Worse reports whether r needs more attention than s.
func (r RAG) Worse(s RAG) bool { return r.severity() > s.severity() }

// Worst returns the rating that needs the most attention; grey when empty.
func Worst(rs ...RAG) RAG {
	w := Grey
	for i, r := range rs {
		if i == 0 || r.Worse(w) || (w == Grey && r != Grey && r.severity() == w.severity()) {
			w = r
		}
	}
	return w
}

// Trend is the direction of a rating against the previous report.
type Trend string

// Trends. New marks a first report, with nothing to compare.
const (
	Improving     Trend = "improving"
	Stable        Trend = "stable"
	Deteriorating Trend = "deteriorating"
	NewTrend      Trend = "new"
)

// TrendOf compares a rating with the previous one.
func TrendOf(prev, cur RAG) Trend {
	switch {
	case prev == "":
		return NewTrend
	case cur.Worse(prev):
		return Deteriorating
	case prev.Worse(cur):
		return Improving
	}
	return Stable
}

// Dimensions are the rated aspects of a status report, in display order.
var Dimensions = []string{"schedule", "cost", "scope", "risk", "overall"}
