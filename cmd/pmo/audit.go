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
	"github.com/pmohq/pmo/store"
)

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("audit", "audit [--db FILE|URL] [--portfolio ID|CODE] [--framework FILE] [--format table|json|csv]", stderr)
	dsn := dbFlag(fs)
	portfolio := fs.String("portfolio", "", "audit one portfolio, by id or code (default: all)")
	fwFile := fs.String("framework", "default", "framework document to audit against")
	format := fs.String("format", "table", "output: table, json or csv")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" && *format != "csv" {
		fmt.Fprintf(stderr, "--format must be table, json or csv, not %q\n", *format)
		return errUsage
	}
	fw, err := loadFramework(*fwFile)
	if err != nil {
		printFrameworkError(stderr, err)
		return fmt.Errorf("%s is not a valid framework", *fwFile)
	}
	prog, err := governance.Compile(fw)
	if err != nil {
		printFrameworkError(stderr, err)
		return fmt.Errorf("%s is not a valid framework", *fwFile)
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var f compliance.Filter
	if *portfolio != "" {
		p, err := findPortfolio(ctx, db, *portfolio)
		if err != nil {
			return err
		}
		f.PortfolioID = p.ID
	}
	data, err := compliance.Load(ctx, db, f)
	if err != nil {
		return err
	}
	findings := governance.Audit(prog, data, time.Now())
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Framework string               `json:"framework"`
			Version   string               `json:"version"`
			Summary   governance.Summary   `json:"summary"`
			Findings  []governance.Finding `json:"findings"`
		}{fw.Name, fw.Version, governance.Summarize(prog, len(data), findings), nonNil(findings)})
	case "csv":
		return writeFindingsCSV(stdout, findings)
	}
	return writeFindingsTable(stdout, prog, len(data), findings)
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
