package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/optimize"
	"github.com/pmohq/pmo/importer/planfile"
	"github.com/pmohq/pmo/planning"
	"github.com/pmohq/pmo/store"
)

// runOptimize is `pmo optimize`: the best portfolio for a scenario, from
// the database or a JSON/XLSX file, with its proven bound and gap.
func runOptimize(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("optimize", "optimize (--file plan.json|plan.xlsx | --db PATH --portfolio CODE [--scenario NAME]) [flags]", stderr)
	file := fs.String("file", "", "read the portfolio from a JSON or XLSX plan file (docs/OPTIMISATION.md)")
	dsn := fs.String("db", envOr("PMO_DB", ""), "read the portfolio from this database (env PMO_DB)")
	portfolio := fs.String("portfolio", "", "with --db: the portfolio's code")
	scenario := fs.String("scenario", "", "with --db: the scenario's name (default: the portfolio's only scenario)")
	objective := &choice{allowed: []string{"score", "npv"}}
	fs.Var(objective, "objective", "maximise the weighted score or the NPV (default: the scenario's)")
	limit := fs.Duration("time-limit", 0, "stop searching after this long and report the best found (default: the scenario's, else 10s)")
	seed := fs.Int64("seed", -1, "seed of the randomised heuristics (default: the scenario's)")
	nodes := fs.Int64("node-limit", 0, "stop after about this many branch-and-bound nodes; with it, runs repeat exactly")
	frontier := fs.Bool("frontier", false, "also print the best value at budget levels from 50% to 150%")
	explain := fs.String("explain", "", "also explain why this proposal (by code) is in or out")
	forced := fs.Bool("forced", false, "also price each forced decision (mandatory, locked in or out): the value it costs")
	export := fs.String("export", "", "write the portfolio as a plan file (.json or .xlsx) to edit, and stop")
	record := fs.Bool("record", false, "with --db: store the run as the scenario's latest result")
	actor := actorFlag(fs)
	format := formatFlag(fs, "table", "json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*file == "") == (*portfolio == "") || *record && *file != "" {
		fmt.Fprintln(stderr, "give either --file or --db with --portfolio (--record needs --db)")
		fs.Usage()
		return errUsage
	}
	var in planning.Input
	var err error
	if *file != "" {
		in, err = readPlanFile(*file)
	} else {
		in, err = readPlanDB(ctx, *dsn, *portfolio, *scenario)
	}
	if err != nil {
		return err
	}
	s := in.Scenario
	if *export != "" {
		return exportPlan(in, *export, stdout)
	}
	if objective.value != "" {
		s.Objective = pmo.Objective(objective.value)
	}
	if *limit <= 0 {
		*limit = time.Duration(s.TimeLimitMS) * time.Millisecond
		if *limit <= 0 {
			*limit = 10 * time.Second
		}
	}
	if *seed < 0 {
		*seed = s.Seed
	}
	pl, err := planning.Build(in)
	if err != nil {
		return fieldsError(err, s.Objective)
	}
	opt := optimize.Options{Seed: uint64(*seed), NodeLimit: *nodes}
	res := optimizeResult{Scenario: s.Name, Start: s.Start, Periods: s.Periods}
	sctx, cancel := context.WithTimeout(ctx, *limit)
	began := time.Now()
	sol, out, err := pl.Solve(sctx, opt)
	elapsed := time.Since(began)
	cancel()
	if err != nil {
		return err
	}
	res.Outcome = out
	if *record {
		if res.RunID, err = recordRun(withActor(ctx, *actor), *dsn, pl.Run(out, elapsed.Milliseconds(), *actor)); err != nil {
			return err
		}
	}
	if *frontier {
		fctx, cancel := context.WithTimeout(ctx, *limit)
		res.Frontier, err = pl.Frontier(fctx, optimize.FrontierLevels(0.5, 1.5, 11), opt)
		cancel()
		if err != nil {
			return fieldsError(err, s.Objective)
		}
	}
	if *forced {
		fctx, cancel := context.WithTimeout(ctx, *limit)
		res.Forced = pl.ForcedPrices(fctx, sol, opt)
		cancel()
	}
	if *explain != "" {
		ectx, cancel := context.WithTimeout(ctx, *limit)
		res.Explanation, err = pl.Explain(ectx, sol, *explain, opt)
		cancel()
		if err != nil {
			return fieldsError(err, s.Objective)
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printOutcome(stdout, pl, &res)
	return nil
}

// optimizeResult is what `pmo optimize --format json` prints.
type optimizeResult struct {
	Scenario    string                   `json:"scenario"`
	RunID       int64                    `json:"run_id,omitempty"` // the stored run, with --record
	Start       pmo.Period               `json:"start"`
	Periods     int                      `json:"periods"`
	Outcome     *planning.Outcome        `json:"outcome"`
	Frontier    []planning.FrontierPoint `json:"frontier,omitempty"`
	Explanation *planning.Explanation    `json:"explanation,omitempty"`
	Forced      []planning.ForcedPrice   `json:"forced,omitempty"`
}

// readPlanFile reads a JSON or XLSX plan; errors name the file.
func readPlanFile(name string) (planning.Input, error) {
	format := planfile.Format(name)
	if format == "" {
		return planning.Input{}, fmt.Errorf("%s: want a .json or .xlsx plan file", name)
	}
	f, err := os.Open(name)
	if err != nil {
		return planning.Input{}, err
	}
	defer f.Close()
	var in planning.Input
	if format == "json" {
		in, err = planfile.ReadJSON(f)
	} else {
		in, err = planfile.ReadXLSX(f)
	}
	if err != nil {
		return in, fmt.Errorf("%s: %w", name, err)
	}
	return in, nil
}

// readPlanDB loads a portfolio's pipeline and scenario from the database.
func readPlanDB(ctx context.Context, dsn, code, name string) (planning.Input, error) {
	var in planning.Input
	if dsn == "" {
		return in, fmt.Errorf("--portfolio needs --db (or PMO_DB)")
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return in, err
	}
	defer db.Close()
	ps, _, err := db.FindPortfolios(ctx, pmo.PortfolioFilter{Query: code, ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit}})
	if err != nil {
		return in, err
	}
	var port *pmo.Portfolio
	for _, p := range ps {
		if strings.EqualFold(p.Code, code) {
			port = p
		}
	}
	if port == nil {
		return in, fmt.Errorf("no portfolio has the code %q", code)
	}
	scs, _, err := db.FindScenarios(ctx, pmo.ScenarioFilter{PortfolioID: port.ID, ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit}})
	if err != nil {
		return in, err
	}
	var names []string
	for _, s := range scs {
		names = append(names, s.Name)
		if s.Name == name || name == "" && len(scs) == 1 {
			in.Scenario = s
		}
	}
	switch {
	case in.Scenario != nil:
	case len(scs) == 0:
		return in, fmt.Errorf("portfolio %s has no scenario yet: create one (budget, capacity, horizon) or use --file", port.Code)
	case name == "":
		return in, fmt.Errorf("portfolio %s has several scenarios; name one with --scenario: %s", port.Code, strings.Join(names, ", "))
	default:
		return in, fmt.Errorf("portfolio %s has no scenario %q; it has: %s", port.Code, name, strings.Join(names, ", "))
	}
	for cursor := ""; ; {
		page, pg, err := db.FindProposals(ctx, pmo.ProposalFilter{PortfolioID: port.ID, ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit, Cursor: cursor}})
		if err != nil {
			return in, err
		}
		in.Proposals = append(in.Proposals, page...)
		if cursor = pg.NextCursor; cursor == "" {
			break
		}
	}
	if in.Model, err = db.FindScoringModelByPortfolio(ctx, port.ID); err != nil && pmo.ErrorKind(err) != pmo.NotFound {
		return in, err
	}
	if in.Scores, err = db.FindScores(ctx, pmo.ScoreFilter{PortfolioID: port.ID}); err != nil {
		return in, err
	}
	// The projects proposals depend on: named directly, or the project a
	// funded proposal became.
	project := map[int64]int64{}
	for _, p := range in.Proposals {
		project[p.ID] = p.ProjectID
	}
	var ids []int64
	for _, p := range in.Proposals {
		for _, d := range p.Dependencies {
			if id := max(d.ProjectID, project[d.ProposalID]); id != 0 {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > 0 {
		if in.Projects, _, err = db.FindProjects(ctx, pmo.ProjectFilter{IDs: ids, ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit}}); err != nil {
			return in, err
		}
	}
	run, err := runningWork(ctx, db, port.ID, in.Proposals)
	if err != nil {
		return in, err
	}
	in.Committed = planning.CommittedLoad(in.Scenario, run)
	return in, nil
}

// runningWork loads what CommittedLoad needs: every project of the
// portfolio that holds budget or people, with its latest actual cost.
func runningWork(ctx context.Context, db *store.DB, portfolioID int64, proposals []*pmo.Proposal) (planning.Running, error) {
	run := planning.Running{Proposals: proposals, Spent: map[int64]int64{}}
	f := pmo.ProjectFilter{PortfolioID: portfolioID, States: []pmo.State{pmo.Proposed, pmo.Active, pmo.OnHold},
		ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit, SkipTotal: true}}
	for {
		ps, page, err := db.FindProjects(ctx, f)
		if err != nil {
			return run, err
		}
		run.Projects = append(run.Projects, ps...)
		if page.NextCursor == "" || len(ps) == 0 {
			break
		}
		f.Cursor = page.NextCursor
	}
	for _, p := range run.Projects {
		if !planning.Holds(p.State, p.Stage) {
			continue
		}
		rs, _, err := db.FindStatusReports(ctx, pmo.StatusFilter{ProjectID: p.ID, ListOptions: pmo.ListOptions{Sort: "-period", Limit: 1, SkipTotal: true}})
		if err != nil {
			return run, err
		}
		if len(rs) > 0 && rs[0].ActualCost.Currency == p.Budget.Currency {
			run.Spent[p.ID] = rs[0].ActualCost.Minor
		}
	}
	return run, nil
}

