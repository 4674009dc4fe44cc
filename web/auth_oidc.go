package web

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// OIDCConfig configures single sign-on with an OpenID Connect provider.
type OIDCConfig struct {
	Issuer       string // e.g. https://login.example.com/realms/acme
	ClientID     string
	ClientSecret string
	RedirectURL  string // this server's /auth/oidc/callback, as registered with the provider
	// GroupsClaim names the ID token claim listing the user's groups; "groups" by default.
	GroupsClaim string
	// Groups maps a provider group to the grants its members get. A user
	// whose groups map to no grant may not sign in. Grants are replaced at
	// every sign-in, so the provider stays the source of truth.
	Groups map[string][]pmo.Grant
	// Now is the clock for token expiry; nil means time.Now.
	Now func() time.Time
}

// OIDC signs users in through an OpenID Connect provider.
type OIDC struct {
	cfg      OIDCConfig
	verifier *oidc.IDTokenVerifier
	oauth    oauth2.Config
}

// NewOIDC discovers the provider's endpoints and keys; the provider must answer.
func NewOIDC(ctx context.Context, cfg OIDCConfig) (*OIDC, error) {
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc: %w", err)
	}
	if cfg.GroupsClaim == "" {
		cfg.GroupsClaim = "groups"
	}
	for g, grants := range cfg.Groups {
		for i := range grants {
			if err := grants[i].Validate(); err != nil {
				return nil, fmt.Errorf("oidc: group %q: %w", g, err)
			}
		}
	}
	return &OIDC{
		cfg:      cfg,
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: cfg.Now}),
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile", "email", "groups"}},
	}, nil
}

// UserFromIDToken verifies a raw ID token (signature, issuer, audience,
// expiry, and nonce unless empty) and returns the user it describes with the
// grants its groups map to. Unauthorized for any fault, including groups
// that map to no grant.
func (o *OIDC) UserFromIDToken(ctx context.Context, raw, nonce string) (*pmo.User, error) {
	tok, err := o.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, pmo.Errorf(pmo.Unauthorized, "single sign-on failed: the identity token is not valid")
	}
	if nonce != "" && !auth.Equal(tok.Nonce, nonce) {
		return nil, pmo.Errorf(pmo.Unauthorized, "single sign-on failed: the identity token is a replay")
	}
	var claims map[string]any
	if err := tok.Claims(&claims); err != nil {
		return nil, pmo.Errorf(pmo.Unauthorized, "single sign-on failed: unreadable claims")
	}
	str := func(k string) string { s, _ := claims[k].(string); return s }
	u := &pmo.User{Name: str("preferred_username"), FullName: str("name"), Email: str("email"),
		Subject: tok.Issuer + "|" + tok.Subject, Grants: []pmo.Grant{}}
	if u.Name == "" {
		u.Name, _, _ = strings.Cut(u.Email, "@")
	}
	if u.Name == "" {
		u.Name = "sso-" + auth.HashSecret(u.Subject)[:12]
	}
	u.Name = strings.Map(func(r rune) rune {
		if r <= ' ' || r == '|' {
			return '_'
		}
		return r
	}, u.Name)
	groups, _ := claims[o.cfg.GroupsClaim].([]any)
	for _, g := range groups {
		name, _ := g.(string)
		u.Grants = append(u.Grants, o.cfg.Groups[name]...)
	}
	if len(u.Grants) == 0 {
		return nil, pmo.Errorf(pmo.Unauthorized, "single sign-on worked, but none of your groups has a role in pmo; ask an administrator")
	}
	return u, nil
}

// oidcCookie carries the state, nonce, PKCE verifier and next page between
// the redirect to the provider and the callback.
const oidcCookie = "pmo_oidc"

func (s *Server) oidcLogin(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return pmo.Errorf(pmo.NotFound, "single sign-on is not configured")
	}
	state, nonce, verifier := auth.NewSecret(""), auth.NewSecret(""), oauth2.GenerateVerifier()
	next := base64.RawURLEncoding.EncodeToString([]byte(safeNext(r.URL.Query().Get("next"))))
	// Lax, not Strict: the provider's redirect back is a cross-site navigation.
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: state + "." + nonce + "." + verifier + "." + next,
		Path: "/auth/oidc/", MaxAge: 600, HttpOnly: true, Secure: !s.insecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, s.oidc.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
	return nil
}

func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return pmo.Errorf(pmo.NotFound, "single sign-on is not configured")
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/auth/oidc/", MaxAge: -1})
	fail := func(msg string) error {
		s.recordSignIn(r, pmo.AuditSignInFail, 0, "", "sso: "+msg)
		return pmo.Errorf(pmo.Unauthorized, "single sign-on failed: %s", msg)
	}
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		return fail("the sign-in took too long or cookies are blocked; try again")
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 4 || !auth.Equal(parts[0], r.URL.Query().Get("state")) {
		return fail("the answer does not match the request (state)")
	}
	if e := r.URL.Query().Get("error"); e != "" {
		return fail("the provider refused: " + e)
	}
	ctx, cancel := context.WithTimeout(r.Context(), 15*time.Second)
	defer cancel()
	tok, err := s.oidc.oauth.Exchange(ctx, r.URL.Query().Get("code"), oauth2.VerifierOption(parts[2]))
	if err != nil {
		return fail("the code exchange failed")
	}
	raw, _ := tok.Extra("id_token").(string)
	u, err := s.oidc.UserFromIDToken(ctx, raw, parts[1])
	if err != nil {
		s.recordSignIn(r, pmo.AuditSignInFail, 0, "", "sso: "+pmo.ErrorMessage(err))
		return err
	}
	if err := s.svc.UpsertSSOUser(r.Context(), u); err != nil {
		return err
	}
	next, _ := base64.RawURLEncoding.DecodeString(parts[3])
	q := r.URL.Query()
	q.Set("next", safeNext(string(next)))
	r.Form = q
	return s.startSession(w, r, u, "sso")
}
