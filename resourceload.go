package pmo

import "time"

// ResourceLoad is the work a resource is given per working day against
// what it can do, in full-time units: a load of 2 on a day when the
// capacity is 1 means twice what the resource can work.
type ResourceLoad struct {
	Resource int     `json:"resource"` // UID
	Name     string  `json:"name"`
	MaxUnits float64 `json:"max_units"`
	Days     []Load  `json:"days"` // the working days of the project calendar with load or capacity
	// Overloaded counts the days on which the load exceeds the capacity.
	Overloaded int     `json:"overloaded_days"`
	Peak       float64 `json:"peak"` // the highest load of a day
}

// Load is a resource's load and capacity on one day.
type Load struct {
	Date     Date    `json:"date"`
	Load     float64 `json:"load"`
	Capacity float64 `json:"capacity"`
}

// LevelResult reports what levelling did to a schedule.
type LevelResult struct {
	FinishBefore time.Time `json:"finish_before"`
	FinishAfter  time.Time `json:"finish_after"`
	// Delayed counts the tasks levelling delayed.
	Delayed int `json:"delayed_tasks"`
	// Schedules is the number of schedules the search generated; Seed
	// reproduces it with the same budget.
	Schedules int    `json:"schedules"`
	Seed      uint64 `json:"seed"`
	// Overloaded counts resource-days over capacity before and after.
	OverloadedBefore int            `json:"overloaded_days_before"`
	OverloadedAfter  int            `json:"overloaded_days_after"`
	LoadBefore       []ResourceLoad `json:"load_before"`
	LoadAfter        []ResourceLoad `json:"load_after"`
}
