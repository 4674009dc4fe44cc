package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/scheduling"
	"github.com/pmohq/pmo/store"
)

// poolProjects finds the projects a pool levelling names: each of the
// comma-separated ids or codes, or every project of the portfolio that has
// a schedule. It also returns the portfolio's projects left out for want
// of a schedule.
func poolProjects(ctx context.Context, db *store.DB, list, portfolio string) ([]*pmo.Project, []string, error) {
	if list != "" {
		var ps []*pmo.Project
		seen := map[int64]bool{}
		for _, key := range strings.Split(list, ",") {
			if key = strings.TrimSpace(key); key == "" {
				continue
			}
			p, err := findProject(ctx, db, key)
			if err != nil {
				return nil, nil, err
			}
			if !seen[p.ID] {
				seen[p.ID] = true
				ps = append(ps, p)
			}
		}
		return ps, nil, nil
	}
	pf, err := findPortfolio(ctx, db, portfolio)
	if err != nil {
		return nil, nil, err
	}
	all, _, err := db.FindProjects(ctx, pmo.ProjectFilter{PortfolioID: pf.ID, ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit}})
	if err != nil {
		return nil, nil, err
	}
	var ps []*pmo.Project
	var without []string
	for _, p := range all {
		switch _, err := db.FindSchedule(ctx, p.ID); {
		case err == nil:
			ps = append(ps, p)
		case pmo.ErrorKind(err) == pmo.NotFound:
			without = append(without, p.Code)
		default:
			return nil, nil, err
		}
	}
	return ps, without, nil
}

// levelPool levels the stored schedules of several projects that share
// resources, stores all of them or none, and prints the outcome.
func levelPool(ctx context.Context, dsn, list, portfolio, actor string, opt scheduling.LevelOptions, stdout io.Writer) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	projects, without, err := poolProjects(ctx, db, list, portfolio)
	if err != nil {
		return err
	}
	if len(projects) == 0 {
		return fmt.Errorf("no project with a schedule to level")
	}
	pool := make([]scheduling.PoolProject, len(projects))
	ss := make([]*pmo.Schedule, len(projects))
	versions := make([]int, len(projects))
	for i, p := range projects {
		s, err := db.FindSchedule(ctx, p.ID)
		if pmo.ErrorKind(err) == pmo.NotFound {
			return fmt.Errorf("project %s has no schedule yet; nothing was done", p.Code)
		} else if err != nil {
			return err
		}
		pool[i] = scheduling.PoolProject{Schedule: s, Code: p.Code, Priority: p.Priority}
		ss[i], versions[i] = s, s.Version
	}
	start := time.Now()
	res, err := scheduling.LevelProjects(pool, time.Now(), opt)
	if err != nil {
		return fmt.Errorf("%w; nothing was done", err)
	}
	took := time.Since(start)
	if err := db.SaveSchedulesDates(withActor(ctx, actor), ss, versions); err != nil {
		return fmt.Errorf("%w; nothing was done", err)
	}
	printPool(stdout, res, ss, took)
	if len(without) > 0 {
		fmt.Fprintf(stdout, "\nLeft out (no schedule): %s\n", strings.Join(without, ", "))
	}
	return nil
}

func printPool(w io.Writer, res *pmo.PoolLevelResult, ss []*pmo.Schedule, took time.Duration) {
	fmt.Fprintf(w, "Finish of the last project: %s -> %s (%s)\n\n", when(res.FinishBefore), when(res.FinishAfter), took.Round(time.Millisecond))
	version := map[int64]int{}
	for _, s := range ss {
		version[s.ProjectID] = s.Version
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Order\tProject\tPriority\tFinish before\tFinish after\tDelayed tasks\tVersion")
	for i, p := range res.Projects {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%d\t%d\n", i+1, p.Code, p.Priority, when(p.FinishBefore), when(p.FinishAfter),
			p.Delayed, version[p.ProjectID])
	}
	tw.Flush()
	if len(res.Shared) == 0 {
		fmt.Fprintln(w, "\nNo resource is shared between these projects: each was levelled on its own.")
		return
	}
	fmt.Fprintln(w, "\nShared resources (all projects together):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Resource\tProjects\tMax units\tPeak before\tPeak after\tOverloaded days before\tafter")
	for _, sh := range res.Shared {
		fmt.Fprintf(tw, "%s\t%d\t%g\t%g\t%g\t%d\t%d\n", sh.Name, len(sh.Projects), sh.MaxUnits, sh.PeakBefore, sh.PeakAfter,
			sh.OverloadedBefore, sh.OverloadedAfter)
	}
	tw.Flush()
}
