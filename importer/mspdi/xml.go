package mspdi

// The raw shape of an MSPDI document as encoding/xml decodes and encodes
// it: strings only, so that Read can name the element of any value it
// cannot parse. Fields follow the order of the MSPDI schema, which Write
// must respect.

type xProject struct {
	Name              string        `xml:"Name,omitempty"`
	ScheduleFromStart string        `xml:"ScheduleFromStart,omitempty"`
	StartDate         string        `xml:"StartDate,omitempty"`
	FinishDate        string        `xml:"FinishDate,omitempty"`
	CalendarUID       string        `xml:"CalendarUID,omitempty"`
	MinutesPerDay     string        `xml:"MinutesPerDay,omitempty"`
	MinutesPerWeek    string        `xml:"MinutesPerWeek,omitempty"`
	StatusDate        string        `xml:"StatusDate,omitempty"`
	Calendars         []xCalendar   `xml:"Calendars>Calendar,omitempty"`
	Tasks             []xTask       `xml:"Tasks>Task,omitempty"`
	Resources         []xResource   `xml:"Resources>Resource,omitempty"`
	Assignments       []xAssignment `xml:"Assignments>Assignment,omitempty"`
}

type xCalendar struct {
	UID             string     `xml:"UID,omitempty"`
	Name            string     `xml:"Name,omitempty"`
	IsBaseCalendar  string     `xml:"IsBaseCalendar,omitempty"`
	BaseCalendarUID string     `xml:"BaseCalendarUID,omitempty"`
	WeekDays        []xWeekDay `xml:"WeekDays>WeekDay,omitempty"`
}

type xWeekDay struct {
	DayType      string         `xml:"DayType,omitempty"`
	DayWorking   string         `xml:"DayWorking,omitempty"`
	TimePeriod   *xTimePeriod   `xml:"TimePeriod,omitempty"`
	WorkingTimes *xWorkingTimes `xml:"WorkingTimes,omitempty"`
}

type xTimePeriod struct {
	FromDate string `xml:"FromDate,omitempty"`
	ToDate   string `xml:"ToDate,omitempty"`
}

type xWorkingTimes struct {
	WorkingTime []xWorkingTime `xml:"WorkingTime,omitempty"`
}

type xWorkingTime struct {
	FromTime string `xml:"FromTime,omitempty"`
	ToTime   string `xml:"ToTime,omitempty"`
}

type xTask struct {
	UID               string      `xml:"UID,omitempty"`
	ID                string      `xml:"ID,omitempty"`
	Name              string      `xml:"Name,omitempty"`
	IsNull            string      `xml:"IsNull,omitempty"`
	WBS               string      `xml:"WBS,omitempty"`
	OutlineNumber     string      `xml:"OutlineNumber,omitempty"`
	OutlineLevel      string      `xml:"OutlineLevel,omitempty"`
	Priority          string      `xml:"Priority,omitempty"`
	Start             string      `xml:"Start,omitempty"`
	Finish            string      `xml:"Finish,omitempty"`
	Duration          string      `xml:"Duration,omitempty"`
	DurationFormat    string      `xml:"DurationFormat,omitempty"`
	Milestone         string      `xml:"Milestone,omitempty"`
	Summary           string      `xml:"Summary,omitempty"`
	EarlyStart        string      `xml:"EarlyStart,omitempty"`
	EarlyFinish       string      `xml:"EarlyFinish,omitempty"`
	LateStart         string      `xml:"LateStart,omitempty"`
	LateFinish        string      `xml:"LateFinish,omitempty"`
	FreeSlack         string      `xml:"FreeSlack,omitempty"`
	TotalSlack        string      `xml:"TotalSlack,omitempty"`
	PercentComplete   string      `xml:"PercentComplete,omitempty"`
	ActualStart       string      `xml:"ActualStart,omitempty"`
	ActualFinish      string      `xml:"ActualFinish,omitempty"`
	ActualDuration    string      `xml:"ActualDuration,omitempty"`
	RemainingDuration string      `xml:"RemainingDuration,omitempty"`
	ConstraintType    string      `xml:"ConstraintType,omitempty"`
	CalendarUID       string      `xml:"CalendarUID,omitempty"`
	ConstraintDate    string      `xml:"ConstraintDate,omitempty"`
	Deadline          string      `xml:"Deadline,omitempty"`
	LevelingDelay     string      `xml:"LevelingDelay,omitempty"`
	LevelingDelayFmt  string      `xml:"LevelingDelayFormat,omitempty"`
	IgnoreResourceCal string      `xml:"IgnoreResourceCalendar,omitempty"`
	Notes             string      `xml:"Notes,omitempty"`
	Links             []xLink     `xml:"PredecessorLink,omitempty"`
	Baselines         []xBaseline `xml:"Baseline,omitempty"`
}

type xLink struct {
	PredecessorUID string `xml:"PredecessorUID,omitempty"`
	Type           string `xml:"Type,omitempty"`
	LinkLag        string `xml:"LinkLag,omitempty"`
	LagFormat      string `xml:"LagFormat,omitempty"`
}

type xBaseline struct {
	Number   string `xml:"Number,omitempty"`
	Start    string `xml:"Start,omitempty"`
	Finish   string `xml:"Finish,omitempty"`
	Duration string `xml:"Duration,omitempty"`
	Work     string `xml:"Work,omitempty"`
	Cost     string `xml:"Cost,omitempty"`
}

type xResource struct {
	UID         string `xml:"UID,omitempty"`
	ID          string `xml:"ID,omitempty"`
	Name        string `xml:"Name,omitempty"`
	Type        string `xml:"Type,omitempty"`
	MaxUnits    string `xml:"MaxUnits,omitempty"`
	CalendarUID string `xml:"CalendarUID,omitempty"`
}

type xAssignment struct {
	UID         string `xml:"UID,omitempty"`
	TaskUID     string `xml:"TaskUID,omitempty"`
	ResourceUID string `xml:"ResourceUID,omitempty"`
	Finish      string `xml:"Finish,omitempty"`
	Start       string `xml:"Start,omitempty"`
	Units       string `xml:"Units,omitempty"`
	Work        string `xml:"Work,omitempty"`
}
