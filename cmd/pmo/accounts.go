package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/web"
)

// AccountConfig holds the account settings of `pmo serve`.
type AccountConfig struct {
	// AdminUser and AdminPassword create the first administrator when no
	// user of that name exists (env PMO_ADMIN_USER, PMO_ADMIN_PASSWORD):
	// the container-friendly twin of `pmo user add --admin`.
	AdminUser, AdminPassword string
	// InsecureCookies lets sessions work over plain HTTP on hosts other
	// than localhost. Never in production.
	InsecureCookies bool
	// OIDC configures single sign-on; no issuer disables it.
	OIDC web.OIDCConfig
	// OIDCGroups maps provider groups to grants, e.g.
	// "pmo-admins=administrator;finance=executive@portfolio:3".
	OIDCGroups string
}

func (c *AccountConfig) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.AdminUser, "admin-user", envOr("PMO_ADMIN_USER", "admin"), "name of the first administrator (env PMO_ADMIN_USER)")
	// The password comes only from the environment: flags show in process lists.
	c.AdminPassword = os.Getenv("PMO_ADMIN_PASSWORD")
	fs.BoolVar(&c.InsecureCookies, "insecure-cookies", envOr("PMO_INSECURE_COOKIES", "") == "1",
		"send the session cookie over plain HTTP too (development only; env PMO_INSECURE_COOKIES=1)")
	fs.StringVar(&c.OIDC.Issuer, "oidc-issuer", os.Getenv("PMO_OIDC_ISSUER"), "OpenID Connect issuer URL for single sign-on (env PMO_OIDC_ISSUER)")
	fs.StringVar(&c.OIDC.ClientID, "oidc-client-id", os.Getenv("PMO_OIDC_CLIENT_ID"), "OpenID Connect client id (env PMO_OIDC_CLIENT_ID)")
	c.OIDC.ClientSecret = os.Getenv("PMO_OIDC_CLIENT_SECRET")
	fs.StringVar(&c.OIDC.RedirectURL, "oidc-redirect-url", os.Getenv("PMO_OIDC_REDIRECT_URL"),
		"this server's https://HOST/auth/oidc/callback (env PMO_OIDC_REDIRECT_URL)")
	fs.StringVar(&c.OIDC.GroupsClaim, "oidc-groups-claim", envOr("PMO_OIDC_GROUPS_CLAIM", "groups"), "ID token claim with the user's groups")
	fs.StringVar(&c.OIDCGroups, "oidc-groups", os.Getenv("PMO_OIDC_GROUPS"),
		`group-to-role mapping, e.g. "pmo-admins=administrator;finance=executive@portfolio:3" (env PMO_OIDC_GROUPS)`)
}

// parseGroups reads "group=grant,grant;group=grant".
func parseGroups(s string) (map[string][]pmo.Grant, error) {
	out := map[string][]pmo.Grant{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		group, grants, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("oidc groups: %q lacks =", part)
		}
		for _, g := range strings.Split(grants, ",") {
			gr, err := parseGrant(strings.TrimSpace(g))
			if err != nil {
				return nil, fmt.Errorf("oidc groups: %w", err)
			}
			out[strings.TrimSpace(group)] = append(out[strings.TrimSpace(group)], gr)
		}
	}
	return out, nil
}

// setUpAccounts creates the first administrator and the demo users when
// asked, and connects single sign-on.
func (m *Main) setUpAccounts(ctx context.Context, opts *web.Options) error {
	c := m.Config.Accounts
	if c.AdminPassword != "" {
		if _, err := m.DB.FindUserByName(ctx, c.AdminUser); pmo.ErrorKind(err) == pmo.NotFound {
			u := &pmo.User{Name: c.AdminUser, Grants: []pmo.Grant{{Role: pmo.Administrator, Scope: pmo.ScopeAll}}}
			if err := m.DB.CreateUser(ctx, u, c.AdminPassword); err != nil {
				return fmt.Errorf("first administrator: %w", err)
			}
			m.Logger.Info("administrator created from PMO_ADMIN_PASSWORD", "user", u.Name)
		} else if err != nil {
			return err
		}
	}
	if m.Config.Demo {
		if err := createDemoUsers(ctx, m.DB, m.Logger); err != nil {
			return err
		}
	}
	if us, err := m.DB.FindUsers(ctx); err != nil {
		return err
	} else if len(us) == 0 && c.OIDC.Issuer == "" {
		m.Logger.Warn("no user can sign in yet: run `pmo user add --admin --name NAME` or set PMO_ADMIN_PASSWORD")
	}
	if c.OIDC.Issuer != "" {
		groups, err := parseGroups(c.OIDCGroups)
		if err != nil {
			return err
		}
		c.OIDC.Groups = groups
		o, err := web.NewOIDC(ctx, c.OIDC)
		if err != nil {
			return err
		}
		opts.OIDC = o
		m.Logger.Info("single sign-on enabled", "issuer", c.OIDC.Issuer, "groups", len(groups))
	}
	return nil
}
