package pmo

import (
	"context"
	"time"
)

// PMOType is the kind of office that runs a portfolio.
type PMOType string

// PMO types, by scope.
const (
	ProgramPMO        PMOType = "program"        // a program-level office
	OrganisationalPMO PMOType = "organisational" // a departmental or enterprise office
	ExecutivePMO      PMOType = "executive"      // an executive / strategy office
)

// Valid reports whether t is a known PMO type.
func (t PMOType) Valid() bool {
	return t == ProgramPMO || t == OrganisationalPMO || t == ExecutivePMO
}

// Portfolio is a group of programs and projects run by one PMO.
type Portfolio struct {
	ID           int64            `json:"id"`
	Code         string           `json:"code"`
	Name         string           `json:"name"`
	Description  string           `json:"description"`
	PMOType      PMOType          `json:"pmo_type"`
	Cadence      Cadence          `json:"cadence"`  // status reporting cadence
	Currency     string           `json:"currency"` // default currency of its projects
	CustomFields []CustomFieldDef `json:"custom_fields"`
	Version      int              `json:"version"`
	CreatedAt    time.Time        `json:"created_at"`
	UpdatedAt    time.Time        `json:"updated_at"`
}

// Prepare normalises p and validates it.
func (p *Portfolio) Prepare() error {
	var v Validator
	p.Code, p.Name = clean(p.Code), clean(p.Name)
	checkCode(&v, "code", p.Code)
	checkText(&v, "name", p.Name, 1, 200)
	checkText(&v, "description", p.Description, 0, 10000)
	if p.PMOType == "" {
		p.PMOType = OrganisationalPMO
	}
	v.Check(p.PMOType.Valid(), "pmo_type", "must be program, organisational or executive")
	if p.Cadence == "" {
		p.Cadence = Weekly
	}
	v.Check(p.Cadence.Valid(), "cadence", "must be weekly, fortnightly, monthly or quarterly")
	if p.Currency == "" {
		p.Currency = "EUR"
	}
	v.Check(validCurrency(p.Currency), "currency", "must be a three-letter ISO 4217 code such as EUR")
	if p.CustomFields == nil {
		p.CustomFields = []CustomFieldDef{}
	}
	seen := map[string]bool{}
	for i, f := range p.CustomFields {
		f.validate(fieldIndex("custom_fields", i), &v)
		v.Check(!seen[f.Key], fieldIndex("custom_fields", i)+".key", "duplicate key %q", f.Key)
		seen[f.Key] = true
	}
	return v.Err()
}

// PortfolioFilter selects portfolios.
type PortfolioFilter struct {
	Query string // free text on code and name
	ListOptions
}

// PortfolioService manages portfolios.
type PortfolioService interface {
	// FindPortfolioByID returns NotFound when no portfolio has the id.
	FindPortfolioByID(ctx context.Context, id int64) (*Portfolio, error)
	// FindPortfolios returns a page of portfolios and the total matching.
	FindPortfolios(ctx context.Context, f PortfolioFilter) ([]*Portfolio, Page, error)
	// CreatePortfolio returns Invalid, or Conflict on a duplicate code.
	CreatePortfolio(ctx context.Context, p *Portfolio) error
	// UpdatePortfolio replaces p; Stale when p.Version is not current.
	UpdatePortfolio(ctx context.Context, p *Portfolio) error
	// DeletePortfolio returns Conflict while programs or projects remain.
	DeletePortfolio(ctx context.Context, id int64, version int) error
}

// Program groups related projects inside a portfolio.
type Program struct {
	ID          int64     `json:"id"`
	PortfolioID int64     `json:"portfolio_id"`
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Manager     string    `json:"manager"`
	Sponsor     string    `json:"sponsor"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Prepare normalises p and validates it.
func (p *Program) Prepare() error {
	var v Validator
	p.Code, p.Name, p.Manager, p.Sponsor = clean(p.Code), clean(p.Name), clean(p.Manager), clean(p.Sponsor)
	v.Check(p.PortfolioID > 0, "portfolio_id", "is required")
	checkCode(&v, "code", p.Code)
	checkText(&v, "name", p.Name, 1, 200)
	checkText(&v, "description", p.Description, 0, 10000)
	checkText(&v, "manager", p.Manager, 0, 200)
	checkText(&v, "sponsor", p.Sponsor, 0, 200)
	return v.Err()
}

// ProgramFilter selects programs.
type ProgramFilter struct {
	PortfolioID int64
	Query       string
	ListOptions
}

// ProgramService manages programs.
type ProgramService interface {
	// FindProgramByID returns NotFound when no program has the id.
	FindProgramByID(ctx context.Context, id int64) (*Program, error)
	// FindPrograms returns a page of programs and the total matching.
	FindPrograms(ctx context.Context, f ProgramFilter) ([]*Program, Page, error)
	// CreateProgram returns Invalid (also for a missing portfolio) or Conflict on a duplicate code.
	CreateProgram(ctx context.Context, p *Program) error
	// UpdateProgram replaces p; Stale when p.Version is not current.
	UpdateProgram(ctx context.Context, p *Program) error
	// DeleteProgram returns Conflict while projects remain in it.
	DeleteProgram(ctx context.Context, id int64, version int) error
}
