package governance

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pmohq/pmo"
)

// FindingKind separates a project breaking a rule from a rule that could
// not be evaluated for a project.
type FindingKind string

// Finding kinds.
const (
	Violation FindingKind = "violation"  // the project does not comply
	RuleError FindingKind = "rule_error" // the rule failed at run time; fix the rule or the data
)

// Finding is one rule failed by one project.
type Finding struct {
	ProjectID   int64       `json:"project_id"`
	ProjectCode string      `json:"project_code"`
	Manager     string      `json:"manager"` // the owner of the finding
	Program     string      `json:"program"`
	Portfolio   string      `json:"portfolio"`
	Stage       pmo.Stage   `json:"stage"`
	Class       string      `json:"class"`
	Rule        string      `json:"rule"` // rule id; "class:<id>" for a class expression that failed
	Title       string      `json:"title"`
	Severity    Severity    `json:"severity"`
	Kind        FindingKind `json:"kind"`
	Message     string      `json:"message"`
	// Set by ApplyWaivers.
	Waived       bool      `json:"waived,omitempty"`
	WaiverReason string    `json:"waiver_reason,omitempty"`
	WaivedUntil  time.Time `json:"waived_until,omitzero"`
}

// Audit evaluates every rule of p against every project and returns the
// findings sorted by project code, severity (most severe first) and rule
// id. A rule that fails at run time for a project (a null date compared,
// a missing custom field) becomes a RuleError finding of severity major for
// that project, and the audit goes on. Projects are evaluated in parallel;
// the result does not depend on scheduling.
func Audit(p *Program, projects []ProjectData, now time.Time) []Finding {
	results := make([][]Finding, len(projects))
	workers := min(runtime.GOMAXPROCS(0), len(projects))
	if workers <= 1 {
		for i := range projects {
			results[i] = p.audit(&projects[i], now)
		}
	} else {
		var wg sync.WaitGroup
		next := make(chan int, workers)
		for range workers {
			wg.Go(func() {
				for i := range next {
					results[i] = p.audit(&projects[i], now)
				}
			})
		}
		// Hand out chunks so the channel is not the bottleneck.
		const chunk = 64
		for lo := 0; lo < len(projects); lo += chunk {
			for i := lo; i < min(lo+chunk, len(projects)); i++ {
				next <- i
			}
		}
		close(next)
		wg.Wait()
	}
	n := 0
	for _, r := range results {
		n += len(r)
	}
	out := make([]Finding, 0, n)
	for _, r := range results {
		out = append(out, r...)
	}
	SortFindings(out)
	return out
}

// SortFindings sorts by project code, severity (most severe first), rule
// id and message: the order Audit returns.
func SortFindings(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.ProjectCode, b.ProjectCode),
			cmp.Compare(a.ProjectID, b.ProjectID),
			cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// AuditProject evaluates every rule against one project.
func AuditProject(p *Program, d ProjectData, now time.Time) []Finding {
	fs := p.audit(&d, now)
	SortFindings(fs)
	return fs
}

func (p *Program) audit(d *ProjectData, now time.Time) []Finding {
	act := newActivation(d, now)
	pr := act.project.p
	base := Finding{ProjectID: pr.ID, ProjectCode: pr.Code, Manager: pr.Manager, Program: d.ProgramCode,
		Portfolio: d.PortfolioCode, Stage: pr.Stage}
	var out []Finding
	class, failed, err := p.classify(act)
	base.Class = class
	if err != nil {
		f := base
		f.Rule, f.Title, f.Severity, f.Kind = "class:"+failed, "class could not be determined", Major, RuleError
		f.Message = fmt.Sprintf("The project's class could not be determined: %v", err)
		out = append(out, f)
	}
	for i := range p.rules {
		r := &p.rules[i]
		if !r.appliesTo(pr, class) {
			continue
		}
		if r.when != nil {
			ok, err := evalBool(r.when, act)
			if err != nil {
				out = append(out, r.ruleError(base, err))
				continue
			}
			if !ok {
				continue
			}
		}
		ok, err := evalBool(r.check, act)
		switch {
		case err != nil:
			out = append(out, r.ruleError(base, err))
		case !ok:
			f := base
			f.Rule, f.Title, f.Severity, f.Kind = r.r.ID, r.r.Title, r.r.Severity, Violation
			f.Message = r.msg.render(act)
			out = append(out, f)
		}
	}
	return out
}

func (r *compiledRule) appliesTo(p *pmo.Project, class string) bool {
	return (r.stages == nil || r.stages[string(p.Stage)]) &&
		(r.states == nil || r.states[p.State]) &&
		(r.classes == nil || r.classes[class])
}

func (r *compiledRule) ruleError(base Finding, err error) Finding {
	f := base
	f.Rule, f.Title, f.Severity, f.Kind = r.r.ID, r.r.Title, Major, RuleError
	f.Message = fmt.Sprintf("Rule %s could not be evaluated for %s: %s. Guard optional values, e.g. x != null && ..., or fix the project's data.", r.r.ID, base.ProjectCode, explainRuntime(err))
	return f
}

// explainRuntime adds a plain-words cause to CEL's run-time errors.
func explainRuntime(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "no such overload"):
		return msg + " (a value it uses is null for this project, or of an unexpected type)"
	case strings.HasPrefix(msg, "no such key: "):
		return msg + " (the project has no such custom field; test with has() first)"
	case strings.Contains(msg, "division by zero"):
		return msg + " (guard the divisor, e.g. x > 0.0 && ...)"
	}
	return msg
}
