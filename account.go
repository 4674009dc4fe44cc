package pmo

import (
	"context"
	"slices"
	"time"
)

// Role is what a user may do within the scope of a grant (docs/SECURITY.md).
type Role string

// The roles, from the most to the least powerful.
const (
	Administrator    Role = "administrator"     // everything, everywhere, including accounts
	PMOStaff         Role = "pmo"               // portfolio office staff: edit, decide, audit
	PortfolioManager Role = "portfolio_manager" // edit and decide within a portfolio
	ProgramManager   Role = "program_manager"   // edit within a program
	ProjectManager   Role = "project_manager"   // edit within a project
	Executive        Role = "executive"         // see everything in scope, decide on changes, edit nothing
	TeamMember       Role = "team_member"       // see the work, raise requests
	Requester        Role = "requester"         // raise requests only
)

// Roles lists every role.
var Roles = []Role{Administrator, PMOStaff, PortfolioManager, ProgramManager, ProjectManager, Executive, TeamMember, Requester}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// ScopeKind is the level a role is granted on; it inherits downwards.
type ScopeKind string

// Scope kinds: everything, or one portfolio, program or project.
const (
	ScopeAll       ScopeKind = "all"
	ScopePortfolio ScopeKind = "portfolio"
	ScopeProgram   ScopeKind = "program"
	ScopeProject   ScopeKind = "project"
)

// Grant gives a user a role on a scope. ScopeID is 0 for ScopeAll.
type Grant struct {
	ID      int64     `json:"id"`
	UserID  int64     `json:"user_id"`
	Role    Role      `json:"role"`
	Scope   ScopeKind `json:"scope"`
	ScopeID int64     `json:"scope_id"`
}

// Validate checks g.
func (g *Grant) Validate() error {
	var v Validator
	v.Check(g.Role.Valid(), "role", "must be one of %v", Roles)
	switch g.Scope {
	case ScopeAll:
		v.Check(g.ScopeID == 0, "scope_id", "must be 0 for scope all")
	case ScopePortfolio, ScopeProgram, ScopeProject:
		v.Check(g.ScopeID > 0, "scope_id", "is required for scope %s", g.Scope)
	default:
		v.Add("scope", "must be all, portfolio, program or project")
	}
	return v.Err()
}

// User is a person who signs in, locally or through single sign-on.
type User struct {
	ID       int64   `json:"id"`
	Name     string  `json:"name"` // the login name, unique
	FullName string  `json:"full_name"`
	Email    string  `json:"email"`
	Disabled bool    `json:"disabled"`
	Grants   []Grant `json:"grants"`
	// Subject is the OIDC issuer and subject ("iss|sub") of an SSO user.
	Subject   string    `json:"subject,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// DisplayName is the name recorded as actor: the full name, else the login.
func (u *User) DisplayName() string {
	if u.FullName != "" {
		return u.FullName
	}
	return u.Name
}

// Prepare normalises u and validates it.
func (u *User) Prepare() error {
	var v Validator
	u.Name, u.FullName, u.Email = clean(u.Name), clean(u.FullName), clean(u.Email)
	checkText(&v, "name", u.Name, 1, 100)
	for _, c := range u.Name {
		if c <= ' ' || c == '|' {
			v.Add("name", "must not contain spaces, control characters or |")
			break
		}
	}
	checkText(&v, "full_name", u.FullName, 0, 200)
	checkText(&v, "email", u.Email, 0, 200)
	for i := range u.Grants {
		if err := u.Grants[i].Validate(); err != nil {
			v.Add("grants", "%v", err)
		}
	}
	return v.Err()
}

// TokenScope is what an API token may do on behalf of its user.
type TokenScope string

// Token scopes.
const (
	ScopeRead      TokenScope = "read"
	ScopeReadWrite TokenScope = "read-write"
)

// Token is a personal API token. Only its hash is stored; Secret is set once,
// when the token is created.
type Token struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	Name      string     `json:"name"`
	Scope     TokenScope `json:"scope"`
	ExpiresAt time.Time  `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at"`
	LastUsed  *time.Time `json:"last_used_at"`
	CreatedAt time.Time  `json:"created_at"`
	Secret    string     `json:"token,omitempty"`
}

