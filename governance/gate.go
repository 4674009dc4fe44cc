package governance

import (
	"fmt"
	"strings"
	"time"

	"cel.dev/cel-go/common/types"

	"github.com/pmohq/pmo"
)

// GateResult is a gate's checklist evaluated for one project: what is met
// and what is missing. The gate review workflow shows it to approvers.
type GateResult struct {
	Gate        string     `json:"gate"`
	Name        string     `json:"name"`
	From        string     `json:"from"`
	To          string     `json:"to"`
	ProjectCode string     `json:"project_code"`
	Class       string     `json:"class"`
	AtStage     bool       `json:"at_stage"` // the project is in the gate's from stage
	Ready       bool       `json:"ready"`    // at the stage and every requirement met
	Items       []GateItem `json:"items"`
}

// GateItem is one checklist requirement for the project's class.
type GateItem struct {
	Requirement string          `json:"requirement"` // the requirement id; "stage" for the stage check
	Kind        RequirementKind `json:"kind"`
	Met         bool            `json:"met"`
	Message     string          `json:"message"`
	Error       string          `json:"error,omitempty"` // the check failed at run time
}

// Missing returns the items not met.
func (r GateResult) Missing() []GateItem {
	var out []GateItem
	for _, it := range r.Items {
		if !it.Met {
			out = append(out, it)
		}
	}
	return out
}

// EvaluateGate evaluates gate's checklist for a project, with the
// requirements of the project's class. It returns a NotFound error when the
// framework has no such gate. A requirement that fails at run time is
// reported as not met, with the error.
func EvaluateGate(p *Program, d ProjectData, gate string, now time.Time) (GateResult, error) {
	cg := p.gates[gate]
	if cg == nil {
		return GateResult{}, pmo.Errorf(pmo.NotFound, "framework %s has no gate %q", p.fw.Name, gate)
	}
	act := newActivation(&d, now)
	g := cg.g
	pr := act.project.p
	class, _, _ := p.classify(act)
	res := GateResult{Gate: g.ID, Name: g.Name, From: g.From, To: g.To, ProjectCode: pr.Code, Class: class,
		AtStage: string(pr.Stage) == g.From}
	stage := GateItem{Requirement: "stage", Kind: "stage", Met: res.AtStage,
		Message: fmt.Sprintf("The project is in stage %s, where gate %s starts", g.From, g.ID)}
	if !res.AtStage {
		stage.Message = fmt.Sprintf("The project is in stage %s, but gate %s leads from %s to %s", orNone(string(pr.Stage)), g.ID, g.From, orNone(g.To))
	}
	res.Items = append(res.Items, stage)
	for _, cr := range cg.reqs {
		r := cr.r
		if len(r.Classes) > 0 && !contains(r.Classes, class) {
			continue
		}
		res.Items = append(res.Items, p.requirement(cr, g, act, d)...)
	}
	res.Ready = true
	for _, it := range res.Items {
		res.Ready = res.Ready && it.Met
	}
	return res, nil
}

func (p *Program) requirement(cr compiledReq, g *Gate, act *activation, d ProjectData) []GateItem {
	r := cr.r
	item := GateItem{Requirement: r.ID, Kind: r.Kind}
	custom := func(met bool, def string) GateItem {
		item.Met, item.Message = met, def
		if r.Message != "" {
			item.Message = r.Message
		}
		return item
	}
	switch r.Kind {
	case FieldsRequirement:
		var out []GateItem
		for i, path := range r.Fields {
			it := GateItem{Requirement: r.ID, Kind: r.Kind}
			if len(r.Fields) > 1 {
				it.Requirement = "field:" + path
			}
			it.Met = pathFilled(act, cr.paths[i])
			it.Message = path + " is filled"
			if !it.Met {
				it.Message = path + " is empty; fill it in"
			}
			if r.Message != "" {
				it.Message = r.Message
			}
			out = append(out, it)
		}
		return out
	case ArtefactRequirement:
		n := 0
		for _, a := range d.Artefacts {
			if a.Kind == r.Artefact {
				n++
			}
		}
		name := p.artefactName(r.Artefact)
		if n >= r.Min {
			return []GateItem{custom(true, fmt.Sprintf("%s attached (%d)", name, n))}
		}
		return []GateItem{custom(false, fmt.Sprintf("%s missing: %d of %d attached or linked", name, n, r.Min))}
	case ApprovalRequirement:
		who := map[string]bool{}
		for _, a := range d.Approvals {
			if a.Gate == g.ID && a.Role == r.Role && a.Decision == Go {
				who[strings.ToLower(strings.TrimSpace(a.Approver))] = true
			}
		}
		name := p.roleName(r.Role)
		if len(who) >= r.Min {
			return []GateItem{custom(true, fmt.Sprintf("Approved by %d %s (at least %d needed)", len(who), name, r.Min))}
		}
		return []GateItem{custom(false, fmt.Sprintf("Needs go decisions from %d %s; %d so far", r.Min, name, len(who)))}
	case RAIDRequirement:
		v, _, err := cr.prg.Eval(act)
		n, ok := v.(types.Int)
		if err != nil || !ok {
			item.Error = fmt.Sprint(err)
			return []GateItem{custom(false, fmt.Sprintf("%s could not be counted", r.RAID))}
		}
		what := raidPhrase(r)
		if int(n) >= r.Min {
			return []GateItem{custom(true, fmt.Sprintf("%d %s (at least %d needed)", n, what, r.Min))}
		}
		return []GateItem{custom(false, fmt.Sprintf("%d %s; at least %d needed", n, what, r.Min))}
	case CheckRequirement:
		ok, err := evalBool(cr.prg, act)
		if err != nil {
			item.Error = err.Error()
			return []GateItem{custom(false, "Check "+r.ID+" could not be evaluated: "+r.Check.Source)}
		}
		return []GateItem{custom(ok, "Check "+r.ID+": "+r.Check.Source)}
	}
	return nil
}

func raidPhrase(r *Requirement) string {
	var adj []string
	if r.Open {
		adj = append(adj, "open")
	}
	s := strings.Join(append(adj, r.RAID), " ")
	if r.Owned {
		s += " with an owner"
	}
	if r.Where.Source != "" {
		s += " where " + r.Where.Source
	}
	return s
}

// pathFilled reports whether a field path has a value (see filled).
func pathFilled(act *activation, steps []pathStep) bool {
	var v any
	if steps[0].f.get == nil {
		return false
	}
	// The first step reads from project or status.
	root, _ := act.ResolveName(rootOf(steps[0].f))
	v = root
	for _, s := range steps {
		if v == nil {
			return false
		}
		if s.f == nil {
			m, _ := v.(map[string]any)
			v = m[s.key]
			continue
		}
		v = s.f.get(v)
	}
	return filled(v)
}

func rootOf(f *field) string {
	if statusType.byName[f.name] == f {
		return "status"
	}
	return "project"
}

func (p *Program) artefactName(id string) string {
	for _, a := range p.fw.Artefacts {
		if a.ID == id && a.Name != "" {
			return a.Name
		}
	}
	return id
}

func (p *Program) roleName(id string) string {
	for _, r := range p.fw.Roles {
		if r.ID == id && r.Name != "" {
			return r.Name + " (" + id + ")"
		}
	}
	return id
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
