package optimize

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Validate checks the problem and returns every error found, joined; each
// is an *InputError naming the item and field.
func (p *Problem) Validate() error {
	var errs []error
	bad := func(item, field, format string, a ...any) {
		errs = append(errs, &InputError{Item: item, Field: field, Message: fmt.Sprintf(format, a...)})
	}
	amounts := func(item, field string, v []float64, exact bool) {
		if exact && len(v) != p.Periods {
			bad(item, field, "has %d periods, want %d", len(v), p.Periods)
		}
		if !exact && item == "" && len(v) > p.Periods {
			bad(item, field, "has %d periods, more than the %d in the horizon", len(v), p.Periods)
		}
		for k, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				bad(item, fmt.Sprintf("%s[%d]", field, k), "is not a finite number")
			} else if x < 0 {
				bad(item, fmt.Sprintf("%s[%d]", field, k), "is negative (%g)", x)
			}
		}
	}
	if p.Periods <= 0 {
		bad("", "Periods", "must be at least 1, got %d", p.Periods)
		return errors.Join(errs...)
	}
	if p.Budget != nil {
		amounts("", "Budget", p.Budget, true)
	}
	roles := map[string]bool{}
	for k, r := range p.Roles {
		if r.Name == "" {
			bad("", fmt.Sprintf("Roles[%d].Name", k), "is empty")
		} else if roles[r.Name] {
			bad("", fmt.Sprintf("Roles[%d].Name", k), "duplicate role %q", r.Name)
		}
		roles[r.Name] = true
		amounts("", fmt.Sprintf("Roles[%s].Capacity", r.Name), r.Capacity, true)
	}
	demand := func(item, field string, d map[string][]float64) {
		for _, name := range sortedKeys(d) {
			if !roles[name] {
				bad(item, field, "unknown role %q", name)
				continue
			}
			amounts(item, fmt.Sprintf("%s[%s]", field, name), d[name], false)
		}
	}
	amounts("", "Committed.Cost", p.Committed.Cost, false)
	if p.Committed.Cost != nil && p.Budget == nil {
		bad("", "Committed.Cost", "is set but there is no Budget")
	}
	demand("", "Committed.Demand", p.Committed.Demand)
	ids := map[string]int{}
	for k, it := range p.Items {
		switch _, dup := ids[it.ID]; {
		case it.ID == "":
			bad(fmt.Sprintf("#%d", k), "ID", "is empty")
		case dup:
			bad(it.ID, "ID", "is used by more than one item")
		}
		ids[it.ID] = k
	}
	for _, it := range p.Items {
		if math.IsNaN(it.Value) || math.IsInf(it.Value, 0) {
			bad(it.ID, "Value", "is not a finite number")
		} else if it.Value < 0 {
			bad(it.ID, "Value", "is negative (%g)", it.Value)
		}
		amounts(it.ID, "Cost", it.Cost, false)
		demand(it.ID, "Demand", it.Demand)
		if it.Duration < 0 {
			bad(it.ID, "Duration", "is negative (%d)", it.Duration)
		}
		switch {
		case it.EarliestStart < 0:
			bad(it.ID, "EarliestStart", "is %d, before the first period 0", it.EarliestStart)
		case it.LatestStart < it.EarliestStart:
			bad(it.ID, "LatestStart", "is %d, before EarliestStart %d", it.LatestStart, it.EarliestStart)
		case it.LatestStart >= p.Periods:
			bad(it.ID, "LatestStart", "is %d, outside the horizon of periods 0..%d", it.LatestStart, p.Periods-1)
		}
		if it.Lock < LockNone || it.Lock > LockOut {
			bad(it.ID, "Lock", "unknown value %d", it.Lock)
		}
		refs := func(field string, list []string) {
			for _, o := range list {
				if _, ok := ids[o]; !ok {
					bad(it.ID, field, "unknown item %q", o)
				}
			}
		}
		refs("Requires", it.Requires)
		refs("After", it.After)
		refs("Excludes", it.Excludes)
		if slices.Contains(it.Excludes, it.ID) {
			bad(it.ID, "Excludes", "the item excludes itself")
		}
	}
	if len(errs) == 0 {
		if cyc := p.dependencyCycle(ids); cyc != nil {
			bad(cyc[0], "Requires/After", "dependency cycle %v", cyc)
		}
	}
	return errors.Join(errs...)
}

// dependencyCycle returns the IDs on a cycle of Requires/After links, or nil.
func (p *Problem) dependencyCycle(ids map[string]int) []string {
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(p.Items))
	var stack []string
	var visit func(k int) []string
	visit = func(k int) []string {
		color[k] = grey
		stack = append(stack, p.Items[k].ID)
		for _, list := range [][]string{p.Items[k].Requires, p.Items[k].After} {
			for _, o := range list {
				q := ids[o]
				switch color[q] {
				case grey:
					i := slices.Index(stack, o)
					return append(append([]string(nil), stack[i:]...), o)
				case white:
					if c := visit(q); c != nil {
						return c
					}
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[k] = black
		return nil
	}
	for k := range p.Items {
		if color[k] == white {
			if c := visit(k); c != nil {
				return c
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
