package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// grantRow is a grant with its scope named.
type grantRow struct {
	pmo.Grant
	Label string
}

// userRow is a user with its grants named.
type userRow struct {
	*pmo.User
	Grants []grantRow
}

// adminData is the data of admin_users.html and admin_user.html.
type adminData struct {
	basePage
	Users   []userRow // the list page
	Account *userRow  // the page of one user
	Self    bool      // the user is the administrator looking at the page
	Roles   []pmo.Role
	Scopes  []scopeGroup
	// The forms' input and errors by field, kept when refused.
	NewUser    newUser
	Grant      grantForm
	Errors     map[string]string
	General    []string
	FormAction string // which form the errors belong to
}

// adminPage loads what both pages show: the scopes to grant on and, for
// the page of one user, that user.
func (s *Server) adminPage(r *http.Request, title string, userID int64) (*adminData, error) {
	ctx := r.Context()
	groups, labels, err := s.scopes(ctx)
	if err != nil {
		return nil, err
	}
	d := &adminData{basePage: s.base(r, title, "admin"), Roles: pmo.Roles, Scopes: groups, Errors: map[string]string{}}
	row := func(u *pmo.User) userRow {
		ur := userRow{User: u}
		for _, g := range u.Grants {
			ur.Grants = append(ur.Grants, grantRow{Grant: g, Label: s.scopeLabel(ctx, g, labels)})
		}
		return ur
	}
	if userID == 0 {
		us, err := s.svc.FindUsers(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			d.Users = append(d.Users, row(u))
		}
		return d, nil
	}
	u, err := s.svc.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	ur := row(u)
	d.Account, d.Self = &ur, principalFrom(ctx).user.ID == u.ID
	d.Title = "User " + u.Name
	return d, nil
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.adminPage(r, "Users", 0)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "admin_users.html", d)
}

// createUserPage creates a local user, with a password or none (for single
// sign-on), and optionally a first role grant.
func (s *Server) createUserPage(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	d, err := s.adminPage(r, "Users", 0)
	if err != nil {
		return err
	}
	d.NewUser = newUser{Name: strings.TrimSpace(vals["name"]), FullName: strings.TrimSpace(vals["full_name"]),
		Email: strings.TrimSpace(vals["email"])}
	d.Grant = grantForm{Role: vals["role"], Scope: vals["scope"], ProjectCode: strings.TrimSpace(vals["project_code"])}
	d.FormAction = "create"
	u := &pmo.User{Name: d.NewUser.Name, FullName: d.NewUser.FullName, Email: d.NewUser.Email, Grants: []pmo.Grant{}}
	if d.Grant.Role != "" {
		if g, ok := s.parseGrant(r.Context(), d.Grant, d.Errors); ok {
			u.Grants = append(u.Grants, g)
		}
	}
	if vals["password"] != vals["confirm_password"] {
		d.Errors["confirm_password"] = "does not match the password"
	}
	status := http.StatusUnprocessableEntity
	if len(d.Errors) == 0 {
		err = s.svc.CreateUser(r.Context(), u, vals["password"])
		switch pmo.ErrorKind(err) {
		case pmo.Invalid:
			d.General = fieldErrors(err, map[string]bool{"name": true, "full_name": true, "email": true, "password": true}, nil, d.Errors)
		case pmo.Conflict:
			status = http.StatusConflict
			d.Errors["name"] = "is taken by another user"
		default:
			if err != nil {
				return err
			}
			return redirect(w, r, "/admin/users/"+itoa(u.ID)+"?saved=user-created")
		}
	}
	return s.render(w, status, "admin_users.html", d)
}

// userPage serves /admin/users/{id}: roles, state and password of one user.
func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.adminPage(r, "User", id)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "admin_user.html", d)
}

// userForm reads the form and loads the page of the user it is about, for
// the handlers below.
func (s *Server) userForm(r *http.Request, action string) (*adminData, formValues, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	vals, err := readForm(r)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.adminPage(r, "User", id)
	if err != nil {
		return nil, nil, err
	}
	d.FormAction = action
	return d, vals, nil
}

// addGrantPage grants the user a role on a scope.
func (s *Server) addGrantPage(w http.ResponseWriter, r *http.Request) error {
	d, vals, err := s.userForm(r, "grant")
	if err != nil {
		return err
	}
	d.Grant = grantForm{Role: vals["role"], Scope: vals["scope"], ProjectCode: strings.TrimSpace(vals["project_code"])}
	g, ok := s.parseGrant(r.Context(), d.Grant, d.Errors)
	if ok {
		for _, have := range d.Account.User.Grants {
			if have.Role == g.Role && have.Scope == g.Scope && have.ScopeID == g.ScopeID {
				d.Errors["role"] = "is already granted on this scope"
			}
		}
	}
	if len(d.Errors) > 0 {
		return s.render(w, http.StatusUnprocessableEntity, "admin_user.html", d)
	}
	return s.saveGrants(w, r, d, append(slices.Clone(d.Account.User.Grants), g))
}

