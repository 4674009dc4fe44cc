package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/pmohq/pmo"
)

// authRoutes are the API routes of accounts, tokens and the audit trail.
func (s *Server) authRoutes() []route {
	get, post := http.MethodGet, http.MethodPost
	return []route{
		{Method: get, Pattern: "/api/v1/me", Handler: s.me, Tag: "Accounts",
			Summary: "The signed-in user, with grants", Response: "User"},
		{Method: post, Pattern: "/api/v1/me/password", Handler: s.changeMyPassword, Tag: "Accounts",
			Summary: "Change your password (ends your other sessions)", Body: "PasswordChange", Status: http.StatusNoContent},
		{Method: get, Pattern: "/api/v1/tokens", Handler: s.myTokens, Tag: "Accounts",
			Summary: "Your API tokens (never their secrets)", Response: "TokenList"},
		{Method: post, Pattern: "/api/v1/tokens", Handler: s.createMyToken, Tag: "Accounts",
			Summary: "Create an API token; the response shows its secret (token) once", Body: "Token",
			ReadOnly: []string{"id", "user_id", "revoked_at", "last_used_at", "created_at", "token"},
			Response: "Token", Status: http.StatusCreated},
		{Method: http.MethodDelete, Pattern: "/api/v1/tokens/{id}", Handler: s.revokeMyToken, Tag: "Accounts",
			Summary: "Revoke one of your API tokens", Status: http.StatusNoContent},
		{Method: get, Pattern: "/api/v1/users", Handler: s.listUsers, Tag: "Accounts",
			Summary: "List users (administrators)", Response: "UserList"},
		{Method: post, Pattern: "/api/v1/users", Handler: s.createUser, Tag: "Accounts",
			Summary: "Create a local user with grants (administrators)", Body: "NewUser",
			Response: "User", Status: http.StatusCreated},
		{Method: http.MethodPut, Pattern: "/api/v1/users/{id}/grants", Handler: s.setUserGrants, Tag: "Accounts",
			Summary: "Replace a user's role grants (administrators)", Body: "Grants", Response: "User"},
		{Method: http.MethodPut, Pattern: "/api/v1/users/{id}/disabled", Handler: s.setUserDisabled, Tag: "Accounts",
			Summary: "Disable a user (ending its sessions and stopping its tokens) or enable it again (administrators)",
			Body:    "Disabled", Response: "User"},
		{Method: get, Pattern: "/api/v1/audit", Handler: s.listAudit, Tag: "Audit",
			Summary: "The audit trail, newest first, narrowed to what you may see", Params: auditParams,
			Response: "AuditRecordList"},
		{Method: get, Pattern: "/api/v1/audit.csv", Handler: s.auditCSV, Tag: "Audit",
			Summary: "The audit trail as CSV (same filters; up to 500 rows per page, cursor in the Link header)",
			Params:  auditParams},
		{Method: get, Pattern: "/api/v1/audit/{id}", Handler: s.auditRecord, Tag: "Audit",
			Summary: "One audit record", Response: "AuditRecord"},
	}
}

var auditParams = append([]param{
	{Name: "entity", Kind: stringParam, Doc: "kind of record, e.g. project, risk, change_request, user, session, route"},
	{Name: "entity_id", Kind: intParam, Doc: "id of the record"},
	{Name: "project_id", Kind: intParam, Doc: "records about this project and what belongs to it"},
	{Name: "actor", Kind: stringParam, Doc: "name of the actor, exactly"},
	{Name: "action", Kind: stringParam, Doc: "create, update, delete, transition, correct, import, sign_in, sign_in_failed, sign_out, permission_denied, ..."},
	{Name: "from", Kind: dateParam, Doc: "on or after this day (UTC)"},
	{Name: "to", Kind: dateParam, Doc: "on or before this day (UTC)"},
}, listParams("id")...)

// passwordChange is the body of POST /api/v1/me/password.
type passwordChange struct {
	Old string `json:"old_password"`
	New string `json:"new_password"`
}

// grantsBody is the body of PUT /api/v1/users/{id}/grants.
type grantsBody struct {
	Grants []pmo.Grant `json:"grants"`
}

// newUser is the body of POST /api/v1/users.
type newUser struct {
	Name     string      `json:"name"`
	FullName string      `json:"full_name"`
	Email    string      `json:"email"`
	Password string      `json:"password"`
	Grants   []pmo.Grant `json:"grants"`
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, principalFrom(r.Context()).user)
}

