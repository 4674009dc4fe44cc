package web

import (
	"net/http"

	"github.com/pmohq/pmo"
)

// gateRequest is the body of POST /api/v1/projects/{id}/gate-reviews.
type gateRequest struct {
	Gate string `json:"gate"` // gate id of the framework the project follows
	Note string `json:"note"`
}

// gateDecision is the body of POST /api/v1/gate-reviews/{id}/decisions.
// The approver is the signed-in user.
type gateDecision struct {
	Decision   pmo.GateOutcome `json:"decision"`
	Role       string          `json:"role"`       // the framework role decided in, e.g. sponsor
	Conditions string          `json:"conditions"` // required for a go while checklist items are missing
	Comment    string          `json:"comment"`
}

var gateReviewParams = []param{
	{Name: "project_id", Kind: intParam, Doc: "only reviews of this project"},
	{Name: "gate", Kind: stringParam, Doc: "gate id"},
	{Name: "status", Kind: stringParam, Enum: []string{string(pmo.GateRequested), string(pmo.GateDecided)},
		Doc: "requested (awaiting a decision) or decided"},
}

func (s *Server) gateRoutes(tag string) []route {
	get, post := http.MethodGet, http.MethodPost
	return []route{
		{Method: get, Pattern: "/api/v1/gate-reviews", Handler: s.apiListGateReviews, Tag: tag,
			Summary: "List gate reviews, newest first, narrowed to what you may see", Params: gateReviewParams,
			Response: "GateReviewList"},
		{Method: get, Pattern: "/api/v1/projects/{id}/gate-reviews", Handler: s.apiProjectGateReviews, Tag: tag,
			Summary: "A project's gate history, newest first", Response: "GateReviewList"},
		{Method: get, Pattern: "/api/v1/projects/{id}/gate-check", Handler: s.apiGateCheck, Tag: tag,
			Summary: "Evaluate a gate's checklist for a project now, without requesting a review",
			Params:  []param{{Name: "gate", Kind: stringParam, Doc: "gate id (required)"}}, Response: "GateResult"},
		{Method: post, Pattern: "/api/v1/projects/{id}/gate-reviews", Handler: s.apiRequestGate, Tag: tag,
			Summary: "Request a gate review: the checklist is evaluated and stored with what is missing",
			Body:    "GateRequest", Response: "GateReview", Status: http.StatusCreated, ETag: true},
		{Method: get, Pattern: "/api/v1/gate-reviews/{id}", Handler: s.apiGateReview, Tag: tag,
			Summary: "Read a gate review with its checklist and decisions", Response: "GateReview", ETag: true},
		{Method: post, Pattern: "/api/v1/gate-reviews/{id}/decisions", Handler: s.apiDecideGate, Tag: tag,
			Summary: "Decide at a gate: go (moves the project to the next stage once the gate's approvals are met), " +
				"hold, recycle or kill; written as a decision record on the project",
			Body: "GateDecision", Response: "GateReview", IfMatch: true, ETag: true},
	}
}

// apiListGateReviews serves GET /api/v1/gate-reviews.
func (s *Server) apiListGateReviews(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := pmo.GateReviewFilter{ProjectID: q.id("project_id"), Gate: q.str("gate"), Status: pmo.GateStatus(q.str("status"))}
	if f.Status != "" && f.Status != pmo.GateRequested && f.Status != pmo.GateDecided {
		q.fail("status", "must be requested or decided, not %q", f.Status)
	}
	if err := q.err(); err != nil {
		return err
	}
	rs, err := s.compliance.Gov.FindGateReviews(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, rs, pmo.Page{Total: len(rs)})
}

// apiProjectGateReviews serves GET /api/v1/projects/{id}/gate-reviews.
func (s *Server) apiProjectGateReviews(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.FindProjectByID(r.Context(), id); err != nil {
		return err
	}
	rs, err := s.compliance.GateReviews(r.Context(), id)
	if err != nil {
		return err
	}
	return writeList(w, rs, pmo.Page{Total: len(rs)})
}

// apiGateCheck serves GET /api/v1/projects/{id}/gate-check.
func (s *Server) apiGateCheck(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	gate := q.str("gate")
	if gate == "" {
		q.fail("gate", "is required: the id of a gate of the framework")
	}
	if err := q.err(); err != nil {
		return err
	}
	if _, err := s.svc.FindProjectByID(r.Context(), id); err != nil {
		return err
	}
	res, err := s.compliance.CheckGate(r.Context(), id, gate)
	if pmo.ErrorKind(err) == pmo.NotFound {
		// The project exists: the gate is what is not there.
		return badRequest("invalid query parameter", fieldError("gate", "%s", pmo.ErrorMessage(err)))
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// apiRequestGate serves POST /api/v1/projects/{id}/gate-reviews.
func (s *Server) apiRequestGate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req gateRequest
	if err := decodeJSON(r, &req, nil); err != nil {
		return err
	}
	if req.Gate == "" {
		return pmo.FieldErr("gate", "is required: the id of a gate of the framework")
	}
	rev, err := s.compliance.RequestGate(r.Context(), id, req.Gate, userName(r), req.Note)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/gate-reviews/"+itoa(rev.ID))
	return writeEntity(w, r, http.StatusCreated, versionETag(rev.Version), rev)
}

// apiGateReview serves GET /api/v1/gate-reviews/{id}.
func (s *Server) apiGateReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rev, err := s.compliance.Gov.FindGateReviewByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(rev.Version), rev)
}

// apiDecideGate serves POST /api/v1/gate-reviews/{id}/decisions. If-Match
// names the version read, so that two approvers never decide blind.
func (s *Server) apiDecideGate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	tags, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	var d gateDecision
	if err := decodeJSON(r, &d, nil); err != nil {
		return err
	}
	cur, err := s.compliance.Gov.FindGateReviewByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := checkIfMatch(tags, versionETag(cur.Version)); err != nil {
		return err
	}
	rev, err := s.compliance.DecideGate(r.Context(), id, cur.Version, pmo.GateVote{Approver: userName(r), Role: d.Role,
		Decision: d.Decision, Conditions: d.Conditions, Comment: d.Comment})
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(rev.Version), rev)
}
