package pmo

import "time"

// PoolLevelResult reports levelling several projects whose schedules share
// resources: a resource pool, where work resources of the same name (case
// and surrounding spaces aside) in different projects are one resource.
type PoolLevelResult struct {
	// Projects lists each project's outcome in the order it was levelled:
	// by project priority, the highest (1) first.
	Projects []ProjectLevelResult `json:"projects"`
	// Shared lists the resources of the pool that more than one project
	// uses, with their combined load before and after.
	Shared []SharedResourceLoad `json:"shared_resources"`
	// FinishBefore and FinishAfter are the latest finish of the projects.
	FinishBefore time.Time `json:"finish_before"`
	FinishAfter  time.Time `json:"finish_after"`
}

// ProjectLevelResult is one project's share of a pool levelling.
type ProjectLevelResult struct {
	ProjectID int64  `json:"project_id"`
	Code      string `json:"code"`
	Priority  int    `json:"priority"`
	// Version is the schedule's version once the result is stored.
	Version int `json:"version"`
	LevelResult
}

// SharedResourceLoad is the load that all the projects of a pool put on a
// shared resource, day by day, against its capacity.
type SharedResourceLoad struct {
	Name string `json:"name"`
	// MaxUnits is the pool's capacity: the smallest MaxUnits any of the
	// projects gives the resource.
	MaxUnits float64 `json:"max_units"`
	// Projects are the IDs of the projects that assign the resource.
	Projects         []int64 `json:"projects"`
	Before           []Load  `json:"before"`
	After            []Load  `json:"after"`
	OverloadedBefore int     `json:"overloaded_days_before"`
	OverloadedAfter  int     `json:"overloaded_days_after"`
	PeakBefore       float64 `json:"peak_before"`
	PeakAfter        float64 `json:"peak_after"`
}