// Session is a signed-in browser session. Only the hash of its secret is stored.
type Session struct {
	UserID    int64
	CSRF      string // the token forms post back
	ExpiresAt time.Time
}

// AccountService manages users, their sessions and API tokens. Secrets are
// compared in constant time and stored only as hashes.
type AccountService interface {
	// CreateUser stores u with password (empty for SSO-only users); Invalid
	// or Conflict on a duplicate name.
	CreateUser(ctx context.Context, u *User, password string) error
	// FindUserByID returns NotFound.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUserByName returns NotFound.
	FindUserByName(ctx context.Context, name string) (*User, error)
	// FindUsers lists every user with grants.
	FindUsers(ctx context.Context) ([]*User, error)
	// SetGrants replaces the grants of a user; NotFound, Invalid.
	SetGrants(ctx context.Context, userID int64, grants []Grant) error
	// SetUserDisabled disables (ending its sessions; its tokens stop
	// working) or re-enables a user; NotFound.
	SetUserDisabled(ctx context.Context, userID int64, disabled bool) error
	// Authenticate checks a password; Unauthorized for an unknown user, a
	// wrong password or a disabled account, all alike.
	Authenticate(ctx context.Context, name, password string) (*User, error)
	// ChangePassword checks old and sets new; Unauthorized or Invalid.
	ChangePassword(ctx context.Context, userID int64, old, new string) error
	// SetPassword sets a password without the old one (administrators, CLI).
	SetPassword(ctx context.Context, userID int64, password string) error
	// UpsertSSOUser finds the user with subject or creates it, and replaces
	// its grants with grants.
	UpsertSSOUser(ctx context.Context, u *User) error
	// CreateSession starts a session and returns its secret.
	CreateSession(ctx context.Context, userID int64, ttl time.Duration) (secret string, s *Session, err error)
	// FindSession returns the live session of secret; Unauthorized when
	// unknown or expired.
	FindSession(ctx context.Context, secret string) (*Session, error)
	// DeleteSession ends a session (logout); no error when unknown.
	DeleteSession(ctx context.Context, secret string) error
	// CreateToken mints a token for t.UserID and sets t.Secret.
	CreateToken(ctx context.Context, t *Token) error
	// FindTokens lists a user's tokens without secrets.
	FindTokens(ctx context.Context, userID int64) ([]*Token, error)
	// AuthenticateToken returns the live token of secret; Unauthorized when
	// unknown, expired or revoked.
	AuthenticateToken(ctx context.Context, secret string) (*Token, error)
	// RevokeToken revokes a token of userID; NotFound.
	RevokeToken(ctx context.Context, userID, tokenID int64) error
}

// Actor is who makes a request; the store records it with every write.
type Actor struct {
	UserID    int64  // 0 for the system (CLI, imports)
	Name      string // display name
	RequestID string
	Address   string // client address, for sign-in records
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx; the zero Actor is the system.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// Reach limits what list queries and roll-ups return to some portfolios,
// programs and projects (and everything below them). A context without a
// Reach is unrestricted: the CLI and the store's own callers.
type Reach struct {
	Portfolios, Programs, Projects []int64
}

type reachKey struct{}

// WithReach returns ctx whose reads are limited to r.
func WithReach(ctx context.Context, r Reach) context.Context {
	return context.WithValue(ctx, reachKey{}, r)
}

// ReachFrom returns the reach of ctx and whether there is one.
func ReachFrom(ctx context.Context) (Reach, bool) {
	r, ok := ctx.Value(reachKey{}).(Reach)
	return r, ok
}
