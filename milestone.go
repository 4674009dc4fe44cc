package pmo

import "time"

// Milestone is a dated checkpoint of a project.
type Milestone struct {
	ID          int64     `json:"id"`
	ProjectID   int64     `json:"project_id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Key         bool      `json:"key"`      // a key milestone; missing it turns schedule red
	Baseline    Date      `json:"baseline"` // the approved date
	Forecast    Date      `json:"forecast"` // the current expectation
	Actual      Date      `json:"actual"`   // when it was achieved
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Prepare normalises m and validates it.
func (m *Milestone) Prepare() error {
	var v Validator
	m.Name = clean(m.Name)
	v.Check(m.ProjectID > 0, "project_id", "is required")
	checkText(&v, "name", m.Name, 1, 200)
	checkText(&v, "description", m.Description, 0, 5000)
	v.Check(!m.Baseline.IsZero() || !m.Forecast.IsZero(), "forecast", "a baseline or forecast date is required")
	if m.Forecast.IsZero() {
		m.Forecast = m.Baseline
	}
	return v.Err()
}

// SlipDays is how many calendar days the forecast (or actual) lies after the
// baseline; negative when early, 0 without a baseline.
func (m *Milestone) SlipDays() int {
	if m.Baseline.IsZero() {
		return 0
	}
	d := m.Forecast
	if !m.Actual.IsZero() {
		d = m.Actual
	}
	return m.Baseline.DaysUntil(d)
}

// Missed reports whether the milestone is not achieved and its baseline (or,
// without one, its forecast) has passed by asOf.
func (m *Milestone) Missed(asOf Date) bool {
	due := m.Baseline
	if due.IsZero() {
		due = m.Forecast
	}
	return m.Actual.IsZero() && due.Before(asOf)
}
