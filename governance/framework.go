package governance

import "github.com/pmohq/pmo"

// Framework is a parsed delivery framework document: the classes projects
// fall into, the lifecycle stages and the gates between them, and the
// standing rules every project must satisfy. Parse returns one only when the
// document is valid; Compile turns it into a Program that evaluates it.
type Framework struct {
	File        string // the name errors are reported against
	Version     string
	Name        string
	Description string
	Roles       []Role
	Artefacts   []ArtefactKind
	Classes     []Class
	Stages      []Stage
	Gates       []Gate
	Rules       []Rule
}

// Pos is a position in the framework document; Line and Column start at 1.
type Pos struct {
	Line, Column int
}

// Expr is a CEL expression as written in the document.
type Expr struct {
	Source string
	Pos    Pos // where the expression's text starts
	// Block is true for YAML block scalars (| or >), whose text starts on
	// the line after Pos at column Indent.
	Block  bool
	Indent int
}

// Role is a governance role that approves gates, e.g. sponsor or pmo_lead.
type Role struct {
	ID   string
	Name string
	Pos  Pos
}

// ArtefactKind is a named kind of document a gate can require, e.g.
// business_case; projects attach or link artefacts of a kind.
type ArtefactKind struct {
	ID   string
	Name string
	Pos  Pos
}

// Class is a project tier. Classes are tried in document order and a
// project belongs to the first whose When expression is true.
type Class struct {
	ID          string
	Name        string
	Description string
	When        Expr
	Pos         Pos
}

// Stage is a lifecycle stage.
type Stage struct {
	ID          string
	Name        string
	Description string
	Pos         Pos
}

// Gate is the decision point that moves a project from one stage to the
// next. To is empty for a gate that ends the lifecycle (e.g. benefits review).
type Gate struct {
	ID           string
	Name         string
	Question     string
	From, To     string
	Requirements []Requirement
	Pos          Pos
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
	ID      string // unique within the gate; derived from the kind when not written
	Kind    RequirementKind
	Classes []string
	Message string // replaces the generated description, optional

	Fields   []string // fields: view paths such as project.sponsor
	Artefact string   // artefact: an artefact kind id
	RAID     string   // raid: risks, issues, actions, decisions, dependencies, milestones or changes
	Open     bool     // raid: count only open records
	Owned    bool     // raid: count only records with an owner
	Where    Expr     // raid: an optional CEL filter over item
	Role     string   // approval: a role id
	Min      int      // artefact, raid, approval: how many (default 1)
	Check    Expr     // check: a CEL boolean expression

	Pos Pos
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
	ID        string
	Title     string
	Severity  Severity
	Message   string // a template; ${expr} placeholders are CEL expressions over the view
	Rationale string
	AppliesTo AppliesTo
	When      Expr // optional precondition; the rule is skipped when false
	Check     Expr // true when the project complies
	Pos       Pos
	msgPos    Pos
}

// AppliesTo limits a rule to projects in some stages, states and classes.
// An empty list means no limit.
type AppliesTo struct {
	Stages  []string
	States  []pmo.State
	Classes []string
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
