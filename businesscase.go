package pmo

import (
	"math"
	"slices"
)

// ProposalCase is a proposal's business case: the money and effort it asks
// for and promises (DOMAIN.md §2). Every profile is relative to the proposal's start: entry k
// is the k-th planning period after the period it starts in, so moving the
// start moves the whole profile. Amounts are in minor units of Currency.
type ProposalCase struct {
	Currency string `json:"currency"` // ISO 4217; defaults to the portfolio's
	// PeriodKind is the length of one profile entry: week, month or quarter
	// (the default). Scenarios plan in the same kind.
	PeriodKind PeriodKind `json:"period_kind"`
	// Duration is the number of periods the work runs; 0 means the length
	// of the longest cost or demand profile.
	Duration int          `json:"duration"`
	Capex    []int64      `json:"capex"`    // capital cost per period after the start
	Opex     []int64      `json:"opex"`     // operating cost per period after the start
	Benefits []int64      `json:"benefits"` // expected benefits per period after the start; may run past Duration
	Demand   []RoleDemand `json:"demand"`   // effort per role
	// DiscountRate is the yearly rate for the NPV, e.g. 0.08 for 8 %
	// (DOMAIN.md: the hurdle rate or WACC).
	DiscountRate float64 `json:"discount_rate"`
}

// RoleDemand is the effort a proposal needs from one role, in full-time
// equivalents per period after its start.
type RoleDemand struct {
	Role string    `json:"role"`
	FTE  []float64 `json:"fte"`
}

// Profile limits: ten years of weeks.
const (
	maxProfile = 520
	maxRoles   = 50
)

// PeriodsPerYear is how many periods of kind k make a year, for turning a
// yearly discount rate into a rate per period.
func PeriodsPerYear(k PeriodKind) float64 {
	switch k {
	case Week:
		return 52
	case Month:
		return 12
	}
	return 4
}

// prepare normalises c and validates it; prefix names its field.
func (c *ProposalCase) prepare(prefix string, v *Validator) {
	if c.PeriodKind == "" {
		c.PeriodKind = Quarter
	}
	v.Check(c.PeriodKind == Week || c.PeriodKind == Month || c.PeriodKind == Quarter,
		prefix+".period_kind", "must be week, month or quarter")
	if c.Currency != "" || len(c.Capex)+len(c.Opex)+len(c.Benefits) > 0 {
		v.Check(validCurrency(c.Currency), prefix+".currency", "must be a three-letter ISO 4217 code such as EUR")
	}
	v.Check(c.Duration >= 0 && c.Duration <= maxProfile, prefix+".duration", "must be between 0 and %d periods", maxProfile)
	checkAmounts(v, prefix+".capex", c.Capex)
	checkAmounts(v, prefix+".opex", c.Opex)
	checkAmounts(v, prefix+".benefits", c.Benefits)
	v.Check(!math.IsNaN(c.DiscountRate) && c.DiscountRate >= 0 && c.DiscountRate < 1,
		prefix+".discount_rate", "must be a yearly rate from 0 to 1, e.g. 0.08")
	v.Check(len(c.Demand) <= maxRoles, prefix+".demand", "at most %d roles", maxRoles)
	seen := map[string]bool{}
	for i := range c.Demand {
		d := &c.Demand[i]
		f := fieldIndex(prefix+".demand", i)
		d.Role = clean(d.Role)
		checkText(v, f+".role", d.Role, 1, 100)
		v.Check(!seen[d.Role], f+".role", "role %q is listed twice", d.Role)
		seen[d.Role] = true
		v.Check(len(d.FTE) <= maxProfile, f+".fte", "at most %d periods", maxProfile)
		for k, x := range d.FTE {
			v.Check(x >= 0 && x <= 1e6 && !math.IsNaN(x), fieldIndex(f+".fte", k), "must be from 0 to 1000000 FTE")
		}
	}
	if c.Capex == nil {
		c.Capex = []int64{}
	}
	if c.Opex == nil {
		c.Opex = []int64{}
	}
	if c.Benefits == nil {
		c.Benefits = []int64{}
	}
	if c.Demand == nil {
		c.Demand = []RoleDemand{}
	}
}

// checkAmounts rejects negative amounts and profiles past the limit; the
// cap keeps sums of ten years far inside int64.
func checkAmounts(v *Validator, field string, xs []int64) {
	v.Check(len(xs) <= maxProfile, field, "at most %d periods", maxProfile)
	for k, x := range xs {
		v.Check(x >= 0 && x <= 1e15, fieldIndex(field, k), "must be from 0 to 10^15 minor units")
	}
}

// Periods is the number of periods the work runs: Duration, or else the
// longest cost or demand profile, at least 1.
func (c *ProposalCase) Periods() int {
	if c.Duration > 0 {
		return c.Duration
	}
	n := max(1, len(c.Capex), len(c.Opex))
	for _, d := range c.Demand {
		n = max(n, len(d.FTE))
	}
	return n
}

// Cost returns capex plus opex per period after the start.
func (c *ProposalCase) Cost() []int64 {
	out := make([]int64, max(len(c.Capex), len(c.Opex)))
	for k, x := range c.Capex {
		out[k] += x
	}
	for k, x := range c.Opex {
		out[k] += x
	}
	return out
}

// TotalCost is the sum of capex and opex over the whole case.
func (c *ProposalCase) TotalCost() int64 { return sum(c.Capex) + sum(c.Opex) }

// TotalBenefits is the sum of the expected benefits, undiscounted.
func (c *ProposalCase) TotalBenefits() int64 { return sum(c.Benefits) }

// CashFlow returns benefits minus costs per period after the start.
func (c *ProposalCase) CashFlow() []int64 {
	out := make([]int64, max(len(c.Capex), len(c.Opex), len(c.Benefits)))
	for k, x := range c.Benefits {
		out[k] += x
	}
	for k, x := range c.Cost() {
		out[k] -= x
	}
	return out
}

// NPV is the net present value in minor units, rounded:
// NPV = Σ_t CF_t / (1+r_p)^t (DOMAIN.md §2), where t counts periods from the
// start (period 0 is not discounted) and r_p = (1+r)^(1/n) - 1 is the
// yearly DiscountRate r spread over the n periods of a year, so that four
// quarters discount exactly like one year at r.
func (c *ProposalCase) NPV() int64 {
	return NPV(c.CashFlow(), c.DiscountRate, PeriodsPerYear(c.PeriodKind))
}

// NPV discounts the cash flows cf (one per period, the first undiscounted)
// at the yearly rate r with n periods a year, and rounds to minor units.
func NPV(cf []int64, r, n float64) int64 {
	rp := math.Pow(1+r, 1/n) - 1
	total, factor := 0.0, 1.0
	for _, x := range cf {
		total += float64(x) / factor
		factor *= 1 + rp
	}
	return int64(math.Round(total))
}

// DemandOf returns the FTE profile of role, or nil.
func (c *ProposalCase) DemandOf(role string) []float64 {
	i := slices.IndexFunc(c.Demand, func(d RoleDemand) bool { return d.Role == role })
	if i < 0 {
		return nil
	}
	return c.Demand[i].FTE
}

func sum(xs []int64) int64 {
	var t int64
	for _, x := range xs {
		t += x
	}
	return t
}
