package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/pmohq/pmo/governance"
)

// runFramework dispatches `pmo framework validate|diff|default|publish|dry-run|versions`.
func runFramework(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub := map[string]func([]string, io.Writer, io.Writer) error{
		"validate": frameworkValidate,
		"diff":     frameworkDiff,
		"default":  frameworkDefault,
		// The stored versions (governance workflow).
		"publish":  func(a []string, o, e io.Writer) error { return frameworkPublish(ctx, a, o, e) },
		"dry-run":  func(a []string, o, e io.Writer) error { return frameworkDryRun(ctx, a, o, e) },
		"versions": func(a []string, o, e io.Writer) error { return frameworkVersions(ctx, a, o, e) },
	}
	if len(args) == 0 || sub[args[0]] == nil {
		if len(args) > 0 && args[0] != "--help" && args[0] != "-h" && args[0] != "help" {
			fmt.Fprintf(stderr, "unknown framework command %q\n", args[0])
		}
		fmt.Fprintln(stderr, `Usage:
  pmo framework validate FILE...   check framework documents; errors show file:line:column
  pmo framework diff A B           rules, gates and classes added, changed or removed from A to B
                                   ("default" names the built-in framework)
  pmo framework default            print the built-in framework, a starting point for your own
  pmo framework publish FILE       validate FILE and store it as the new current version
  pmo framework dry-run FILE       the findings FILE would add or drop on the stored portfolio, vs the current version
  pmo framework versions           list the published versions`)
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
			return nil
		}
		return errUsage
	}
	return sub[args[0]](args[1:], stdout, stderr)
}

// loadFramework reads a framework document; "default" is the built-in one.
func loadFramework(name string) (*governance.Framework, error) {
	if name == "default" {
		return governance.Default(), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return governance.ParseReader(name, f)
}

func frameworkValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("framework validate", "framework validate FILE...", stderr)
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	failed := 0
	for _, name := range fs.Args() {
		fw, err := loadFramework(name)
		if err != nil {
			failed++
			printFrameworkError(stderr, err)
			continue
		}
		if _, err := governance.Compile(fw); err != nil {
			failed++
			printFrameworkError(stderr, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: valid (%s %s: %d stages, %d gates, %d rules, %d classes)\n",
			name, fw.Name, fw.Version, len(fw.Stages), len(fw.Gates), len(fw.Rules), len(fw.Classes))
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d documents are invalid", failed, fs.NArg())
	}
	return nil
}

// printFrameworkError prints each problem of a framework on its own line, as
// file:line:column: message, the form editors jump to.
func printFrameworkError(w io.Writer, err error) {
	var list governance.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(w, e.Error())
		}
		return
	}
	fmt.Fprintln(w, err)
}

func frameworkDiff(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("framework diff", "framework diff A B", stderr)
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return errUsage
	}
	var fws [2]*governance.Framework
	for i, name := range fs.Args() {
		fw, err := loadFramework(name)
		if err != nil {
			printFrameworkError(stderr, err)
			return fmt.Errorf("%s is not a valid framework", name)
		}
		fws[i] = fw
	}
	changes := governance.Diff(fws[0], fws[1])
	if len(changes) == 0 {
		fmt.Fprintln(stdout, "no changes")
		return nil
	}
	fmt.Fprint(stdout, governance.FormatDiff(changes))
	return nil
}

func frameworkDefault(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("framework default", "framework default", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	_, err := stdout.Write(governance.DefaultYAML())
	return err
}

// flagErr turns a flag parse error into the exit status convention of run.
func flagErr(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return errUsage
}
