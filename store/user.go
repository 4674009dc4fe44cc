package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

const userCols = "id, name, full_name, email, disabled, COALESCE(subject, ''), created_at"

func scanUser(rs rowScanner) (*pmo.User, error) {
	var u pmo.User
	var disabled int
	err := rs.Scan(&u.ID, &u.Name, &u.FullName, &u.Email, &disabled, &u.Subject, timeScan{&u.CreatedAt})
	u.Disabled = disabled != 0
	u.Grants = []pmo.Grant{}
	return &u, err
}

// userView is what the audit trail records of a user: never the hash.
func userView(u *pmo.User) map[string]any {
	return map[string]any{"name": u.Name, "full_name": u.FullName, "email": u.Email,
		"disabled": u.Disabled, "grants": u.Grants, "subject": u.Subject}
}

// CreateUser stores u with an argon2id hash of password (none when empty,
// for SSO-only users). Invalid for a bad name or a weak password, Conflict
// for a name in use.
func (db *DB) CreateUser(ctx context.Context, u *pmo.User, password string) error {
	if err := u.Prepare(); err != nil {
		return err
	}
	hash := ""
	if password != "" {
		if why := auth.CheckPasswordStrength(password); why != "" {
			return pmo.FieldErr("password", "%s", why)
		}
		hash = auth.HashPassword(password)
	}
	return db.write(ctx, func(t *tx) error { return t.createUser(u, hash) })
}

