package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/pmohq/pmo/internal/remote"
)

// remoteSynopsis is the first line of pmo remote's usage.
const remoteSynopsis = "remote [--server URL] [--token-file FILE | --token TOKEN] COMMAND [flags] [args]"

// remoteCommand is one subcommand of pmo remote.
type remoteCommand struct {
	name, args, summary string
	run                 func(ctx context.Context, rc *remoteCall) error
}

func remoteCommands() []remoteCommand {
	return []remoteCommand{
		{"me", "[--json]", "who the token belongs to, with roles", remoteMe},
		{"get", "PATH", "GET PATH and print the JSON answer (PATH: /api/v1/... or short, e.g. projects?rag=red)", remoteGet},
		{"post", "PATH [--data JSON|@FILE]", "POST a JSON body (from --data or stdin) and print the answer", remoteWrite(http.MethodPost)},
		{"patch", "PATH [--data JSON|@FILE] [--if-match VERSION]", "PATCH with a JSON merge patch", remoteWrite(http.MethodPatch)},
		{"delete", "PATH [--if-match VERSION]", "DELETE a record", remoteWrite(http.MethodDelete)},
		{"projects", "[filters]", "list projects as a table (or csv, json)", remoteProjects},
		{"risks", "[filters]", "list risks as a table (or csv, json)", remoteRisks},
		{"audit", "[--csv] [filters]", "read the audit trail; --csv streams the CSV export", remoteAudit},
	}
}

// connFlags are the flags that say where and as whom to connect. They may
// come before the subcommand or after it.
type connFlags struct {
	server, token, tokenFile string
	insecureHTTP             bool
}

func (c *connFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.server, "server", c.server, "pmo server URL, e.g. https://pmo.example.org (env PMO_SERVER)")
	fs.StringVar(&c.token, "token", c.token, "API token; prefer --token-file or PMO_TOKEN, as other users of this machine can see command lines")
	fs.StringVar(&c.tokenFile, "token-file", c.tokenFile, "file holding the API token (env PMO_TOKEN_FILE)")
	fs.BoolVar(&c.insecureHTTP, "insecure-http", c.insecureHTTP, "allow sending the token over plain http:// to a host other than localhost")
}

// client builds the API client; what is missing or malformed is a usage
// error. The token itself is never printed.
func (c *connFlags) client(stderr io.Writer) (*remote.Client, error) {
	if c.server == "" {
		fmt.Fprintln(stderr, "pmo remote: no server: pass --server URL or set PMO_SERVER")
		return nil, errUsage
	}
	token := c.token
	if token == "" && c.tokenFile != "" {
		b, err := os.ReadFile(c.tokenFile)
		if err != nil {
			fmt.Fprintf(stderr, "pmo remote: cannot read the token file: %v\n", err)
			return nil, errUsage
		}
		token = strings.TrimSpace(string(b))
		if st, err := os.Stat(c.tokenFile); err == nil && st.Mode().Perm()&0o077 != 0 {
			fmt.Fprintf(stderr, "pmo remote: warning: other users may read %s (mode %v); chmod 600 it\n", c.tokenFile, st.Mode().Perm())
		}
	}
	if token == "" {
		token = strings.TrimSpace(os.Getenv("PMO_TOKEN"))
	}
	if token == "" {
		fmt.Fprintln(stderr, "pmo remote: no API token: pass --token-file FILE, set PMO_TOKEN, or pass --token; "+
			"mint one on your account page (/account) or with `pmo token create`")
		return nil, errUsage
	}
	cl, err := remote.New(c.server, token, c.insecureHTTP)
	if err != nil {
		fmt.Fprintf(stderr, "pmo remote: %v\n", err)
		return nil, errUsage
	}
	cl.UserAgent = "pmo-remote/" + version
	return cl, nil
}

// remoteCall is what a subcommand works with: its arguments, the
// connection flags to add to its own flag set, and the streams.
type remoteCall struct {
	conn           *connFlags
	args           []string
	stdout, stderr io.Writer
}

// flags returns the subcommand's flag set, with the connection flags.
func (rc *remoteCall) flags(name, synopsis string) *flag.FlagSet {
	fs := newFlags("remote "+name, "remote "+name+" "+synopsis, rc.stderr)
	rc.conn.register(fs)
	return fs
}

// parse parses flags wherever they stand among the positional arguments
// (`get /api/v1/x --server URL` works) and wants exactly npos of those.
func (rc *remoteCall) parse(fs *flag.FlagSet, npos int) ([]string, error) {
	var pos []string
	args := rc.args
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos, args = append(pos, args[0]), args[1:]
	}
	if len(pos) != npos {
		if len(pos) > npos {
			fmt.Fprintf(rc.stderr, "unexpected argument %q\n", pos[npos])
		} else {
			fmt.Fprintln(rc.stderr, "missing argument")
		}
		fs.Usage()
		return nil, errUsage
	}
	return pos, nil
}

func runRemote(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	conn := &connFlags{server: os.Getenv("PMO_SERVER"), tokenFile: os.Getenv("PMO_TOKEN_FILE")}
	fs := newFlags("remote", remoteSynopsis, stderr)
	conn.register(fs)
	fs.Usage = func() { remoteUsage(fs, stderr) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() == 0 {
		remoteUsage(fs, stderr)
		return errUsage
	}
	name := fs.Arg(0)
	for _, c := range remoteCommands() {
		if c.name == name {
			return c.run(ctx, &remoteCall{conn: conn, args: fs.Args()[1:], stdout: stdout, stderr: stderr})
		}
	}
	fmt.Fprintf(stderr, "pmo remote: unknown command %q\n\n", name)
	remoteUsage(fs, stderr)
	return errUsage
}

func remoteUsage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "Usage: pmo %s\n\nCalls a running pmo server with a personal API token (Authorization: Bearer).\n\nCommands:\n", remoteSynopsis)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range remoteCommands() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.name, c.args, c.summary)
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "\nFlags (before or after the command):")
	fs.PrintDefaults()
	fmt.Fprintln(w, "\nExit status: 0 done, 1 the server refused or could not be reached, 2 bad usage.")
}
