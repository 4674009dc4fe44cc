package dcma

import (
	"errors"
	"fmt"

	"github.com/pmohq/pmo/engine/schedule"
)

// Schedule is the input of Assess: the engine's network of activities and,
// parallel to its tasks, what the checks need beyond the network.
type Schedule struct {
	// Network holds the activities (leaf tasks; summary tasks are left out,
	// as DCMA excludes them) with their links, calendars, constraints and
	// progress. A status date (Network.StatusDate) enables checks 9, 11 and
	// 14; without one they are not applicable.
	Network *schedule.Network
	Tasks   []Task // Tasks[i] describes Network.Tasks[i]
	// DayTicks is the number of working ticks in a day (480 on minute
	// ticks with 8-hour days), the unit of the 44-day and 600-day tests.
	DayTicks int64
	// BaselineFinish, when HasBaselineFinish, is the baselined (or
	// contractual) completion the CPLI measures float to; otherwise the
	// latest task baseline finish is used, and without baselines the
	// least total float of the incomplete activities.
	BaselineFinish    int64
	HasBaselineFinish bool
}

// Task is what Assess needs to know about an activity beyond the network.
type Task struct {
	ID   string // reported in the lists of offending activities
	Name string
	// LOE marks a level-of-effort activity, which every check ignores.
	LOE bool
	// Resources is the number of resources (or cost accounts) assigned.
	Resources int
	// Baseline dates and duration (working ticks), when HasBaseline.
	HasBaseline      bool
	BaselineStart    int64
	BaselineFinish   int64
	BaselineDuration int64
}

// Result is the outcome of one check.
type Result uint8

// Outcomes of a check. A check is not applicable when its population is
// empty or the data it needs (a status date, a critical task) is missing.
const (
	NotApplicable Result = iota
	Pass
	Fail
)

func (r Result) String() string {
	switch r {
	case Pass:
		return "pass"
	case Fail:
		return "fail"
	}
	return "n/a"
}

// Results lists the outcomes as they are written: n/a, pass, fail.
var Results = []string{"n/a", "pass", "fail"}

// MarshalText writes the outcome as "pass", "fail" or "n/a".
func (r Result) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads "pass", "fail" or "n/a".
func (r *Result) UnmarshalText(b []byte) error {
	for i, s := range Results {
		if s == string(b) {
			*r = Result(i)
			return nil
		}
	}
	return fmt.Errorf("dcma: result %q is not pass, fail or n/a", b)
}

// LinkRef names a link between two activities by their IDs.
type LinkRef struct {
	Pred       string `json:"predecessor"`
	Succ       string `json:"successor"`
	Type       string `json:"type"` // FS, SS, FF or SF
	Lag        int64  `json:"lag"`  // working ticks; negative is a lead
	LagPercent int32  `json:"lag_percent"`
}

// Check is the outcome of one of the 14 checks.
type Check struct {
	Number int    `json:"number"` // 1 to 14, in DCMA order
	Name   string `json:"name"`   // e.g. "Logic"
	// Count offending (or, for relationship types and BEI, qualifying)
	// items out of Total in the check's population.
	Count int `json:"count"`
	Total int `json:"total"`
	// Value is what the threshold applies to: a percentage of Total for
	// checks 1 to 11, the finish slip in working days for the critical
	// path test, the index for CPLI and BEI.
	Value     float64   `json:"value"`
	Threshold float64   `json:"threshold"`
	AtLeast   bool      `json:"at_least"` // passes when Value ≥ Threshold; otherwise when Value ≤ Threshold
	Result    Result    `json:"result"`
	Tasks     []string  `json:"tasks"` // offending activities, in schedule order
	Links     []LinkRef `json:"links"` // offending links (checks 2 to 4)
	Note      string    `json:"note"`  // how the value was found, or why the check does not apply
}

// Report is the outcome of Assess.
type Report struct {
	Checks        []Check `json:"checks"` // the 14 checks in DCMA order
	Passed        int     `json:"passed"`
	Failed        int     `json:"failed"`
	NotApplicable int     `json:"not_applicable"`
	Activities    int     `json:"activities"`  // activities assessed (LOE excluded)
	TotalTasks    int     `json:"total_tasks"` // incomplete activities with a duration
	Finish        int64   `json:"-"`           // forecast finish (latest early finish), in ticks
}

