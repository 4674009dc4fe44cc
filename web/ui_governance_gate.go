package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/governance"
)

// gateRequestPage is the data of governance_gate_new.html: the gates out
// of the project's stage and, for the chosen one, its checklist now.
type gateRequestPage struct {
	basePage
	Project *pmo.Project
	Gates   []*governance.Gate
	Gate    *governance.Gate
	Result  *governance.GateResult
	Missing int
	Note    string
	General []string
}

func (s *Server) loadGateRequest(r *http.Request, gate string) (*gateRequestPage, error) {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	p, err := s.svc.FindProjectByID(ctx, id)
	if err != nil {
		return nil, err
	}
	v, err := s.compliance.Gov.ProjectFramework(ctx, id)
	if err != nil {
		return nil, err
	}
	prog, err := s.compliance.Program(v)
	if err != nil {
		return nil, err
	}
	d := &gateRequestPage{basePage: s.base(r, "Request a gate review for "+p.Code, "projects"), Project: p,
		Gates: prog.Framework().GatesFrom(string(p.Stage))}
	if gate == "" && len(d.Gates) == 1 {
		gate = d.Gates[0].ID
	}
	if gate == "" {
		return d, nil
	}
	if d.Gate = prog.Framework().Gate(gate); d.Gate == nil {
		return nil, pmo.Errorf(pmo.NotFound, "The framework project %s follows has no gate %q.", p.Code, gate)
	}
	res, err := s.compliance.CheckGate(ctx, id, gate)
	if err != nil {
		return nil, err
	}
	d.Result, d.Missing = &res, len(res.Missing())
	return d, nil
}

// gateRequestForm serves /projects/{id}/gates/new?gate=: the automatic
// checklist of a gate, what is missing, and the button to request a review.
func (s *Server) gateRequestForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadGateRequest(r, r.URL.Query().Get("gate"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "governance_gate_new.html", d)
}

// requestGate opens a gate review with a snapshot of the checklist.
func (s *Server) requestGate(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	gate := strings.TrimSpace(vals["gate"])
	if gate == "" {
		return badRequest("the form names no gate", fieldError("gate", "is required"))
	}
	d, err := s.loadGateRequest(r, gate)
	if err != nil {
		return err
	}
	rv, err := s.compliance.RequestGate(r.Context(), d.Project.ID, gate, actorName(r, ""), vals["note"])
	if err == nil {
		return redirect(w, r, "/gates/"+itoa(rv.ID)+"?saved=gate")
	}
	status := http.StatusUnprocessableEntity
	switch pmo.ErrorKind(err) {
	case pmo.Invalid:
	case pmo.Conflict:
		status = http.StatusConflict
	default:
		return err
	}
	d.Note, d.General = vals["note"], []string{pmo.ErrorMessage(err)}
	return s.render(w, status, "governance_gate_new.html", d)
}

// gatePage is the data of governance_gate.html.
type gatePage struct {
	basePage
	Review    *pmo.GateReview
	Project   *pmo.Project
	Roles     []option // framework roles for the decision form
	Needed    []string // approvals still missing, as the checklist words them
	CanDecide bool
	Outcomes  []string
	// The decision form after a refusal.
	Decision, Conditions, Comment string
	Errors                        map[string]string
	General                       []string
	Stale                         string
}

func (s *Server) loadGate(r *http.Request) (*gatePage, error) {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	rv, err := s.compliance.Gov.FindGateReviewByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.svc.FindProjectByID(ctx, rv.ProjectID)
	if err != nil {
		return nil, err
	}
	t, err := s.projectScope(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	d := &gatePage{basePage: s.base(r, rv.GateName+" gate review · "+p.Code, "projects"), Review: rv, Project: p,
		CanDecide: may(r, auth.Decide, t) && rv.Status == pmo.GateRequested, Errors: map[string]string{},
		Outcomes: []string{"go", "hold", "recycle", "kill"}}
	if rv.Status != pmo.GateRequested {
		return d, nil
	}
	v, err := s.compliance.Gov.FindFrameworkByID(ctx, rv.FrameworkID)
	if err != nil {
		return nil, err
	}
	prog, err := s.compliance.Program(v)
	if err != nil {
		return nil, err
	}
	fw := prog.Framework()
	// The approvals still missing: the gate's approval requirements for
	// the project's class, less the go decisions recorded by role.
	gos := map[string]int{}
	for _, vt := range rv.Votes {
		if vt.Decision == pmo.GateGo {
			gos[vt.Role]++
		}
	}
	need := map[string]bool{}
	if g := fw.Gate(rv.Gate); g != nil {
		for _, c := range rv.Checklist {
			for _, req := range g.Requirements {
				if req.ID == c.Requirement && req.Kind == governance.ApprovalRequirement && gos[req.Role] < req.Min {
					need[req.Role] = true
					d.Needed = append(d.Needed, c.Message)
				}
			}
		}
	}
	first := true
	for _, ro := range fw.Roles {
		sel := need[ro.ID] && first
		first = first && !sel
		d.Roles = append(d.Roles, option{Value: ro.ID, Label: ro.Name, Selected: sel})
	}
	return d, nil
}

// gatePage serves /gates/{id}: the review's checklist as requested, the
// decisions so far, the outcome, and the decision form for deciders.
func (s *Server) gatePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadGate(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "governance_gate.html", d)
}

// decideGate records a decision: go, hold, recycle or kill, with
// conditions and a comment. A conditional go past missing items needs its
// conditions; the error says so beside the field.
func (s *Server) decideGate(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	d, err := s.loadGate(r)
	if err != nil {
		return err
	}
	version, verr := strconv.Atoi(vals["version"])
	if verr != nil || version < 1 {
		return badRequest("the form lacks the version it decides; reload the page", fieldError("version", "is required"))
	}
	vote := pmo.GateVote{Approver: actorName(r, ""), Role: strings.TrimSpace(vals["role"]), Decision: pmo.GateOutcome(vals["decision"]),
		Conditions: strings.TrimSpace(vals["conditions"]), Comment: strings.TrimSpace(vals["comment"])}
	_, err = s.compliance.DecideGate(r.Context(), d.Review.ID, version, vote)
	if err == nil {
		return redirect(w, r, "/gates/"+itoa(d.Review.ID)+"?saved=decision")
	}
	d.Decision, d.Conditions, d.Comment = vals["decision"], vals["conditions"], vals["comment"]
	for i := range d.Roles {
		d.Roles[i].Selected = d.Roles[i].Value == vote.Role
	}
	status := http.StatusUnprocessableEntity
	switch pmo.ErrorKind(err) {
	case pmo.Invalid:
		d.General = fieldErrors(err, map[string]bool{"decision": true, "role": true, "conditions": true, "comment": true}, nil, d.Errors)
	case pmo.Stale:
		status = http.StatusConflict
		d.Stale = "Someone else decided on this review while you were looking at it. The page now shows the decisions so far; your input is kept."
	case pmo.Conflict:
		status = http.StatusConflict
		d.General = []string{pmo.ErrorMessage(err)}
	default:
		return err
	}
	return s.render(w, status, "governance_gate.html", d)
}
