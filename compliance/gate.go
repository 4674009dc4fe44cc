package compliance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
)

// gateData loads one project and evaluates gate against the framework
// version it follows, counting votes as the approvals of the review.
func (s *Service) gateData(ctx context.Context, v *pmo.FrameworkVersion, projectID int64, gate string,
	votes []pmo.GateVote) (governance.GateResult, error) {
	prog, err := s.Program(v)
	if err != nil {
		return governance.GateResult{}, err
	}
	data, err := Load(ctx, s.Data, Filter{ProjectID: projectID})
	if err != nil {
		return governance.GateResult{}, err
	}
	if len(data) == 0 {
		return governance.GateResult{}, pmo.Errorf(pmo.NotFound, "project %d not found", projectID)
	}
	d := data[0]
	for _, vt := range votes {
		d.Approvals = append(d.Approvals, governance.Approval{Gate: gate, Role: vt.Role, Approver: vt.Approver,
			Decision: governance.GateDecision(vt.Decision), At: vt.At})
	}
	return governance.EvaluateGate(prog, d, gate, s.now())
}

// CheckGate evaluates a gate's checklist for a project against the
// framework version it follows, without writing: what a review would show.
func (s *Service) CheckGate(ctx context.Context, projectID int64, gate string) (governance.GateResult, error) {
	v, err := s.Gov.ProjectFramework(ctx, projectID)
	if err != nil {
		return governance.GateResult{}, err
	}
	return s.gateData(ctx, v, projectID, gate, nil)
}

// RequestGate opens a gate review for a project: it evaluates the gate's
// checklist with the framework version the project follows (recording that
// version) and stores the snapshot. NotFound for an unknown project or
// gate, Invalid when the project is not in the stage the gate leads from,
// Conflict when the gate already has an open review.
func (s *Service) RequestGate(ctx context.Context, projectID int64, gate, by, note string) (*pmo.GateReview, error) {
	v, err := s.Gov.ProjectFramework(ctx, projectID)
	if err != nil {
		return nil, err
	}
	res, err := s.gateData(ctx, v, projectID, gate, nil)
	if err != nil {
		return nil, err
	}
	if !res.AtStage {
		return nil, pmo.Errorf(pmo.Invalid, "%s", res.Items[0].Message)
	}
	r := &pmo.GateReview{ProjectID: projectID, FrameworkID: v.ID, Gate: res.Gate, GateName: res.Name,
		FromStage: res.From, ToStage: res.To, RequestedBy: by, Note: note, Ready: res.Ready, Checklist: checks(res.Items)}
	if err := s.Gov.CreateGateReview(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

func checks(items []governance.GateItem) []pmo.GateCheck {
	out := make([]pmo.GateCheck, len(items))
	for i, it := range items {
		out[i] = pmo.GateCheck{Requirement: it.Requirement, Kind: string(it.Kind), Met: it.Met, Message: it.Message, Error: it.Error}
	}
	return out
}

// DecideGate records an approver's decision on a review (at version).
//
// Hold, recycle and kill close the review at once: a gate that can never
// kill is not a gate. A go closes it only once the gate's approval
// requirements are met by the go decisions recorded so far (this one
// included); until then it counts as one approval and the review stays
// requested. A go that closes the review while other checklist items are
// still missing must carry conditions (a conditional go); otherwise it is
// Invalid and names what is missing. The decision is written as a Decision
// record on the project, which moves to the next stage only on go.
func (s *Service) DecideGate(ctx context.Context, reviewID int64, version int, vote pmo.GateVote) (*pmo.GateReview, error) {
	if err := vote.Prepare(); err != nil {
		return nil, err
	}
	r, err := s.Gov.FindGateReviewByID(ctx, reviewID)
	if err != nil {
		return nil, err
	}
	if r.Status != pmo.GateRequested {
		return nil, pmo.Errorf(pmo.Conflict, "gate review %d was already decided (%s)", reviewID, r.Outcome)
	}
	closeWith := &pmo.GateClose{Outcome: vote.Decision, Conditions: vote.Conditions, Comment: vote.Comment, DecidedBy: vote.Approver}
	v, err := s.Gov.FindFrameworkByID(ctx, r.FrameworkID)
	if err != nil {
		return nil, err
	}
	if err := s.checkRole(v, r.Gate, vote); err != nil {
		return nil, err
	}
	if vote.Decision == pmo.GateGo {
		res, err := s.gateData(ctx, v, r.ProjectID, r.Gate, append(append([]pmo.GateVote{}, r.Votes...), vote))
		if err != nil {
			return nil, err
		}
		var approvals, other []string
		for _, it := range res.Missing() {
			switch {
			case it.Kind == "stage":
				return nil, pmo.Errorf(pmo.Conflict, "%s; the review can no longer pass", it.Message)
			case it.Kind == governance.ApprovalRequirement:
				approvals = append(approvals, it.Message)
			default:
				other = append(other, it.Message)
			}
		}
		switch {
		case len(approvals) > 0:
			closeWith = nil // one approval more; the review waits for the others
		case len(other) > 0 && strings.TrimSpace(vote.Conditions) == "":
			return nil, pmo.FieldErr("conditions", "the checklist still misses: %s; record conditions for a conditional go, or decide hold or recycle",
				strings.Join(other, "; "))
		}
	}
	return s.Gov.AddGateVote(ctx, reviewID, version, &vote, closeWith)
}

// checkRole refuses a vote in a role the framework does not define, and a
// go without a role at a gate that needs approvals by role: such a go
// would count for no approval and leave the review waiting unexplained.
func (s *Service) checkRole(v *pmo.FrameworkVersion, gate string, vote pmo.GateVote) error {
	prog, err := s.Program(v)
	if err != nil {
		return err
	}
	fw := prog.Framework()
	var roles, needed []string
	for _, r := range fw.Roles {
		roles = append(roles, r.ID)
	}
	if g := fw.Gate(gate); g != nil {
		for _, req := range g.Requirements {
			if req.Kind == governance.ApprovalRequirement && !slices.Contains(needed, req.Role) {
				needed = append(needed, req.Role)
			}
		}
	}
	switch {
	case vote.Role != "" && !slices.Contains(roles, vote.Role):
		return pmo.FieldErr("role", "the framework has no role %q; its roles are %s", vote.Role, strings.Join(roles, ", "))
	case vote.Role == "" && vote.Decision == pmo.GateGo && len(needed) > 0:
		return pmo.FieldErr("role", "is required for a go: the role you approve in (this gate needs %s)", strings.Join(needed, ", "))
	}
	return nil
}

// GateReviews lists a project's reviews, newest first: its gate history.
func (s *Service) GateReviews(ctx context.Context, projectID int64) ([]*pmo.GateReview, error) {
	rs, err := s.Gov.FindGateReviews(ctx, pmo.GateReviewFilter{ProjectID: projectID})
	if err != nil {
		return nil, fmt.Errorf("gate reviews of project %d: %w", projectID, err)
	}
	return rs, nil
}
