package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
	"github.com/pmohq/pmo/store"
)

// openService opens the database and the governance workflow over it.
func openService(ctx context.Context, dsn string) (*store.DB, *compliance.Service, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	return db, compliance.NewService(db, db), nil
}

// actorFlag adds --actor: the name recorded as who acted (in the records
// and the audit trail).
func actorFlag(fs *flag.FlagSet) *string {
	return fs.String("actor", envOr("PMO_ACTOR", ""), "your name, recorded as who acted (env PMO_ACTOR)")
}

// withActor returns ctx acting as name; "" leaves the system actor.
func withActor(ctx context.Context, name string) context.Context {
	if name == "" {
		return ctx
	}
	return pmo.WithActor(ctx, pmo.Actor{Name: name})
}

// required reports the first empty flag among names, printing usage.
func required(fs *flag.FlagSet, names ...string) error {
	for _, n := range names {
		if f := fs.Lookup(n); f != nil && strings.TrimSpace(f.Value.String()) == "" {
			fmt.Fprintf(fs.Output(), "--%s is required\n", n)
			fs.Usage()
			return errUsage
		}
	}
	return nil
}

// findProject resolves a project by numeric id or by code.
func findProject(ctx context.Context, svc pmo.ProjectService, key string) (*pmo.Project, error) {
	if id, err := strconv.ParseInt(key, 10, 64); err == nil {
		return svc.FindProjectByID(ctx, id)
	}
	p, err := svc.FindProjectByCode(ctx, key)
	if pmo.ErrorKind(err) == pmo.NotFound {
		return nil, pmo.Errorf(pmo.NotFound, "no project has the id or code %q", key)
	}
	return p, err
}

// parseExpiry reads an expiry as a date (YYYY-MM-DD, the start of that day
// in UTC) or a number of days from now ("90d").
func parseExpiry(s string, now time.Time) (time.Time, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 {
			return time.Time{}, fmt.Errorf("%q: use a date YYYY-MM-DD or a number of days such as 90d", s)
		}
		return now.AddDate(0, 0, days), nil
	}
	d, err := pmo.ParseDate(s)
	if err != nil || d.IsZero() {
		return time.Time{}, fmt.Errorf("%q: use a date YYYY-MM-DD or a number of days such as 90d", s)
	}
	return d.Time(), nil
}

// seedGovernance publishes the built-in framework as version 1 when none is
// published and records one audit run, so that a demo database has findings.
func seedGovernance(ctx context.Context, db *store.DB, log *slog.Logger) error {
	start := time.Now()
	svc := compliance.NewService(db, db)
	v, published, err := svc.EnsureFramework(ctx)
	if err != nil {
		return fmt.Errorf("publishing the default framework: %w", err)
	}
	if !published {
		return nil
	}
	r, err := svc.Record(ctx, compliance.Filter{})
	if err != nil {
		return fmt.Errorf("recording the first audit: %w", err)
	}
	log.Info("default framework published and audited", "version", v.Seq, "label", v.Label,
		"findings", r.Run.Opened, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// readDocument reads a framework document file; "default" is the built-in one.
func readDocument(name string) ([]byte, error) {
	if name == "default" {
		return governance.DefaultYAML(), nil
	}
	return os.ReadFile(name)
}

// subcommands dispatches args[0] to one of subs, printing help for
// --help and an error for anything unknown.
func subcommands(ctx context.Context, name, help string, subs map[string]func(context.Context, []string, io.Writer, io.Writer) error,
	args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && subs[args[0]] != nil {
		return subs[args[0]](ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] != "--help" && args[0] != "-h" && args[0] != "help" {
		fmt.Fprintf(stderr, "unknown %s command %q\n", name, args[0])
	}
	fmt.Fprintln(stderr, strings.TrimSpace(help))
	if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
		return nil
	}
	return errUsage
}
