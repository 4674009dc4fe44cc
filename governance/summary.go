package governance

import (
	"cmp"
	"slices"
)

// Count is a number of findings for one value of a dimension.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Summary is one audit seen across the portfolio: where findings
// concentrate. Waived findings and rule errors are counted apart from the
// violations that need action. Every list is sorted by count, largest
// first, then by key.
type Summary struct {
	Projects   int      `json:"projects"`    // projects audited
	Compliant  int      `json:"compliant"`   // projects without open violations
	Violations int      `json:"violations"`  // not waived
	Waived     int      `json:"waived"`      // violations under a waiver
	RuleErrors int      `json:"rule_errors"` // rules that could not be evaluated
	ByRule     []Count  `json:"by_rule"`     // open violations per rule id
	BySeverity []Count  `json:"by_severity"` // ... per severity
	ByProgram  []Count  `json:"by_program"`  // ... per program code ("" = none)
	ByManager  []Count  `json:"by_manager"`  // ... per project manager
	ByStage    []Count  `json:"by_stage"`    // ... per stage
	ByClass    []Count  `json:"by_class"`    // ... per class
	ByProject  []Count  `json:"by_project"`  // ... per project code: the worst first
	Quiet      []string `json:"quiet"`       // rules that no project fails: candidates to drop
	Broken     []string `json:"broken"`      // rules with rule errors: fix them first
}

// Summarize aggregates the findings of one audit of projects projects
// against prog, e.g. for the portfolio's audit page.
func Summarize(prog *Program, projects int, fs []Finding) Summary {
	s := Summary{Projects: projects}
	tally := map[string]map[string]int{}
	add := func(dim, key string) {
		if tally[dim] == nil {
			tally[dim] = map[string]int{}
		}
		tally[dim][key]++
	}
	failing := map[int64]bool{}
	failed := map[string]bool{}
	broken := map[string]bool{}
	for _, f := range fs {
		switch {
		case f.Kind == RuleError:
			s.RuleErrors++
			broken[f.Rule] = true
			continue
		case f.Waived:
			s.Waived++
			failed[f.Rule] = true
			continue
		}
		s.Violations++
		failed[f.Rule] = true
		failing[f.ProjectID] = true
		add("rule", f.Rule)
		add("severity", string(f.Severity))
		add("program", f.Program)
		add("manager", f.Manager)
		add("stage", string(f.Stage))
		add("class", f.Class)
		add("project", f.ProjectCode)
	}
	s.Compliant = max(0, projects-len(failing))
	counts := func(dim string) []Count {
		out := []Count{}
		for k, n := range tally[dim] {
			out = append(out, Count{k, n})
		}
		slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key)) })
		return out
	}
	s.ByRule, s.BySeverity, s.ByProgram = counts("rule"), counts("severity"), counts("program")
	s.ByManager, s.ByStage, s.ByClass, s.ByProject = counts("manager"), counts("stage"), counts("class"), counts("project")
	s.Quiet, s.Broken = []string{}, []string{}
	for _, r := range prog.fw.Rules {
		if !failed[r.ID] && !broken[r.ID] {
			s.Quiet = append(s.Quiet, r.ID)
		}
		if broken[r.ID] {
			s.Broken = append(s.Broken, r.ID)
		}
	}
	return s
}