func (s *Server) changeMyPassword(w http.ResponseWriter, r *http.Request) error {
	var body passwordChange
	if err := decodeJSON(r, &body, nil); err != nil {
		return err
	}
	if err := s.svc.ChangePassword(r.Context(), principalFrom(r.Context()).user.ID, body.Old, body.New); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) myTokens(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.svc.FindTokens(r.Context(), principalFrom(r.Context()).user.ID)
	if err != nil {
		return err
	}
	return writeList(w, ts, pmo.Page{Total: len(ts)})
}

func (s *Server) createMyToken(w http.ResponseWriter, r *http.Request) error {
	var tk pmo.Token
	if err := decodeJSON(r, &tk, []string{"id", "user_id", "revoked_at", "last_used_at", "created_at", "token"}); err != nil {
		return err
	}
	tk.UserID = principalFrom(r.Context()).user.ID
	if err := s.svc.CreateToken(r.Context(), &tk); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusCreated, tk)
}

func (s *Server) revokeMyToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.svc.RevokeToken(r.Context(), principalFrom(r.Context()).user.ID, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) error {
	us, err := s.svc.FindUsers(r.Context())
	if err != nil {
		return err
	}
	return writeList(w, us, pmo.Page{Total: len(us)})
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	var body newUser
	if err := decodeJSON(r, &body, nil); err != nil {
		return err
	}
	u := &pmo.User{Name: body.Name, FullName: body.FullName, Email: body.Email, Grants: body.Grants}
	if u.Grants == nil {
		u.Grants = []pmo.Grant{}
	}
	if err := s.svc.CreateUser(r.Context(), u, body.Password); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/users/"+strconv.FormatInt(u.ID, 10))
	return writeJSON(w, http.StatusCreated, u)
}

func (s *Server) setUserGrants(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var body grantsBody
	if err := decodeJSON(r, &body, nil); err != nil {
		return err
	}
	grants := body.Grants
	if grants == nil {
		grants = []pmo.Grant{}
	}
	if err := s.svc.SetGrants(r.Context(), id, grants); err != nil {
		return err
	}
	u, err := s.svc.FindUserByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

// disabledBody is the body of PUT /api/v1/users/{id}/disabled.
type disabledBody struct {
	Disabled bool `json:"disabled"`
}

func (s *Server) setUserDisabled(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var body disabledBody
	if err := decodeJSON(r, &body, nil); err != nil {
		return err
	}
	if p := principalFrom(r.Context()); p.user.ID == id && body.Disabled {
		return pmo.FieldErr("disabled", "you cannot disable yourself")
	}
	if err := s.svc.SetUserDisabled(r.Context(), id, body.Disabled); err != nil {
		return err
	}
	u, err := s.svc.FindUserByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

// auditFilter parses the audit query parameters.
func auditFilter(r *http.Request) (pmo.AuditFilter, error) {
	q := newQuery(r)
	f := pmo.AuditFilter{Entity: q.str("entity"), EntityID: q.id("entity_id"), ProjectID: q.id("project_id"),
		Actor: q.str("actor"), Action: q.str("action"), ListOptions: q.list([]string{"id"})}
	if d := q.date("from"); !d.IsZero() {
		f.From = d.Time()
	}
	if d := q.date("to"); !d.IsZero() {
		f.To = d.Time().Add(24*time.Hour - time.Nanosecond)
	}
	return f, q.err()
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	rs, page, err := s.svc.FindAuditRecords(r.Context(), f)
	if err != nil {
		return listError(err)
	}
	return writeList(w, rs, page)
}

func (s *Server) auditRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := s.svc.FindAuditRecordByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec)
}

// auditCSV exports a page of the trail; the next page's address is in the
// Link header.
func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	if f.Limit == 0 {
		f.Limit = pmo.MaxLimit
	}
	rs, page, err := s.svc.FindAuditRecords(r.Context(), f)
	if err != nil {
		return listError(err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="audit.csv"`)
	h.Set("X-Content-Type-Options", "nosniff")
	if page.NextCursor != "" {
		q := r.URL.Query()
		q.Set("cursor", page.NextCursor)
		h.Set("Link", "<"+r.URL.Path+"?"+q.Encode()+`>; rel="next"`)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"id", "at", "actor_id", "actor", "action", "entity", "entity_id", "project_id", "request_id", "address", "diff"})
	for _, rec := range rs {
		_ = cw.Write([]string{strconv.FormatInt(rec.ID, 10), rec.At.Format(time.RFC3339Nano),
			strconv.FormatInt(rec.ActorID, 10), csvSafe(rec.Actor), rec.Action, rec.Entity,
			strconv.FormatInt(rec.EntityID, 10), strconv.FormatInt(rec.ProjectID, 10), csvSafe(rec.RequestID),
			rec.Address, csvSafe(string(rec.Diff))})
	}
	cw.Flush()
	return cw.Error()
}
