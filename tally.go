package pmo

import "time"

// FindingDim is what findings are grouped by when counted in storage.
type FindingDim string

// The groupings of TallyFindings; several may be combined.
const (
	ByProject  FindingDim = "project"  // the project's id
	ByRule     FindingDim = "rule"     // the rule's id
	ByProgram  FindingDim = "program"  // the program's name at the finding's last sighting
	ByManager  FindingDim = "manager"  // the project manager at the last sighting
	ByStage    FindingDim = "stage"    // the project's stage at the last sighting
	BySeverity FindingDim = "severity" // the rule's severity
)

// FindingTally counts the findings of one group. The fields of the
// dimensions grouped by are set; the others are empty. The states add up:
// Open + Waived + Resolved is every finding of the group.
type FindingTally struct {
	ProjectID                               int64
	Rule, Program, Manager, Stage, Severity string
	Open                                    int // unresolved, not waived
	Waived                                  int // unresolved, under a waiver
	Resolved                                int
	Unwaived                                int // findings in any state that are not waived
	Chronic                                 int // open findings seen by at least the chronic number of runs
	// OldestOpen is the first sighting of the group's oldest open finding;
	// zero when none is open. Set only when grouped by project.
	OldestOpen time.Time
	// LastOpenID is the id of the group's newest open finding; 0 when none.
	// Set only when grouped by project.
	LastOpenID int64
}
