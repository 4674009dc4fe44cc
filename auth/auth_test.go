package auth

import (
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

func TestPasswords(t *testing.T) {
	h := HashPassword("correct horse battery")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q", h)
	}
	if h == HashPassword("correct horse battery") {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, c := range []struct {
		hash, pw string
		want     bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterY", false},
		{h, "", false},
		{"", "", false},
		{"", "anything", false},
		{"$argon2id$v=19$m=999999999,t=2,p=1$c2FsdA$aGFzaA", "x", false}, // refuses absurd costs
		{"$bcrypt$whatever", "x", false},
		{strings.Replace(h, "$argon2id$", "$argon2i$", 1), "correct horse battery", false},
	} {
		if got := CheckPassword(c.hash, c.pw); got != c.want {
			t.Errorf("CheckPassword(%.30q, %q) = %v", c.hash, c.pw, got)
		}
	}
	if CheckPasswordStrength("short") == "" || CheckPasswordStrength("long enough pass") != "" {
		t.Error("strength rule")
	}
	a, b := NewSecret("pmo_"), NewSecret("pmo_")
	if a == b || len(a) != 4+43 || HashSecret(a) == HashSecret(b) || len(HashSecret(a)) != 64 {
		t.Errorf("secrets %q %q", a, b)
	}
	if !Equal(a, a) || Equal(a, b) {
		t.Error("Equal")
	}
}

func TestAllowed(t *testing.T) {
	pf := func(r pmo.Role, id int64) pmo.Grant {
		return pmo.Grant{Role: r, Scope: pmo.ScopePortfolio, ScopeID: id}
	}
	pg := func(r pmo.Role, id int64) pmo.Grant { return pmo.Grant{Role: r, Scope: pmo.ScopeProgram, ScopeID: id} }
	pj := func(r pmo.Role, id int64) pmo.Grant { return pmo.Grant{Role: r, Scope: pmo.ScopeProject, ScopeID: id} }
	all := func(r pmo.Role) pmo.Grant { return pmo.Grant{Role: r, Scope: pmo.ScopeAll} }
	project := Target{Portfolio: 1, Program: 2, Project: 3}
	tests := []struct {
		name   string
		grants []pmo.Grant
		perm   Permission
		target Target
		want   bool
	}{
		{"no grants", nil, Read, project, false},
		{"portfolio grant inherits to its projects", []pmo.Grant{pf(pmo.ProjectManager, 1)}, Edit, project, true},
		{"program grant inherits to its projects", []pmo.Grant{pg(pmo.ProgramManager, 2)}, Edit, project, true},
		{"project grant", []pmo.Grant{pj(pmo.ProjectManager, 3)}, Edit, project, true},
		{"another project", []pmo.Grant{pj(pmo.ProjectManager, 4)}, Read, project, false},
		{"another portfolio", []pmo.Grant{pf(pmo.PMOStaff, 9)}, Read, project, false},
		{"grants do not inherit upwards", []pmo.Grant{pj(pmo.ProjectManager, 3)}, Read, Target{Portfolio: 1}, false},
		{"program grant does not cover the portfolio", []pmo.Grant{pg(pmo.ProgramManager, 2)}, Read, Target{Portfolio: 1}, false},
		{"executive reads", []pmo.Grant{all(pmo.Executive)}, Read, project, true},
		{"executive decides", []pmo.Grant{all(pmo.Executive)}, Decide, project, true},
		{"executive edits nothing", []pmo.Grant{all(pmo.Executive)}, Edit, project, false},
		{"project manager does not decide", []pmo.Grant{all(pmo.ProjectManager)}, Decide, project, false},
		{"team member requests", []pmo.Grant{pj(pmo.TeamMember, 3)}, Request, project, true},
		{"team member edits nothing", []pmo.Grant{pj(pmo.TeamMember, 3)}, Edit, project, false},
		{"requester requests", []pmo.Grant{pj(pmo.Requester, 3)}, Request, project, true},
		{"requester reads nothing", []pmo.Grant{pj(pmo.Requester, 3)}, Read, project, false},
		{"everything needs a grant on all", []pmo.Grant{pf(pmo.PMOStaff, 1)}, Edit, Target{}, false},
		{"pmo on all creates portfolios", []pmo.Grant{all(pmo.PMOStaff)}, Edit, Target{}, true},
		{"administrator on all does anything", []pmo.Grant{all(pmo.Administrator)}, Admin, Target{}, true},
		{"administrator of a portfolio manages no accounts", []pmo.Grant{pf(pmo.Administrator, 1)}, Admin, Target{}, false},
		{"pmo manages no accounts", []pmo.Grant{all(pmo.PMOStaff)}, Admin, Target{}, false},
		{"any grant that allows", []pmo.Grant{pj(pmo.Requester, 3), pf(pmo.Executive, 1)}, Read, project, true},
		{"unknown role", []pmo.Grant{all("owner")}, Read, project, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Allowed(tt.grants, tt.perm, tt.target); got != tt.want {
				t.Errorf("Allowed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReachOf(t *testing.T) {
	r, all := ReachOf([]pmo.Grant{
		{Role: pmo.ProjectManager, Scope: pmo.ScopeProject, ScopeID: 3},
		{Role: pmo.Executive, Scope: pmo.ScopePortfolio, ScopeID: 1},
		{Role: pmo.Requester, Scope: pmo.ScopeProgram, ScopeID: 2}, // reads nothing
	}, Read)
	if all || len(r.Projects) != 1 || len(r.Portfolios) != 1 || len(r.Programs) != 0 {
		t.Errorf("ReachOf = %+v, %v", r, all)
	}
	if _, all := ReachOf([]pmo.Grant{{Role: pmo.TeamMember, Scope: pmo.ScopeAll}}, Read); !all {
		t.Error("a grant on all reaches everything")
	}
	if !TokenAllows(pmo.ScopeRead, Read) || TokenAllows(pmo.ScopeRead, Edit) || !TokenAllows(pmo.ScopeReadWrite, Edit) {
		t.Error("TokenAllows")
	}
}
