package main

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/planning"
)

// printOutcome prints a run as tables a PMO can read.
func printOutcome(w io.Writer, pl *planning.Plan, r *optimizeResult) {
	o := r.Outcome
	s := pl.Scenario
	value := func(v float64) string {
		if o.Objective == pmo.ObjectiveNPV {
			return money(int64(math.Round(v)), s.Currency)
		}
		return fmt.Sprintf("%.1f", v)
	}
	fmt.Fprintf(w, "Scenario %q: %d %ss from %s, maximising %s\n", r.Scenario, s.Periods, s.Start.Kind, s.Start, objectiveName(o.Objective))
	switch {
	case o.Infeasible:
		fmt.Fprintln(w, "Result: infeasible: no selection meets the forced decisions. Conflicts:")
		for _, c := range o.Conflicts {
			fmt.Fprintf(w, "  - %s\n", c)
		}
	case o.Status == "no solution":
		fmt.Fprintln(w, "Result: no feasible selection found within the time limit; allow more time.")
	default:
		proof := "proven optimal"
		if !o.Proven {
			proof = fmt.Sprintf("not proven optimal: the best possible is at most %s, a gap of %.2f%%", value(o.Bound), 100*o.Gap)
		}
		fmt.Fprintf(w, "Result: value %s, %s (bound %s, %d nodes)\n", value(o.Value), proof, value(o.Bound), o.Nodes)
		fmt.Fprintf(w, "\nSelected: %d of %d proposals, cost %s in the horizon, NPV %s\n", len(o.Selected), len(o.Selected)+len(o.Rejected),
			money(o.TotalCost, s.Currency), money(o.TotalNPV, s.Currency))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "CODE\tSTART\tVALUE\tCOST\tNPV\t\tTITLE")
		// By start, then code: the order a PMO reads a roadmap in.
		sel := slices.Clone(o.Selected)
		slices.SortStableFunc(sel, func(a, b planning.Chosen) int {
			return cmp.Or(cmp.Compare(a.Start.Start.Time().Unix(), b.Start.Start.Time().Unix()), cmp.Compare(a.Code, b.Code))
		})
		for _, c := range sel {
			forced := ""
			if c.Forced {
				forced = "forced"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Code, c.Start, value(c.Value), money(c.Cost, s.Currency), money(c.NPV, s.Currency), forced, c.Title)
		}
		tw.Flush()
		if len(o.Rejected) > 0 {
			fmt.Fprintf(w, "Not selected: %s\n", strings.Join(slices.Sorted(slices.Values(o.Rejected)), ", "))
		}
		printUse(w, o, s)
	}
	if len(o.Notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		for _, n := range o.Notes {
			fmt.Fprintf(w, "  - %s: %s\n", n.Code, n.Message)
		}
	}
	if len(r.Frontier) > 0 {
		fmt.Fprintln(w, "\nEfficient frontier (best value by budget level; * the current budget):")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "LEVEL\tBUDGET\tVALUE\tBOUND\tPROVEN\tSELECTED\t")
		for _, p := range r.Frontier {
			mark := ""
			if math.Abs(p.Level-1) < 1e-9 {
				mark = "*"
			}
			if p.Infeasible {
				fmt.Fprintf(tw, "%s%.0f%%\t%s\tinfeasible\t\t\t\t\n", mark, 100*p.Level, money(p.Budget, s.Currency))
				continue
			}
			fmt.Fprintf(tw, "%s%.0f%%\t%s\t%s\t%s\t%s\t%d\t\n", mark, 100*p.Level, money(p.Budget, s.Currency), value(p.Value), value(p.Bound), yesNo(p.Proven), len(p.Selected))
		}
		tw.Flush()
	}
	if r.Forced != nil {
		fmt.Fprintln(w, "\nValue lost to forced decisions (best value with the decision released):")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "CODE\tDECISION\tRELEASED\tLOST\tPROVEN")
		for _, f := range r.Forced {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Code, f.Decision, value(f.Released), value(f.Lost), yesNo(f.Proven))
		}
		tw.Flush()
	}
	if r.RunID != 0 {
		fmt.Fprintf(w, "\nRecorded as run %d of scenario %q.\n", r.RunID, r.Scenario)
	}
	if e := r.Explanation; e != nil {
		fmt.Fprintf(w, "\nWhy %s (%s) is ", e.Code, e.Title)
		if e.Selected {
			fmt.Fprintf(w, "selected, starting %s:\n", e.Start)
		} else {
			fmt.Fprintf(w, "not selected (looking at a start in %s):\n", e.Start)
			for _, x := range e.Reasons {
				fmt.Fprintf(w, "  - %s\n", x)
			}
		}
		for _, n := range e.Notes {
			fmt.Fprintf(w, "  - note: %s\n", n)
		}
		if e.Price != "" {
			fmt.Fprintf(w, "  %s\n", e.Price)
		}
	}
}

// printUse prints spend per period against budget, and each role's load.
func printUse(w io.Writer, o *planning.Outcome, s *pmo.Scenario) {
	fmt.Fprintln(w, "\nSpend per period (committed = running work):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "PERIOD\tCOMMITTED\tSELECTED\tBUDGET\tFREE\t")
	for _, p := range o.Spend {
		budget, free := "no limit", ""
		if p.Budget != nil {
			budget, free = money(*p.Budget, s.Currency), money(*p.Budget-p.Committed-p.Selected, s.Currency)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", p.Period, money(p.Committed, s.Currency), money(p.Selected, s.Currency), budget, free)
	}
	tw.Flush()
	if len(o.Capacity) == 0 {
		return
	}
	fmt.Fprintln(w, "\nCapacity use per role (committed + selected / capacity, FTE):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "ROLE\t")
	for k := range s.Periods {
		fmt.Fprintf(tw, "%s\t", s.PeriodAt(k))
	}
	fmt.Fprintln(tw)
	for _, r := range o.Capacity {
		fmt.Fprintf(tw, "%s\t", r.Role)
		for k := range r.Capacity {
			fmt.Fprintf(tw, "%s+%s/%s\t", num(r.Committed[k]), num(r.Selected[k]), num(r.Capacity[k]))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func objectiveName(o pmo.Objective) string {
	if o == pmo.ObjectiveNPV {
		return "NPV"
	}
	return "the weighted score"
}

func money(minor int64, currency string) string {
	if currency == "" {
		currency = "XXX"
		return strings.TrimPrefix(pmo.Money{Minor: minor, Currency: currency}.String(), "XXX ")
	}
	return pmo.Money{Minor: minor, Currency: currency}.String()
}

func num(x float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
