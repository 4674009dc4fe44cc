// Package optimize chooses the portfolio: which proposals to fund, and when
// each starts, to maximise total value within budget per period, capacity
// per role per period, dependencies, exclusions and forced decisions. It is
// pure: values in, values out, no I/O, clock or global random source.
//
// # Model
//
// A Problem has a horizon of periods, a budget per period, roles with a
// capacity per period, committed load from running work (subtracted from
// both) and items. An item has a value, time-phased cost and role demand
// relative to its start, and an optional start window; its profile shifts
// with the start. Links between items: Requires (B needs A), After (B needs
// A and starts once A has ended) and Excludes (not both). Mandatory items and
// LockIn are forced in, LockOut forced out.
//
// Solve compiles this to a 0-1 programme with one variable per item and
// allowed start (DOMAIN.md §2 with start periods):
//
//	max Σ v_i x_is
//	Σ_i,s c_i(t-s) x_is ≤ B_t - committed_t          every period t
//	Σ_i,s d_ik(t-s) x_is ≤ C_kt - committed_kt       every role k, period t
//	Σ_s x_is ≤ 1 (= 1 if forced in)                  every item i
//	Σ_s x_bs ≤ Σ_s x_as                              b requires a
//	x_bs ≤ Σ_{t : t + dur_a ≤ s} x_at                b after a, every start s
//	Σ_s x_as + Σ_s x_bs ≤ 1                          a excludes b
//
// # Algorithm
//
// Branch and bound with LP-relaxation bounds. The LP is a bounded-variable
// dual simplex with a dense explicit basis inverse and dual steepest-edge
// pricing (lp.go). Because every variable is boxed in [0,1], any basis can
// be made dual feasible by moving nonbasic variables to the right bound, so
// each worker keeps one basis for its whole search and re-optimises it after
// every bound change, usually in a handful of pivots, and it stops as soon
// as the LP value (which only falls) drops below the incumbent. Nodes are
// pruned by the rounded-down bound when values are integers, variables are
// fixed by reduced costs at every node and, as the incumbent improves, at
// the root, and the branching variable is chosen by reliability branching
// (pseudocosts, initialised by short strong-branching trials). Incumbents
// come early from greedy filling by dual-priced efficiency ratios, LP
// rounding, add/swap local search and a seeded iterated local search, and
// later from integral LP solutions polished by the same local search.
//
// We wrote the LP and the search ourselves rather than take a dependency:
// the engine is the product's core, and what makes it fast is exactly what
// general LP packages do not expose (re-optimising one warm basis across
// nodes, bound flips instead of re-solves, early cut-off) while it must stay
// deterministic and dependency-free (gonum's simplex, for one, solves each
// LP from scratch).
//
// # Parallelism and determinism
//
// The search runs in rounds. Between rounds a driver keeps the open nodes
// in a best-bound heap and hands each worker (Options.Workers, default 2) a
// fixed share of the best ones; in a round each worker dives depth-first
// from its nodes for a fixed number of nodes with its own LP, incumbent and
// pseudocosts; after the round the driver merges incumbents (the lowest
// worker index wins ties) and open nodes in worker order. Nothing depends on
// timing except how much is done before the context ends (workers stop at
// the next node, leaving the rest of the round open), so for a given Seed,
// Workers and NodeLimit the result is the same on every run; with a
// deadline it is the result of the work done in time. The engine never
// reads the clock: pass a context with a deadline as the time limit.
//
// # Answers
//
// Solve returns the best selection with start periods, its value, a proven
// bound and the gap, whether it is proven optimal and node counts; for an
// infeasible set-up it lists Conflicts (forced items over a budget or
// capacity in a period, forced items that exclude each other or cannot be
// sequenced, or a minimal set of forced items that cannot be scheduled
// together). Explain says which constraints keep a rejected item out (the
// binding periods and roles, and the extra budget or capacity it would
// take) and prices the decision by re-solving with it reversed. Frontier
// solves a sweep of budget levels, reusing each answer as the next start.
package optimize
