package auth

import (
	"slices"

	"github.com/pmohq/pmo"
)

// Permission is one kind of thing a route does.
type Permission string

// The permissions routes ask for.
const (
	Read    Permission = "read"    // see records
	Edit    Permission = "edit"    // create, change and delete records; report status; move workflows
	Decide  Permission = "decide"  // approve or reject (gates, change requests)
	Request Permission = "request" // raise a request or proposal to the PMO
	Audit   Permission = "audit"   // read the audit trail
	Admin   Permission = "admin"   // manage accounts; everywhere
	// Govern is the portfolio office's own work: publish the delivery
	// framework, grant waivers, run the intake and the optimiser's
	// funding decisions.
	Govern Permission = "govern"
)

// Permissions lists every permission.
var Permissions = []Permission{Read, Edit, Decide, Request, Audit, Admin, Govern}

// rolePerms is the policy: what each role may do within its scope.
var rolePerms = map[pmo.Role][]Permission{
	pmo.Administrator:    {Read, Edit, Decide, Request, Audit, Admin, Govern},
	pmo.PMOStaff:         {Read, Edit, Decide, Request, Audit, Govern},
	pmo.PortfolioManager: {Read, Edit, Decide, Request, Audit},
	pmo.ProgramManager:   {Read, Edit, Request, Audit},
	pmo.ProjectManager:   {Read, Edit, Request, Audit},
	pmo.Executive:        {Read, Decide, Audit},
	pmo.TeamMember:       {Read, Request},
	pmo.Requester:        {Request},
}

// RoleAllows reports whether role grants perm.
func RoleAllows(role pmo.Role, perm Permission) bool {
	return slices.Contains(rolePerms[role], perm)
}

// Target is where a record sits: the chain of its portfolio, program and
// project (zero where it has none). The zero Target is "everything", which
// only a grant on all covers.
type Target struct {
	Portfolio, Program, Project int64
}

// Covers reports whether grant g applies to t: a grant inherits downwards,
// from a portfolio to its programs and projects, from a program to its
// projects.
func Covers(g pmo.Grant, t Target) bool {
	switch g.Scope {
	case pmo.ScopeAll:
		return true
	case pmo.ScopePortfolio:
		return t.Portfolio != 0 && g.ScopeID == t.Portfolio
	case pmo.ScopeProgram:
		return t.Program != 0 && g.ScopeID == t.Program
	case pmo.ScopeProject:
		return t.Project != 0 && g.ScopeID == t.Project
	}
	return false
}

// Allowed reports whether grants give perm on t. Administrators may do
// everything everywhere; Admin itself needs an administrator grant on all.
func Allowed(grants []pmo.Grant, perm Permission, t Target) bool {
	for _, g := range grants {
		if g.Role == pmo.Administrator && g.Scope == pmo.ScopeAll {
			return true
		}
		if perm == Admin {
			continue
		}
		if RoleAllows(g.Role, perm) && Covers(g, t) {
			return true
		}
	}
	return false
}

// AllowedSomewhere reports whether grants give perm on any scope, for lists
// that the reach then narrows.
func AllowedSomewhere(grants []pmo.Grant, perm Permission) bool {
	for _, g := range grants {
		if g.Role == pmo.Administrator && g.Scope == pmo.ScopeAll {
			return true
		}
		if perm != Admin && RoleAllows(g.Role, perm) {
			return true
		}
	}
	return false
}

// ReachOf returns the part of the portfolio that grants let a user see
// with perm, and whether that is everything.
func ReachOf(grants []pmo.Grant, perm Permission) (r pmo.Reach, all bool) {
	r = pmo.Reach{Portfolios: []int64{}, Programs: []int64{}, Projects: []int64{}}
	for _, g := range grants {
		if !RoleAllows(g.Role, perm) {
			continue
		}
		switch g.Scope {
		case pmo.ScopeAll:
			return pmo.Reach{}, true
		case pmo.ScopePortfolio:
			r.Portfolios = append(r.Portfolios, g.ScopeID)
		case pmo.ScopeProgram:
			r.Programs = append(r.Programs, g.ScopeID)
		case pmo.ScopeProject:
			r.Projects = append(r.Projects, g.ScopeID)
		}
	}
	return r, false
}

// TokenAllows reports whether an API token of scope may be used for perm:
// read tokens only read (and read the audit trail).
func TokenAllows(scope pmo.TokenScope, perm Permission) bool {
	if scope == pmo.ScopeReadWrite {
		return true
	}
	return perm == Read || perm == Audit
}
