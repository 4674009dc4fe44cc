package main

import (
	"context"
	"fmt"
	"io"
	"net/url"

	"github.com/pmohq/pmo/store"
)

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", "migrate [--db FILE|URL]", stderr)
	dsn := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	// Open applies pending migrations; Migrate reports the version reached.
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database %s is at schema version %d\n", redactDSN(*dsn), v)
	return nil
}

func parseURL(s string) (*url.URL, error) { return url.Parse(s) }
