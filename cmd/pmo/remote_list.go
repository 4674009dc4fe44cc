package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/internal/remote"
)

// listFlags are the paging and output flags of the list commands.
type listFlags struct {
	limit, pageSize int
	all             bool
	format          *string
}

func addListFlags(fs *flag.FlagSet) *listFlags {
	lf := &listFlags{}
	fs.IntVar(&lf.limit, "limit", 50, "show at most this many (any number; pages are fetched as needed)")
	fs.BoolVar(&lf.all, "all", false, "follow the cursors to the end of the list")
	pageSizeFlag(fs, &lf.pageSize)
	lf.format = formatFlag(fs, "table", "csv", "json")
	return lf
}

// pageSizeFlag adds --page-size, the items asked for per request.
func pageSizeFlag(fs *flag.FlagSet, v *int) {
	fs.IntVar(v, "page-size", remote.MaxPage, fmt.Sprintf("items per request, 1-%d (smaller pages answer sooner)", remote.MaxPage))
}

func checkPageSize(n int, stderr io.Writer) error {
	if n < 1 || n > remote.MaxPage {
		fmt.Fprintf(stderr, "pmo remote: --page-size must be from 1 to %d\n", remote.MaxPage)
		return errUsage
	}
	return nil
}

// paging is what to read: --all, or --limit items.
func (lf *listFlags) paging(stderr io.Writer) (remote.Paging, error) {
	if err := checkPageSize(lf.pageSize, stderr); err != nil {
		return remote.Paging{}, err
	}
	if lf.all {
		return remote.Paging{PageSize: lf.pageSize}, nil
	}
	if lf.limit < 1 {
		fmt.Fprintln(stderr, "pmo remote: --limit must be at least 1 (or use --all)")
		return remote.Paging{}, errUsage
	}
	return remote.Paging{Max: lf.limit, PageSize: lf.pageSize}, nil
}

// table writes rows as an aligned table, CSV or a JSON array of the
// server's own items.
type table struct {
	format string
	out    io.Writer
	tw     *tabwriter.Writer
	cw     *csv.Writer
	n      int
}

func newTable(format string, out io.Writer, header ...string) *table {
	t := &table{format: format, out: out}
	switch format {
	case "table":
		t.tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(t.tw, strings.Join(header, "\t"))
	case "csv":
		t.cw = csv.NewWriter(out)
		_ = t.cw.Write(header)
	case "json":
		fmt.Fprint(out, "[")
	}
	return t
}

func (t *table) row(raw json.RawMessage, cells ...string) {
	switch t.format {
	case "table":
		for i, c := range cells {
			cells[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(c)
		}
		fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
	case "csv":
		_ = t.cw.Write(cells)
	case "json":
		if t.n > 0 {
			fmt.Fprint(t.out, ",")
		}
		fmt.Fprintf(t.out, "\n%s", raw)
	}
	t.n++
}

// end flushes and, for tables, says on stderr when the list goes on.
func (t *table) end(total int, what string, stderr io.Writer) error {
	switch t.format {
	case "table":
		if err := t.tw.Flush(); err != nil {
			return err
		}
		if t.n < total {
			fmt.Fprintf(stderr, "%d of %d %s; --limit N or --all for more\n", t.n, total, what)
		}
	case "csv":
		t.cw.Flush()
		return t.cw.Error()
	case "json":
		fmt.Fprintln(t.out, "\n]")
	}
	return nil
}

// clip shortens s to n characters for a table cell.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// setList sets q[name] from a comma-separated flag value.
func setList(q url.Values, name, v string) {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			q.Add(name, s)
		}
	}
}

