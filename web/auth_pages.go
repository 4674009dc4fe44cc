package web

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// loginCSRFCookie carries the token of the sign-in form (double submit):
// there is no session yet to hold one.
const loginCSRFCookie = "pmo_login_csrf"

// authPages are the pages for signing in and out, the account and the
// audit trail.
func (s *Server) authPages() []route {
	get, post := http.MethodGet, http.MethodPost
	return []route{
		{Method: get, Pattern: "/login", Handler: s.loginPage, Summary: "Sign-in form"},
		{Method: post, Pattern: "/login", Handler: s.login, Summary: "Sign in"},
		{Method: post, Pattern: "/logout", Handler: s.logout, Summary: "Sign out"},
		{Method: get, Pattern: "/account", Handler: s.accountPage, Summary: "Your account and password"},
		{Method: post, Pattern: "/account/password", Handler: s.changePassword, Summary: "Change your password"},
		{Method: get, Pattern: "/audit", Handler: s.auditPage, Summary: "Audit trail"},
		{Method: get, Pattern: "/auth/oidc/login", Handler: s.oidcLogin, Summary: "Sign in with single sign-on"},
		{Method: get, Pattern: "/auth/oidc/callback", Handler: s.oidcCallback, Summary: "Single sign-on callback"},
	}
}

// loginData is the data of login.html.
type loginData struct {
	basePage
	Name, Next, Error string
	LoginCSRF         string
	SSO               bool
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderLogin(w, r, http.StatusOK, "", "")
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, name, msg string) error {
	token := auth.NewSecret("")
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: token, Path: "/login", HttpOnly: true,
		Secure: !s.insecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	next := safeNext(r.FormValue("next"))
	return s.render(w, status, "login.html", loginData{basePage: s.base(r, "Sign in", ""), Name: name,
		Next: next, Error: msg, LoginCSRF: token, SSO: s.oidc != nil})
}

// login checks the form's CSRF token, the throttle, then the password; on
// success it starts a session and returns to where the user was going.
// Sign-ins and failed passwords are recorded in the audit trail.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || c.Value == "" || !auth.Equal(c.Value, r.PostFormValue("csrf_token")) {
		return newProblem(http.StatusForbidden, "the sign-in form has expired; reload it and try again")
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	addr := clientAddress(r)
	now := s.now()
	if wait := max(s.throttleUser.wait(name, now), s.throttleAddr.wait(addr, now)); wait > 0 {
		// Not recorded: the failures that led here are, and a flood of
		// throttled attempts must not flood the trail.
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		return s.renderLogin(w, r, http.StatusTooManyRequests, name,
			"Too many failed attempts. Wait a few minutes and try again.")
	}
	u, err := s.svc.Authenticate(r.Context(), name, r.PostFormValue("password"))
	if pmo.ErrorKind(err) == pmo.Unauthorized {
		s.throttleUser.fail(name, now)
		s.throttleAddr.fail(addr, now)
		s.recordSignIn(r, pmo.AuditSignInFail, 0, name, "wrong name or password")
		return s.renderLogin(w, r, http.StatusUnauthorized, name, "Wrong user name or password.")
	}
	if err != nil {
		return err
	}
	s.throttleUser.reset(name)
	return s.startSession(w, r, u, "password")
}

// startSession signs u in, records it, and redirects to the next page.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *pmo.User, method string) error {
	// A fresh secret on every sign-in: a session id planted before signing
	// in (fixation) is worthless.
	if p := principalFrom(r.Context()); p != nil && p.secret != "" {
		_ = s.svc.DeleteSession(r.Context(), p.secret)
	}
	secret, sess, err := s.svc.CreateSession(r.Context(), u.ID, s.sessionTTL)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, secret, sess.ExpiresAt)
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: "", Path: "/login", MaxAge: -1})
	s.recordSignIn(r, pmo.AuditSignIn, u.ID, u.DisplayName(), method)
	next := safeNext(r.FormValue("next"))
	if next == "/" && !auth.AllowedSomewhere(u.Grants, auth.Read) {
		next = "/account" // a requester has no dashboard, but a page to raise requests from
	}
	return redirect(w, r, next)
}

