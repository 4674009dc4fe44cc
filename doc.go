// Package pmo holds the domain of a project management office: portfolios,
// programs and projects; status reports with RAG; milestones; RAID records
// (risks, issues, actions, decisions, dependencies); change requests; and the
// service interfaces that storage implements and the web layer consumes.
//
// The package does no I/O. Adapters (store, web, importers) import it and
// never each other; only cmd/pmo wires them together.
package pmo
