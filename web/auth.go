package web

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// Session cookie names. The __Host- prefix makes browsers refuse the cookie
// unless it is Secure, host-only and for path /.
const (
	sessionCookieSecure   = "__Host-pmo_session"
	sessionCookieInsecure = "pmo_session"
	// DefaultSessionTTL is how long a browser session lasts.
	DefaultSessionTTL = 12 * time.Hour
)

// principal is the signed-in caller of a request: a user with a browser
// session or an API token.
type principal struct {
	user    *pmo.User
	session *pmo.Session // nil for a token
	secret  string       // the session secret, for logout
	token   *pmo.Token   // nil for a session
}

type principalKey struct{}

// logUser carries the signed-in user's id out to the access log, which
// runs outside identify; 0 is anonymous.
type logUser struct{ id int64 }

type logUserKey struct{}

// principalFrom returns the signed-in caller of r, or nil.
func principalFrom(ctx context.Context) *principal {
	p, _ := ctx.Value(principalKey{}).(*principal)
	return p
}

func (s *Server) sessionCookieName() string {
	if s.insecureCookies {
		return sessionCookieInsecure
	}
	return sessionCookieSecure
}

// clientAddress is the remote host of r, without the port.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// identify finds who makes the request, from a Bearer token or the session
// cookie, and puts the caller and the actor for the audit trail into the
// context. A Bearer token that is not valid fails the request with 401;
// a session cookie that is not valid (expired, ended, tampered) is dropped
// and the request goes on anonymously. Secrets are never logged.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := pmo.Actor{RequestID: requestIDFrom(ctx), Address: clientAddress(r)}
		var p *principal
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, secret, _ := strings.Cut(h, " ")
			if !strings.EqualFold(scheme, "Bearer") || secret == "" {
				s.unauthenticated(w, r, "the Authorization header must be: Bearer <token>")
				return
			}
			tk, err := s.svc.AuthenticateToken(ctx, strings.TrimSpace(secret))
			if err != nil {
				s.unauthenticated(w, r, pmo.ErrorMessage(err))
				return
			}
			u, err := s.svc.FindUserByID(ctx, tk.UserID)
			if err != nil {
				s.unauthenticated(w, r, "the API token is not valid")
				return
			}
			p = &principal{user: u, token: tk}
		} else if c, err := r.Cookie(s.sessionCookieName()); err == nil && c.Value != "" {
			sess, err := s.svc.FindSession(ctx, c.Value)
			if err == nil {
				if u, err := s.svc.FindUserByID(ctx, sess.UserID); err == nil && !u.Disabled {
					p = &principal{user: u, session: sess, secret: c.Value}
				}
			}
			if p == nil {
				s.clearSessionCookie(w)
			}
		}
		if p != nil {
			if who, ok := ctx.Value(logUserKey{}).(*logUser); ok {
				who.id = p.user.ID
			}
			actor.UserID, actor.Name = p.user.ID, p.user.DisplayName()
			ctx = context.WithValue(ctx, principalKey{}, p)
		}
		next.ServeHTTP(w, r.WithContext(pmo.WithActor(ctx, actor)))
	})
}

// unauthenticated answers a request that needs a signed-in caller: API
// clients get 401 with a WWW-Authenticate challenge, browsers go to the
// sign-in page and come back afterwards.
func (s *Server) unauthenticated(w http.ResponseWriter, r *http.Request, detail string) {
	if isPagePath(r.URL.Path) && r.Header.Get("Authorization") == "" {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.Redirect(w, r, "/login?next="+safeNext(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/login?next=/", http.StatusSeeOther)
		return
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="pmo"`)
	s.writeProblem(w, r, newProblem(http.StatusUnauthorized, detail))
}

// safeNext keeps a local path to return to after signing in, and nothing
// that could send the browser to another site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

func (s *Server) setSessionCookie(w http.ResponseWriter, secret string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookieName(), Value: secret, Path: "/", Expires: expires,
		Secure: !s.insecureCookies, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookieName(), Value: "", Path: "/", MaxAge: -1,
		Secure: !s.insecureCookies, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// sessionCSRF is the CSRF token of the caller's session, for forms.
func (s *Server) sessionCSRF(r *http.Request) string {
	if p := principalFrom(r.Context()); p != nil && p.session != nil {
		return p.session.CSRF
	}
	return ""
}

// checkCSRF requires a state-changing request made with a session cookie
// to carry the session's CSRF token, as the csrf_token form field or the
// X-CSRF-Token header. Token-authenticated requests need none: browsers do
// not send Authorization headers on their own.
func checkCSRF(r *http.Request, p *principal) error {
	if p.session == nil || r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
		return nil
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf_token")
	}
	if got == "" || !auth.Equal(got, p.session.CSRF) {
		return newProblem(http.StatusForbidden, "the form has expired or did not come from this site (CSRF token missing or wrong); reload the page and try again")
	}
	return nil
}

// actorName is the name to record as the person who did something: the
// signed-in user, else what the client sent.
func actorName(r *http.Request, sent string) string {
	if p := principalFrom(r.Context()); p != nil {
		return p.user.DisplayName()
	}
	return sent
}

// userName is the signed-in user's display name, or "".
func userName(r *http.Request) string {
	if p := principalFrom(r.Context()); p != nil {
		return p.user.DisplayName()
	}
	return ""
}

// requestOnly reports whether the signed-in user may read nothing, only
// raise requests (the requester role).
func requestOnly(r *http.Request) bool {
	p := principalFrom(r.Context())
	return p != nil && !auth.AllowedSomewhere(p.user.Grants, auth.Read)
}

// mayAudit reports whether the signed-in user may read the audit trail
// anywhere, to show the link to it.
func mayAudit(r *http.Request) bool {
	p := principalFrom(r.Context())
	return p != nil && auth.AllowedSomewhere(p.user.Grants, auth.Audit)
}
