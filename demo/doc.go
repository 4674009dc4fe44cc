// Package demo generates a plausible demo portfolio: the data a PMO lead
// would show at a portfolio review, built for demos, screenshots and
// benchmarks.
//
// Generate returns a [pmo.Dataset] for a fictional European bank:
//
//   - portfolios run by different PMO types (organisational, program,
//     executive), with their own reporting cadence (weekly or monthly),
//     currency (EUR, one GBP) and custom field definitions;
//   - programs such as "Digital Customer Experience" or "Net Zero Estates",
//     and projects inside them or directly under a portfolio, with codes
//     like DCX-014, themed names and descriptions, sponsors and managers
//     from a pool of 42 people, log-normal budgets, priorities and tags;
//   - every lifecycle stage and state in realistic proportions, with
//     dates that agree with them: the pipeline has plans only, running
//     work has actual starts, closed work actual finishes;
//   - a status report per reporting period over each project's life within
//     the history window, following a health trajectory: most projects stay
//     green with occasional amber blips, some slide through amber into red
//     (schedule and cost first), some recover, and a few stop reporting so
//     their status is overdue; actual cost accumulates and the forecast
//     drifts above budget when cost turns amber or red;
//   - milestones with baselines, forecasts and actuals, and a RAID log
//     (risks, issues, actions with recovery actions for red projects,
//     decisions including pending ones, cross-project dependencies) with
//     some records escalated to program or portfolio level;
//   - change requests in every workflow state with the history that led
//     there.
//
// Every record passes its Prepare method and project custom fields pass
// [pmo.CheckCustomFields]. IDs are local references within the dataset,
// numbered from 1 per record type.
//
// Generation is pure and deterministic: it reads no clock and no global
// random source, so the same Options always give the same dataset.
// DefaultOptions gives 3 portfolios, 12 programs, 150 projects and 104
// weeks of history: about 3,500 status reports, 700 milestones, 2,000 RAID
// records and 230 change requests, generated in about 10 ms.
//
// To scale, raise Options.Projects: records grow linearly with it, and
// 10,000 projects over 52 weeks give about 200,000 status reports and
// 135,000 RAID records in one to two seconds (about 150 MB live). Reports per
// project are bounded by each project's life, not by the window: the
// pipeline has none, monthly reporters file 12 a year, and most running
// projects started within the last year. For about 520,000 reports use
// 26,000 projects over 52 weeks.
package demo