// Thresholds are the limits of the checks.
type Thresholds struct {
	MissingLogic    float64 // max % of total tasks without a predecessor or successor
	Leads           float64 // max % of links with a negative lag
	Lags            float64 // max % of links with a positive lag
	FS              float64 // min % of finish-to-start links
	HardConstraints float64 // max % of total tasks with MSO, MFO, SNLT or FNLT
	HighFloat       float64 // max % of total tasks with total float above HighFloatDays
	NegativeFloat   float64 // max % of total tasks with negative total float
	HighDuration    float64 // max % of total tasks longer than HighDurationDays
	InvalidDates    float64 // max % of activities with invalid dates
	Resources       float64 // max % of total tasks without resources
	MissedTasks     float64 // max % of baselined-due activities finished late or not at all
	CPLI, BEI       float64 // min indexes

	HighFloatDays, HighDurationDays int64 // working days
	CPTDelayDays                    int64 // delay added by the critical path test
}

// DefaultThresholds returns DOMAIN.md §7's defaults. The day limits (44
// working days) and the 600-day delay of the critical path test are the
// DCMA protocol's own.
func DefaultThresholds() Thresholds {
	return Thresholds{
		MissingLogic: 5, Leads: 0, Lags: 5, FS: 90, HardConstraints: 5, HighFloat: 5,
		NegativeFloat: 0, HighDuration: 5, InvalidDates: 0, Resources: 0, MissedTasks: 5,
		CPLI: 0.95, BEI: 0.95, HighFloatDays: 44, HighDurationDays: 44, CPTDelayDays: 600,
	}
}

// Assess runs the 14 checks on s with the thresholds th. It returns an
// error for a malformed Schedule and the engine's *schedule.CycleError or
// *schedule.LinkError for a network that cannot be scheduled.
func Assess(s *Schedule, th Thresholds) (*Report, error) {
	if s == nil || s.Network == nil {
		return nil, errors.New("dcma: no network")
	}
	if len(s.Tasks) != len(s.Network.Tasks) {
		return nil, fmt.Errorf("dcma: %d task records for %d network tasks", len(s.Tasks), len(s.Network.Tasks))
	}
	if s.DayTicks <= 0 {
		return nil, fmt.Errorf("dcma: DayTicks %d is not positive", s.DayTicks)
	}
	res, err := schedule.Compute(s.Network)
	if err != nil {
		return nil, err
	}
	a := newAssessment(s, th, res)
	checks := []Check{
		a.logic(), a.leads(), a.lags(), a.relationships(), a.hardConstraints(),
		a.highFloat(), a.negativeFloat(), a.highDuration(), a.invalidDates(),
		a.resources(), a.missedTasks(), a.criticalPathTest(), a.cpli(), a.bei(),
	}
	rep := &Report{Checks: checks, Activities: a.activities, TotalTasks: len(a.total), Finish: a.finish}
	for _, c := range checks {
		switch c.Result {
		case Pass:
			rep.Passed++
		case Fail:
			rep.Failed++
		default:
			rep.NotApplicable++
		}
	}
	return rep, nil
}

// judge sets Value as a percentage of Total and the Result against the
// threshold; an empty population is not applicable.
func (c *Check) judge(threshold float64, atLeast bool) {
	c.Threshold, c.AtLeast = threshold, atLeast
	if c.Total == 0 {
		c.Result = NotApplicable
		if c.Note == "" {
			c.Note = "empty population"
		}
		return
	}
	c.Value = 100 * float64(c.Count) / float64(c.Total)
	c.compare()
}

// compare sets Result from Value and Threshold.
func (c *Check) compare() {
	ok := c.Value <= c.Threshold
	if c.AtLeast {
		ok = c.Value >= c.Threshold
	}
	c.Result = Fail
	if ok {
		c.Result = Pass
	}
}

// FormatValue formats the value in its unit: a percentage, days of slip
// for the critical path test, an index for CPLI and BEI; "–" when the
// check does not apply.
func (c *Check) FormatValue() string {
	if c.Result == NotApplicable {
		return "–"
	}
	switch c.Number {
	case 12:
		return fmt.Sprintf("%.1f d", c.Value)
	case 13, 14:
		return fmt.Sprintf("%.2f", c.Value)
	}
	return fmt.Sprintf("%.1f%%", c.Value)
}

// FormatThreshold formats the threshold with its direction, e.g. "≤ 5%".
func (c *Check) FormatThreshold() string {
	op := "≤"
	if c.AtLeast {
		op = "≥"
	}
	switch c.Number {
	case 12:
		return fmt.Sprintf("slips %.0f d", c.Threshold)
	case 13, 14:
		return fmt.Sprintf("%s %.2f", op, c.Threshold)
	}
	return fmt.Sprintf("%s %g%%", op, c.Threshold)
}
