package governance

import (
	"encoding/json"

	"github.com/pmohq/pmo"
)

// Framework is a parsed delivery framework document: the classes projects
// fall into, the lifecycle stages and the gates between them, and the
// standing rules every project must satisfy. Parse returns one only when the
// document is valid; Compile turns it into a Program that evaluates it.
type Framework struct {
	File        string         `json:"-"` // the name errors are reported against
	Version     string         `json:"version,omitempty"`
	Name        string         `json:"name,omitempty"`
	Description string         `json:"description,omitempty"`
	Roles       []Role         `json:"roles,omitempty"`
	Artefacts   []ArtefactKind `json:"artefacts,omitempty"`
	Classes     []Class        `json:"classes,omitempty"`
	Stages      []Stage        `json:"stages,omitempty"`
	Gates       []Gate         `json:"gates,omitempty"`
	Rules       []Rule         `json:"rules,omitempty"`
}

// Pos is a position in the framework document; Line and Column start at 1.
type Pos struct {
	Line, Column int
}

// Expr is a CEL expression as written in the document.
type Expr struct {
	Source string `json:"source,omitempty"`
	Pos    Pos    `json:"-"` // where the expression's text starts
	// Block is true for YAML block scalars (| or >), whose text starts on
	// the line after Pos at column Indent.
	Block  bool `json:"-"`
	Indent int  `json:"-"`
}

// MarshalJSON encodes an expression as its source text.
func (e Expr) MarshalJSON() ([]byte, error) { return json.Marshal(e.Source) }

// IsZero reports whether e is absent, for omitzero.
func (e Expr) IsZero() bool { return e.Source == "" }

// Role is a governance role that approves gates, e.g. sponsor or pmo_lead.
type Role struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	Pos  Pos    `json:"-"`
}

// ArtefactKind is a named kind of document a gate can require, e.g.
// business_case; projects attach or link artefacts of a kind.
type ArtefactKind struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	Pos  Pos    `json:"-"`
}

// Class is a project tier. Classes are tried in document order and a
// project belongs to the first whose When expression is true.
type Class struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	When        Expr   `json:"when,omitzero"`
	Pos         Pos    `json:"-"`
}

// Stage is a lifecycle stage.
type Stage struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Pos         Pos    `json:"-"`
}

// Gate is the decision point that moves a project from one stage to the
// next. To is empty for a gate that ends the lifecycle (e.g. benefits review).
type Gate struct {
	ID           string        `json:"id,omitempty"`
	Name         string        `json:"name,omitempty"`
	Question     string        `json:"question,omitempty"`
	From         string        `json:"from"`
	To           string        `json:"to,omitempty"`
	Requirements []Requirement `json:"requirements,omitempty"`
	Pos          Pos           `json:"-"`
}

// RequirementKind says what a gate requirement checks.
type RequirementKind string

// Requirement kinds.
const (
	FieldsRequirement   RequirementKind = "fields"   // fields of the project view are filled
	ArtefactRequirement RequirementKind = "artefact" // artefacts of a kind are attached or linked
	RAIDRequirement     RequirementKind = "raid"     // a minimum number of RAID records
	ApprovalRequirement RequirementKind = "approval" // approvals by a role
	CheckRequirement    RequirementKind = "check"    // a CEL checklist expression
)

// Requirement is one item of a gate's checklist. Exactly one kind applies.
// Classes limits it to projects of those classes (empty: every class).
type Requirement struct {
	ID      string          `json:"id,omitempty"` // unique within the gate; derived from the kind when not written
	Kind    RequirementKind `json:"kind,omitempty"`
	Classes []string        `json:"classes,omitempty"`
	Message string          `json:"message,omitempty"` // replaces the generated description, optional

	Fields   []string `json:"fields,omitempty"`   // fields: view paths such as project.sponsor
	Artefact string   `json:"artefact,omitempty"` // artefact: an artefact kind id
	RAID     string   `json:"raid,omitempty"`     // raid: risks, issues, actions, decisions, dependencies, milestones or changes
	Open     bool     `json:"open,omitempty"`     // raid: count only open records
	Owned    bool     `json:"owned,omitempty"`    // raid: count only records with an owner
	Where    Expr     `json:"where,omitzero"`     // raid: an optional CEL filter over item
	Role     string   `json:"role,omitempty"`     // approval: a role id
	Min      int      `json:"min,omitempty"`      // artefact, raid, approval: how many (default 1)
	Check    Expr     `json:"check,omitzero"`     // check: a CEL boolean expression

	Pos Pos `json:"-"`
}

// Severity grades a rule: how much a failure matters.
type Severity string

// Severities, least to most severe.
const (
	Info     Severity = "info"
	Minor    Severity = "minor"
	Major    Severity = "major"
	Critical Severity = "critical"
)

// Severities lists the severities from least to most severe.
var Severities = []Severity{Info, Minor, Major, Critical}

// Rank orders severities: 0 for info up to 3 for critical, -1 when unknown.
func (s Severity) Rank() int {
	switch s {
	case Info:
		return 0
	case Minor:
		return 1
	case Major:
		return 2
	case Critical:
		return 3
	}
	return -1
}

// Rule is a standing rule: every project it applies to must satisfy Check.
type Rule struct {
	ID        string    `json:"id,omitempty"`
	Title     string    `json:"title,omitempty"`
	Severity  Severity  `json:"severity,omitempty"`
	Message   string    `json:"message,omitempty"` // a template; ${expr} placeholders are CEL expressions over the view
	Rationale string    `json:"rationale,omitempty"`
	AppliesTo AppliesTo `json:"applies_to,omitzero"`
	When      Expr      `json:"when,omitzero"`  // optional precondition; the rule is skipped when false
	Check     Expr      `json:"check,omitzero"` // true when the project complies
	Pos       Pos       `json:"-"`
	msgPos    Pos
}

// AppliesTo limits a rule to projects in some stages, states and classes.
// An empty list means no limit.
type AppliesTo struct {
	Stages  []string    `json:"stages,omitempty"`
	States  []pmo.State `json:"states,omitempty"`
	Classes []string    `json:"classes,omitempty"`
}

// Stage returns the stage with the id, or nil.
func (f *Framework) Stage(id string) *Stage {
	for i := range f.Stages {
		if f.Stages[i].ID == id {
			return &f.Stages[i]
		}
	}
	return nil
}

// Gate returns the gate with the id, or nil.
func (f *Framework) Gate(id string) *Gate {
	for i := range f.Gates {
		if f.Gates[i].ID == id {
			return &f.Gates[i]
		}
	}
	return nil
}

// GatesFrom returns the gates that lead out of a stage, in document order.
func (f *Framework) GatesFrom(stage string) []*Gate {
	var out []*Gate
	for i := range f.Gates {
		if f.Gates[i].From == stage {
			out = append(out, &f.Gates[i])
		}
	}
	return out
}

// Rule returns the rule with the id, or nil.
func (f *Framework) Rule(id string) *Rule {
	for i := range f.Rules {
		if f.Rules[i].ID == id {
			return &f.Rules[i]
		}
	}
	return nil
}
