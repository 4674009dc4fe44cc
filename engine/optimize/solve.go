package optimize

import (
	"context"
	"math"
)

// Options control a solve. The zero value is valid.
type Options struct {
	// Seed drives the randomised parts of the heuristics.
	Seed uint64
	// Workers is the number of parallel searches; 0 means 2. The answer
	// depends on Workers, so keep it fixed where results must repeat.
	Workers int
	// NodeLimit stops the search after about this many branch-and-bound
	// nodes; 0 means no limit. With a node limit and no deadline the
	// result is identical on every run.
	NodeLimit int64
	// HeuristicWork bounds the effort of the start heuristics in abstract
	// work units (about one per nonzero touched); 0 picks one from the size.
	HeuristicWork int64
	// Start is a selection to start from, for example a previous answer; it
	// is used only if feasible.
	Start []Choice
}

// Status says what a solve proved.
type Status int

// Status values.
const (
	// NoSolution: the search stopped before finding a feasible selection.
	NoSolution Status = iota
	// Feasible: a selection was found but not proven best; see Gap.
	Feasible
	// Optimal: the selection is proven best.
	Optimal
	// Infeasible: no selection satisfies the forced decisions; see Conflicts.
	Infeasible
)

// String returns the status in words, e.g. "optimal".
func (s Status) String() string {
	return [...]string{"no solution", "feasible", "optimal", "infeasible"}[s]
}

// Choice is a selected item and its start period.
type Choice struct {
	ID    string
	Start int
}

// Solution is the result of Solve.
type Solution struct {
	Status    Status
	Selected  []Choice             // in the order of Problem.Items
	Value     float64              // total value of Selected
	Bound     float64              // no selection is worth more than this
	Gap       float64              // (Bound - Value) / max(1, |Value|); 0 when optimal
	RootBound float64              // the LP-relaxation bound before branching
	Nodes     int64                // branch-and-bound nodes explored
	LPIters   int64                // dual simplex iterations
	Spend     []float64            // per period, selected items only
	Use       map[string][]float64 // role → demand per period, selected items only
	Conflicts []Conflict           // why the problem is infeasible
}

// Solve finds the selection of highest total value. It returns an error
// (joined *InputError values) only for invalid input; a run cut short by
// ctx returns its best selection with Status Feasible and the proven Bound.
// It never reads the clock: pass a context with a deadline for a time limit.
func Solve(ctx context.Context, p *Problem, opt Options) (*Solution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	md := compile(p, 1)
	return md.solve(ctx, opt, nil), nil
}

func (md *model) solve(ctx context.Context, opt Options, start []int8) *Solution {
	return md.solveDiag(ctx, opt, start, true)
}

func (md *model) solveDiag(ctx context.Context, opt Options, start []int8, diagnose bool) *Solution {
	so := md.searchOptions(opt)
	if start == nil {
		start = md.point(opt.Start)
	}
	so.start = start
	r := search(ctx, md.g, so)
	sol := &Solution{Nodes: r.nodes, LPIters: r.lpIters, RootBound: r.rootBound, Bound: r.bound}
	switch {
	case r.infeasible:
		sol.Status = Infeasible
		sol.Bound = 0
		if diagnose {
			sol.Conflicts = md.conflicts(ctx, opt)
		}
		return sol
	case r.x == nil:
		sol.Status = NoSolution
		return sol
	case r.optimal:
		sol.Status = Optimal
	default:
		sol.Status = Feasible
	}
	sol.Selected = md.choices(r.x)
	sol.Value = r.value
	if sol.Status == Optimal {
		sol.Bound = r.value
	}
	sol.Gap = (sol.Bound - sol.Value) / math.Max(1, math.Abs(sol.Value))
	sol.Spend, sol.Use = md.load(r.x)
	return sol
}

// cardinalityBranching makes the search split the root by the number of
// selected items (a variable in tests and tuning).
var cardinalityBranching = true

// useRINS turns on neighbourhood search between rounds (a variable in tests
// and tuning).
var useRINS = true

func (md *model) searchOptions(opt Options) searchOptions {
	so := searchOptions{workers: opt.Workers, nodeLimit: opt.NodeLimit, seed: opt.Seed,
		heurWork: opt.HeuristicWork, roundNodes: 1024, card: cardinalityBranching, rins: useRINS}
	if so.workers <= 0 {
		so.workers = 2
	}
	if so.heurWork <= 0 {
		so.heurWork = int64(len(md.g.cv)+md.g.n) * 2000
	}
	return so
}

// load returns spend per period and demand per role and period of x.
func (md *model) load(x []int8) ([]float64, map[string][]float64) {
	p := md.p
	spend := make([]float64, p.Periods)
	use := make(map[string][]float64, len(p.Roles))
	for _, r := range p.Roles {
		use[r.Name] = make([]float64, p.Periods)
	}
	for j, v := range x {
		if v == 0 {
			continue
		}
		it := &p.Items[md.varItem[j]]
		s := int(md.varStart[j])
		for k, c := range it.Cost {
			if s+k < p.Periods {
				spend[s+k] += c
			}
		}
		for name, prof := range it.Demand {
			for k, c := range prof {
				if s+k < p.Periods {
					use[name][s+k] += c
				}
			}
		}
	}
	return spend, use
}
