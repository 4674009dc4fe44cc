package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pmohq/pmo"
)

const gateHelp = `
Usage:
  pmo gate check   --project P --gate G                 evaluate a gate's checklist now, without recording
  pmo gate request --project P --gate G --actor NAME    open a review: the checklist snapshot is stored
  pmo gate decide  --review ID --decision go|hold|recycle|kill --actor NAME [--role ROLE]
                   [--conditions TEXT] [--comment TEXT]
                   record an approver's decision; hold, recycle and kill close the review, go closes it
                   once the gate's approvals are met (a go with items still missing needs --conditions)
  pmo gate list    [--project P] [--open] [--format table|json]   reviews with their decisions

P is a project id or code; G a gate id of the framework the project follows (e.g. G1).`

// runGate dispatches `pmo gate check|request|decide|list`.
func runGate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return subcommands(ctx, "gate", gateHelp, map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"check": gateCheck, "request": gateRequest, "decide": gateDecide, "list": gateList,
	}, args, stdout, stderr)
}

func gateCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("gate check", "gate check [--db FILE|URL] --project P --gate G", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "project id or code (required)")
	gate := fs.String("gate", "", "gate id, e.g. G1 (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "project", "gate"); err != nil {
		return err
	}
	db, svc, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := findProject(ctx, db, *project)
	if err != nil {
		return err
	}
	res, err := svc.CheckGate(ctx, p.ID, *gate)
	if err != nil {
		return err
	}
	ready := "not ready"
	if res.Ready {
		ready = "ready"
	}
	fmt.Fprintf(stdout, "%s gate %s %s (%s -> %s), class %s: %s\n", p.Code, res.Gate, res.Name, res.From, res.To, res.Class, ready)
	items := make([]pmo.GateCheck, len(res.Items))
	for i, it := range res.Items {
		items[i] = pmo.GateCheck{Requirement: it.Requirement, Kind: string(it.Kind), Met: it.Met, Message: it.Message, Error: it.Error}
	}
	return writeChecklist(stdout, items)
}

func writeChecklist(w io.Writer, items []pmo.GateCheck) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, it := range items {
		mark := "missing"
		if it.Met {
			mark = "met"
		}
		msg := it.Message
		if it.Error != "" {
			msg += " (error: " + it.Error + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", mark, it.Requirement, msg)
	}
	return tw.Flush()
}

func gateRequest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("gate request", "gate request [--db FILE|URL] --project P --gate G --actor NAME [--note TEXT]", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "project id or code (required)")
	gate := fs.String("gate", "", "gate id, e.g. G1 (required)")
	actor := actorFlag(fs)
	note := fs.String("note", "", "a note to the approvers")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "project", "gate", "actor"); err != nil {
		return err
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
	r, err := svc.RequestGate(ctx, p.ID, *gate, *actor, *note)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "gate review %d requested: %s gate %s %s (%s -> %s), version %d\n", r.ID, p.Code, r.Gate, r.GateName,
		r.FromStage, r.ToStage, r.Version)
	if r.Ready {
		fmt.Fprintln(stdout, "every checklist item is met")
	} else {
		fmt.Fprintf(stdout, "%d checklist items missing:\n", missing(r.Checklist))
	}
	return writeChecklist(stdout, r.Checklist)
}

func missing(items []pmo.GateCheck) int {
	n := 0
	for _, it := range items {
		if !it.Met {
			n++
		}
	}
	return n
}

func gateDecide(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("gate decide", "gate decide [--db FILE|URL] --review ID --decision go|hold|recycle|kill --actor NAME [--role ROLE] [--conditions TEXT] [--comment TEXT] [--version N]", stderr)
	dsn := dbFlag(fs)
	id := fs.Int64("review", 0, "gate review id (required)")
	decision := fs.String("decision", "", "go, hold, recycle or kill (required)")
	actor := actorFlag(fs)
	role := fs.String("role", "", "the framework role you decide as, e.g. sponsor (counts towards the gate's approvals)")
	conditions := fs.String("conditions", "", "conditions of a conditional go: actions with due dates")
	comment := fs.String("comment", "", "rationale")
	version := fs.Int("version", 0, "the review version you decided on (default: the current one)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "decision", "actor"); err != nil {
		return err
	}
	if *id <= 0 {
		fmt.Fprintln(stderr, "--review is required")
		fs.Usage()
		return errUsage
	}
	if !pmo.GateOutcome(*decision).Valid() {
		fmt.Fprintf(stderr, "--decision must be go, hold, recycle or kill, not %q\n", *decision)
		return errUsage
	}
	db, svc, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = withActor(ctx, *actor)
	if *version == 0 {
		r, err := db.FindGateReviewByID(ctx, *id)
		if err != nil {
			return err
		}
		*version = r.Version
	}
	r, err := svc.DecideGate(ctx, *id, *version, pmo.GateVote{Approver: *actor, Role: *role,
		Decision: pmo.GateOutcome(*decision), Conditions: *conditions, Comment: *comment})
	if err != nil {
		return err
	}
	if r.Status == pmo.GateDecided {
		fmt.Fprintf(stdout, "gate review %d decided: %s (decision record %d)\n", r.ID, r.Outcome, r.DecisionID)
		if r.Outcome == pmo.GateGo && r.ToStage != "" {
			fmt.Fprintf(stdout, "the project moves to %s\n", r.ToStage)
		}
		return nil
	}
	fmt.Fprintf(stdout, "gate review %d: %s's %s recorded; the review waits for the gate's other approvals (version %d)\n",
		r.ID, *actor, *decision, r.Version)
	return nil
}

func gateList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("gate list", "gate list [--db FILE|URL] [--project P] [--open] [--format table|json]", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "one project, by id or code (default: all)")
	open := fs.Bool("open", false, "only reviews awaiting a decision")
	format := formatFlag(fs, "table", "json")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, _, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var f pmo.GateReviewFilter
	if *project != "" {
		p, err := findProject(ctx, db, *project)
		if err != nil {
			return err
		}
		f.ProjectID = p.ID
	}
	if *open {
		f.Status = pmo.GateRequested
	}
	rs, err := db.FindGateReviews(ctx, f)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rs)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPROJECT\tGATE\tSTATUS\tOUTCOME\tREQUESTED\tBY\tMISSING\tDECISIONS")
	for _, r := range rs {
		var votes []string
		for _, v := range r.Votes {
			votes = append(votes, v.Approver+": "+string(v.Decision))
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.ID, r.ProjectID, r.Gate, r.Status, r.Outcome,
			r.CreatedAt.Format("2006-01-02"), r.RequestedBy, missing(r.Checklist), strings.Join(votes, ", "))
	}
	return tw.Flush()
}
