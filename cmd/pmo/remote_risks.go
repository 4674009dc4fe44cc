package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/internal/remote"
)

func remoteRisks(ctx context.Context, rc *remoteCall) error {
	fs := rc.flags("risks", "[--portfolio ID|CODE] [--project ID|CODE] [--open] [--status S,..] [--state S,..] [--rag R,..] [--limit N | --all] [--format table|csv|json]")
	portfolio := fs.String("portfolio", "", "only risks of projects in this portfolio (id or code)")
	program := fs.String("program", "", "only risks of projects in this program (id or code)")
	project := fs.String("project", "", "only risks of this project (id or code)")
	open := fs.Bool("open", false, "only open risks")
	status := fs.String("status", "", "risk statuses, comma-separated: "+fmt.Sprint(pmo.RiskStatuses))
	state := fs.String("state", "", "only risks of projects in these states, comma-separated")
	rag := fs.String("rag", "", "only risks of projects with this overall rating, comma-separated")
	owner := fs.String("owner", "", "risk owner")
	text := fs.String("q", "", "free text on title and description")
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
	for _, f := range []struct{ param, kind, v string }{
		{"portfolio_id", "portfolios", *portfolio}, {"program_id", "programs", *program}, {"project_id", "projects", *project},
	} {
		id, err := resolveID(ctx, cl, f.kind, f.v)
		if err != nil {
			return err
		}
		if id != "" {
			q.Set(f.param, id)
		}
	}
	setList(q, "status", *status)
	setList(q, "project_state", *state)
	setList(q, "project_rag", *rag)
	if *open {
		q.Set("open", "true")
	}
	if *owner != "" {
		q.Set("owner", *owner)
	}
	if *text != "" {
		q.Set("q", *text)
	}
	codes := projectCodes{cl: cl, codes: map[int64]string{}}
	t := newTable(*lf.format, rc.stdout, "ID", "PROJECT", "SCORE", "STATUS", "OWNER", "REVIEW", "EMV", "TITLE")
	total, err := cl.List(ctx, "risks", q, pg, func(raw json.RawMessage) error {
		var r pmo.Risk
		if err := json.Unmarshal(raw, &r); err != nil {
			return fmt.Errorf("a risk in the answer: %w", err)
		}
		title := r.Title
		if *lf.format == "table" {
			title = clip(title, 60)
		}
		t.row(raw, strconv.FormatInt(r.ID, 10), codes.of(ctx, r.ProjectID), strconv.Itoa(r.Score), r.Status, r.Owner,
			r.ReviewDate.String(), r.EMV.String(), title)
		return nil
	})
	if err != nil {
		return err
	}
	return t.end(total, "risks", rc.stderr)
}

// projectCodes looks up project codes once each, so that risk tables show
// codes an analyst recognises rather than ids.
type projectCodes struct {
	cl    *remote.Client
	codes map[int64]string
}

func (pc projectCodes) of(ctx context.Context, id int64) string {
	if c, ok := pc.codes[id]; ok {
		return c
	}
	var p pmo.Project
	c := strconv.FormatInt(id, 10) // the id, if the project cannot be read
	if err := pc.cl.JSON(ctx, http.MethodGet, "projects/"+c, nil, &p); err == nil && p.Code != "" {
		c = p.Code
	}
	pc.codes[id] = c
	return c
}

// nextLink finds rel="next" in a Link header.
var nextLink = regexp.MustCompile(`<([^>]+)>\s*;\s*rel="?next"?`)

