// Package planfile reads a portfolio to optimise from a file: JSON, or an
// Excel workbook a PMO analyst fills in (see docs/OPTIMISATION.md and
// docs/examples/). Both give a planning.Input; errors name the proposal
// and field, and in a workbook the sheet and cell.
//
// Money in files is in major units (euros, not cents) and profiles are per
// period after a proposal's start: entry 1 is the period it starts in.
package planfile
