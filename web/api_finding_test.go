package web_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

func TestComplianceAuditAPI(t *testing.T) {
	runGovScenarios(t, []scenario{
		{name: "record a run", method: http.MethodPost, url: "/api/v1/audit-runs", body: `{}`,
			wantStatus: http.StatusCreated, wantBody: []string{`"id":2`, `"portfolio_id":0`, `"projects":2`, `"run_by":"admin"`},
			wantHeaders: map[string]string{"Location": "/api/v1/audit-runs/2"}},
		{name: "record a run of one portfolio", method: http.MethodPost, url: "/api/v1/audit-runs",
			body: `{"portfolio_id":{portfolio}}`, wantStatus: http.StatusCreated, wantBody: []string{`"portfolio_id":{portfolio}`}},
		{name: "record a run without a body", method: http.MethodPost, url: "/api/v1/audit-runs",
			wantStatus: http.StatusCreated},
		{name: "record a run of an unknown portfolio", method: http.MethodPost, url: "/api/v1/audit-runs",
			body: `{"portfolio_id":999}`, wantStatus: http.StatusUnprocessableEntity, wantFields: []string{"portfolio_id"},
			unchanged: []string{"/api/v1/audit-runs"}},
		{name: "record a run with a bad portfolio", method: http.MethodPost, url: "/api/v1/audit-runs",
			body: `{"portfolio_id":"PF1"}`, wantStatus: http.StatusBadRequest, wantFields: []string{"portfolio_id"}},
		{name: "list runs", method: http.MethodGet, url: "/api/v1/audit-runs", wantStatus: http.StatusOK,
			wantBody: []string{`"total":1`, `"counts":{`}},
		{name: "list runs with a bad limit", method: http.MethodGet, url: "/api/v1/audit-runs?limit=0",
			wantStatus: http.StatusBadRequest, wantFields: []string{"limit"}},
		{name: "read a run", method: http.MethodGet, url: "/api/v1/audit-runs/1", wantStatus: http.StatusOK,
			wantBody: []string{`"framework_label":`}},
		{name: "unknown run", method: http.MethodGet, url: "/api/v1/audit-runs/999", wantStatus: http.StatusNotFound},
		{name: "open findings of a project", method: http.MethodGet, url: "/api/v1/findings?project_id={project}&state=open",
			wantStatus: http.StatusOK, wantBody: []string{`"project_id":{project}`, `"resolved_at":null`}},
		{name: "findings filtered by everything", method: http.MethodGet,
			url: "/api/v1/findings?portfolio_id={portfolio}&program_id={program}&rule=status-current&severity=major,minor" +
				"&state=open&state=waived&kind=violation&manager=ada&stage=execution&sort=-last_seen&limit=5",
			wantStatus: http.StatusOK, wantBody: []string{`"items":[`}},
		{name: "findings with bad filters", method: http.MethodGet, url: "/api/v1/findings?state=closed&kind=x&project_id=-1&sort=severity",
			wantStatus: http.StatusBadRequest, wantFields: []string{"state", "kind", "project_id", "sort"}},
		{name: "findings with an unknown parameter", method: http.MethodGet, url: "/api/v1/findings?owner=ada",
			wantStatus: http.StatusBadRequest, wantFields: []string{"owner"}},
		{name: "findings with a stale cursor", method: http.MethodGet, url: "/api/v1/findings?cursor=nonsense",
			wantStatus: http.StatusBadRequest, wantFields: []string{"cursor"}},
		{name: "findings page by page", method: http.MethodGet, url: "/api/v1/findings?limit=1", wantStatus: http.StatusOK,
			after: func(t *testing.T, e *env, res response) {
				var page struct {
					Items      []pmo.Finding `json:"items"`
					Total      int           `json:"total"`
					NextCursor string        `json:"next_cursor"`
				}
				decode(t, res, &page)
				seen := map[int64]bool{}
				for n := 0; ; n++ {
					for _, f := range page.Items {
						if seen[f.ID] {
							t.Fatalf("finding %d twice", f.ID)
						}
						seen[f.ID] = true
					}
					if page.NextCursor == "" || n > 100 {
						break
					}
					cursor := page.NextCursor
					page.Items, page.NextCursor = nil, ""
					decode(t, e.get(t, "/api/v1/findings?limit=1&cursor="+cursor), &page)
				}
				if page.Total < 2 || len(seen) != page.Total {
					t.Errorf("paged through %d findings of %d", len(seen), page.Total)
				}
			}},
		{name: "findings as CSV", method: http.MethodGet, url: "/api/v1/findings.csv?state=open", wantStatus: http.StatusOK,
			wantHeaders: map[string]string{"Content-Type": "text/csv; charset=utf-8"},
			after: func(t *testing.T, e *env, res response) {
				rows, err := csv.NewReader(strings.NewReader(string(res.body))).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				var list struct {
					Total int `json:"total"`
				}
				decode(t, e.get(t, "/api/v1/findings?state=open"), &list)
				if rows[0][2] != "rule" || len(rows)-1 != list.Total || list.Total == 0 {
					t.Errorf("CSV has %d rows for %d open findings; header %v", len(rows)-1, list.Total, rows[0])
				}
				for _, r := range rows[1:] {
					if r[5] != "open" {
						t.Errorf("row %v is not open", r)
					}
				}
			}},
		{name: "one page of CSV links the next", method: http.MethodGet, url: "/api/v1/findings.csv?limit=1",
			wantStatus: http.StatusOK, after: func(t *testing.T, e *env, res response) {
				if link := res.Header.Get("Link"); !strings.Contains(link, "cursor=") || !strings.HasSuffix(link, `rel="next"`) {
					t.Errorf("Link %q", link)
				}
			}},
		{name: "insights", method: http.MethodGet, url: "/api/v1/insights", wantStatus: http.StatusOK,
			wantBody: []string{`"by_rule":[{`, `"trend":[{"run_id":1`, `"never_failed":[`, `"document":""`}},
		{name: "insights of an unknown portfolio", method: http.MethodGet, url: "/api/v1/insights?portfolio_id=999",
			wantStatus: http.StatusOK, wantBody: []string{`"open":0`, `"trend":[]`}},
	})
}