// exportPlan writes in as a plan file named name.
func exportPlan(in planning.Input, name string, stdout io.Writer) error {
	f, dropped := planfile.FromInput(in)
	var b bytes.Buffer
	switch planfile.Format(name) {
	case "json":
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(f); err != nil {
			return err
		}
	case "xlsx":
		if err := planfile.WriteXLSX(&b, f); err != nil {
			return err
		}
	default:
		return fmt.Errorf("--export %s: want a .json or .xlsx file name", name)
	}
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d proposals, scenario %q\n", name, len(f.Proposals), f.Scenario.Name)
	if len(dropped) > 0 {
		fmt.Fprintf(stdout, "left out (a plan file cannot say it): the dependencies on unknown or cancelled projects of %s\n", strings.Join(dropped, ", "))
	}
	return nil
}

// recordRun stores run as its scenario's latest result.
func recordRun(ctx context.Context, dsn string, run *pmo.ScenarioRun) (int64, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if err := db.RecordScenarioRun(ctx, run); err != nil {
		return 0, fmt.Errorf("recording the run: %w", err)
	}
	return run.ID, nil
}

// fieldsError spells out a domain error's fields, one per line, and says
// what the score objective needs.
func fieldsError(err error, obj pmo.Objective) error {
	fields := pmo.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(pmo.ErrorMessage(err))
	for _, f := range fields {
		fmt.Fprintf(&b, "\n  %s: %s", f.Field, f.Detail)
		if f.Field == "objective" && obj == pmo.ObjectiveScore {
			b.WriteString(" (in a plan file: a score per proposal, or criteria and reviewers' scores)")
		}
	}
	return errors.New(b.String())
}
