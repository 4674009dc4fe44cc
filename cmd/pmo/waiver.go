package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/pmohq/pmo"
)

const waiverHelp = `
Usage:
  pmo waiver grant  --project P --rule R --reason TEXT --expires DATE|Nd --actor NAME
                    exempt a project from a rule until the expiry (PMO staff only)
  pmo waiver list   [--project P] [--all] [--format table|json]   waivers in force (--all: every waiver)
  pmo waiver revoke --id N --actor NAME                            end a waiver now

The next recorded audit (pmo audit --record) marks the findings a waiver covers as waived.`

// runWaiver dispatches `pmo waiver grant|list|revoke`.
func runWaiver(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return subcommands(ctx, "waiver", waiverHelp, map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"grant": waiverGrant, "list": waiverList, "revoke": waiverRevoke,
	}, args, stdout, stderr)
}

func waiverGrant(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("waiver grant", "waiver grant [--db FILE|URL] --project P --rule R --reason TEXT --expires YYYY-MM-DD|Nd --actor NAME", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "project id or code (required)")
	rule := fs.String("rule", "", "rule id of the current framework (required)")
	reason := fs.String("reason", "", "why the project may break the rule (required)")
	expires := fs.String("expires", "", "when the waiver ends: a date YYYY-MM-DD or a number of days such as 90d (required)")
	actor := actorFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "project", "rule", "reason", "expires", "actor"); err != nil {
		return err
	}
	until, err := parseExpiry(*expires, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "--expires %v\n", err)
		return errUsage
	}
	db, svc, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = withActor(ctx, *actor)
	p, err := findProject(ctx, db, *project)
	if err != nil {
		return err
	}
	w := &pmo.Waiver{ProjectID: p.ID, Rule: *rule, Reason: *reason, Expires: until, GrantedBy: *actor}
	if err := svc.GrantWaiver(ctx, w); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "waiver %d granted: %s may break %s until %s\n", w.ID, p.Code, w.Rule, w.Expires.Format("2006-01-02"))
	return nil
}

func waiverList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("waiver list", "waiver list [--db FILE|URL] [--project P] [--all] [--format table|json]", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "one project, by id or code (default: all)")
	all := fs.Bool("all", false, "include expired and revoked waivers")
	format := formatFlag(fs, "table", "json")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, _, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var f pmo.WaiverFilter
	if *project != "" {
		p, err := findProject(ctx, db, *project)
		if err != nil {
			return err
		}
		f.ProjectID = p.ID
	}
	now := time.Now()
	if !*all {
		f.ActiveAt = now
	}
	ws, err := db.FindWaivers(ctx, f)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ws)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPROJECT\tRULE\tEXPIRES\tSTATE\tGRANTED BY\tREASON")
	for _, w := range ws {
		state := "in force"
		switch {
		case w.RevokedAt != nil:
			state = "revoked by " + w.RevokedBy
		case !w.Active(now):
			state = "expired"
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\n", w.ID, w.ProjectID, w.Rule, w.Expires.Format("2006-01-02"), state, w.GrantedBy, w.Reason)
	}
	return tw.Flush()
}

func waiverRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("waiver revoke", "waiver revoke [--db FILE|URL] --id N --actor NAME", stderr)
	dsn := dbFlag(fs)
	id := fs.Int64("id", 0, "waiver id (required)")
	actor := actorFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "actor"); err != nil {
		return err
	}
	if *id <= 0 {
		fmt.Fprintln(stderr, "--id is required")
		return errUsage
	}
	db, svc, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = withActor(ctx, *actor)
	ws, err := db.FindWaivers(ctx, pmo.WaiverFilter{ID: *id})
	if err != nil {
		return err
	}
	if len(ws) == 0 {
		return pmo.Errorf(pmo.NotFound, "waiver %d not found", *id)
	}
	w, err := svc.RevokeWaiver(ctx, *id, ws[0].Version)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "waiver %d revoked\n", w.ID)
	return nil
}
