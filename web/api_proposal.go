package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// proposals is the resource of /api/v1/proposals. Creating records the
// signed-in user as the requester; a requester who is not of the portfolio
// office may change or delete their proposal only while it is a draft.
func (s *Server) proposals() resource[pmo.Proposal] {
	in := s.intake()
	return resource[pmo.Proposal]{
		name: "proposal", path: "/api/v1/proposals",
		readOnly: append([]string{"state", "history", "npv", "funded_project_id", "requester_id"}, baseReadOnly...),
		keys:     func(p *pmo.Proposal) (*int64, *int) { return &p.ID, &p.Version },
		find:     in.FindProposalByID,
		create: func(ctx context.Context, p *pmo.Proposal) error {
			if pr := principalFrom(ctx); pr != nil {
				p.RequesterID = pr.user.ID
				if p.Requester == "" {
					p.Requester = pr.user.DisplayName()
				}
			}
			return in.CreateProposal(ctx, p)
		},
		update: func(ctx context.Context, p *pmo.Proposal) error {
			if err := ownDraftOnly(ctx, p); err != nil {
				return err
			}
			return in.UpdateProposal(ctx, p)
		},
		remove: func(ctx context.Context, id int64, version int) error {
			p, err := in.FindProposalByID(ctx, id)
			if err != nil {
				return err
			}
			if err := ownDraftOnly(ctx, p); err != nil {
				return err
			}
			return in.DeleteProposal(ctx, id, version)
		},
	}
}

// ownDraftOnly refuses a change to p by a caller who got in as its
// requester (not with Govern) once p has left the draft state.
func ownDraftOnly(ctx context.Context, p *pmo.Proposal) error {
	pr := principalFrom(ctx)
	if pr == nil || auth.Allowed(pr.user.Grants, auth.Govern, auth.Target{Portfolio: p.PortfolioID, Program: p.ProgramID}) {
		return nil
	}
	if p.State != pmo.ProposalDraft {
		return pmo.Errorf(pmo.Conflict, "the proposal is %s: its requester may change it only as a draft; ask the portfolio office to return it to draft", p.State)
	}
	return nil
}

// proposalTarget places a proposal in its portfolio and program.
func proposalTarget(s *Server, r *http.Request) (auth.Target, error) {
	id, err := pathInt(r)
	if err != nil {
		return auth.Target{}, err
	}
	p, err := s.intake().FindProposalByID(r.Context(), id)
	if err != nil {
		return auth.Target{}, err
	}
	return auth.Target{Portfolio: p.PortfolioID, Program: p.ProgramID}, nil
}

// proposalBodyTarget places a new proposal where its body says: in its
// program, else its portfolio (a proposal is not in a project, so the
// generic body check, which prefers project_id, does not fit).
func proposalBodyTarget(s *Server, r *http.Request) (auth.Target, error) {
	var refs bodyRefs
	if json.Unmarshal(peekBody(r), &refs) != nil || refs.PortfolioID == nil {
		return auth.Target{}, nil // the handler rejects it; only a grant on all gets there
	}
	if refs.ProgramID != nil && *refs.ProgramID > 0 {
		t, err := s.programScope(r.Context(), *refs.ProgramID)
		if err == nil && t.Portfolio == *refs.PortfolioID {
			return t, nil
		}
	}
	return auth.Target{Portfolio: *refs.PortfolioID}, nil
}

// isOwnProposal reports whether the signed-in user raised the proposal
// of the path.
func (s *Server) isOwnProposal(r *http.Request) bool {
	pr := principalFrom(r.Context())
	id, err := pathInt(r)
	if pr == nil || err != nil {
		return false
	}
	p, err := s.intake().FindProposalByID(r.Context(), id)
	return err == nil && p.RequesterID != 0 && p.RequesterID == pr.user.ID
}

// ownOr asks for Request from the proposal's own requester, perm from
// everyone else.
func (s *Server) ownOr(perm auth.Permission) func(r *http.Request) auth.Permission {
	return func(r *http.Request) auth.Permission {
		if s.isOwnProposal(r) {
			return auth.Request
		}
		return perm
	}
}

