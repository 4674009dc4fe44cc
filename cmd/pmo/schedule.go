package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/importer/mspdi"
	"github.com/pmohq/pmo/scheduling"
	"github.com/pmohq/pmo/store"
)

const scheduleHelp = `
Usage:
  pmo schedule import     --project P [--replace] FILE.xml   store an MS Project XML file as the project's schedule
  pmo schedule export     --project P [-o FILE.xml]          write the schedule (and baselines) as MS Project XML
  pmo schedule show       --project P [--format table|json]  the tasks with their dates, float and critical flags
  pmo schedule reschedule --project P [--status-date DATE]   compute the critical path and store the dates
  pmo schedule reschedule FILE.xml [--status-date DATE]      the same on a file: prints the critical path and finish
  pmo schedule level      --project P | FILE.xml [-o OUT.xml] [--seed N] [--schedules N] [--time-limit 10s]
                          level the work resources (a file's result is written with -o)
  pmo schedule level      --projects P1,P2,... | --portfolio PF [--seed N] [--schedules N] [--time-limit 10s]
                          level several projects together: resources of the same name are one pool,
                          projects go by priority; all schedules are stored or none
  pmo schedule baseline save    --project P [--number 0] [--name TEXT]
  pmo schedule baseline compare --project P [--number 0] [--all]
  pmo schedule check      --project P [--baseline N] | FILE.xml   the DCMA 14-point assessment

Every command that names --project also takes --db FILE|URL (env PMO_DB) and,
for writes, --actor NAME (env PMO_ACTOR). Dates are YYYY-MM-DD or
YYYY-MM-DDTHH:MM (UTC wall clock, like MS Project files).`

// runSchedule dispatches `pmo schedule ...`.
func runSchedule(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return subcommands(ctx, "schedule", scheduleHelp, map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"import": scheduleImport, "export": scheduleExport, "show": scheduleShow, "reschedule": scheduleReschedule,
		"level": scheduleLevel, "baseline": scheduleBaseline, "check": scheduleCheck,
	}, args, stdout, stderr)
}

// parseFile parses flags around at most one positional FILE argument,
// which may come before or after the flags.
func parseFile(fs *flag.FlagSet, args []string) (string, error) {
	file := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return "", err
		}
		return "", errUsage
	}
	if fs.NArg() > 0 && file == "" {
		file = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return "", errUsage
		}
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return "", errUsage
	}
	return file, nil
}

// target is where a command works: a stored project's schedule or a file.
type target struct {
	db      *store.DB
	project *pmo.Project
	file    string
	mp      *mspdi.Project // the file read, in file mode
	s       *pmo.Schedule
}

func (t *target) close() {
	if t.db != nil {
		t.db.Close()
	}
}

// openTarget reads the schedule of --project from the database, or FILE.
func openTarget(ctx context.Context, fs *flag.FlagSet, dsn, project, file string) (*target, error) {
	switch {
	case file != "" && project != "":
		fmt.Fprintln(fs.Output(), "give either --project or a FILE, not both")
		fs.Usage()
		return nil, errUsage
	case file != "":
		mp, err := readMSPDI(file)
		if err != nil {
			return nil, err
		}
		// A file's schedule belongs to no stored project; Prepare needs one
		// to validate the rest.
		s, _ := mp.Schedule(1)
		if err := s.Prepare(); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return &target{file: file, mp: mp, s: s}, nil
	case project == "":
		fmt.Fprintln(fs.Output(), "--project or a FILE is required")
		fs.Usage()
		return nil, errUsage
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	t := &target{db: db}
	if t.project, err = findProject(ctx, db, project); err != nil {
		db.Close()
		return nil, err
	}
	if t.s, err = db.FindSchedule(ctx, t.project.ID); err != nil {
		db.Close()
		if pmo.ErrorKind(err) == pmo.NotFound {
			return nil, fmt.Errorf("project %s has no schedule yet: pmo schedule import --project %s FILE.xml", t.project.Code, t.project.Code)
		}
		return nil, err
	}
	return t, nil
}

func readMSPDI(name string) (*mspdi.Project, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := mspdi.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %s; nothing was done", name, strings.TrimPrefix(err.Error(), "mspdi: "))
	}
	return p, nil
}

// parseWhen reads YYYY-MM-DD (08:00 that day) or YYYY-MM-DDTHH:MM.
func parseWhen(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02T15:04", s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date YYYY-MM-DD or YYYY-MM-DDTHH:MM", s)
	}
	return t.Add(8 * time.Hour), nil
}

func scheduleReschedule(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("schedule reschedule", "schedule reschedule [--db FILE|URL] --project P | FILE.xml [--status-date DATE]", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "project id or code")
	status := fs.String("status-date", "", "progress counts up to this date; remaining work starts after it (default: the schedule's)")
	actor := actorFlag(fs)
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	var statusDate time.Time
	if *status != "" {
		if statusDate, err = parseWhen(*status); err != nil {
			fmt.Fprintf(stderr, "--status-date: %v\n", err)
			return errUsage
		}
	}
	t, err := openTarget(ctx, fs, *dsn, *project, file)
	if err != nil {
		return err
	}
	defer t.close()
	if !statusDate.IsZero() {
		t.s.StatusDate = statusDate
	}
	res, err := scheduling.Reschedule(t.s, time.Now())
	if err != nil {
		return err
	}
	if t.db != nil {
		if err := t.db.SaveScheduleDates(withActor(ctx, *actor), t.s, t.s.Version); err != nil {
			return err
		}
	}
	printRescheduled(stdout, t.s, res)
	return nil
}

const minuteLayout = "2006-01-02 15:04"

// printRescheduled prints the finish, the critical paths and warnings.
func printRescheduled(w io.Writer, s *pmo.Schedule, res *scheduling.Result) {
	leaves, critical := 0, 0
	for _, k := range s.Tasks {
		if !k.Summary {
			leaves++
			if k.Critical {
				critical++
			}
		}
	}
	fmt.Fprintf(w, "Finish: %s (%d tasks, %d critical)\n", res.Finish.Format(minuteLayout), leaves, critical)
	if !s.StatusDate.IsZero() {
		fmt.Fprintf(w, "Status date: %s\n", s.StatusDate.Format(minuteLayout))
	}
	for i, p := range res.CriticalPaths {
		fmt.Fprintf(w, "\nCritical path %d:\n", i+1)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "UID\tTask\tStart\tFinish\tFloat (d)")
		for _, uid := range p {
			k := s.TaskByUID(uid)
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", k.UID, k.Name, k.Start.Format(minuteLayout), k.Finish.Format(minuteLayout),
				days(k.TotalFloat, s.MinutesPerDay))
		}
		tw.Flush()
	}
	if len(res.Warnings) > 0 {
		fmt.Fprintln(w, "\nWarnings:")
		for _, wn := range res.Warnings {
			fmt.Fprintf(w, "  %s\n", wn.Message)
		}
	}
}

// days formats working minutes as days of minutesPerDay.
func days(minutes int64, minutesPerDay int) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", float64(minutes)/float64(max(minutesPerDay, 1))), "0"), ".")
}
