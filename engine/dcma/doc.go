// Package dcma assesses the quality of a schedule with the DCMA 14-point
// assessment: logic, leads, lags, relationship types, hard constraints,
// high float, negative float, high duration, invalid dates, resources,
// missed tasks, the critical path test, CPLI and BEI.
//
// The package is pure: Assess takes a Schedule (the engine's network of
// activities plus what the checks need beyond it: identifiers, resources,
// baselines) and returns a Report; it reschedules with engine/schedule but
// reads no clock, so the status date is the network's.
//
// Thresholds are DOMAIN.md §7's defaults (DefaultThresholds). Populations
// follow the DCMA protocol as Ron Winter describes it ("DCMA 14-Point
// Schedule Assessment", 2011): summary tasks are not activities and never
// enter the Schedule; level-of-effort tasks are excluded everywhere; the
// task checks (1, 5, 6, 7, 8, 10) count "total tasks", the incomplete
// activities with a non-zero duration; the link checks (2, 3, 4) count the
// links into or out of incomplete activities; invalid dates (9) looks at
// every activity; missed tasks (11) and BEI (14) count every activity,
// milestones and completed tasks included, whose baseline finish is on or
// before the status date.
package dcma