// proposalTransitionPerm is the permission a move needs: Decide to approve
// or reject; Request for requesters submitting or withdrawing their own;
// Govern for the portfolio office's other moves (taking under review,
// returning to draft, reopening).
func (s *Server) proposalTransitionPerm(r *http.Request) auth.Permission {
	to := transitionTarget(r)
	switch {
	case to == string(pmo.ProposalApproved) || to == string(pmo.ProposalRejected):
		return auth.Decide
	case (to == string(pmo.ProposalSubmitted) || to == string(pmo.ProposalWithdrawn)) && s.isOwnProposal(r):
		return auth.Request
	}
	return auth.Govern
}

// transitionTarget is the state a transition request asks for: "to" of
// the JSON body or of the form.
func transitionTarget(r *http.Request) string {
	var body struct {
		To string `json:"to"`
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		_ = json.Unmarshal(peekBody(r), &body)
		return body.To
	}
	return r.PostFormValue("to")
}

var proposalSorts = []string{"code", "title", "state", "created_at", "updated_at", "npv", "cost"}

var proposalParams = append([]param{
	{Name: "portfolio_id", Kind: intParam, Doc: "only proposals of this portfolio"},
	{Name: "program_id", Kind: intParam, Doc: "only proposals of this program"},
	{Name: "project_id", Kind: intParam, Doc: "the proposal a funded project came from"},
	{Name: "state", Kind: stringParam, Multi: true, Enum: strs(pmo.ProposalStates), Doc: "workflow states"},
	{Name: "category", Kind: stringParam, Multi: true, Enum: strs(pmo.Categories), Doc: "investment categories"},
	{Name: "mandatory", Kind: boolParam, Doc: "only mandatory (true) or discretionary (false) proposals"},
	{Name: "mine", Kind: boolParam, Doc: "only proposals the signed-in user raised"},
	{Name: "q", Kind: stringParam, Doc: "free text on code, title and description"},
}, listParams(proposalSorts...)...)

// listProposals serves GET /api/v1/proposals. Callers who may read
// somewhere see the proposals within their reach; requesters who read
// nothing see their own.
func (s *Server) listProposals(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := pmo.ProposalFilter{
		PortfolioID: q.id("portfolio_id"),
		ProgramID:   q.id("program_id"),
		ProjectID:   q.id("project_id"),
		States:      enum(q, "state", pmo.ProposalStates),
		Categories:  enum(q, "category", pmo.Categories),
		Query:       q.str("q"),
		ListOptions: q.list(proposalSorts),
	}
	if q.str("mandatory") != "" {
		m := q.bool("mandatory")
		f.Mandatory = &m
	}
	mine := q.bool("mine")
	if err := q.err(); err != nil {
		return err
	}
	ctx := r.Context()
	pr := principalFrom(ctx)
	grants := pr.user.Grants
	switch {
	case !auth.AllowedSomewhere(grants, auth.Read) && !isAdmin(grants):
		if !auth.AllowedSomewhere(grants, auth.Request) {
			return pmo.Errorf(pmo.Unauthorized, "your role does not allow this here")
		}
		mine = true
	case !isAdmin(grants):
		if reach, all := auth.ReachOf(grants, auth.Read); !all {
			ctx = pmo.WithReach(ctx, reach)
		}
	}
	if mine {
		f.RequesterID = pr.user.ID
	}
	items, page, err := s.intake().FindProposals(ctx, f)
	if err != nil {
		return listError(err)
	}
	return writeList(w, items, page)
}

// transitionProposal serves POST /api/v1/proposals/{id}/transitions; the
// actor is the signed-in user. If-Match is required.
func (s *Server) transitionProposal(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireIfMatch(r); err != nil {
		return err
	}
	var t pmo.ProposalTransition
	if err := decodeJSON(r, &t, nil); err != nil {
		return err
	}
	t.Actor = actorName(r, t.Actor)
	cur, err := s.proposals().current(r)
	if err != nil {
		return err
	}
	if err := t.Validate(cur.State); err != nil {
		return err
	}
	p, err := s.intake().TransitionProposal(r.Context(), cur.ID, cur.Version, t)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(p.Version), p)
}
