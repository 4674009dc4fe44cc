package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/demo"
	"github.com/pmohq/pmo/store"
)

// demoConfig chooses the size and seed of a generated demo portfolio; zero
// sizes take the generator's defaults.
type demoConfig struct {
	Seed       int64
	Portfolios int
	Projects   int
	Weeks      int
	Today      pmo.Date
}

func (c demoConfig) options() demo.Options {
	if c.Today.IsZero() {
		c.Today = today()
	}
	o := demo.DefaultOptions(c.Today)
	o.Seed = c.Seed
	if c.Portfolios > 0 {
		o.Portfolios = c.Portfolios
	}
	if c.Projects > 0 {
		o.Projects = c.Projects
	}
	if c.Weeks > 0 {
		o.Weeks = c.Weeks
	}
	return o
}

// errNotEmpty stops `pmo demo` from mixing generated records into real data.
var errNotEmpty = errors.New("the database already holds portfolios; load the demo into a new database")

// loadDemoIfEmpty imports a generated portfolio when the database has no
// portfolios yet, and reports whether it did.
func loadDemoIfEmpty(ctx context.Context, db *store.DB, c demoConfig, log *slog.Logger) (bool, error) {
	_, page, err := db.FindPortfolios(ctx, pmo.PortfolioFilter{ListOptions: pmo.ListOptions{Limit: 1}})
	if err != nil {
		return false, err
	}
	if page.Total > 0 {
		return false, nil
	}
	start := time.Now()
	d := demo.Generate(c.options())
	if err := db.ImportDataset(ctx, d); err != nil {
		return false, fmt.Errorf("loading the demo portfolio: %w", err)
	}
	log.Info("demo portfolio loaded", "portfolios", len(d.Portfolios), "programs", len(d.Programs),
		"projects", len(d.Projects), "status_reports", len(d.StatusReports), "schedules", len(d.Schedules), "took", time.Since(start).Round(time.Millisecond))
	if err := seedArtefacts(ctx, db, log); err != nil {
		return false, err
	}
	if err := seedGovernance(ctx, db, log); err != nil {
		return false, err
	}
	return true, nil
}

// seedArtefacts links the demo projects' documents (demo.Artefacts), so
// that gate checklists and the first audit show a realistic mix.
func seedArtefacts(ctx context.Context, db *store.DB, log *slog.Logger) error {
	var projects []*pmo.Project
	o := pmo.ListOptions{Limit: pmo.MaxLimit, SkipTotal: true}
	for {
		ps, page, err := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: o})
		if err != nil {
			return err
		}
		projects = append(projects, ps...)
		if page.NextCursor == "" {
			break
		}
		o.Cursor = page.NextCursor
	}
	arts := demo.Artefacts(projects)
	for _, a := range arts {
		if err := db.CreateArtefact(ctx, a); err != nil {
			return fmt.Errorf("linking the demo artefacts: %w", err)
		}
	}
	log.Info("demo artefacts linked", "artefacts", len(arts))
	return nil
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", "demo [--db FILE|URL] [--seed N] [--projects N] [--weeks N]", stderr)
	dsn := dbFlag(fs)
	var c demoConfig
	var todayFlag string
	fs.Int64Var(&c.Seed, "seed", 1, "seed; the same seed and sizes give the same portfolio")
	fs.IntVar(&c.Portfolios, "portfolios", 0, "number of portfolios (default 3)")
	fs.IntVar(&c.Projects, "projects", 0, "number of projects (default about 150; 10000 for benchmarks)")
	fs.IntVar(&c.Weeks, "weeks", 0, "weeks of status history (default 104)")
	fs.StringVar(&todayFlag, "today", "", "date the history ends, YYYY-MM-DD (default today)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if c.Portfolios < 0 || c.Projects < 0 || c.Weeks < 0 {
		fmt.Fprintln(stderr, "sizes must not be negative")
		return errUsage
	}
	t, err := pmo.ParseDate(todayFlag)
	if err != nil {
		fmt.Fprintf(stderr, "--today: %v\n", err)
		return errUsage
	}
	c.Today = t
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	loaded, err := loadDemoIfEmpty(ctx, db, c, slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		return err
	}
	if !loaded {
		return errNotEmpty
	}
	fmt.Fprintf(stdout, "demo portfolio loaded into %s\n", redactDSN(*dsn))
	return nil
}
