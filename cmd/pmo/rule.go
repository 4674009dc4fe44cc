package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
)

const ruleHelp = `
Usage:
  pmo rule comment --rule R --body TEXT --actor NAME [--project P]   comment on a rule of the current framework
  pmo rule stats   [--format table|json]                             each rule's open, waived and resolved
                                                                     findings beside its comments`

// runRule dispatches `pmo rule comment|stats`.
func runRule(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return subcommands(ctx, "rule", ruleHelp, map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"comment": ruleComment, "stats": ruleStats,
	}, args, stdout, stderr)
}

func ruleComment(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("rule comment", "rule comment [--db FILE|URL] --rule R --body TEXT --actor NAME [--project P]", stderr)
	dsn := dbFlag(fs)
	rule := fs.String("rule", "", "rule id (required)")
	body := fs.String("body", "", "the comment (required)")
	project := fs.String("project", "", "the project the comment is about, by id or code (optional)")
	actor := actorFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "rule", "body", "actor"); err != nil {
		return err
	}
	db, svc, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = withActor(ctx, *actor)
	c := &pmo.RuleComment{Rule: *rule, Body: *body, Author: *actor}
	if *project != "" {
		p, err := findProject(ctx, db, *project)
		if err != nil {
			return err
		}
		c.ProjectID = p.ID
	}
	if err := svc.Comment(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "comment %d on %s recorded\n", c.ID, c.Rule)
	return nil
}

func ruleStats(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("rule stats", "rule stats [--db FILE|URL] [--format table|json]", stderr)
	dsn := dbFlag(fs)
	format := formatFlag(fs, "table", "json")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, svc, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	in, err := svc.Insights(ctx, 0)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(in.Rules)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tOPEN\tWAIVED\tRESOLVED\tCOMMENTS")
	for _, r := range in.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\n", r.Rule, r.Severity, r.Open, r.Waived, r.Resolved, len(r.Comments))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range in.Rules {
		for _, c := range r.Comments {
			fmt.Fprintf(stdout, "\n%s, %s on %s:\n  %s\n", c.Author, c.CreatedAt.Format("2006-01-02"), r.Rule,
				strings.ReplaceAll(c.Body, "\n", "\n  "))
		}
	}
	return nil
}

// runInsights prints the portfolio views of the recorded audits.
func runInsights(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("insights", "insights [--db FILE|URL] [--portfolio ID|CODE] [--format table|json]\n\n"+
		"Where open findings concentrate (by rule, program, manager and stage), the trend over recorded audit\n"+
		"runs, the projects with chronic findings, and the rules nobody fails or everybody is waived from.", stderr)
	dsn := dbFlag(fs)
	portfolio := fs.String("portfolio", "", "one portfolio, by id or code (default: all)")
	format := formatFlag(fs, "table", "json")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, svc, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var pid int64
	if *portfolio != "" {
		p, err := findPortfolio(ctx, db, *portfolio)
		if err != nil {
			return err
		}
		pid = p.ID
	}
	in, err := svc.Insights(ctx, pid)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(in)
	}
	return writeInsights(stdout, in)
}

func writeInsights(w io.Writer, in *compliance.Insights) error {
	fmt.Fprintf(w, "%s %s (version %d): %d open findings, %d waived, %d recorded runs\n",
		in.Framework.Name, in.Framework.Label, in.Framework.Seq, in.Open, in.Waived, len(in.Trend))
	top := func(title string, cs []governance.Count) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for i, c := range cs {
			if i == 10 {
				break
			}
			key := c.Key
			if key == "" {
				key = "(none)"
			}
			fmt.Fprintf(w, "  %5d  %s\n", c.Count, key)
		}
	}
	top("Most failed rules", in.ByRule)
	top("By program", in.ByProgram)
	top("By manager", in.ByManager)
	top("By stage", in.ByStage)
	if len(in.Trend) > 0 {
		fmt.Fprintln(w, "\nTrend:")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  RUN\tAT\tFRAMEWORK\tPROJECTS\tVIOLATIONS\tWAIVED\tNEW\tRESOLVED")
		for _, t := range in.Trend {
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", t.RunID, t.At.Format("2006-01-02 15:04"), t.Framework,
				t.Projects, t.Violations, t.Waived, t.Opened, t.Resolved)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(in.Chronic) > 0 {
		fmt.Fprintf(w, "\nChronic projects (open findings seen by %d or more runs):\n", compliance.ChronicRuns)
		for _, c := range in.Chronic {
			fmt.Fprintf(w, "  %-12s %-24s %d chronic of %d open, oldest %d days\n", c.Code, c.Manager, c.Chronic, c.Open, c.OldestDays)
		}
	}
	fmt.Fprintf(w, "\nRules nobody fails (candidates to drop): %s\n", orNone(in.NeverFailed))
	fmt.Fprintf(w, "Rules always waived (candidates to rewrite): %s\n", orNone(in.AlwaysWaived))
	return nil
}

func orNone(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	return strings.Join(ss, ", ")
}
