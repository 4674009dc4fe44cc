package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/web/chart"
)

// control is one filter control of a list page.
type control struct {
	Name, Label string
	Kind        string // text, date, select, chips, checkbox or hidden
	Value       string
	Options     []option
}

// option is a choice of a select or chip group.
type option struct {
	Value, Label string
	Selected     bool
}

// chip is an active filter that has no control of its own, with a link
// that removes it.
type chip struct {
	Label, RemoveURL string
}

var controlLabels = map[string]string{
	"q": "Search", "portfolio_id": "Portfolio", "program_id": "Program", "manager": "Manager", "owner": "Owner",
	"tag": "Tag", "stage": "Stage", "state": "State", "rag": "Overall RAG", "overdue": "Status overdue",
	"status": "Status", "level": "Level", "from": "Date from", "to": "Date to", "open": "Open only",
	"change_state": "State", "project_stage": "Project stage", "project_state": "Project state",
	"project_rag": "Project RAG", "project_tag": "Project tag", "probability": "Probability", "impact": "Impact",
}

// controls builds the filter controls of a list from the query, and chips
// for active filters without a control (a project, a per-dimension RAG).
func (s *Server) controls(ctx context.Context, u *url.URL, names, statuses []string) ([]control, []chip, error) {
	q := u.Query()
	var out []control
	var chips []chip
	shown := map[string]bool{"cursor": true}
	for _, n := range names {
		param := n
		if n == "change_state" {
			param = "state"
		}
		shown[param] = true
		c := control{Name: param, Label: controlLabels[n], Kind: "text", Value: q.Get(param)}
		selected := q[param]
		var vals []string
		for _, v := range selected {
			vals = append(vals, strings.Split(v, ",")...)
		}
		chipsOf := func(values []string) {
			c.Kind = "chips"
			for _, v := range values {
				c.Options = append(c.Options, option{Value: v, Label: label(v), Selected: slices.Contains(vals, v)})
			}
		}
		switch n {
		case "from", "to":
			c.Kind = "date"
		case "open", "overdue":
			c.Kind = "checkbox"
		case "stage", "project_stage":
			chipsOf(strs(pmo.Stages))
		case "state", "project_state":
			chipsOf(strs(pmo.States))
		case "change_state":
			chipsOf(strs(pmo.ChangeStates))
		case "rag", "project_rag":
			chipsOf(strs(pmo.RAGs))
		case "status":
			chipsOf(statuses)
		case "level":
			chipsOf([]string{"project", "program", "portfolio"})
		case "probability", "impact":
			chipsOf([]string{"1", "2", "3", "4", "5"})
		case "project_id":
			shown[param] = c.Value != ""
			if c.Value == "" {
				continue
			}
			c.Kind = "hidden"
			name := "#" + c.Value
			if id, err := parseID(c.Value); err == nil {
				if p, err := s.svc.FindProjectByID(ctx, id); err == nil {
					name = p.Code + " " + p.Name
				}
			}
			chips = append(chips, chip{Label: "Project: " + name, RemoveURL: withParam(u, "project_id", "")})
		case "portfolio_id":
			c.Kind = "select"
			pfs, _, err := s.svc.FindPortfolios(ctx, pmo.PortfolioFilter{ListOptions: pmo.ListOptions{Sort: "name", Limit: pmo.MaxLimit}})
			if err != nil {
				return nil, nil, err
			}
			c.Options = append(c.Options, option{Value: "", Label: "All portfolios"})
			for _, p := range pfs {
				c.Options = append(c.Options, option{Value: itoa(p.ID), Label: p.Name, Selected: itoa(p.ID) == c.Value})
			}
		case "program_id":
			c.Kind = "select"
			pf, _ := parseID(q.Get("portfolio_id"))
			pgs, _, err := s.svc.FindPrograms(ctx, pmo.ProgramFilter{PortfolioID: pf, ListOptions: pmo.ListOptions{Sort: "name", Limit: pmo.MaxLimit}})
			if err != nil {
				return nil, nil, err
			}
			c.Options = append(c.Options, option{Value: "", Label: "All programs"})
			for _, p := range pgs {
				c.Options = append(c.Options, option{Value: itoa(p.ID), Label: p.Name, Selected: itoa(p.ID) == c.Value})
			}
		}
		out = append(out, c)
	}
	// Parameters without a control stay in the form as hidden fields and
	// show as removable chips.
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if shown[k] {
			continue
		}
		for _, v := range q[k] {
			out = append(out, control{Name: k, Kind: "hidden", Value: v})
		}
		if k == "sort" {
			continue
		}
		name := k
		if dim, ok := strings.CutPrefix(k, "rag."); ok {
			name = label(dim) + " RAG"
		}
		chips = append(chips, chip{Label: name + ": " + strings.Join(q[k], ", "), RemoveURL: withParam(u, k, "")})
	}
	return out, chips, nil
}

// parseID parses a positive integer id.
func parseID(s string) (int64, error) {
	var q query
	q.v = url.Values{"id": {s}}
	id := q.id("id")
	return id, q.err()
}

// riskMatrixLimit caps the risks counted into the matrix of the risk list;
// beyond it the matrix is left out rather than slow the page.
const riskMatrixLimit = 5000

// riskMatrixFor draws the 5x5 matrix of the risks the list's filter selects.
func (s *Server) riskMatrixFor(r *http.Request) (template.HTML, error) {
	q := newQuery(r)
	f := recordFilter(q, pmo.ListOptions{}, pmo.RiskStatuses)
	if q.err() != nil {
		return "", nil
	}
	counts, err := s.riskCounts(r.Context(), f)
	if err != nil {
		return "", err
	}
	// Each cell links to this list narrowed to its probability and impact,
	// keeping every other filter, so the cell's count is the linked total.
	href := func(p, i int) string {
		v := r.URL.Query()
		v.Del("cursor")
		v.Set("probability", itoa(int64(p)))
		v.Set("impact", itoa(int64(i)))
		return listURL("risks", v)
	}
	return chart.RiskMatrix(counts, href), nil
}

// riskCounts counts the risks f selects by probability and impact, reading
// at most riskMatrixLimit of them.
func (s *Server) riskCounts(ctx context.Context, f pmo.RecordFilter) (counts [5][5]int, err error) {
	f.Limit, f.Cursor = pmo.MaxLimit, ""
	f.SkipTotal = true // the caller has counted already
	seen := 0
	for {
		rs, page, err := s.svc.Risks().Find(ctx, f)
		if err != nil {
			return counts, err
		}
		for _, x := range rs {
			if x.Probability >= 1 && x.Probability <= 5 && x.Impact >= 1 && x.Impact <= 5 {
				counts[x.Probability-1][x.Impact-1]++
			}
		}
		seen += len(rs)
		if page.NextCursor == "" || seen >= riskMatrixLimit {
			return counts, nil
		}
		f.Cursor = page.NextCursor
	}
}

// projectRiskMatrix draws the matrix of a project's open risks; each cell
// links to the risk list of the project narrowed to that cell.
func (s *Server) projectRiskMatrix(ctx context.Context, id int64) (template.HTML, error) {
	counts, err := s.riskCounts(ctx, pmo.RecordFilter{ProjectID: id, Statuses: []string{"open"}})
	if err != nil {
		return "", err
	}
	return chart.RiskMatrix(counts, func(p, i int) string {
		return listURL("risks", url.Values{"project_id": {itoa(id)}, "status": {"open"},
			"probability": {itoa(int64(p))}, "impact": {itoa(int64(i))}})
	}), nil
}
