package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
)

// changePage is the data of change.html.
type changePage struct {
	basePage
	Change  *pmo.ChangeRequest
	Project *pmo.Project
	Steps   []step
	Next    []pmo.ChangeState
	// The transition form: the user's input and errors after a refusal.
	Actor, Comment string
	Errors         map[string]string
	General        []string
	Stale          string
	Version        int
}

// step is one state of the workflow as drawn on the page.
type step struct {
	State         pmo.ChangeState
	Done, Current bool
}

// workflowSteps lays the workflow out for a request in state cur: the main
// line draft > submitted > assessed > approved > implemented, with rejected
// replacing approved when it was rejected.
func workflowSteps(cur pmo.ChangeState, history []pmo.ChangeEvent) []step {
	line := []pmo.ChangeState{pmo.ChangeDraft, pmo.ChangeSubmitted, pmo.ChangeAssessed, pmo.ChangeApproved, pmo.ChangeImplemented}
	if cur == pmo.ChangeRejected {
		line = []pmo.ChangeState{pmo.ChangeDraft, pmo.ChangeSubmitted, pmo.ChangeAssessed, pmo.ChangeRejected}
	}
	reached := map[pmo.ChangeState]bool{pmo.ChangeDraft: true, cur: true}
	for _, e := range history {
		reached[e.To] = true
	}
	out := make([]step, len(line))
	for i, s := range line {
		out[i] = step{State: s, Done: reached[s] && s != cur, Current: s == cur}
	}
	return out
}

func (s *Server) loadChange(r *http.Request) (*changePage, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	c, err := s.svc.FindChangeRequestByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	p, err := s.svc.FindProjectByID(r.Context(), c.ProjectID)
	if err != nil {
		return nil, err
	}
	return &changePage{basePage: s.base(r, c.Title, "changes"), Change: c, Project: p,
		Steps: workflowSteps(c.State, c.History), Next: pmo.NextChangeStates(c.State), Version: c.Version,
		Errors: map[string]string{}}, nil
}

// changePage serves /changes/{id}: the request, its workflow and history,
// and buttons for the moves the workflow allows.
func (s *Server) changePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadChange(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "change.html", d)
}

// transitionChange moves a change request along its workflow.
func (s *Server) transitionChange(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	d, err := s.loadChange(r)
	if err != nil {
		return err
	}
	version, verr := strconv.Atoi(vals["version"])
	if verr != nil || version < 1 {
		return badRequest("the form lacks the version it moves; reload the page", fieldError("version", "is required"))
	}
	t := pmo.Transition{To: pmo.ChangeState(vals["to"]), Actor: actorName(r, strings.TrimSpace(vals["actor"])), Comment: vals["comment"]}
	_, err = s.svc.TransitionChangeRequest(r.Context(), d.Change.ID, version, t)
	if err == nil {
		return redirect(w, r, "/changes/"+itoa(d.Change.ID)+"?saved=transition")
	}
	d.Actor, d.Comment = t.Actor, t.Comment
	status := http.StatusUnprocessableEntity
	switch pmo.ErrorKind(err) {
	case pmo.Invalid:
		d.General = fieldErrors(err, map[string]bool{"actor": true, "comment": true}, nil, d.Errors)
	case pmo.Stale:
		status = http.StatusConflict
		d.Stale = "Someone else moved or edited this change request while you were looking at it. " +
			"The page now shows its current state; your name and comment are kept, so choose the move again."
	case pmo.Conflict:
		status = http.StatusConflict
		d.General = []string{pmo.ErrorMessage(err)}
	default:
		return err
	}
	return s.render(w, status, "change.html", d)
}
