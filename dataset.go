package pmo

import "context"

// Dataset is a whole portfolio tree written in one transaction: the demo
// generator and importers produce it. IDs inside a Dataset are local
// references between its records (a project's PortfolioID names a portfolio
// of the dataset by that portfolio's ID); storage assigns real IDs and
// rewrites the references.
type Dataset struct {
	Portfolios     []*Portfolio
	Programs       []*Program
	Projects       []*Project
	StatusReports  []*StatusReport // revision 1 each, in period order per project
	Milestones     []*Milestone
	Risks          []*Risk
	Issues         []*Issue
	Actions        []*Action
	Decisions      []*Decision
	Dependencies   []*Dependency
	ChangeRequests []*ChangeRequest // with History; State must match the last event

	// The intake pipeline (issue 6). Proposals carry their History (State
	// must match the last event) and name other proposals of the dataset
	// in Dependencies and Excludes; funded ones are not imported.
	Proposals     []*Proposal
	ScoringModels []*ScoringModel // at most one per portfolio
	Scores        []*Score        // each proposal's portfolio must have a model
	Scenarios     []*Scenario     // locks name proposals of the dataset

	// Project schedules (issue 7), at most one per project, each with the
	// baselines saved against it; ProjectID names a project of the dataset.
	Schedules []*DatasetSchedule
}

// DatasetSchedule is a project's schedule as a dataset carries it: the
// schedule with its computed dates and the baselines saved before.
type DatasetSchedule struct {
	Schedule  *Schedule
	Baselines []Baseline
}

// ImportService writes datasets.
type ImportService interface {
	// ImportDataset writes every record of d or none: Invalid names the first
	// bad record (e.g. "projects[12].code"), Conflict a code already stored.
	ImportDataset(ctx context.Context, d *Dataset) error
}
