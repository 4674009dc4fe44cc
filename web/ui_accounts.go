package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// accountPages is the feature served from this file (see featureList):
// the signed-in user's API tokens on /account, and the administrators'
// user management under /admin/users (web/ui_admin.go).
func (s *Server) accountPages() feature {
	get, post := http.MethodGet, http.MethodPost
	self := rule{signedIn: true}
	admin := rule{perm: auth.Admin, target: everything}
	return feature{
		pages: []route{
			{Method: post, Pattern: "/account/tokens", Handler: s.createTokenPage, Summary: "Create an API token; the page shows its secret once"},
			{Method: post, Pattern: "/account/tokens/{id}/revoke", Handler: s.revokeTokenPage, Summary: "Revoke one of your API tokens"},
			{Method: get, Pattern: "/admin/users", Handler: s.usersPage, Summary: "Users, their roles and state (administrators)"},
			{Method: post, Pattern: "/admin/users", Handler: s.createUserPage, Summary: "Create a user"},
			{Method: get, Pattern: "/admin/users/{id}", Handler: s.userPage, Summary: "One user: roles, state, password"},
			{Method: post, Pattern: "/admin/users/{id}/grants", Handler: s.addGrantPage, Summary: "Grant a role on a scope"},
			{Method: post, Pattern: "/admin/users/{id}/grants/remove", Handler: s.removeGrantPage, Summary: "Remove a role grant"},
			{Method: post, Pattern: "/admin/users/{id}/disabled", Handler: s.setDisabledPage, Summary: "Disable or enable a user"},
			{Method: post, Pattern: "/admin/users/{id}/password", Handler: s.setPasswordPage, Summary: "Set a user's password"},
		},
		rules: map[string]rule{
			"POST /account/tokens":                 self,
			"POST /account/tokens/{id}/revoke":     self,
			"GET /admin/users":                     admin,
			"POST /admin/users":                    admin,
			"GET /admin/users/{id}":                admin,
			"POST /admin/users/{id}/grants":        admin,
			"POST /admin/users/{id}/grants/remove": admin,
			"POST /admin/users/{id}/disabled":      admin,
			"POST /admin/users/{id}/password":      admin,
		},
	}
}

func init() {
	// The confirmations of this feature's redirects (see flashes).
	for k, v := range map[string]string{
		"token-revoked": "API token revoked; it no longer works.",
		"user-created":  "User created.",
		"grant":         "Roles saved.",
		"disabled":      "User disabled: their sessions have ended and their API tokens stopped working.",
		"enabled":       "User enabled.",
		"user-password": "Password set; the user's sessions have ended.",
	} {
		flashes[k] = v
	}
}

// DefaultTokenDays is the expiry the token form proposes.
const DefaultTokenDays = 90

// tokenForm is the input of the token form, kept when it is refused.
type tokenForm struct {
	Name, Scope, Expires string
	Errors               map[string]string
}

// tokenRow is a token as the account page lists it.
type tokenRow struct {
	*pmo.Token
	State string // active, expired or revoked
}

// tokenRows labels each token with its state at now.
func tokenRows(ts []*pmo.Token, now time.Time) []tokenRow {
	rows := make([]tokenRow, len(ts))
	for i, t := range ts {
		state := "active"
		switch {
		case t.RevokedAt != nil:
			state = "revoked"
		case !t.ExpiresAt.After(now):
			state = "expired"
		}
		rows[i] = tokenRow{Token: t, State: state}
	}
	return rows
}

// newTokenForm is the empty form: read-only, expiring in 90 days.
func (s *Server) newTokenForm() *tokenForm {
	return &tokenForm{Scope: string(pmo.ScopeRead), Errors: map[string]string{},
		Expires: s.now().UTC().AddDate(0, 0, DefaultTokenDays).Format(time.DateOnly)}
}

// tokenCreated is the data of token.html, the one page that shows a
// token's secret.
type tokenCreated struct {
	basePage
	Token  *pmo.Token
	Server string
}

// createTokenPage mints a token for the signed-in user and shows its secret
// once; bad input returns to the account page naming the field.
func (s *Server) createTokenPage(w http.ResponseWriter, r *http.Request) error {
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	f := &tokenForm{Name: strings.TrimSpace(vals["name"]), Scope: vals["scope"], Expires: strings.TrimSpace(vals["expires"]),
		Errors: map[string]string{}}
	tk := &pmo.Token{UserID: principalFrom(r.Context()).user.ID, Name: f.Name, Scope: pmo.TokenScope(f.Scope)}
	if tk.Scope != pmo.ScopeRead && tk.Scope != pmo.ScopeReadWrite {
		f.Errors["scope"] = "must be read or read-write"
	}
	if day, err := time.Parse(time.DateOnly, f.Expires); err != nil {
		f.Errors["expires"] = "must be a day such as " + s.now().UTC().AddDate(0, 0, DefaultTokenDays).Format(time.DateOnly)
	} else if tk.ExpiresAt = day.UTC(); !tk.ExpiresAt.After(s.now()) {
		f.Errors["expires"] = "must be a day after today"
	} else if tk.ExpiresAt.After(s.now().AddDate(10, 0, 0)) {
		f.Errors["expires"] = "must be within ten years"
	}
	if len(f.Errors) == 0 {
		err = s.svc.CreateToken(r.Context(), tk)
		if pmo.ErrorKind(err) == pmo.Invalid {
			fieldErrors(err, map[string]bool{"name": true, "scope": true, "expires": true},
				map[string]string{"expires_at": "expires"}, f.Errors)
		} else if err != nil {
			return err
		}
	}
	if len(f.Errors) > 0 {
		return s.renderAccountForm(w, r, http.StatusUnprocessableEntity, "", f)
	}
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return s.render(w, http.StatusCreated, "token.html", tokenCreated{basePage: s.base(r, "Your new API token", "account"),
		Token: tk, Server: scheme + "://" + r.Host})
}

// revokeTokenPage revokes one of the signed-in user's tokens; someone
// else's token is not found.
func (s *Server) revokeTokenPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.svc.RevokeToken(r.Context(), principalFrom(r.Context()).user.ID, id); err != nil {
		return err
	}
	return redirect(w, r, "/account?saved=token-revoked")
}
