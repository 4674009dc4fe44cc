package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// DefaultTokenTTL is the lifetime of a token created without an expiry.
const DefaultTokenTTL = 90 * 24 * time.Hour

const tokenCols = "id, user_id, name, scope, expires_at, revoked_at, last_used_at, created_at"

func scanToken(rs rowScanner) (*pmo.Token, error) {
	var tk pmo.Token
	var revoked, used sql.NullString
	err := rs.Scan(&tk.ID, &tk.UserID, &tk.Name, &tk.Scope, timeScan{&tk.ExpiresAt}, &revoked, &used, timeScan{&tk.CreatedAt})
	if err != nil {
		return nil, err
	}
	for _, p := range []struct {
		s   sql.NullString
		dst **time.Time
	}{{revoked, &tk.RevokedAt}, {used, &tk.LastUsed}} {
		if p.s.Valid {
			var at time.Time
			if err := (timeScan{&at}).Scan(p.s.String); err != nil {
				return nil, err
			}
			*p.dst = &at
		}
	}
	return &tk, nil
}

// CreateToken mints a token for tk.UserID: it sets tk.Secret (shown once)
// and stores only its hash. A zero ExpiresAt means DefaultTokenTTL.
func (db *DB) CreateToken(ctx context.Context, tk *pmo.Token) error {
	var v pmo.Validator
	if tk.Scope == "" {
		tk.Scope = pmo.ScopeRead
	}
	v.Check(tk.Scope == pmo.ScopeRead || tk.Scope == pmo.ScopeReadWrite, "scope", "must be read or read-write")
	v.Check(len(tk.Name) <= 200, "name", "must be at most 200 characters")
	if err := v.Err(); err != nil {
		return err
	}
	tk.Secret = auth.NewSecret("pmo_")
	return db.write(ctx, func(t *tx) error {
		if tk.ExpiresAt.IsZero() {
			tk.ExpiresAt = t.now.Add(DefaultTokenTTL)
		}
		if !tk.ExpiresAt.After(t.now) {
			return pmo.FieldErr("expires_at", "must be in the future")
		}
		if err := t.mustExist("users", "user", tk.UserID); err != nil {
			return err
		}
		id, err := t.insert(`INSERT INTO api_tokens (user_id, name, secret_hash, scope, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, tk.UserID, tk.Name, auth.HashSecret(tk.Secret), tk.Scope,
			timeArg(tk.ExpiresAt), timeArg(t.now))
		if err != nil {
			return err
		}
		tk.ID, tk.CreatedAt = id, t.now
		return t.audit("token", id, 0, pmo.AuditCreate, nil, map[string]any{"user_id": tk.UserID, "name": tk.Name,
			"scope": tk.Scope, "expires_at": tk.ExpiresAt})
	})
}

// FindTokens lists a user's tokens, newest first, without secrets.
func (db *DB) FindTokens(ctx context.Context, userID int64) (ts []*pmo.Token, err error) {
	err = db.read(ctx, func(t *tx) error {
		rows, err := t.query("SELECT "+tokenCols+" FROM api_tokens WHERE user_id = ? ORDER BY id DESC", userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		ts = []*pmo.Token{}
		for rows.Next() {
			tk, err := scanToken(rows)
			if err != nil {
				return err
			}
			ts = append(ts, tk)
		}
		return rows.Err()
	})
	return ts, err
}

// TokenUseGranularity is how fresh a token's LastUsed is kept: the use is
// written when the recorded one is older, so that a script calling the API
// in a loop costs SQLite's one writer a write an hour, not one a request.
const TokenUseGranularity = time.Hour

// AuthenticateToken returns the live token of secret; Unauthorized when
// unknown, expired, revoked or of a disabled user. It records the use in
// LastUsed to within TokenUseGranularity.
func (db *DB) AuthenticateToken(ctx context.Context, secret string) (tk *pmo.Token, err error) {
	var now time.Time
	err = db.read(ctx, func(t *tx) error {
		now = t.now
		tk, err = scanToken(t.queryRow(`SELECT t.id, t.user_id, t.name, t.scope, t.expires_at, t.revoked_at,
			t.last_used_at, t.created_at FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.secret_hash = ? AND u.disabled = 0`, auth.HashSecret(secret)))
		if errors.Is(err, sql.ErrNoRows) {
			return pmo.Errorf(pmo.Unauthorized, "the API token is not valid")
		}
		if err != nil {
			return err
		}
		if tk.RevokedAt != nil {
			return pmo.Errorf(pmo.Unauthorized, "the API token has been revoked")
		}
		if !t.now.Before(tk.ExpiresAt) {
			return pmo.Errorf(pmo.Unauthorized, "the API token has expired")
		}
		return nil
	})
	if err != nil || (tk.LastUsed != nil && now.Sub(*tk.LastUsed) < TokenUseGranularity) {
		return tk, err
	}
	// Not part of the audit trail (nothing about the token changes), and a
	// failure to note the use must not refuse a valid token.
	if werr := db.write(ctx, func(t *tx) error {
		_, err := t.exec("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", timeArg(t.now), tk.ID)
		used := t.now
		tk.LastUsed = &used
		return err
	}); werr != nil && ctx.Err() == nil {
		db.log.WarnContext(ctx, "recording the use of an API token failed", "token_id", tk.ID, "err", werr)
	}
	return tk, nil
}

// RevokeToken revokes token tokenID of userID; NotFound when the user has no such token.
func (db *DB) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return db.write(ctx, func(t *tx) error {
		res, err := t.exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
			timeArg(t.now), tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return pmo.Errorf(pmo.NotFound, "token %d not found", tokenID)
		}
		return t.audit("token", tokenID, 0, "revoke", nil, nil)
	})
}
