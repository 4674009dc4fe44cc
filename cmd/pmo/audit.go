package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/governance"
)

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("audit", "audit [--db FILE|URL] [--portfolio ID|CODE] [--framework FILE] [--record] [--actor NAME] [--format table|json|csv]\n\n"+
		"Audits the stored projects against the current published framework (the built-in one when none is\n"+
		"published, or --framework FILE). Read-only unless --record, which records the run and the findings\n"+
		"lifecycle: new findings open, persisting ones are updated, and those no longer found resolve themselves.", stderr)
	dsn := dbFlag(fs)
	portfolio := fs.String("portfolio", "", "audit one portfolio, by id or code (default: all)")
	fwFile := fs.String("framework", "", "framework document to audit against (default: the current published version, else the built-in one)")
	format := formatFlag(fs, "table", "json", "csv")
	record := fs.Bool("record", false, "record the run and the findings lifecycle (uses the current published version)")
	actor := actorFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *record && *fwFile != "" {
		fmt.Fprintln(stderr, "--record audits against the published framework; publish FILE first (pmo framework publish FILE) instead of --framework")
		return errUsage
	}
	var prog *governance.Program
	if *fwFile != "" {
		fw, err := loadFramework(*fwFile)
		if err != nil {
			printFrameworkError(stderr, err)
			return fmt.Errorf("%s is not a valid framework", *fwFile)
		}
		if prog, err = governance.Compile(fw); err != nil {
			printFrameworkError(stderr, err)
			return fmt.Errorf("%s is not a valid framework", *fwFile)
		}
	}
	db, svc, err := openService(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = withActor(ctx, *actor)
	var f compliance.Filter
	if *portfolio != "" {
		p, err := findPortfolio(ctx, db, *portfolio)
		if err != nil {
			return err
		}
		f.PortfolioID = p.ID
	}
	var findings []governance.Finding
	var projects int
	var run *pmo.AuditRun
	switch {
	case *record:
		r, err := svc.Record(ctx, f)
		if pmo.ErrorKind(err) == pmo.NotFound && r == nil {
			return fmt.Errorf("%w (pmo framework publish default publishes the built-in one)", err)
		}
		if err != nil {
			return err
		}
		prog, findings, projects, run = r.Program, r.Findings, len(r.Projects), r.Run
	case prog == nil:
		r, err := svc.Audit(ctx, f)
		if err == nil {
			prog, findings, projects = r.Program, r.Findings, len(r.Projects)
			break
		}
		if pmo.ErrorKind(err) != pmo.NotFound {
			return err
		}
		prog = governance.MustCompile(governance.Default()) // nothing published yet
		fallthrough
	default:
		data, err := compliance.Load(ctx, db, f)
		if err != nil {
			return err
		}
		findings, projects = governance.Audit(prog, data, time.Now()), len(data)
	}
	fw := prog.Framework()
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Framework string               `json:"framework"`
			Version   string               `json:"version"`
			Run       *pmo.AuditRun        `json:"run,omitempty"`
			Summary   governance.Summary   `json:"summary"`
			Findings  []governance.Finding `json:"findings"`
		}{fw.Name, fw.Version, run, governance.Summarize(prog, projects, findings), nonNil(findings)})
	case "csv":
		return writeFindingsCSV(stdout, findings)
	}
	if err := writeFindingsTable(stdout, prog, projects, findings); err != nil {
		return err
	}
	if run != nil {
		fmt.Fprintf(stdout, "\nrecorded audit run %d: %d new findings, %d resolved\n", run.ID, run.Opened, run.Resolved)
	}
	return nil
}

func nonNil(fs []governance.Finding) []governance.Finding {
	if fs == nil {
		return []governance.Finding{}
	}
	return fs
}

// findPortfolio resolves a portfolio by numeric id or by code.
func findPortfolio(ctx context.Context, svc pmo.PortfolioService, key string) (*pmo.Portfolio, error) {
	if id, err := strconv.ParseInt(key, 10, 64); err == nil {
		return svc.FindPortfolioByID(ctx, id)
	}
	ps, _, err := svc.FindPortfolios(ctx, pmo.PortfolioFilter{Query: key, ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit}})
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.Code == key {
			return p, nil
		}
	}
	return nil, pmo.Errorf(pmo.NotFound, "no portfolio has the id or code %q", key)
}

func writeFindingsCSV(w io.Writer, fs []governance.Finding) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"project", "portfolio", "program", "manager", "stage", "class", "rule", "severity", "kind", "message"})
	for _, f := range fs {
		cw.Write([]string{f.ProjectCode, f.Portfolio, f.Program, f.Manager, string(f.Stage), f.Class, f.Rule,
			string(f.Severity), string(f.Kind), f.Message})
	}
	cw.Flush()
	return cw.Error()
}

func writeFindingsTable(w io.Writer, prog *governance.Program, projects int, fs []governance.Finding) error {
	s := governance.Summarize(prog, projects, fs)
	fw := prog.Framework()
	fmt.Fprintf(w, "%s %s: %d projects, %d compliant, %d violations, %d rule errors\n\n",
		fw.Name, fw.Version, s.Projects, s.Compliant, s.Violations, s.RuleErrors)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PROJECT\tSEVERITY\tRULE\tMESSAGE")
	for _, f := range fs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.ProjectCode, f.Severity, f.Rule, f.Message)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(s.ByRule) > 0 {
		fmt.Fprintln(w, "\nMost failed rules:")
		for i, c := range s.ByRule {
			if i == 10 {
				break
			}
			fmt.Fprintf(w, "  %4d  %s\n", c.Count, c.Key)
		}
	}
	return nil
}
