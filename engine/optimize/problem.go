package optimize

import "fmt"

// Problem is a portfolio selection problem over a planning horizon of
// Periods periods numbered from 0: choose items, and a start period for
// each, to maximise total value within budget and role capacity.
type Problem struct {
	Periods   int       // length of the horizon
	Budget    []float64 // spending limit per period; nil means no budget limit
	Roles     []Role    // roles whose capacity is limited
	Committed Load      // budget and capacity already used by running work
	Items     []Item
}

// Role is a team or skill with a capacity per period (for example FTE).
type Role struct {
	Name     string
	Capacity []float64 // one entry per period
}

// Load is time-phased use of budget and roles in absolute periods.
type Load struct {
	Cost   []float64            // per period; nil means none
	Demand map[string][]float64 // role name → per period
}

// Item is a proposal that can be selected. Its cost and demand profiles are
// relative to its start: Cost[k] is spent in period start+k. Amounts that
// would fall after the horizon are ignored.
type Item struct {
	ID       string
	Value    float64              // score or NPV; must not be negative
	Cost     []float64            // per period after the start
	Demand   map[string][]float64 // role name → per period after the start
	Duration int                  // periods it runs; 0 means the longest profile (at least 1)

	// EarliestStart and LatestStart bound the start period; both zero
	// means the item starts in period 0.
	EarliestStart, LatestStart int

	Requires  []string // IDs that must be selected too
	After     []string // IDs that must be selected and end before this item starts
	Excludes  []string // IDs that cannot be selected together with this item
	Mandatory bool     // must be selected (regulatory, already promised)
	Lock      Lock     // the user's decision, if any
}

// Lock is a user's in/out decision on an item.
type Lock int

// Lock values.
const (
	LockNone Lock = iota // the optimiser decides
	LockIn               // must be selected
	LockOut              // must not be selected
)

// duration returns the number of periods the item runs.
func (it *Item) duration() int {
	if it.Duration > 0 {
		return it.Duration
	}
	d := max(1, len(it.Cost))
	for _, prof := range it.Demand {
		d = max(d, len(prof))
	}
	return d
}

// forcedIn reports whether the item must be selected.
func (it *Item) forcedIn() bool { return it.Mandatory || it.Lock == LockIn }

// InputError is a problem with one field of the input, naming the item (if
// any) and the field.
type InputError struct {
	Item    string // item ID; empty for problem-level fields
	Field   string // e.g. "Cost[2]", "Budget[0]", "Requires"
	Message string
}

// Error names the item, the field and the problem.
func (e *InputError) Error() string {
	if e.Item == "" {
		return fmt.Sprintf("optimize: %s: %s", e.Field, e.Message)
	}
	return fmt.Sprintf("optimize: item %q: %s: %s", e.Item, e.Field, e.Message)
}
