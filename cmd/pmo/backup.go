package main

import (
	"context"
	"fmt"
	"io"

	"github.com/pmohq/pmo/store"
)

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", "backup --db FILE --out FILE", stderr)
	dsn := dbFlag(fs)
	out := fs.String("out", "", "file to write the backup to (must not exist)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(stderr, "--out is required")
		fs.Usage()
		return errUsage
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s; restore by running pmo with --db %s\n", *dsn, *out, *out)
	return nil
}
