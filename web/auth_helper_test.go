package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
)

// mustAdminToken creates the user "admin", an administrator on everything,
// and returns a read-write API token for it: the one-line way for a test
// to call the server as someone allowed to do anything. The token stays
// valid in copies of the database.
func mustAdminToken(tb testing.TB, db *store.DB) string {
	tb.Helper()
	return mustUserToken(tb, db, "admin", pmo.ScopeReadWrite, pmo.Grant{Role: pmo.Administrator, Scope: pmo.ScopeAll})
}

// mustUserToken creates a user with grants and returns an API token of scope.
func mustUserToken(tb testing.TB, db *store.DB, name string, scope pmo.TokenScope, grants ...pmo.Grant) string {
	tb.Helper()
	ctx := context.Background()
	if grants == nil {
		grants = []pmo.Grant{}
	}
	u := &pmo.User{Name: name, FullName: name, Grants: grants}
	if err := db.CreateUser(ctx, u, "password-of-"+name); err != nil {
		tb.Fatalf("create user %s: %v", name, err)
	}
	tk := &pmo.Token{UserID: u.ID, Name: "test", Scope: scope}
	if err := db.CreateToken(ctx, tk); err != nil {
		tb.Fatalf("create token for %s: %v", name, err)
	}
	return tk.Secret
}

// auth signs req with the environment's administrator token.
func (e *env) auth(req *http.Request) *http.Request {
	req.Header.Set("Authorization", "Bearer "+e.token)
	return req
}

// signIn signs the browser in through the sign-in form, as a person would.
func (b *browser) signIn(name, password string) {
	b.t.Helper()
	b.do("sign in as "+name,
		chromedp.Navigate(b.url+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SetValue(chromedp.CSS("#name"), name),
		chromedp.SetValue(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS("form[action='/login'] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("a[href='/account']")))
}
