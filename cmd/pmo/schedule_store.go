package main

import (
	"bytes"
	"context"
	"encoding/json"
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

func scheduleImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("schedule import", "schedule import [--db FILE|URL] --project P [--replace] [--actor NAME] FILE.xml", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "project id or code (required)")
	replace := fs.Bool("replace", false, "replace the project's schedule if it has one")
	actor := actorFlag(fs)
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if err := required(fs, "project"); err != nil {
		return err
	}
	if file == "" {
		fmt.Fprintln(stderr, "the MS Project XML FILE is required")
		fs.Usage()
		return errUsage
	}
	mp, err := readMSPDI(file)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := findProject(ctx, db, *project)
	if err != nil {
		return err
	}
	version := 0
	switch cur, err := db.FindSchedule(ctx, p.ID); {
	case err == nil && !*replace:
		return fmt.Errorf("project %s already has a schedule (version %d); add --replace to replace it; nothing was done", p.Code, cur.Version)
	case err == nil:
		version = cur.Version
	case pmo.ErrorKind(err) != pmo.NotFound:
		return err
	}
	s, bs := mp.Schedule(p.ID)
	if err := db.ReplaceSchedule(withActor(ctx, *actor), s, bs, version); err != nil {
		return fmt.Errorf("%s: %w; nothing was done", file, err)
	}
	links := 0
	for _, k := range s.Tasks {
		links += len(k.Predecessors)
	}
	fmt.Fprintf(stdout, "imported %s into %s: %d tasks, %d links, %d calendars, %d resources, %d assignments, %d baselines (schedule version %d)\n",
		file, p.Code, len(s.Tasks), links, len(s.Calendars), len(s.Resources), len(s.Assignments), len(bs), s.Version)
	return nil
}

// baselines loads every saved baseline of the schedule.
func baselines(ctx context.Context, db *store.DB, s *pmo.Schedule) ([]pmo.Baseline, error) {
	var bs []pmo.Baseline
	for _, info := range s.Baselines {
		b, err := db.FindBaseline(ctx, s.ProjectID, info.Number)
		if err != nil {
			return nil, err
		}
		bs = append(bs, *b)
	}
	return bs, nil
}

// writeOut writes b to the file name, or stdout for "" or "-".
func writeOut(name string, stdout io.Writer, b []byte) error {
	if name == "" || name == "-" {
		_, err := stdout.Write(b)
		return err
	}
	return os.WriteFile(name, b, 0o644)
}

func scheduleExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("schedule export", "schedule export [--db FILE|URL] --project P [-o FILE.xml]", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "project id or code (required)")
	out := fs.String("o", "", "output file (default: standard output)")
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
	bs, err := baselines(ctx, t.db, t.s)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := mspdi.Write(&buf, mspdi.FromSchedule(t.s, bs)); err != nil {
		return err
	}
	return writeOut(*out, stdout, buf.Bytes())
}

func scheduleShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("schedule show", "schedule show [--db FILE|URL] --project P | FILE.xml [--format table|json]", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "project id or code")
	format := formatFlag(fs, "table", "json")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	t, err := openTarget(ctx, fs, *dsn, *project, file)
	if err != nil {
		return err
	}
	defer t.close()
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(t.s)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "UID\tTask\tDur (d)\tStart\tFinish\tFloat (d)\tCritical\t%")
	for _, k := range t.s.Tasks {
		crit := ""
		if k.Critical {
			crit = "yes"
		}
		name := strings.Repeat("  ", max(k.OutlineLevel-1, 0)) + k.Name
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", k.UID, name, days(k.Duration, t.s.MinutesPerDay),
			when(k.Start), when(k.Finish), days(k.TotalFloat, t.s.MinutesPerDay), crit, k.PercentComplete)
	}
	return tw.Flush()
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(minuteLayout)
}

func scheduleLevel(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("schedule level", "schedule level [--db FILE|URL] --project P | --projects P1,P2 | --portfolio PF | FILE.xml [-o OUT.xml] [--seed N] [--schedules N] [--time-limit 10s]", stderr)
	dsn := dbFlag(fs)
	project := fs.String("project", "", "project id or code")
	projects := fs.String("projects", "", "level these projects (ids or codes, comma-separated) together: their resources of the same name are shared")
	portfolio := fs.String("portfolio", "", "level every scheduled project of this portfolio (id or code) together")
	seed := fs.Uint64("seed", 1, "random seed: the same seed and budget give the same result")
	budget := fs.Int("schedules", 5000, "search budget in generated schedules")
	limit := fs.Duration("time-limit", 10*time.Second, "stop the search after this long (0: no limit)")
	out := fs.String("o", "", "with a FILE: write the levelled schedule as MS Project XML here")
	actor := actorFlag(fs)
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *budget < 1 || *limit < 0 {
		fmt.Fprintln(stderr, "--schedules must be at least 1 and --time-limit not negative")
		return errUsage
	}
	opt := scheduling.LevelOptions{Seed: *seed, Schedules: *budget}
	if *limit > 0 {
		deadline := time.Now().Add(*limit)
		opt.Stop = func() bool { return time.Now().After(deadline) || ctx.Err() != nil }
	}
	if *projects != "" || *portfolio != "" {
		if *project != "" || file != "" || *out != "" || (*projects != "" && *portfolio != "") {
			fmt.Fprintln(stderr, "give one of --project, --projects, --portfolio or a FILE (-o is for a FILE)")
			return errUsage
		}
		return levelPool(ctx, *dsn, *projects, *portfolio, *actor, opt, stdout)
	}
	t, err := openTarget(ctx, fs, *dsn, *project, file)
	if err != nil {
		return err
	}
	defer t.close()
	start := time.Now()
	res, err := scheduling.Level(t.s, time.Now(), opt)
	if err != nil {
		return err
	}
	took := time.Since(start)
	if t.db != nil {
		if err := t.db.SaveScheduleDates(withActor(ctx, *actor), t.s, t.s.Version); err != nil {
			return err
		}
	} else if *out != "" {
		var buf bytes.Buffer
		if err := mspdi.Write(&buf, mspdi.FromSchedule(t.s, nil)); err != nil {
			return err
		}
		if err := writeOut(*out, stdout, buf.Bytes()); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Finish: %s -> %s; %d tasks delayed; overloaded resource-days %d -> %d (%d schedules, seed %d, %s)\n",
		when(res.FinishBefore), when(res.FinishAfter), res.Delayed, res.OverloadedBefore, res.OverloadedAfter,
		res.Schedules, res.Seed, took.Round(time.Millisecond))
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Resource\tMax units\tPeak before\tPeak after\tOverloaded days before\tafter")
	for i, b := range res.LoadBefore {
		a := res.LoadAfter[i]
		fmt.Fprintf(tw, "%s\t%g\t%g\t%g\t%d\t%d\n", b.Name, b.MaxUnits, b.Peak, a.Peak, b.Overloaded, a.Overloaded)
	}
	return tw.Flush()
}
