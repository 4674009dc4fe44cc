package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
)

// scopeChoice is one place a role can be granted on, as the scope select
// offers it: "all", "portfolio:3", "program:7" or "project:12".
type scopeChoice struct{ Value, Label string }

// scopeGroup is an optgroup of the scope select.
type scopeGroup struct {
	Label   string
	Choices []scopeChoice
}

// scopeChoiceLimit caps the projects the select lists; others are granted
// by code, which the form also takes.
const scopeChoiceLimit = pmo.MaxLimit

// scopes lists the real portfolios, programs and projects to grant roles
// on, and labels every choice by its value.
func (s *Server) scopes(ctx context.Context) ([]scopeGroup, map[string]string, error) {
	labels := map[string]string{"all": "everything"}
	groups := []scopeGroup{{Label: "Everywhere", Choices: []scopeChoice{{"all", "everything"}}}}
	opts := pmo.ListOptions{Limit: scopeChoiceLimit, Sort: "code", SkipTotal: true}
	add := func(kind string, id int64, code, name string) {
		c := scopeChoice{Value: kind + ":" + itoa(id), Label: kind + " " + code + " " + name}
		labels[c.Value] = c.Label
		groups[len(groups)-1].Choices = append(groups[len(groups)-1].Choices, c)
	}
	pfs, _, err := s.svc.FindPortfolios(ctx, pmo.PortfolioFilter{ListOptions: opts})
	if err != nil {
		return nil, nil, err
	}
	groups = append(groups, scopeGroup{Label: "Portfolios"})
	for _, p := range pfs {
		add("portfolio", p.ID, p.Code, p.Name)
	}
	pgs, _, err := s.svc.FindPrograms(ctx, pmo.ProgramFilter{ListOptions: opts})
	if err != nil {
		return nil, nil, err
	}
	groups = append(groups, scopeGroup{Label: "Programs"})
	for _, p := range pgs {
		add("program", p.ID, p.Code, p.Name)
	}
	prs, _, err := s.svc.FindProjects(ctx, pmo.ProjectFilter{ListOptions: opts})
	if err != nil {
		return nil, nil, err
	}
	groups = append(groups, scopeGroup{Label: "Projects"})
	for _, p := range prs {
		add("project", p.ID, p.Code, p.Name)
	}
	return groups, labels, nil
}

// scopeLabel names the scope of g for people: "portfolio PF1 Digital".
func (s *Server) scopeLabel(ctx context.Context, g pmo.Grant, labels map[string]string) string {
	key := string(g.Scope)
	if g.Scope != pmo.ScopeAll {
		key += ":" + itoa(g.ScopeID)
	}
	if l, ok := labels[key]; ok {
		return l
	}
	// Beyond the listed projects, or a record deleted since the grant.
	switch g.Scope {
	case pmo.ScopeProject:
		if p, err := s.svc.FindProjectByID(ctx, g.ScopeID); err == nil {
			return "project " + p.Code + " " + p.Name
		}
	case pmo.ScopeProgram:
		if p, err := s.svc.FindProgramByID(ctx, g.ScopeID); err == nil {
			return "program " + p.Code + " " + p.Name
		}
	case pmo.ScopePortfolio:
		if p, err := s.svc.FindPortfolioByID(ctx, g.ScopeID); err == nil {
			return "portfolio " + p.Code + " " + p.Name
		}
	}
	return fmt.Sprintf("%s %d (no longer exists)", g.Scope, g.ScopeID)
}

// grantForm is the input of a role grant: a role and a scope from the
// select, or a project code typed in.
type grantForm struct {
	Role, Scope, ProjectCode string
}

// parseGrant checks a grant form against the real records and returns the
// grant, or the errors by field.
func (s *Server) parseGrant(ctx context.Context, f grantForm, errs map[string]string) (pmo.Grant, bool) {
	g := pmo.Grant{Role: pmo.Role(f.Role)}
	if !g.Role.Valid() {
		names := make([]string, len(pmo.Roles))
		for i, r := range pmo.Roles {
			names[i] = string(r)
		}
		errs["role"] = "must be one of " + strings.Join(names, ", ")
	}
	switch {
	case f.ProjectCode != "":
		p, err := s.svc.FindProjectByCode(ctx, f.ProjectCode)
		if err != nil {
			errs["project_code"] = "matches no project"
			break
		}
		g.Scope, g.ScopeID = pmo.ScopeProject, p.ID
	case f.Scope == "all":
		g.Scope = pmo.ScopeAll
	case f.Scope == "":
		errs["scope"] = "is required: choose everything, a portfolio, a program or a project"
	default:
		kind, id, _ := strings.Cut(f.Scope, ":")
		n, err := strconv.ParseInt(id, 10, 64)
		g.Scope, g.ScopeID = pmo.ScopeKind(kind), n
		switch {
		case err != nil || n <= 0:
			errs["scope"] = "must be all, portfolio:ID, program:ID or project:ID"
		case g.Scope == pmo.ScopePortfolio:
			_, err = s.svc.FindPortfolioByID(ctx, n)
		case g.Scope == pmo.ScopeProgram:
			_, err = s.svc.FindProgramByID(ctx, n)
		case g.Scope == pmo.ScopeProject:
			_, err = s.svc.FindProjectByID(ctx, n)
		default:
			errs["scope"] = "must be all, portfolio:ID, program:ID or project:ID"
		}
		if err != nil && errs["scope"] == "" {
			errs["scope"] = fmt.Sprintf("names no existing %s", kind)
		}
	}
	return g, len(errs) == 0
}
