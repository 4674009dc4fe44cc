package web

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// guard wraps the handler of rt with its access rule: sign-in, CSRF for
// session-authenticated writes, token scope, role and scope. Reads of
// lists are narrowed to what the caller may see. A refusal is recorded in
// the audit trail.
func (s *Server) guard(rt route, next http.Handler) http.Handler {
	key := rt.Method + " " + rt.Pattern
	pol, ok := s.rules[key]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok && pol.public {
			next.ServeHTTP(w, r)
			return
		}
		p := principalFrom(r.Context())
		if p == nil {
			s.unauthenticated(w, r, "sign in, or send an API token as: Authorization: Bearer <token>")
			return
		}
		if !ok {
			// Default deny: a route nobody wrote a rule for.
			s.deny(w, r, "this route has no access rule")
			return
		}
		if err := checkCSRF(r, p); err != nil {
			s.deny(w, r, err.(*problem).Detail)
			return
		}
		unsafe := r.Method != http.MethodGet && r.Method != http.MethodHead
		if p.token != nil && unsafe && p.token.Scope != pmo.ScopeReadWrite {
			s.deny(w, r, "the API token is read-only")
			return
		}
		if pol.signedIn {
			next.ServeHTTP(w, r)
			return
		}
		perm := pol.perm
		if pol.permOf != nil {
			perm = pol.permOf(r)
		}
		grants := p.user.Grants
		allowed, ctx, err := s.allowed(r, pol, grants, perm)
		if err != nil {
			s.writeAny(w, r, err)
			return
		}
		if !allowed {
			s.deny(w, r, "your role does not allow this here")
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// allowed decides a request against its rule and returns the context for
// the handler: narrowed to the caller's reach for lists.
func (s *Server) allowed(r *http.Request, pol rule, grants []pmo.Grant, perm auth.Permission) (bool, context.Context, error) {
	ctx := r.Context()
	if pol.target == nil && !pol.body {
		if !auth.AllowedSomewhere(grants, perm) {
			return false, ctx, nil
		}
		if reach, all := auth.ReachOf(grants, perm); !all && !isAdmin(grants) {
			ctx = pmo.WithReach(ctx, reach)
		}
		return true, ctx, nil
	}
	var t auth.Target // everything, unless the rule or the body names a place
	if pol.target != nil {
		var err error
		t, err = pol.target(s, r)
		if pmo.ErrorKind(err) == pmo.NotFound {
			// Let the handler answer 404, but only to callers who hold the
			// permission somewhere, so that ids cannot be probed freely.
			return auth.AllowedSomewhere(grants, perm), ctx, nil
		}
		if err != nil {
			return false, ctx, err
		}
	}
	if pol.body {
		bt, named, err := s.bodyTarget(r)
		if err != nil {
			return false, ctx, err
		}
		switch {
		case named && pol.target == nil:
			t = bt
		case named && !auth.Allowed(grants, perm, bt):
			return false, ctx, nil
		}
	}
	ok := auth.Allowed(grants, perm, t)
	if !ok && pol.within {
		ok = s.readsWithin(ctx, grants, perm, t)
	}
	if ok && pol.within && !auth.Allowed(grants, perm, t) {
		// A reader of part of a portfolio sees roll-ups of that part only.
		if reach, all := auth.ReachOf(grants, perm); !all {
			ctx = pmo.WithReach(ctx, reach)
		}
	}
	return ok, ctx, nil
}

func isAdmin(grants []pmo.Grant) bool {
	return auth.Allowed(grants, auth.Admin, auth.Target{})
}

// readsWithin reports whether grants give perm on a program or project
// inside the portfolio or program t.
func (s *Server) readsWithin(ctx context.Context, grants []pmo.Grant, perm auth.Permission, t auth.Target) bool {
	for _, g := range grants {
		if !auth.RoleAllows(g.Role, perm) {
			continue
		}
		var in auth.Target
		var err error
		switch g.Scope {
		case pmo.ScopeProgram:
			in, err = s.programScope(ctx, g.ScopeID)
		case pmo.ScopeProject:
			in, err = s.projectScope(ctx, g.ScopeID)
		default:
			continue
		}
		if err != nil {
			continue
		}
		if (t.Program != 0 && in.Program == t.Program) || (t.Program == 0 && in.Portfolio == t.Portfolio) {
			return true
		}
	}
	return false
}

// deny answers 403 and records the refusal.
func (s *Server) deny(w http.ResponseWriter, r *http.Request, detail string) {
	diff, _ := json.Marshal(map[string]string{"method": r.Method, "path": r.URL.Path, "reason": detail})
	if err := s.svc.RecordEvent(r.Context(), &pmo.AuditRecord{Action: pmo.AuditDenied, Entity: "route", Diff: diff}); err != nil {
		s.log.ErrorContext(r.Context(), "audit of a denial failed", "request_id", requestIDFrom(r.Context()), "err", err)
	}
	s.writeAny(w, r, newProblem(http.StatusForbidden, detail))
}

// writeAny renders err as a page for page paths and as a problem for the API.
func (s *Server) writeAny(w http.ResponseWriter, r *http.Request, err error) {
	if isPagePath(r.URL.Path) {
		s.renderError(w, r, err)
		return
	}
	s.writeError(w, r, err)
}
