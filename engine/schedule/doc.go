// Package schedule is the scheduling engine: the critical path method (CPM)
// on a network of tasks and links, and resource levelling of the
// resource-constrained project scheduling problem (RCPSP).
//
// The package is pure: it takes values and returns values, with no I/O, no
// clock and no global random source. Time is an integer count of ticks (a
// minute, an hour or a day: the caller chooses) from an arbitrary origin;
// durations and lags are in working ticks. A Calendar maps working time to
// ticks; a nil Calendar means every tick is working time, which is also the
// fast path.
//
// CPM follows DOMAIN.md §7: early dates by a forward pass in topological
// order, late dates by a backward pass, total float LF-EF and free float from
// the link slack to each successor. Links are finish-to-start, start-to-start,
// finish-to-finish or start-to-finish, with lags (negative lags are leads) in
// working time, elapsed time or a percentage of the predecessor's duration.
// Date constraints (ASAP, ALAP, SNET, SNLT, FNET, FNLT, MSO, MFO), deadlines
// and progress against a status date shape the dates; conflicts never panic:
// they show as negative float and a Warning.
//
// Levelling (Level) takes a Problem: activities with durations, release
// periods, finish-to-start precedence with non-negative lags and demands on
// renewable resources
// whose capacity may vary per period (resource calendars). It builds
// schedules with the serial and parallel schedule generation schemes and
// priority rules, improves them by forward-backward improvement
// (justification) and runs a genetic algorithm on activity lists within a
// budget of generated schedules, deterministically for a given seed.
// Problem.Check validates any schedule against precedence, releases and
// capacity.
package schedule
