package web

import (
	"net/http"

	"github.com/pmohq/pmo"
)

func (s *Server) changeRequests() resource[pmo.ChangeRequest] {
	return resource[pmo.ChangeRequest]{
		name: "change request", path: "/api/v1/change-requests",
		readOnly: append([]string{"state", "history"}, baseReadOnly...),
		keys:     func(c *pmo.ChangeRequest) (*int64, *int) { return &c.ID, &c.Version },
		find:     s.svc.FindChangeRequestByID,
		create:   s.svc.CreateChangeRequest,
		update:   s.svc.UpdateChangeRequest,
		remove:   s.svc.DeleteChangeRequest,
	}
}

// changeSorts are the sort fields pmo.ChangeFilter documents.
var changeSorts = []string{"created_at", "priority", "state", "cost_impact"}

var changeParams = append([]param{
	{Name: "portfolio_id", Kind: intParam, Doc: "only requests of projects in this portfolio"},
	{Name: "program_id", Kind: intParam, Doc: "only requests of projects in this program"},
	{Name: "project_id", Kind: intParam, Doc: "only requests of this project"},
	{Name: "state", Kind: stringParam, Multi: true, Enum: strs(pmo.ChangeStates), Doc: "workflow states"},
	{Name: "q", Kind: stringParam, Doc: "free text on title and description"},
}, listParams(changeSorts...)...)

// listChangeRequests serves GET /api/v1/change-requests.
func (s *Server) listChangeRequests(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := pmo.ChangeFilter{
		PortfolioID: q.id("portfolio_id"),
		ProgramID:   q.id("program_id"),
		ProjectID:   q.id("project_id"),
		States:      enum(q, "state", pmo.ChangeStates),
		Query:       q.str("q"),
		ListOptions: q.list(changeSorts),
	}
	if err := q.err(); err != nil {
		return err
	}
	items, page, err := s.svc.FindChangeRequests(r.Context(), f)
	if err != nil {
		return listError(err)
	}
	return writeList(w, items, page)
}

// transitionChangeRequest serves POST /api/v1/change-requests/{id}/transitions:
// it moves the request along the workflow and returns it with its history.
// If-Match is required, as for any write to an existing record.
func (s *Server) transitionChangeRequest(w http.ResponseWriter, r *http.Request) error {
	rs := s.changeRequests()
	if _, err := requireIfMatch(r); err != nil {
		return err
	}
	var t pmo.Transition
	if err := decodeJSON(r, &t, nil); err != nil {
		return err
	}
	t.Actor = actorName(r, t.Actor) // who is signed in, not who the body says
	cur, err := rs.current(r)
	if err != nil {
		return err
	}
	// Validate here too, so a forbidden move is reported the same way
	// whatever the store says.
	if err := t.Validate(cur.State); err != nil {
		return err
	}
	c, err := s.svc.TransitionChangeRequest(r.Context(), cur.ID, cur.Version, t)
	if err != nil {
		return err
	}
	return writeEntity(w, r, http.StatusOK, versionETag(c.Version), c)
}
