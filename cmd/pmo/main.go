// Command pmo runs the pmo web app and REST API, and the jobs around it:
// migrations, demo data, backups and benchmarks.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand of pmo.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "run the web app and REST API", runServe},
		{"migrate", "apply database migrations", runMigrate},
		{"demo", "load a generated demo portfolio into an empty database", runDemo},
		{"backup", "copy a SQLite database online to a file", runBackup},
		{"user", "add users, set passwords, list users and their roles", runUser},
		{"token", "create or revoke API tokens", runToken},
		{"remote", "call a running pmo server with an API token: me, get, post, patch, delete, projects, risks, audit", runRemote},
		{"audit", "audit projects against the governance framework", runAudit},
		{"framework", "validate, compare, print, publish or dry-run governance frameworks", runFramework},
		{"gate", "request, check, decide and list gate reviews", runGate},
		{"waiver", "grant, list or revoke waivers of framework rules", runWaiver},
		{"rule", "comment on framework rules; rule statistics beside the comments", runRule},
		{"insights", "portfolio views of the recorded audits: where findings concentrate, trends", runInsights},
		{"optimize", "choose the best portfolio of proposals within budget and capacity", runOptimize},
		{"schedule", "import, export, reschedule, level, baseline and check project schedules (MS Project XML)", runSchedule},
		{"bench", "measure the engines on published benchmark sets", runBench},
		{"version", "print the version", runVersion},
	}
}

// errUsage marks an error already explained by a usage message.
var errUsage = errors.New("usage")

// run executes one command and returns the process exit code: 0 on success,
// 2 for bad usage, 1 for any other failure.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		}
		fmt.Fprintf(stderr, "pmo %s: %v\n", c.name, err)
		return 1
	}
	fmt.Fprintf(stderr, "pmo: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "pmo: the open-source platform for project management offices")
	fmt.Fprintln(w, "\nUsage: pmo <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'pmo <command> --help' for the flags of a command.")
}

// newFlags returns a flag set that prints its usage to stderr and reports
// parse errors as errUsage, so the caller exits 2 without repeating them.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("pmo "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: pmo %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args and rejects stray positional arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}

// choice is a flag value limited to a few words; parsing rejects any other.
type choice struct {
	value   string
	allowed []string
}

func (c *choice) String() string {
	if c == nil {
		return ""
	}
	return c.value
}

func (c *choice) Set(s string) error {
	if !slices.Contains(c.allowed, s) {
		return fmt.Errorf("must be one of %s", strings.Join(c.allowed, ", "))
	}
	c.value = s
	return nil
}

// formatFlag adds --format, limited to allowed; the first is the default.
func formatFlag(fs *flag.FlagSet, allowed ...string) *string {
	c := &choice{value: allowed[0], allowed: allowed}
	fs.Var(c, "format", "output: "+strings.Join(allowed, ", "))
	return &c.value
}

// envOr returns the environment variable key, or def when it is unset.
func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// dbFlag adds the --db flag shared by every command that opens a database.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", envOr("PMO_DB", "pmo.db"),
		"SQLite database file, or a postgres:// URL (env PMO_DB)")
}
