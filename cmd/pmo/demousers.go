package main

import (
	"context"
	"log/slog"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
)

// demoUser is one documented account of `pmo serve --demo` (README,
// "Demo accounts"). Scope "first portfolio/program/project" means the one
// with the lowest id.
type demoUser struct {
	name, fullName string
	role           pmo.Role
	scope          pmo.ScopeKind
}

// demoPassword is the password of every demo account. The demo is for
// trying pmo out; never serve it to a network you do not trust.
const demoPassword = "demo-password"

var demoUsers = []demoUser{
	{"admin", "Avery Admin", pmo.Administrator, pmo.ScopeAll},
	{"pmo", "Pat PMO", pmo.PMOStaff, pmo.ScopeAll},
	{"portfolio", "Morgan Portfolio", pmo.PortfolioManager, pmo.ScopePortfolio},
	{"program", "Riley Program", pmo.ProgramManager, pmo.ScopeProgram},
	{"project", "Jordan Project", pmo.ProjectManager, pmo.ScopeProject},
	{"exec", "Emery Executive", pmo.Executive, pmo.ScopeAll},
	{"member", "Taylor Member", pmo.TeamMember, pmo.ScopeProject},
	{"requester", "Quinn Requester", pmo.Requester, pmo.ScopeProject},
}

// createDemoUsers adds the demo accounts that do not exist yet.
func createDemoUsers(ctx context.Context, db *store.DB, log *slog.Logger) error {
	first := map[pmo.ScopeKind]int64{}
	if ps, _, err := db.FindPortfolios(ctx, pmo.PortfolioFilter{ListOptions: pmo.ListOptions{Limit: 1, Sort: "created_at"}}); err == nil && len(ps) > 0 {
		first[pmo.ScopePortfolio] = ps[0].ID
	} else if err != nil {
		return err
	}
	if ps, _, err := db.FindPrograms(ctx, pmo.ProgramFilter{ListOptions: pmo.ListOptions{Limit: 1, Sort: "created_at"}}); err == nil && len(ps) > 0 {
		first[pmo.ScopeProgram] = ps[0].ID
		// The first project of that program, so that the scopes nest.
		if prs, _, err := db.FindProjects(ctx, pmo.ProjectFilter{ProgramID: ps[0].ID, ListOptions: pmo.ListOptions{Limit: 1}}); err == nil && len(prs) > 0 {
			first[pmo.ScopeProject] = prs[0].ID
		}
	} else if err != nil {
		return err
	}
	if first[pmo.ScopeProject] == 0 {
		if prs, _, err := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 1}}); err == nil && len(prs) > 0 {
			first[pmo.ScopeProject] = prs[0].ID
		}
	}
	for _, d := range demoUsers {
		if _, err := db.FindUserByName(ctx, d.name); err == nil {
			continue
		} else if pmo.ErrorKind(err) != pmo.NotFound {
			return err
		}
		g := pmo.Grant{Role: d.role, Scope: d.scope, ScopeID: first[d.scope]}
		if d.scope != pmo.ScopeAll && g.ScopeID == 0 {
			continue // an empty database has nothing to scope to
		}
		u := &pmo.User{Name: d.name, FullName: d.fullName, Grants: []pmo.Grant{g}}
		if err := db.CreateUser(ctx, u, demoPassword); err != nil {
			return err
		}
	}
	log.Info("demo accounts ready", "users", len(demoUsers), "password", "see README (Demo accounts)")
	return nil
}
