package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/internal/remote"
)

// remoteMe prints who the token belongs to and the roles it carries.
func remoteMe(ctx context.Context, rc *remoteCall) error {
	fs := rc.flags("me", "[--json]")
	asJSON := fs.Bool("json", false, "print the JSON answer")
	if _, err := rc.parse(fs, 0); err != nil {
		return err
	}
	cl, err := rc.conn.client(rc.stderr)
	if err != nil {
		return err
	}
	if *asJSON {
		return rawCall(ctx, cl, remote.Request{Method: http.MethodGet, Path: "me"}, rc.stdout)
	}
	var u pmo.User
	if err := cl.JSON(ctx, http.MethodGet, "me", nil, &u); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(rc.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "user\t%s (id %d)\n", u.Name, u.ID)
	if u.FullName != "" {
		fmt.Fprintf(tw, "name\t%s\n", u.FullName)
	}
	if u.Email != "" {
		fmt.Fprintf(tw, "email\t%s\n", u.Email)
	}
	fmt.Fprintf(tw, "server\t%s\n", cl.Server())
	if len(u.Grants) == 0 {
		fmt.Fprintln(tw, "roles\tnone")
	}
	for i, g := range u.Grants {
		label := ""
		if i == 0 {
			label = "roles"
		}
		on := "everything"
		if g.Scope != pmo.ScopeAll {
			on = fmt.Sprintf("%s %d", g.Scope, g.ScopeID)
		}
		fmt.Fprintf(tw, "%s\t%s on %s\n", label, g.Role, on)
	}
	return tw.Flush()
}

// remoteGet prints the raw answer of GET PATH, streamed.
func remoteGet(ctx context.Context, rc *remoteCall) error {
	fs := rc.flags("get", "PATH")
	pos, err := rc.parse(fs, 1)
	if err != nil {
		return err
	}
	cl, err := rc.conn.client(rc.stderr)
	if err != nil {
		return err
	}
	return rawCall(ctx, cl, remote.Request{Method: http.MethodGet, Path: pos[0], Accept: "*/*"}, rc.stdout)
}

// remoteWrite returns the command for a write: the body comes from --data
// (JSON, or @FILE) or stdin; PATCH sends a JSON merge patch.
func remoteWrite(method string) func(ctx context.Context, rc *remoteCall) error {
	return func(ctx context.Context, rc *remoteCall) error {
		name := strings.ToLower(method)
		synopsis := "PATH [--data JSON|@FILE] [--if-match VERSION]"
		if method == http.MethodDelete {
			synopsis = "PATH [--if-match VERSION]"
		}
		fs := rc.flags(name, synopsis)
		data := fs.String("data", "", "the JSON body, or @FILE to read it from a file; without it the body is read from stdin")
		ifMatch := ""
		if method != http.MethodPost {
			fs.StringVar(&ifMatch, "if-match", "", `the version you read (the record's "version", or its ETag): the server refuses with 412 if it changed since`)
		}
		pos, err := rc.parse(fs, 1)
		if err != nil {
			return err
		}
		req := remote.Request{Method: method, Path: pos[0], IfMatch: ifMatch}
		if method == http.MethodPatch {
			req.ContentType = "application/merge-patch+json"
		}
		if method != http.MethodDelete || *data != "" {
			body, err := readBody(*data, rc.stderr)
			if err != nil {
				return err
			}
			req.Body = body
		}
		cl, err := rc.conn.client(rc.stderr)
		if err != nil {
			return err
		}
		return rawCall(ctx, cl, req, rc.stdout)
	}
}

// readBody reads the body of a write from --data, @FILE or stdin, and
// checks that it is JSON before anything is sent.
func readBody(data string, stderr io.Writer) ([]byte, error) {
	var body []byte
	var err error
	switch {
	case strings.HasPrefix(data, "@"):
		body, err = os.ReadFile(data[1:])
		if err != nil {
			fmt.Fprintf(stderr, "pmo remote: --data: %v\n", err)
			return nil, errUsage
		}
	case data != "":
		body = []byte(data)
	default:
		if stdin == nil {
			stdin = os.Stdin
		}
		// Waiting for someone to type JSON at a terminal is never meant.
		if f, ok := stdin.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				fmt.Fprintln(stderr, "pmo remote: no body: pass --data JSON, --data @FILE, or pipe JSON on stdin")
				return nil, errUsage
			}
		}
		body, err = io.ReadAll(io.LimitReader(stdin, 16<<20))
		if err != nil {
			return nil, fmt.Errorf("reading the body from stdin: %w", err)
		}
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		fmt.Fprintln(stderr, "pmo remote: no body: pass --data JSON, --data @FILE, or pipe JSON on stdin")
		return nil, errUsage
	}
	if !json.Valid(body) {
		fmt.Fprintln(stderr, "pmo remote: the body is not valid JSON")
		return nil, errUsage
	}
	return body, nil
}

// rawCall sends req and copies the answer to stdout as it comes.
func rawCall(ctx context.Context, cl *remote.Client, req remote.Request, stdout io.Writer) error {
	res, err := cl.Do(ctx, req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(stdout, res.Body); err != nil {
		return fmt.Errorf("reading the answer: %w", err)
	}
	return nil
}