func (s *Server) recordSignIn(r *http.Request, action string, userID int64, name, detail string) {
	diff, _ := json.Marshal(map[string]string{"name": name, "detail": detail})
	rec := &pmo.AuditRecord{Action: action, Entity: "session", EntityID: userID, ActorID: userID, Actor: name, Diff: diff}
	if err := s.svc.RecordEvent(r.Context(), rec); err != nil {
		s.log.ErrorContext(r.Context(), "audit of a sign-in failed", "request_id", requestIDFrom(r.Context()), "err", err)
	}
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	p := principalFrom(r.Context())
	if p.secret != "" {
		if err := s.svc.DeleteSession(r.Context(), p.secret); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w)
	s.recordSignIn(r, pmo.AuditSignOut, p.user.ID, p.user.DisplayName(), "")
	return redirect(w, r, "/login")
}

// accountData is the data of account.html.
type accountData struct {
	basePage
	Account *pmo.User
	Tokens  []tokenRow
	Error   string
	// TokenForm is the form that creates API tokens (web/ui_accounts.go).
	TokenForm *tokenForm
	// Grants are the user's roles with their scopes named.
	Grants []grantRow
	// Requests are the projects the user may raise change requests on
	// through a project grant, for those who see no dashboard.
	Requests []*pmo.Project
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, "")
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	return s.renderAccountForm(w, r, status, msg, s.newTokenForm())
}

// renderAccountForm renders the account page with the token form tf.
func (s *Server) renderAccountForm(w http.ResponseWriter, r *http.Request, status int, msg string, tf *tokenForm) error {
	p := principalFrom(r.Context())
	ts, err := s.svc.FindTokens(r.Context(), p.user.ID)
	if err != nil {
		return err
	}
	b := s.base(r, "Your account", "account")
	if r.URL.Query().Get("saved") == "password" {
		b.Flash = "Password changed."
	}
	d := accountData{basePage: b, Account: p.user, Tokens: tokenRows(ts, s.now()), Error: msg, TokenForm: tf}
	for _, g := range p.user.Grants {
		d.Grants = append(d.Grants, grantRow{Grant: g, Label: s.scopeLabel(r.Context(), g, map[string]string{"all": "everything"})})
	}
	for _, g := range p.user.Grants {
		if g.Scope == pmo.ScopeProject && auth.RoleAllows(g.Role, auth.Request) && !auth.RoleAllows(g.Role, auth.Read) {
			if pr, err := s.svc.FindProjectByID(r.Context(), g.ScopeID); err == nil {
				d.Requests = append(d.Requests, pr)
			}
		}
	}
	return s.render(w, status, "account.html", d)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	p := principalFrom(r.Context())
	if r.PostFormValue("new_password") != r.PostFormValue("confirm_password") {
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, "The new passwords do not match.")
	}
	err := s.svc.ChangePassword(r.Context(), p.user.ID, r.PostFormValue("old_password"), r.PostFormValue("new_password"))
	if pmo.ErrorKind(err) == pmo.Invalid {
		msg := pmo.ErrorMessage(err)
		for _, f := range pmo.ErrorFields(err) {
			msg = strings.ReplaceAll(f.Field, "_", " ") + " " + f.Detail + "."
		}
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, msg)
	}
	if err != nil {
		return err
	}
	// Changing the password ended every session: start a new one here.
	return s.startSessionTo(w, r, p.user, "/account?saved=password")
}

func (s *Server) startSessionTo(w http.ResponseWriter, r *http.Request, u *pmo.User, to string) error {
	secret, sess, err := s.svc.CreateSession(r.Context(), u.ID, s.sessionTTL)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, secret, sess.ExpiresAt)
	return redirect(w, r, to)
}

// auditData is the data of audit.html.
type auditData struct {
	basePage
	Records []*pmo.AuditRecord
	Total   int
	Next    string
	Filter  pmo.AuditFilter
	CSV     string
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	rs, page, err := s.svc.FindAuditRecords(r.Context(), f)
	if err != nil {
		return listError(err)
	}
	d := auditData{basePage: s.base(r, "Audit trail", "audit"), Records: rs, Total: page.Total, Filter: f,
		CSV: "/api/v1/audit.csv?" + r.URL.RawQuery}
	if page.NextCursor != "" {
		q := r.URL.Query()
		q.Set("cursor", page.NextCursor)
		d.Next = "/audit?" + q.Encode()
	}
	return s.render(w, http.StatusOK, "audit.html", d)
}
