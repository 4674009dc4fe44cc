package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/pmohq/pmo"
)

// scheduleBaseline dispatches `pmo schedule baseline save|compare`.
func scheduleBaseline(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return subcommands(ctx, "schedule baseline", scheduleHelp, map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"save": baselineSave, "compare": baselineCompare,
	}, args, stdout, stderr)
}

func baselineSave(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("schedule baseline save", "schedule baseline save [--db FILE|URL] --project P [--number 0] [--name TEXT] [--actor NAME]", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "project id or code (required)")
	number := fs.Int("number", 0, "baseline number, 0 to 10; an existing one is replaced")
	name := fs.String("name", "", "what the baseline is, e.g. the approved plan")
	actor := actorFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "project"); err != nil {
		return err
	}
	t, err := openTarget(ctx, fs, *dsn, *project, "")
	if err != nil {
		return err
	}
	defer t.close()
	b, err := t.db.SaveBaseline(withActor(ctx, *actor), t.project.ID, *number, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "baseline %d %q saved for %s: %d tasks, finish %s\n", b.Number, b.Name, t.project.Code, len(b.Tasks), when(b.Finish))
	return nil
}

func baselineCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("schedule baseline compare", "schedule baseline compare [--db FILE|URL] --project P [--number 0] [--all]", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "project id or code (required)")
	number := fs.Int("number", 0, "baseline number")
	all := fs.Bool("all", false, "list every task, not only those that moved")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "project"); err != nil {
		return err
	}
	t, err := openTarget(ctx, fs, *dsn, *project, "")
	if err != nil {
		return err
	}
	defer t.close()
	b, err := t.db.FindBaseline(ctx, t.project.ID, *number)
	if err != nil {
		return err
	}
	c := pmo.CompareBaseline(t.s, b)
	fmt.Fprintf(stdout, "Baseline %d %q (saved %s by %s): finish %s, now %s (%s)\n", b.Number, b.Name,
		b.SavedAt.Format(minuteLayout), b.SavedBy, when(c.BaselineFinish), when(c.Finish), signedDays(c.FinishVariance))
	fmt.Fprintf(stdout, "%d tasks late, %d early, %d added\n", c.Late, c.Early, c.Added)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "UID\tTask\tBaseline finish\tFinish\tVariance\tStatus")
	for _, v := range c.Tasks {
		if !*all && v.Status == "" && v.FinishVariance == 0 && v.StartVariance == 0 {
			continue
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", v.UID, v.Name, when(v.BaselineFinish), when(v.Finish),
			signedDays(v.FinishVariance), v.Status)
	}
	return tw.Flush()
}

// signedDays formats calendar minutes as signed days.
func signedDays(minutes int64) string {
	return fmt.Sprintf("%+.1fd", float64(minutes)/float64(24*60))
}
