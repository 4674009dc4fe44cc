package compliance

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
)

// Service is the governance workflow over stored data (issue 5): it
// publishes framework versions, runs and records audits with the findings
// lifecycle, dry-runs drafts, runs gate reviews, grants waivers and builds
// the portfolio views. The CLI and the web layer share it; it sees only the
// pmo service interfaces.
//
// Of the permissions, the Service enforces only that waivers are granted and
// revoked by PMO staff (MayWaive). The web layer checks the others with
// package auth before calling (web/api_governance.go): auth.Govern to
// publish, dry-run, record audits and waive; auth.Edit on the project to
// request a gate; auth.Decide on it to decide; auth.Read to comment.
type Service struct {
	Data pmo.Services
	Gov  pmo.GovernanceServices
	// Now is the clock for audits and waivers; nil means time.Now.
	Now func() time.Time

	mu       sync.Mutex
	programs map[int64]*governance.Program // compiled versions, by id
}

// NewService returns a Service over data and gov (usually the same store).
func NewService(data pmo.Services, gov pmo.GovernanceServices) *Service {
	return &Service{Data: data, Gov: gov}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Program returns the compiled program of a published version, compiling
// it once per version.
func (s *Service) Program(v *pmo.FrameworkVersion) (*governance.Program, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.programs[v.ID]; p != nil {
		return p, nil
	}
	doc := v.Document
	fw, err := governance.Parse(fmt.Sprintf("framework version %d", v.Seq), []byte(doc))
	if err != nil {
		return nil, fmt.Errorf("published framework version %d no longer parses: %w", v.Seq, err)
	}
	p, err := governance.Compile(fw)
	if err != nil {
		return nil, fmt.Errorf("published framework version %d no longer compiles: %w", v.Seq, err)
	}
	if s.programs == nil {
		s.programs = map[int64]*governance.Program{}
	}
	s.programs[v.ID] = p
	return p, nil
}

// current returns the current version, with its document, and its program.
func (s *Service) current(ctx context.Context) (*pmo.FrameworkVersion, *governance.Program, error) {
	v, err := s.Gov.CurrentFramework(ctx)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.Program(v)
	return v, p, err
}

// Validate parses and compiles a framework document. Errors are a
// governance.ErrorList with file, line and column.
func Validate(file string, doc []byte) (*governance.Program, error) {
	fw, err := governance.Parse(file, doc)
	if err != nil {
		return nil, err
	}
	return governance.Compile(fw)
}

// Publish validates doc and stores it as the new current version. It
// returns the changes from the previous current version (nil for the
// first). Invalid documents are never stored; a document identical to the
// current version is a Conflict.
func (s *Service) Publish(ctx context.Context, file string, doc []byte) (*pmo.FrameworkVersion, []governance.Change, error) {
	prog, err := Validate(file, doc)
	if err != nil {
		return nil, nil, err
	}
	var changes []governance.Change
	if _, prev, err := s.current(ctx); err == nil {
		changes = governance.Diff(prev.Framework(), prog.Framework())
	} else if pmo.ErrorKind(err) != pmo.NotFound {
		return nil, nil, err
	}
	fw := prog.Framework()
	v := &pmo.FrameworkVersion{Label: fw.Version, Name: fw.Name, Document: string(doc)}
	if err := s.Gov.PublishFramework(ctx, v); err != nil {
		return nil, nil, err
	}
	return v, changes, nil
}

// EnsureFramework publishes the built-in default framework as the first
// version when none is published yet, and returns the current version.
func (s *Service) EnsureFramework(ctx context.Context) (v *pmo.FrameworkVersion, published bool, err error) {
	v, err = s.Gov.CurrentFramework(ctx)
	if pmo.ErrorKind(err) != pmo.NotFound {
		return v, false, err
	}
	v, _, err = s.Publish(ctx, "default", governance.DefaultYAML())
	return v, err == nil, err
}

// Report is one audit: the version it used, the projects audited, the
// findings with waivers applied, and their summary. Run is set when the
// audit was recorded.
type Report struct {
	Framework *pmo.FrameworkVersion
	Program   *governance.Program
	Projects  []int64
	Findings  []governance.Finding
	Summary   governance.Summary
	Run       *pmo.AuditRun
}

// Audit evaluates the current framework over the projects in f, with the
// waivers in force, without writing anything. NotFound when no framework
// is published.
func (s *Service) Audit(ctx context.Context, f Filter) (*Report, error) {
	v, prog, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return s.audit(ctx, v, prog, f)
}

func (s *Service) audit(ctx context.Context, v *pmo.FrameworkVersion, prog *governance.Program, f Filter) (*Report, error) {
	data, err := Load(ctx, s.Data, f)
	if err != nil {
		return nil, err
	}
	now := s.now()
	fs := governance.Audit(prog, data, now)
	ws, err := s.activeWaivers(ctx, now)
	if err != nil {
		return nil, err
	}
	governance.ApplyWaivers(fs, ws, now)
	r := &Report{Framework: v, Program: prog, Findings: fs, Summary: governance.Summarize(prog, len(data), fs)}
	for _, d := range data {
		r.Projects = append(r.Projects, d.Project.ID)
	}
	return r, nil
}

func (s *Service) activeWaivers(ctx context.Context, now time.Time) ([]governance.Waiver, error) {
	ws, err := s.Gov.FindWaivers(ctx, pmo.WaiverFilter{ActiveAt: now})
	if err != nil {
		return nil, fmt.Errorf("loading waivers: %w", err)
	}
	out := make([]governance.Waiver, len(ws))
	for i, w := range ws {
		out[i] = governance.Waiver{ProjectID: w.ProjectID, Rule: w.Rule, Reason: w.Reason, GrantedBy: w.GrantedBy, Expires: w.Expires}
	}
	return out, nil
}

// Record audits like Audit and records the run: new findings open,
// persisting ones are updated, and the open findings of audited projects
// that the run no longer finds resolve themselves.
func (s *Service) Record(ctx context.Context, f Filter) (*Report, error) {
	r, err := s.Audit(ctx, f)
	if err != nil {
		return nil, err
	}
	sum := r.Summary
	run := &pmo.AuditRun{FrameworkID: r.Framework.ID, FrameworkLabel: r.Framework.Label, PortfolioID: f.PortfolioID,
		Projects: sum.Projects, Violations: sum.Violations, Waived: sum.Waived, RuleErrors: sum.RuleErrors,
		Counts: map[string]map[string]int{}}
	for dim, cs := range map[string][]governance.Count{"rule": sum.ByRule, "severity": sum.BySeverity,
		"program": sum.ByProgram, "manager": sum.ByManager, "stage": sum.ByStage, "class": sum.ByClass} {
		m := map[string]int{}
		for _, c := range cs {
			m[c.Key] = c.Count
		}
		run.Counts[dim] = m
	}
	fs := make([]*pmo.Finding, len(r.Findings))
	for i, g := range r.Findings {
		fs[i] = toFinding(g)
	}
	if err := s.Gov.RecordAuditRun(ctx, run, r.Projects, fs); err != nil {
		return nil, err
	}
	r.Run = run
	return r, nil
}

func toFinding(g governance.Finding) *pmo.Finding {
	return &pmo.Finding{ProjectID: g.ProjectID, Rule: g.Rule, Kind: string(g.Kind), Severity: string(g.Severity),
		Title: g.Title, Message: g.Message, Stage: string(g.Stage), Class: g.Class, Manager: g.Manager,
		Program: g.Program, Waived: g.Waived}
}

// DryRunResult compares what a draft framework would find on the current
// portfolio with what the current version finds.
type DryRunResult struct {
	Current *pmo.FrameworkVersion    `json:"current"` // nil when none is published
	Draft   *governance.Framework    `json:"-"`
	Changes []governance.Change      `json:"changes"` // from the current version to the draft
	Delta   governance.FindingsDelta `json:"delta"`   // New: only the draft finds; Resolved: only the current finds
	Before  governance.Summary       `json:"before"`
	After   governance.Summary       `json:"after"`
}

// DryRun audits the portfolio in f with a draft document and with the
// current version, without writing anything. Invalid drafts return the
// governance.ErrorList.
func (s *Service) DryRun(ctx context.Context, file string, draft []byte, f Filter) (*DryRunResult, error) {
	prog, err := Validate(file, draft)
	if err != nil {
		return nil, err
	}
	after, err := s.audit(ctx, nil, prog, f)
	if err != nil {
		return nil, err
	}
	res := &DryRunResult{Draft: prog.Framework(), After: after.Summary}
	v, cur, err := s.current(ctx)
	switch {
	case err == nil:
		before, err := s.audit(ctx, v, cur, f)
		if err != nil {
			return nil, err
		}
		res.Current, res.Before = v, before.Summary
		res.Changes = governance.Diff(cur.Framework(), prog.Framework())
		res.Delta = governance.CompareFindings(before.Findings, after.Findings)
	case pmo.ErrorKind(err) == pmo.NotFound:
		res.Delta = governance.CompareFindings(nil, after.Findings)
	default:
		return nil, err
	}
	return res, nil
}