// resolveID turns a portfolio, program or project given by id or by code
// into its id.
func resolveID(ctx context.Context, cl *remote.Client, kind, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
		return v, nil
	}
	if kind == "projects" {
		var p pmo.Project
		if err := cl.JSON(ctx, http.MethodGet, "project-codes/"+url.PathEscape(v), nil, &p); err != nil {
			return "", fmt.Errorf("project %q: %w", v, err)
		}
		return strconv.FormatInt(p.ID, 10), nil
	}
	found := ""
	_, err := cl.List(ctx, kind, url.Values{"q": {v}}, remote.Paging{}, func(raw json.RawMessage) error {
		var it struct {
			ID   int64  `json:"id"`
			Code string `json:"code"`
		}
		if json.Unmarshal(raw, &it) == nil && strings.EqualFold(it.Code, v) {
			found = strconv.FormatInt(it.ID, 10)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if found == "" {
		return "", fmt.Errorf("no %s with the code %q that this token may see", strings.TrimSuffix(kind, "s"), v)
	}
	return found, nil
}

func remoteProjects(ctx context.Context, rc *remoteCall) error {
	fs := rc.flags("projects", "[--portfolio ID|CODE] [--program ID|CODE] [--state S,..] [--stage S,..] [--rag R,..] [--q TEXT] [--sort FIELD] [--limit N | --all] [--format table|csv|json]")
	portfolio := fs.String("portfolio", "", "only this portfolio (id or code)")
	program := fs.String("program", "", "only this program (id or code)")
	state := fs.String("state", "", "project states, comma-separated: "+strings.Join(strs(pmo.States), ", "))
	stage := fs.String("stage", "", "lifecycle stages, comma-separated")
	rag := fs.String("rag", "", "overall rating of the current status, comma-separated: red, amber, green, grey")
	manager := fs.String("manager", "", "project manager")
	tag := fs.String("tag", "", "strategic tag")
	text := fs.String("q", "", "free text on code, name and description")
	overdue := fs.Bool("overdue", false, "only projects whose status report is overdue")
	sort := fs.String("sort", "", "sort field, - for descending, e.g. -budget")
	lf := addListFlags(fs)
	if _, err := rc.parse(fs, 0); err != nil {
		return err
	}
	pg, err := lf.paging(rc.stderr)
	if err != nil {
		return err
	}
	cl, err := rc.conn.client(rc.stderr)
	if err != nil {
		return err
	}
	q := url.Values{}
	if q["portfolio_id"], err = idParam(ctx, cl, "portfolios", *portfolio); err != nil {
		return err
	}
	if q["program_id"], err = idParam(ctx, cl, "programs", *program); err != nil {
		return err
	}
	setList(q, "state", *state)
	setList(q, "stage", *stage)
	setList(q, "rag", *rag)
	for k, v := range map[string]string{"manager": *manager, "tag": *tag, "q": *text, "sort": *sort} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if *overdue {
		q.Set("overdue", "true")
	}
	t := newTable(*lf.format, rc.stdout, "CODE", "NAME", "STAGE", "STATE", "RAG", "MANAGER", "FINISH", "BUDGET")
	total, err := cl.List(ctx, "projects", q, pg, func(raw json.RawMessage) error {
		var p pmo.Project
		if err := json.Unmarshal(raw, &p); err != nil {
			return fmt.Errorf("a project in the answer: %w", err)
		}
		rating, finish := "grey", p.ForecastEnd
		if p.Status != nil && p.Status.Overall != "" {
			rating = string(p.Status.Overall)
		}
		if finish.IsZero() {
			finish = p.PlannedEnd
		}
		t.row(raw, p.Code, clip(p.Name, 40), string(p.Stage), string(p.State), rating, p.Manager, finish.String(), p.Budget.String())
		return nil
	})
	if err != nil {
		return err
	}
	return t.end(total, "projects", rc.stderr)
}

// idParam resolves a flag naming a record by id or code into a query value.
func idParam(ctx context.Context, cl *remote.Client, kind, v string) ([]string, error) {
	id, err := resolveID(ctx, cl, kind, v)
	if err != nil || id == "" {
		return nil, err
	}
	return []string{id}, nil
}

func strs[S ~string](vs []S) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
