package governance

import (
	"fmt"
	"time"
)

// Key identifies a finding across audits: the same project failing the
// same rule in the same way. The audit history (first seen, last seen,
// resolved) is kept per key.
func (f Finding) Key() string { return fmt.Sprintf("%d/%s/%s", f.ProjectID, f.Rule, f.Kind) }

// FindingsDelta compares two audits, e.g. the published framework against
// a draft (a dry run), or yesterday's audit against today's.
type FindingsDelta struct {
	New       []Finding `json:"new"`       // in the second audit only
	Resolved  []Finding `json:"resolved"`  // in the first audit only: the project now complies
	Continued []Finding `json:"continued"` // in both, as the second audit rendered them
}

// CompareFindings matches findings by Key. Each list keeps the order of
// the audit it comes from.
func CompareFindings(before, after []Finding) FindingsDelta {
	var d FindingsDelta
	seen := make(map[string]bool, len(before))
	for _, f := range before {
		seen[f.Key()] = true
	}
	now := make(map[string]bool, len(after))
	for _, f := range after {
		k := f.Key()
		now[k] = true
		if seen[k] {
			d.Continued = append(d.Continued, f)
		} else {
			d.New = append(d.New, f)
		}
	}
	for _, f := range before {
		if !now[f.Key()] {
			d.Resolved = append(d.Resolved, f)
		}
	}
	return d
}

// Waiver exempts one project from one rule until it expires.
type Waiver struct {
	ProjectID int64     `json:"project_id"`
	Rule      string    `json:"rule"`
	Reason    string    `json:"reason"`
	GrantedBy string    `json:"granted_by"`
	Expires   time.Time `json:"expires"` // the waiver no longer applies from this instant
}

// ApplyWaivers marks the violations covered by a waiver in force at now.
// Rule errors are never waived: they say the rule is broken, not the project.
func ApplyWaivers(fs []Finding, waivers []Waiver, now time.Time) {
	type key struct {
		project int64
		rule    string
	}
	active := map[key]*Waiver{}
	for i := range waivers {
		w := &waivers[i]
		if now.Before(w.Expires) {
			k := key{w.ProjectID, w.Rule}
			if prev := active[k]; prev == nil || w.Expires.After(prev.Expires) {
				active[k] = w
			}
		}
	}
	for i := range fs {
		f := &fs[i]
		if w := active[key{f.ProjectID, f.Rule}]; w != nil && f.Kind == Violation {
			f.Waived = true
			f.WaiverReason = w.Reason
			f.WaivedUntil = w.Expires
		}
	}
}
