package store

import (
	"sync"
	"testing"
	"time"

	"github.com/pmohq/pmo"
)

// settableClock is a clock the test moves by hand.
type settableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *settableClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *settableClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestTokenLastUsed checks that a token's use is recorded, at most once per
// TokenUseGranularity, and shown by FindTokens.
func TestTokenLastUsed(t *testing.T) {
	for name, open := range map[string]func(testing.TB, ...Option) *DB{"sqlite": mustOpenSQLite, "postgres": mustOpenPostgres} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := &settableClock{t: testEpoch}
			db := open(t, WithNow(c.now))
			u := &pmo.User{Name: "ada", Grants: []pmo.Grant{}}
			must(t, db.CreateUser(ctx, u, ""))
			tk := &pmo.Token{UserID: u.ID, Scope: pmo.ScopeRead}
			must(t, db.CreateToken(ctx, tk))
			lastUsed := func() *time.Time {
				t.Helper()
				ts, err := db.FindTokens(ctx, u.ID)
				must(t, err)
				return ts[0].LastUsed
			}
			if lu := lastUsed(); lu != nil {
				t.Fatalf("a new token was used at %v", lu)
			}
			c.add(time.Minute)
			got, err := db.AuthenticateToken(ctx, tk.Secret)
			must(t, err)
			first := testEpoch.Add(time.Minute)
			if lu := lastUsed(); lu == nil || !lu.Equal(first) || got.LastUsed == nil || !got.LastUsed.Equal(first) {
				t.Fatalf("after the first use: %v (returned %v), want %v", lu, got.LastUsed, first)
			}
			c.add(TokenUseGranularity - time.Second)
			_, err = db.AuthenticateToken(ctx, tk.Secret)
			must(t, err)
			if lu := lastUsed(); !lu.Equal(first) {
				t.Errorf("a use within the granularity was written: %v", lu)
			}
			c.add(time.Second)
			_, err = db.AuthenticateToken(ctx, tk.Secret)
			must(t, err)
			if lu := lastUsed(); !lu.Equal(first.Add(TokenUseGranularity)) {
				t.Errorf("a use after the granularity: %v, want %v", lu, first.Add(TokenUseGranularity))
			}
			// A refused token records nothing.
			must(t, db.RevokeToken(ctx, u.ID, tk.ID))
			c.add(2 * TokenUseGranularity)
			_, err = db.AuthenticateToken(ctx, tk.Secret)
			wantKind(t, err, pmo.Unauthorized, "")
			if lu := lastUsed(); !lu.Equal(first.Add(TokenUseGranularity)) {
				t.Errorf("a refused use was recorded: %v", lu)
			}
		})
	}
}
