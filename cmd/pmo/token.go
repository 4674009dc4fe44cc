package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
)

func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "Usage: pmo token create|revoke [--db FILE|URL] ...")
		return errUsage
	}
	switch args[0] {
	case "create":
		return runTokenCreate(ctx, args[1:], stdout, stderr)
	case "revoke":
		return runTokenRevoke(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "pmo token: unknown subcommand %q; use create or revoke\n", args[0])
	return errUsage
}

// runTokenCreate mints a token straight in the database and prints it alone
// on the last line, so scripts can take it with `tail -n1`.
func runTokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("token create", "token create [--db FILE|URL] --user NAME [--scope read|read-write] [--name LABEL] [--days N]", stderr)
	dsn := dbFlag(fs)
	user := fs.String("user", "", "login name of the token's owner (required)")
	scope := fs.String("scope", "read", "read or read-write")
	name := fs.String("name", "cli", "label to recognise the token by")
	days := fs.Int("days", 90, "days until the token expires")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *user == "" {
		fmt.Fprintln(stderr, "--user is required")
		return errUsage
	}
	if *scope != string(pmo.ScopeRead) && *scope != string(pmo.ScopeReadWrite) {
		fmt.Fprintf(stderr, "--scope must be read or read-write, not %q\n", *scope)
		return errUsage
	}
	if *days < 1 || *days > 3650 {
		fmt.Fprintln(stderr, "--days must be from 1 to 3650")
		return errUsage
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.FindUserByName(ctx, *user)
	if err != nil {
		return err
	}
	tk := &pmo.Token{UserID: u.ID, Name: *name, Scope: pmo.TokenScope(*scope),
		ExpiresAt: time.Now().UTC().Add(time.Duration(*days) * 24 * time.Hour)}
	if err := db.CreateToken(ctx, tk); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "token %d for %s, scope %s, expires %s; it is shown once:\n", tk.ID, u.Name, tk.Scope,
		tk.ExpiresAt.Format("2006-01-02"))
	fmt.Fprintln(stdout, tk.Secret)
	return nil
}

func runTokenRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("token revoke", "token revoke [--db FILE|URL] --user NAME --id ID", stderr)
	dsn := dbFlag(fs)
	user := fs.String("user", "", "login name of the token's owner (required)")
	id := fs.Int64("id", 0, "id of the token (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *user == "" || *id <= 0 {
		fmt.Fprintln(stderr, "--user and --id are required")
		return errUsage
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.FindUserByName(ctx, *user)
	if err != nil {
		return err
	}
	if err := db.RevokeToken(ctx, u.ID, *id); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "token %d revoked\n", *id)
	return nil
}
