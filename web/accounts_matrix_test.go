package web

import (
	"context"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
)

// The account pages (web/ui_accounts.go): anyone signed in manages their
// own tokens; only administrators on everything manage users.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		return map[string]access{
			"POST /account/tokens":                 self,
			"POST /account/tokens/{id}/revoke":     self, // the matrix revokes a token nobody has: 404
			"GET /admin/users":                     admin,
			"POST /admin/users":                    admin,
			"GET /admin/users/{id}":                admin,
			"POST /admin/users/{id}/grants":        admin,
			"POST /admin/users/{id}/grants/remove": admin,
			"POST /admin/users/{id}/disabled":      admin,
			"POST /admin/users/{id}/password":      admin,
		}
	})
	matrixSeeds = append(matrixSeeds, func(t *testing.T, db *store.DB, code string, ids map[string]int64) {
		u := &pmo.User{Name: "account-page-" + code, Grants: []pmo.Grant{}}
		if err := db.CreateUser(context.Background(), u, ""); err != nil {
			t.Fatal(err)
		}
		ids["admin"] = u.ID   // /admin/users/{id}
		ids["account"] = 9999 // /account/tokens/{id}: nobody's token
	})
}
