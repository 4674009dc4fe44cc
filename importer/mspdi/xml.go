package mspdi

// The raw shape of an MSPDI document as encoding/xml decodes it: strings
// only, so that Read can name the element of any value it cannot parse.

type xProject struct {
	Name              string        `xml:"Name"`
	StartDate         string        `xml:"StartDate"`
	FinishDate        string        `xml:"FinishDate"`
	StatusDate        string        `xml:"StatusDate"`
	ScheduleFromStart string        `xml:"ScheduleFromStart"`
	CalendarUID       string        `xml:"CalendarUID"`
	MinutesPerDay     string        `xml:"MinutesPerDay"`
	MinutesPerWeek    string        `xml:"MinutesPerWeek"`
	Calendars         []xCalendar   `xml:"Calendars>Calendar"`
	Tasks             []xTask       `xml:"Tasks>Task"`
	Resources         []xResource   `xml:"Resources>Resource"`
	Assignments       []xAssignment `xml:"Assignments>Assignment"`
}

type xCalendar struct {
	UID             string     `xml:"UID"`
	Name            string     `xml:"Name"`
	IsBaseCalendar  string     `xml:"IsBaseCalendar"`
	BaseCalendarUID string     `xml:"BaseCalendarUID"`
	WeekDays        []xWeekDay `xml:"WeekDays>WeekDay"`
}

type xWeekDay struct {
	DayType      string         `xml:"DayType"`
	DayWorking   string         `xml:"DayWorking"`
	FromDate     string         `xml:"TimePeriod>FromDate"`
	ToDate       string         `xml:"TimePeriod>ToDate"`
	WorkingTimes []xWorkingTime `xml:"WorkingTimes>WorkingTime"`
}

type xWorkingTime struct {
	FromTime string `xml:"FromTime"`
	ToTime   string `xml:"ToTime"`
}

type xTask struct {
	UID               string      `xml:"UID"`
	ID                string      `xml:"ID"`
	Name              string      `xml:"Name"`
	IsNull            string      `xml:"IsNull"`
	WBS               string      `xml:"WBS"`
	OutlineNumber     string      `xml:"OutlineNumber"`
	OutlineLevel      string      `xml:"OutlineLevel"`
	Start             string      `xml:"Start"`
	Finish            string      `xml:"Finish"`
	Duration          string      `xml:"Duration"`
	DurationFormat    string      `xml:"DurationFormat"`
	Milestone         string      `xml:"Milestone"`
	Summary           string      `xml:"Summary"`
	EarlyStart        string      `xml:"EarlyStart"`
	EarlyFinish       string      `xml:"EarlyFinish"`
	LateStart         string      `xml:"LateStart"`
	LateFinish        string      `xml:"LateFinish"`
	FreeSlack         string      `xml:"FreeSlack"`
	TotalSlack        string      `xml:"TotalSlack"`
	PercentComplete   string      `xml:"PercentComplete"`
	ActualStart       string      `xml:"ActualStart"`
	ActualFinish      string      `xml:"ActualFinish"`
	ActualDuration    string      `xml:"ActualDuration"`
	RemainingDuration string      `xml:"RemainingDuration"`
	ConstraintType    string      `xml:"ConstraintType"`
	ConstraintDate    string      `xml:"ConstraintDate"`
	Deadline          string      `xml:"Deadline"`
	CalendarUID       string      `xml:"CalendarUID"`
	IgnoreResourceCal string      `xml:"IgnoreResourceCalendar"`
	Links             []xLink     `xml:"PredecessorLink"`
	Baselines         []xBaseline `xml:"Baseline"`
}

type xLink struct {
	PredecessorUID string `xml:"PredecessorUID"`
	Type           string `xml:"Type"`
	LinkLag        string `xml:"LinkLag"`
	LagFormat      string `xml:"LagFormat"`
}

type xBaseline struct {
	Number   string `xml:"Number"`
	Start    string `xml:"Start"`
	Finish   string `xml:"Finish"`
	Duration string `xml:"Duration"`
	Work     string `xml:"Work"`
	Cost     string `xml:"Cost"`
}

type xResource struct {
	UID         string `xml:"UID"`
	ID          string `xml:"ID"`
	Name        string `xml:"Name"`
	Type        string `xml:"Type"`
	MaxUnits    string `xml:"MaxUnits"`
	CalendarUID string `xml:"CalendarUID"`
}

type xAssignment struct {
	UID         string `xml:"UID"`
	TaskUID     string `xml:"TaskUID"`
	ResourceUID string `xml:"ResourceUID"`
	Units       string `xml:"Units"`
	Work        string `xml:"Work"`
	Start       string `xml:"Start"`
	Finish      string `xml:"Finish"`
}
