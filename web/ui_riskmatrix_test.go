package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// matrixCell matches a linked cell of the risk matrix: its target and the
// count in its accessible label.
var matrixCell = regexp.MustCompile(`<a href="([^"]+)" aria-label="probability (\d), impact (\d) \(\w+\): (\d+) risks">`)

// tableRows counts the data rows of a list page's table.
func tableRows(body string) int {
	start := strings.Index(body, "<tbody>")
	end := strings.Index(body, "</tbody>")
	if start < 0 || end < start {
		return -1
	}
	return strings.Count(body[start:end], "<tr><td") - strings.Count(body[start:end], `class="empty"`)
}

// TestRiskMatrixCellsLink follows every non-empty cell of the risk list's
// and the project page's matrix and checks that the linked list holds as
// many rows as the cell counted, in the same scope.
func TestRiskMatrixCellsLink(t *testing.T) {
	e := mustEnv(t)
	ctx := context.Background()
	add := func(project int64, title, status string, p, i int) {
		t.Helper()
		r := &pmo.Risk{Entry: pmo.Entry{ProjectID: project, Title: title, Owner: "Ada", Status: status}, Probability: p, Impact: i}
		if err := e.db.Risks().Create(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// The seed has "Supplier late" (3/4, open) in project 1.
	add(e.ids.project, "Vendor strike", "open", 3, 4)
	add(e.ids.project, "Old risk", "closed", 3, 4)
	add(e.ids.project, "Key person", "open", 2, 5)
	add(e.ids.project2, "Data loss", "open", 2, 5)
	add(e.ids.project2, "Licence", "open", 5, 1)
	other := &pmo.Portfolio{Code: "PFX", Name: "Other"}
	if err := e.db.CreatePortfolio(ctx, other); err != nil {
		t.Fatal(err)
	}
	far := &pmo.Project{PortfolioID: other.ID, Code: "FAR-1", Name: "Far", State: pmo.Active}
	if err := e.db.CreateProject(ctx, far); err != nil {
		t.Fatal(err)
	}
	add(far.ID, "Elsewhere", "open", 3, 4)

	pf := strconv.FormatInt(e.ids.portfolio, 10)
	pid := strconv.FormatInt(e.ids.project, 10)
	tests := []struct {
		name, url string
		cells     map[string]int // "p/i" -> count
		mustKeep  []string       // parameters every cell link keeps
	}{
		{"portfolio list", "/risks?portfolio_id=" + pf, map[string]int{"3/4": 3, "2/5": 2, "5/1": 1}, []string{"portfolio_id=" + pf}},
		{"open risks of a program", "/risks?program_id=" + strconv.FormatInt(e.ids.program, 10) + "&status=open",
			map[string]int{"3/4": 2, "2/5": 1}, []string{"program_id=", "status=open"}},
		{"all portfolios", "/risks", map[string]int{"3/4": 4, "2/5": 2, "5/1": 1}, nil},
		{"project page", "/projects/" + pid + "?tab=risks", map[string]int{"3/4": 2, "2/5": 1}, []string{"project_id=" + pid, "status=open"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := string(e.get(t, tt.url).body)
			got := map[string]int{}
			for _, m := range matrixCell.FindAllStringSubmatch(body, -1) {
				cell := m[2] + "/" + m[3]
				n, _ := strconv.Atoi(m[4])
				got[cell] = n
				link := html.UnescapeString(m[1])
				for _, k := range append(tt.mustKeep, "probability="+m[2], "impact="+m[3]) {
					if !strings.Contains(link, k) {
						t.Errorf("cell %s links to %s, without %s", cell, link, k)
					}
				}
				page := string(e.get(t, link).body)
				if rows := tableRows(page); rows != n {
					t.Errorf("cell %s counts %d, %s lists %d rows", cell, n, link, rows)
				}
				if want := strconv.Itoa(n) + " risk"; !strings.Contains(page, `id="result-count">`+want) {
					t.Errorf("cell %s counts %d; %s does not say %q", cell, n, link, want)
				}
			}
			if len(got) != len(tt.cells) {
				t.Errorf("linked cells %v, want %v", got, tt.cells)
			}
			for k, v := range tt.cells {
				if got[k] != v {
					t.Errorf("cell %s = %d, want %d (all: %v)", k, got[k], v, got)
				}
			}
		})
	}
}

// TestRiskProbabilityImpactFilters covers the filters on the list page and
// the API, and their refusals.
func TestRiskProbabilityImpactFilters(t *testing.T) {
	e := mustEnv(t)
	tests := []struct {
		name, url string
		status    int
		want      []string
		not       []string
	}{
		{"page cell", "/risks?probability=3&impact=4", 200, []string{"Supplier late", `name="probability" value="3" checked`}, nil},
		{"page other cell", "/risks?probability=3&impact=5", 200, []string{"0 risks match"}, []string{"Supplier late"}},
		{"page several", "/risks?probability=1,3", 200, []string{"Supplier late"}, nil},
		{"page out of scale", "/risks?impact=6", 400, []string{"impact", "1-5 scale"}, nil},
		{"page on issues", "/issues?probability=3", 400, []string{"probabilities"}, nil},
		{"api cell", "/api/v1/risks?probability=3&impact=4", 200, []string{`"Supplier late"`}, nil},
		{"api other cell", "/api/v1/risks?probability=2", 200, []string{`"items":[]`}, []string{"Supplier late"}},
		{"api not a number", "/api/v1/risks?probability=high", 400, []string{`"probability"`}, nil},
		{"api on issues", "/api/v1/issues?impact=2", 400, []string{"impact"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, http.MethodGet, tt.url, "", nil)
			body := string(res.body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %.400s", res.StatusCode, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q: %.600s", w, body)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(body, w) {
					t.Errorf("body has %q", w)
				}
			}
		})
	}
}
