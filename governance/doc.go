// Package governance is pmo's delivery framework engine: governance as code.
//
// A PMO's framework (its lifecycle, gates and standards) is a YAML
// document, parsed by Parse into a Framework:
//
//   - classes tier projects (small, medium, large) by CEL rules on budget,
//     risk and strategic weight; the first class whose when is true wins;
//   - stages are the lifecycle, and gates lead from one stage to the next,
//     each with a checklist of requirements per class: fields filled,
//     artefacts attached, a minimum of RAID records, approvals by role, and
//     CEL checks;
//   - standing rules must hold for every project they apply to (by stage,
//     state and class): each has an id, a severity, a message template, a
//     rationale and a CEL check that is true when the project complies.
//
// Parse is strict and reports every problem with file, line and column:
// YAML errors, unknown fields, unknown stages, states, classes, roles,
// artefact kinds and view fields, duplicate ids, cycles between stages, and
// CEL that does not compile or does not give true or false. Compile turns a
// Framework into a Program once; Audit evaluates every rule against every
// project (in parallel, with sorted, deterministic results), EvaluateGate
// evaluates one gate's checklist for one project, and Diff compares two
// versions of a framework. ApplyWaivers, CompareFindings (dry runs and
// findings that close themselves) and Summarize (where findings
// concentrate) work on audit results. The package is pure: the caller passes the data
// (ProjectData) and the time (now); nothing here reads a clock, a file or a
// database, so the gate review workflow, the audit scheduler, the web pages
// and the CLI can all build on it.
//
// # Why CEL
//
// Rules are written by PMO analysts and run against every project, often on
// a schedule, so the language must be readable, safe and fast. CEL (the
// Common Expression Language, also used by Kubernetes and Google Cloud IAM)
// reads like the conditions analysts already write in spreadsheets, cannot
// loop forever or touch the outside world, is type-checked before it runs,
// so a misspelt field is rejected when the framework is published rather
// than discovered at audit time, and is compiled once and evaluated in
// microseconds. A rule that still fails at run time for one project, say a
// comparison with a date that project has not set, becomes a RuleError
// finding for that project, never a failed audit.
//
// # The project view
//
// Expressions see a typed view of one project: project, status (the latest
// report, or null), risks, issues, actions, decisions, dependencies,
// milestones, changes, artefacts, approvals, now and today. Dates are CEL
// timestamps, or null when unset; money is {amount, currency} with the
// amount in major units as a double. On view objects has(x.f) is true when
// a field is filled (not null, empty, false or zero); on project.custom it
// tests that the key is present. Reference returns the full field
// list, which docs/GOVERNANCE.md reproduces. Besides CEL's standard
// library, the ext.Strings functions and days(duration) are available.
//
// # Messages
//
// A rule's message is a template: each ${expr} is a CEL expression over the
// same view, e.g. "${project.code} is ${status.days_old} days behind".
// Placeholders are type-checked with the rule; at run time a failing
// placeholder renders as "?". Dates render as YYYY-MM-DD, lists comma
// separated, null as "none". An expression in a placeholder cannot contain '}'.
package governance
