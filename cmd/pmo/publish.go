package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
)

// frameworkPublish validates a document and stores it as the new current version.
func frameworkPublish(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("framework publish", "framework publish [--db FILE|URL] [--actor NAME] FILE\n\n"+
		"Validates FILE (\"default\" is the built-in framework) and publishes it as the new current version.\n"+
		"Projects follow it from their next audit or gate review. A document identical to the current version is refused.", stderr)
	dsn := dbFlag(fs)
	actor := actorFlag(fs)
	name, doc, err := parseFrameworkArg(fs, args, stderr)
	if err != nil {
		return err
	}
	db, svc, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	v, changes, err := svc.Publish(withActor(ctx, *actor), name, doc)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "published %s as version %d (%s %s)\n", name, v.Seq, v.Name, v.Label)
	if v.Seq > 1 {
		if len(changes) == 0 {
			fmt.Fprintln(stdout, "no rule, gate or class changes from the previous version (only formatting or comments)")
		} else {
			fmt.Fprint(stdout, governance.FormatDiff(changes))
		}
	}
	return nil
}

// frameworkVersions lists the published versions.
func frameworkVersions(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("framework versions", "framework versions [--db FILE|URL]", stderr)
	dsn := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, _, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	vs, err := db.FindFrameworks(ctx)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		fmt.Fprintln(stdout, "no framework published; run pmo framework publish FILE")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tCURRENT\tNAME\tLABEL\tPUBLISHED\tBY")
	for _, v := range vs {
		cur := ""
		if v.Current {
			cur = "*"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", v.Seq, cur, v.Name, v.Label, v.PublishedAt.Format("2006-01-02 15:04"), v.PublishedBy)
	}
	return tw.Flush()
}

// frameworkDryRun shows what a draft would find compared with the current version.
func frameworkDryRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("framework dry-run", "framework dry-run [--db FILE|URL] [--portfolio ID|CODE] [--format table|json] FILE\n\n"+
		"Audits the stored portfolio with the draft FILE and with the current version, and shows the findings\n"+
		"the draft would add and those it would drop. Nothing is written.", stderr)
	dsn := dbFlag(fs)
	portfolio := fs.String("portfolio", "", "one portfolio, by id or code (default: all)")
	format := formatFlag(fs, "table", "json")
	name, doc, err := parseFrameworkArg(fs, args, stderr)
	if err != nil {
		return err
	}
	db, svc, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var f compliance.Filter
	if *portfolio != "" {
		p, err := findPortfolio(ctx, db, *portfolio)
		if err != nil {
			return err
		}
		f.PortfolioID = p.ID
	}
	res, err := svc.DryRun(ctx, name, doc, f)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	against := "no published version (every finding is new)"
	if res.Current != nil {
		against = fmt.Sprintf("version %d (%s %s)", res.Current.Seq, res.Current.Name, res.Current.Label)
	}
	fmt.Fprintf(stdout, "dry run of %s against %s: %d projects\n", name, against, res.After.Projects)
	fmt.Fprintf(stdout, "violations %d -> %d, rule errors %d -> %d; %d new, %d gone, %d unchanged\n",
		res.Before.Violations, res.After.Violations, res.Before.RuleErrors, res.After.RuleErrors,
		len(res.Delta.New), len(res.Delta.Resolved), len(res.Delta.Continued))
	if len(res.Changes) > 0 {
		fmt.Fprintln(stdout, "\nFramework changes:")
		fmt.Fprint(stdout, governance.FormatDiff(res.Changes))
	}
	for _, part := range []struct {
		title string
		fs    []governance.Finding
	}{{"New findings (the draft finds, the current version does not)", res.Delta.New},
		{"Findings that would go (the current version finds, the draft does not)", res.Delta.Resolved}} {
		if len(part.fs) == 0 {
			continue
		}
		fmt.Fprintf(stdout, "\n%s:\n", part.title)
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "PROJECT\tSEVERITY\tRULE\tMESSAGE")
		for _, f := range part.fs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.ProjectCode, f.Severity, f.Rule, f.Message)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// parseFrameworkArg parses flags followed by exactly one framework document,
// reads it and validates it, printing each problem as file:line:column.
func parseFrameworkArg(fs *flag.FlagSet, args []string, stderr io.Writer) (string, []byte, error) {
	if err := fs.Parse(args); err != nil {
		return "", nil, flagErr(err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return "", nil, errUsage
	}
	name := fs.Arg(0)
	doc, err := readDocument(name)
	if err != nil {
		return "", nil, err
	}
	if _, err := compliance.Validate(name, doc); err != nil {
		printFrameworkError(stderr, err)
		return "", nil, fmt.Errorf("%s is not a valid framework; nothing was done", name)
	}
	return name, doc, nil
}