func remoteAudit(ctx context.Context, rc *remoteCall) error {
	fs := rc.flags("audit", "[--csv] [--project ID|CODE] [--entity E] [--entity-id N] [--actor NAME] [--action A] [--from DATE] [--to DATE] [--limit N | --all]")
	asCSV := fs.Bool("csv", false, "stream the CSV export (/api/v1/audit.csv) to stdout")
	project := fs.String("project", "", "records about this project (id or code) and what belongs to it")
	entity := fs.String("entity", "", "kind of record: project, risk, change_request, user, session, route, ...")
	entityID := fs.Int64("entity-id", 0, "id of the record")
	actor := fs.String("actor", "", "name of the actor, exactly")
	action := fs.String("action", "", "create, update, delete, transition, sign_in, sign_in_failed, permission_denied, ...")
	from := fs.String("from", "", "on or after this day (YYYY-MM-DD, UTC)")
	to := fs.String("to", "", "on or before this day (YYYY-MM-DD, UTC)")
	limit := fs.Int("limit", 0, "at most this many records (default: 50 in the table, one page of 500 in CSV)")
	all := fs.Bool("all", false, "follow the cursors to the end of the trail")
	var pageSize int
	pageSizeFlag(fs, &pageSize)
	if _, err := rc.parse(fs, 0); err != nil {
		return err
	}
	for name, v := range map[string]string{"from": *from, "to": *to} {
		if _, err := time.Parse(time.DateOnly, v); v != "" && err != nil {
			fmt.Fprintf(rc.stderr, "pmo remote: --%s must be a day such as 2026-11-27, not %q\n", name, v)
			return errUsage
		}
	}
	if err := checkPageSize(pageSize, rc.stderr); err != nil {
		return err
	}
	if *limit < 0 {
		fmt.Fprintln(rc.stderr, "pmo remote: --limit must be positive")
		return errUsage
	}
	cl, err := rc.conn.client(rc.stderr)
	if err != nil {
		return err
	}
	q := url.Values{}
	id, err := resolveID(ctx, cl, "projects", *project)
	if err != nil {
		return err
	}
	for k, v := range map[string]string{"project_id": id, "entity": *entity, "actor": *actor, "action": *action, "from": *from, "to": *to} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if *entityID > 0 {
		q.Set("entity_id", strconv.FormatInt(*entityID, 10))
	}
	if *asCSV {
		return auditCSV(ctx, cl, q, *limit, pageSize, *all, rc.stdout, rc.stderr)
	}
	pg := remote.Paging{Max: *limit, PageSize: pageSize}
	if pg.Max == 0 && !*all {
		pg.Max = 50
	}
	t := newTable("table", rc.stdout, "ID", "AT (UTC)", "ACTOR", "ACTION", "ENTITY", "ENTITY ID", "PROJECT")
	total, err := cl.List(ctx, "audit", q, pg, func(raw json.RawMessage) error {
		var a pmo.AuditRecord
		if err := json.Unmarshal(raw, &a); err != nil {
			return fmt.Errorf("an audit record in the answer: %w", err)
		}
		project := ""
		if a.ProjectID != 0 {
			project = strconv.FormatInt(a.ProjectID, 10)
		}
		t.row(raw, strconv.FormatInt(a.ID, 10), a.At.UTC().Format("2006-01-02 15:04:05"), a.Actor, a.Action, a.Entity,
			strconv.FormatInt(a.EntityID, 10), project)
		return nil
	})
	if err != nil {
		return err
	}
	return t.end(total, "records", rc.stderr)
}

// auditCSV streams the CSV export page by page, following the Link header;
// pages after the first drop their header line so the output is one file.
func auditCSV(ctx context.Context, cl *remote.Client, q url.Values, limit, size int, all bool, stdout, stderr io.Writer) error {
	left := limit
	if left == 0 {
		left = size // one page unless --limit or --all says otherwise
	}
	q.Set("limit", strconv.Itoa(min(left, size)))
	if all {
		q.Set("limit", strconv.Itoa(size))
	}
	path := "audit.csv?" + q.Encode()
	for first := true; path != ""; first = false {
		res, err := cl.Do(ctx, remote.Request{Method: http.MethodGet, Path: path, Accept: "text/csv"})
		if err != nil {
			return err
		}
		next := ""
		if m := nextLink.FindStringSubmatch(res.Header.Get("Link")); m != nil {
			next = m[1]
		}
		body := bufio.NewReader(res.Body)
		if !first {
			if _, err := body.ReadString('\n'); err != nil && err != io.EOF {
				res.Body.Close()
				return fmt.Errorf("reading the audit export: %w", err)
			}
		}
		_, err = io.Copy(stdout, body)
		res.Body.Close()
		if err != nil {
			return fmt.Errorf("reading the audit export: %w", err)
		}
		if next == "" {
			return nil
		}
		if !all {
			// A page of the export is full when the server has more.
			left -= min(left, size)
			if left <= 0 {
				fmt.Fprintln(stderr, "pmo remote: the trail goes on; --limit N or --all exports more of it")
				return nil
			}
			next = withLimit(next, min(left, size))
		}
		path = next
	}
	return nil
}

// withLimit sets the limit parameter of a path with a query.
func withLimit(path string, n int) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	q := u.Query()
	q.Set("limit", strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return u.String()
}
