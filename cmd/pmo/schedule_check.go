package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/dcma"
	"github.com/pmohq/pmo/scheduling"
)

// errChecksFailed makes `pmo schedule check --strict` exit 1 when a check
// fails, so that scripts can gate on schedule quality.
var errChecksFailed = errors.New("schedule checks failed")

// scheduleCheck runs `pmo schedule check`: the DCMA 14-point assessment of
// a project's stored schedule or of an MS Project file, with the offending
// tasks of each failed check.
func scheduleCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("schedule check", "schedule check [--db FILE|URL] --project P [--baseline N] | FILE.xml  [--status-date YYYY-MM-DD] [--format table|json] [--strict]\n\n"+
		"Runs the DCMA 14-point assessment (docs/SCHEDULING.md). A failed check is a finding: the exit status\n"+
		"stays 0 unless --strict.", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "project id or code")
	number := fs.Int("baseline", 0, "with --project: the baseline BEI, CPLI and missed tasks measure against (-1: none)")
	status := fs.String("status-date", "", "status date YYYY-MM-DD (end of day), replacing the schedule's; checks 9, 11 and 14 need one")
	format := formatFlag(fs, "table", "json")
	strict := fs.Bool("strict", false, "exit 1 when a check fails")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *number < -1 || *number > pmo.MaxBaseline {
		fmt.Fprintf(stderr, "--baseline %d: use 0 to 10, or -1 for none\n", *number)
		return errUsage
	}
	var statusDate time.Time
	if *status != "" {
		d, err := time.Parse("2006-01-02", *status)
		if err != nil {
			fmt.Fprintf(stderr, "--status-date %q is not a date YYYY-MM-DD\n", *status)
			return errUsage
		}
		statusDate = d.Add(17 * time.Hour) // the end of a standard working day
	}
	t, err := openTarget(ctx, fs, *dsn, *project, file)
	if err != nil {
		return err
	}
	defer t.close()
	var b *pmo.Baseline
	name := file
	if t.mp != nil {
		// A file's baseline 0 is the one MS Project measures against.
		_, bs := t.mp.Schedule(1)
		for i := range bs {
			if bs[i].Number == 0 {
				b = &bs[i]
			}
		}
	} else {
		name = t.project.Code + " " + t.project.Name
		if *number >= 0 {
			if b, err = t.db.FindBaseline(ctx, t.project.ID, *number); pmo.ErrorKind(err) == pmo.NotFound {
				b = nil
			} else if err != nil {
				return err
			}
		}
		if b != nil {
			name += fmt.Sprintf(" (against baseline %d)", b.Number)
		}
	}
	if !statusDate.IsZero() {
		t.s.StatusDate = statusDate
	}
	r, err := scheduling.Assess(t.s, b)
	if err != nil {
		return err
	}
	if err := printAssessment(stdout, name, r, *format); err != nil {
		return err
	}
	if *strict && r.Failed > 0 {
		return fmt.Errorf("%w: %d of 14", errChecksFailed, r.Failed)
	}
	return nil
}

// printAssessment writes rep as a table with the offenders of each failed
// check below it, or as JSON.
func printAssessment(w io.Writer, name string, rep *dcma.Report, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(w, "DCMA 14-point assessment of %s: %d passed, %d failed, %d not applicable (%d activities, %d total tasks)\n\n",
		name, rep.Passed, rep.Failed, rep.NotApplicable, rep.Activities, rep.TotalTasks)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tCHECK\tRESULT\tCOUNT\tVALUE\tTHRESHOLD\tNOTE")
	for _, c := range rep.Checks {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%s\t%s\t%s\n", c.Number, c.Name, c.Result, c.Count, c.Total,
			c.FormatValue(), c.FormatThreshold(), c.Note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, c := range rep.Checks {
		if c.Result != dcma.Fail || (len(c.Tasks) == 0 && len(c.Links) == 0) {
			continue
		}
		fmt.Fprintf(w, "\n%d %s:", c.Number, c.Name)
		if len(c.Links) > 0 {
			var ls []string
			for _, l := range c.Links {
				ls = append(ls, fmt.Sprintf("%s→%s %v", l.Pred, l.Succ, l.Type))
			}
			fmt.Fprintf(w, " links %s\n", strings.Join(ls, ", "))
			continue
		}
		fmt.Fprintf(w, " tasks %s\n", strings.Join(c.Tasks, ", "))
	}
	return nil
}
