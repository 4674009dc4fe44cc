// Package mspdi reads Microsoft Project XML files (MSPDI, the XML Data
// Interchange format whose root is <Project
// xmlns="http://schemas.microsoft.com/project">) and turns them into a
// schedule.Network for the scheduling engine.
//
// Read takes an io.Reader and returns a Project: tasks with their WBS
// hierarchy, links, calendars, resources, assignments, baselines and the
// dates and slack MS Project stored. It is all-or-nothing: any error returns
// no Project, and errors name the element at fault. Input is capped at
// MaxSize bytes.
//
// Project.Network converts the leaf tasks to a schedule.Network on minute
// ticks (schedule.TimeTick) with WeekCalendar calendars built from the
// project calendar, task calendars and resource calendars; Project.Check
// reschedules it and compares the result with the dates and slack MS
// Project stored. Write writes a Project back as MSPDI. Wall-clock times
// carry no zone in MSPDI; they are read as UTC.
package mspdi
