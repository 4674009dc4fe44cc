// Package planning turns the intake pipeline into an optimiser problem and
// the optimiser's answer back into PMO terms. It is pure: it takes a
// scenario, proposals with their business cases, the scoring model and
// reviewers' scores, and the running work's committed load as values, and
// returns values; engine/optimize does the search and engine/score the
// scoring.
//
// Build makes a Plan: one optimiser item per candidate proposal (submitted,
// under review or approved), its value the proposal's weighted score or NPV,
// its cost capex plus opex per period, its demand FTE per role and period,
// its start window the proposal's earliest and latest start inside the
// scenario's horizon (or its earliest start alone when the scenario is not
// timed). Dependencies on other candidates become "requires" (or "after"
// when the other must finish first); a dependency on a funded proposal or
// a project is met by that project, and one that must finish first moves
// the earliest start past the project's finish. Alternatives exclude each
// other; mandatory proposals and the scenario's locks are forced.
//
// Plan.Outcome maps a solution back: the selected proposals with their
// start periods, value, proven bound, gap and whether it is optimal, spend
// per period against budget and capacity use per role and period, each
// with the committed load of running work. Plan.Explain says in PMO words
// what keeps a proposal out and what it would take to include it, and
// Plan.Conflicts why a set-up has no feasible selection.
package planning