// removeGrantPage removes one grant of the user. Administrators cannot take
// their own administrator role away, so that someone always holds it.
func (s *Server) removeGrantPage(w http.ResponseWriter, r *http.Request) error {
	d, vals, err := s.userForm(r, "remove")
	if err != nil {
		return err
	}
	gid, err := strconv.ParseInt(vals["grant"], 10, 64)
	if err != nil || gid <= 0 {
		return badRequest("the form lacks the grant to remove; reload the page", fieldError("grant", "is required"))
	}
	var keep []pmo.Grant
	found := false
	for _, g := range d.Account.User.Grants {
		if g.ID != gid {
			keep = append(keep, g)
			continue
		}
		found = true
		if d.Self && g.Role == pmo.Administrator && g.Scope == pmo.ScopeAll {
			d.General = []string{"You cannot remove your own administrator role; ask another administrator."}
			return s.render(w, http.StatusConflict, "admin_user.html", d)
		}
	}
	if !found {
		d.General = []string{"That role was removed meanwhile; the page now shows the roles as they are."}
		return s.render(w, http.StatusConflict, "admin_user.html", d)
	}
	if keep == nil {
		keep = []pmo.Grant{}
	}
	return s.saveGrants(w, r, d, keep)
}

func (s *Server) saveGrants(w http.ResponseWriter, r *http.Request, d *adminData, grants []pmo.Grant) error {
	for i := range grants {
		grants[i].ID, grants[i].UserID = 0, 0
	}
	err := s.svc.SetGrants(r.Context(), d.Account.ID, grants)
	if pmo.ErrorKind(err) == pmo.Invalid {
		d.General = fieldErrors(err, map[string]bool{"role": true, "scope": true}, nil, d.Errors)
		return s.render(w, http.StatusUnprocessableEntity, "admin_user.html", d)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/admin/users/"+itoa(d.Account.ID)+"?saved=grant")
}

// setDisabledPage disables a user (ending its sessions, stopping its
// tokens) or enables it again; nobody disables themselves.
func (s *Server) setDisabledPage(w http.ResponseWriter, r *http.Request) error {
	d, vals, err := s.userForm(r, "disabled")
	if err != nil {
		return err
	}
	disabled, err := strconv.ParseBool(vals["disabled"])
	if err != nil {
		return badRequest("the form lacks the state to set; reload the page", fieldError("disabled", "must be true or false"))
	}
	if disabled && d.Self {
		d.General = []string{"You cannot disable yourself; ask another administrator."}
		return s.render(w, http.StatusConflict, "admin_user.html", d)
	}
	if err := s.svc.SetUserDisabled(r.Context(), d.Account.ID, disabled); err != nil {
		return err
	}
	saved := "enabled"
	if disabled {
		saved = "disabled"
	}
	return redirect(w, r, "/admin/users/"+itoa(d.Account.ID)+"?saved="+saved)
}

// setPasswordPage sets a user's password (a forgotten one, or the first
// for a user created without). The user's sessions end; an administrator
// setting their own gets a fresh session.
func (s *Server) setPasswordPage(w http.ResponseWriter, r *http.Request) error {
	d, vals, err := s.userForm(r, "password")
	if err != nil {
		return err
	}
	if vals["password"] != vals["confirm_password"] {
		d.Errors["confirm_password"] = "does not match the password"
		return s.render(w, http.StatusUnprocessableEntity, "admin_user.html", d)
	}
	err = s.svc.SetPassword(r.Context(), d.Account.ID, vals["password"])
	if pmo.ErrorKind(err) == pmo.Invalid {
		d.General = fieldErrors(err, map[string]bool{"password": true}, nil, d.Errors)
		return s.render(w, http.StatusUnprocessableEntity, "admin_user.html", d)
	}
	if err != nil {
		return err
	}
	to := "/admin/users/" + itoa(d.Account.ID) + "?saved=user-password"
	if p := principalFrom(r.Context()); d.Self && p.session != nil {
		return s.startSessionTo(w, r, p.user, to)
	}
	return redirect(w, r, to)
}

// mayAdmin reports whether the signed-in user manages accounts, to show
// the link to the user pages.
func mayAdmin(r *http.Request) bool {
	p := principalFrom(r.Context())
	return p != nil && auth.Allowed(p.user.Grants, auth.Admin, auth.Target{})
}
