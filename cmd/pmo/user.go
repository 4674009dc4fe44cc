package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/store"
)

// grantFlags collects repeated --grant role[@scope:id] flags.
type grantFlags []pmo.Grant

func (g *grantFlags) String() string { return "" }

func (g *grantFlags) Set(v string) error {
	gr, err := parseGrant(v)
	if err != nil {
		return err
	}
	*g = append(*g, gr)
	return nil
}

// parseGrant reads "role" (on everything) or "role@portfolio:3",
// "role@program:7", "role@project:12".
func parseGrant(v string) (pmo.Grant, error) {
	role, scope, ok := strings.Cut(v, "@")
	g := pmo.Grant{Role: pmo.Role(role), Scope: pmo.ScopeAll}
	if ok {
		kind, id, _ := strings.Cut(scope, ":")
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return g, fmt.Errorf("grant %q: the scope must be portfolio:ID, program:ID or project:ID", v)
		}
		g.Scope, g.ScopeID = pmo.ScopeKind(kind), n
	}
	if err := g.Validate(); err != nil {
		return g, fmt.Errorf("grant %q: %v (roles: %v)", v, err, pmo.Roles)
	}
	return g, nil
}

// readPassword takes the first line of stdin when asked to, or makes one up.
func readPassword(fromStdin bool, stdin io.Reader) (pw string, generated bool, err error) {
	if !fromStdin {
		return auth.NewSecret("")[:24], true, nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", false, err
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}

// stdin is where --password-stdin reads; tests replace it.
var stdin io.Reader = os.Stdin

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	synopsis := "user add|password|list|disable|enable [--db FILE|URL] ..."
	if len(args) == 0 {
		fmt.Fprintf(stderr, "Usage: pmo %s\n", synopsis)
		return errUsage
	}
	switch args[0] {
	case "add":
		return runUserAdd(ctx, args[1:], stdout, stderr)
	case "password":
		return runUserPassword(ctx, args[1:], stdout, stderr)
	case "list":
		return runUserList(ctx, args[1:], stdout, stderr)
	case "disable", "enable":
		return runUserDisable(ctx, args[0], args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "pmo user: unknown subcommand %q; use add, password, list, disable or enable\n", args[0])
	return errUsage
}

func runUserAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user add", "user add [--db FILE|URL] --name NAME [--admin] [--grant ROLE[@KIND:ID]]... [--password-stdin]", stderr)
	dsn := dbFlag(fs)
	u := &pmo.User{}
	var grants grantFlags
	fs.StringVar(&u.Name, "name", "", "login name (required)")
	fs.StringVar(&u.FullName, "full-name", "", "full name, recorded as the actor of the user's changes")
	fs.StringVar(&u.Email, "email", "", "e-mail address")
	admin := fs.Bool("admin", false, "make the user an administrator of everything")
	fs.Var(&grants, "grant", "a role, on everything or on one portfolio, program or project: e.g. executive, project_manager@project:12 (repeatable)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin (default: generate and print one)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if u.Name == "" {
		fmt.Fprintln(stderr, "--name is required")
		return errUsage
	}
	u.Grants = grants
	if *admin {
		u.Grants = append(u.Grants, pmo.Grant{Role: pmo.Administrator, Scope: pmo.ScopeAll})
	}
	if u.Grants == nil {
		u.Grants = []pmo.Grant{}
	}
	pw, generated, err := readPassword(*pwStdin, stdin)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CreateUser(ctx, u, pw); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %s created (id %d)\n", u.Name, u.ID)
	if generated {
		fmt.Fprintf(stdout, "password (shown once): %s\n", pw)
	}
	return nil
}

func runUserPassword(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user password", "user password [--db FILE|URL] --name NAME [--password-stdin]", stderr)
	dsn := dbFlag(fs)
	name := fs.String("name", "", "login name (required)")
	pwStdin := fs.Bool("password-stdin", false, "read the new password from stdin (default: generate and print one)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *name == "" {
		fmt.Fprintln(stderr, "--name is required")
		return errUsage
	}
	pw, generated, err := readPassword(*pwStdin, stdin)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.FindUserByName(ctx, *name)
	if err != nil {
		return err
	}
	if err := db.SetPassword(ctx, u.ID, pw); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "password of %s set; its sessions have ended\n", u.Name)
	if generated {
		fmt.Fprintf(stdout, "password (shown once): %s\n", pw)
	}
	return nil
}

func runUserList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user list", "user list [--db FILE|URL]", stderr)
	dsn := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	us, err := db.FindUsers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tFULL NAME\tGRANTS")
	for _, u := range us {
		var gs []string
		for _, g := range u.Grants {
			s := string(g.Role)
			if g.Scope != pmo.ScopeAll {
				s += fmt.Sprintf("@%s:%d", g.Scope, g.ScopeID)
			}
			gs = append(gs, s)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", u.ID, u.Name, u.FullName, strings.Join(gs, " "))
	}
	return tw.Flush()
}

// runUserDisable disables a user (ending its sessions; its tokens stop
// working) or enables it again.
func runUserDisable(ctx context.Context, verb string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user "+verb, "user "+verb+" [--db FILE|URL] --name NAME", stderr)
	dsn := dbFlag(fs)
	name := fs.String("name", "", "login name (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *name == "" {
		fmt.Fprintln(stderr, "--name is required")
		return errUsage
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.FindUserByName(ctx, *name)
	if err != nil {
		return err
	}
	if err := db.SetUserDisabled(ctx, u.ID, verb == "disable"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %s %sd\n", u.Name, verb)
	return nil
}