func (t *tx) createUser(u *pmo.User, hash string) error {
	var subject any
	if u.Subject != "" {
		subject = u.Subject
	}
	id, err := t.insert(`INSERT INTO users (name, full_name, email, password_hash, disabled, subject, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, u.Name, u.FullName, u.Email, hash, boolInt(u.Disabled), subject,
		timeArg(t.now), timeArg(t.now))
	if err != nil {
		return err
	}
	u.ID, u.CreatedAt = id, t.now
	if err := t.insertGrants(u.ID, u.Grants); err != nil {
		return err
	}
	return t.audit("user", u.ID, 0, pmo.AuditCreate, nil, userView(u))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (t *tx) insertGrants(userID int64, gs []pmo.Grant) error {
	for i := range gs {
		g := &gs[i]
		g.UserID = userID
		id, err := t.insert("INSERT INTO grants (user_id, role, scope, scope_id) VALUES (?, ?, ?, ?)",
			userID, g.Role, g.Scope, g.ScopeID)
		if err != nil {
			return err
		}
		g.ID = id
	}
	return nil
}

func (t *tx) grantsOf(userID int64) ([]pmo.Grant, error) {
	rows, err := t.query("SELECT id, user_id, role, scope, scope_id FROM grants WHERE user_id = ? ORDER BY id", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	gs := []pmo.Grant{}
	for rows.Next() {
		var g pmo.Grant
		if err := rows.Scan(&g.ID, &g.UserID, &g.Role, &g.Scope, &g.ScopeID); err != nil {
			return nil, err
		}
		gs = append(gs, g)
	}
	return gs, rows.Err()
}

func (t *tx) findUser(cond string, arg any) (*pmo.User, error) {
	u, err := scanUser(t.queryRow("SELECT "+userCols+" FROM users WHERE "+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pmo.Errorf(pmo.NotFound, "user not found")
	}
	if err != nil {
		return nil, err
	}
	u.Grants, err = t.grantsOf(u.ID)
	return u, err
}

// FindUserByID returns NotFound.
func (db *DB) FindUserByID(ctx context.Context, id int64) (u *pmo.User, err error) {
	err = db.read(ctx, func(t *tx) error {
		u, err = t.findUser("id = ?", id)
		return err
	})
	return u, err
}

// FindUserByName returns NotFound.
func (db *DB) FindUserByName(ctx context.Context, name string) (u *pmo.User, err error) {
	err = db.read(ctx, func(t *tx) error {
		u, err = t.findUser("name = ?", name)
		return err
	})
	return u, err
}

// FindUsers lists every user by name, with grants.
func (db *DB) FindUsers(ctx context.Context) (us []*pmo.User, err error) {
	err = db.read(ctx, func(t *tx) error {
		rows, err := t.query("SELECT " + userCols + " FROM users ORDER BY name")
		if err != nil {
			return err
		}
		us = []*pmo.User{}
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				rows.Close()
				return err
			}
			us = append(us, u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, u := range us {
			if u.Grants, err = t.grantsOf(u.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return us, err
}

// SetGrants replaces the grants of a user; NotFound, Invalid.
func (db *DB) SetGrants(ctx context.Context, userID int64, grants []pmo.Grant) error {
	for i := range grants {
		if err := grants[i].Validate(); err != nil {
			return err
		}
	}
	return db.write(ctx, func(t *tx) error { return t.setGrants(userID, grants) })
}

func (t *tx) setGrants(userID int64, grants []pmo.Grant) error {
	before, err := t.findUser("id = ?", userID)
	if err != nil {
		return err
	}
	if _, err := t.exec("DELETE FROM grants WHERE user_id = ?", userID); err != nil {
		return err
	}
	if err := t.insertGrants(userID, grants); err != nil {
		return err
	}
	after := *before
	after.Grants = grants
	return t.audit("user", userID, 0, pmo.AuditUpdate, userView(before), userView(&after))
}

// SetUserDisabled disables or re-enables a user. Disabling ends its
// sessions; its tokens are refused while it is disabled.
func (db *DB) SetUserDisabled(ctx context.Context, userID int64, disabled bool) error {
	return db.write(ctx, func(t *tx) error {
		before, err := t.findUser("id = ?", userID)
		if err != nil {
			return err
		}
		if _, err := t.exec("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?", boolInt(disabled), timeArg(t.now), userID); err != nil {
			return err
		}
		if disabled {
			if _, err := t.exec("DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
				return err
			}
		}
		after := *before
		after.Disabled = disabled
		return t.audit("user", userID, 0, pmo.AuditUpdate, userView(before), userView(&after))
	})
}

// errSignIn is the one answer to every failed sign-in, so that it does not
// tell which part was wrong.
var errSignIn = pmo.Errorf(pmo.Unauthorized, "wrong user name or password")

// Authenticate checks name and password; Unauthorized alike for an unknown
// user, a wrong password or a disabled account. An unknown name costs as
// much time as a known one.
func (db *DB) Authenticate(ctx context.Context, name, password string) (u *pmo.User, err error) {
	var hash string
	err = db.read(ctx, func(t *tx) error {
		err := t.queryRow("SELECT password_hash FROM users WHERE name = ?", name).Scan(&hash)
		if errors.Is(err, sql.ErrNoRows) {
			hash = ""
			return nil
		}
		if err != nil {
			return err
		}
		u, err = t.findUser("name = ?", name)
		return err
	})
	if err != nil {
		return nil, err
	}
	ok := auth.CheckPassword(hash, password)
	if !ok || u == nil || u.Disabled {
		return nil, errSignIn
	}
	return u, nil
}

// ChangePassword checks old and sets new.
func (db *DB) ChangePassword(ctx context.Context, userID int64, old, new string) error {
	var hash string
	err := db.read(ctx, func(t *tx) error {
		return t.queryRow("SELECT password_hash FROM users WHERE id = ?", userID).Scan(&hash)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return pmo.Errorf(pmo.NotFound, "user not found")
	}
	if err != nil {
		return err
	}
	if !auth.CheckPassword(hash, old) {
		return &pmo.Error{Kind: pmo.Invalid, Message: "the current password is wrong",
			Fields: []pmo.FieldError{{Field: "old_password", Detail: "is wrong"}}}
	}
	return db.SetPassword(ctx, userID, new)
}

// SetPassword sets a new password and ends the user's sessions.
func (db *DB) SetPassword(ctx context.Context, userID int64, password string) error {
	if why := auth.CheckPasswordStrength(password); why != "" {
		return pmo.FieldErr("password", "%s", why)
	}
	hash := auth.HashPassword(password)
	return db.write(ctx, func(t *tx) error {
		res, err := t.exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, timeArg(t.now), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return pmo.Errorf(pmo.NotFound, "user not found")
		}
		// Other sessions may have been opened with the old password.
		if _, err := t.exec("DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
			return err
		}
		return t.audit("user", userID, 0, "password_change", nil, nil)
	})
}

// UpsertSSOUser finds the user by u.Subject, or creates it (renaming on a
// name clash by appending the subject's hash), and replaces its grants.
func (db *DB) UpsertSSOUser(ctx context.Context, u *pmo.User) error {
	if err := u.Prepare(); err != nil {
		return err
	}
	if u.Subject == "" {
		return pmo.FieldErr("subject", "is required")
	}
	return db.write(ctx, func(t *tx) error {
		cur, err := t.findUser("subject = ?", u.Subject)
		if pmo.ErrorKind(err) == pmo.NotFound {
			var n int
			if err := t.queryRow("SELECT COUNT(*) FROM users WHERE name = ?", u.Name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				u.Name = u.Name + "-" + auth.HashSecret(u.Subject)[:8]
			}
			return t.createUser(u, "")
		}
		if err != nil {
			return err
		}
		if cur.Disabled {
			return errSignIn
		}
		u.ID, u.Name, u.CreatedAt = cur.ID, cur.Name, cur.CreatedAt
		if _, err := t.exec("UPDATE users SET full_name = ?, email = ?, updated_at = ? WHERE id = ?",
			u.FullName, u.Email, timeArg(t.now), u.ID); err != nil {
			return err
		}
		return t.setGrants(u.ID, u.Grants)
	})
}

// CreateSession starts a session of ttl for userID and returns its secret;
// only the secret's hash is stored.
func (db *DB) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (secret string, s *pmo.Session, err error) {
	secret = auth.NewSecret("")
	s = &pmo.Session{UserID: userID, CSRF: auth.NewSecret("")}
	err = db.write(ctx, func(t *tx) error {
		s.ExpiresAt = t.now.Add(ttl)
		// Expired sessions go as new ones come.
		if _, err := t.exec("DELETE FROM sessions WHERE expires_at < ?", timeArg(t.now)); err != nil {
			return err
		}
		_, err := t.exec("INSERT INTO sessions (user_id, secret_hash, csrf, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
			userID, auth.HashSecret(secret), s.CSRF, timeArg(s.ExpiresAt), timeArg(t.now))
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return secret, s, nil
}

// FindSession returns the live session of secret; Unauthorized otherwise.
func (db *DB) FindSession(ctx context.Context, secret string) (s *pmo.Session, err error) {
	err = db.read(ctx, func(t *tx) error {
		s = &pmo.Session{}
		err := t.queryRow(`SELECT s.user_id, s.csrf, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
			WHERE s.secret_hash = ? AND u.disabled = 0`, auth.HashSecret(secret)).
			Scan(&s.UserID, &s.CSRF, timeScan{&s.ExpiresAt})
		if errors.Is(err, sql.ErrNoRows) {
			return pmo.Errorf(pmo.Unauthorized, "not signed in")
		}
		if err != nil {
			return err
		}
		if !t.now.Before(s.ExpiresAt) {
			return pmo.Errorf(pmo.Unauthorized, "the session has expired; sign in again")
		}
		return nil
	})
	return s, err
}

// DeleteSession ends the session of secret.
func (db *DB) DeleteSession(ctx context.Context, secret string) error {
	return db.write(ctx, func(t *tx) error {
		_, err := t.exec("DELETE FROM sessions WHERE secret_hash = ?", auth.HashSecret(secret))
		return err
	})
}
