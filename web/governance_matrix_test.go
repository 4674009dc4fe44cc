package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/governance"
	"github.com/pmohq/pmo/store"
)

// The governance API's expected access (web/api_governance.go) and the
// records its {id} paths need in each portfolio.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		return map[string]access{
			"GET /api/v1/frameworks": list, "GET /api/v1/frameworks/current": list,
			"GET /api/v1/frameworks/{id}": list, "GET /api/v1/frameworks/{id}/changes": list,
			"POST /api/v1/frameworks":         {adminOnly, nobody, false}, // the standard of every portfolio
			"POST /api/v1/frameworks/dry-run": govAll,                     // narrowed to the caller's reach

			"POST /api/v1/audit-runs": govern, // the body names portfolio A
			"GET /api/v1/audit-runs":  list, "GET /api/v1/audit-runs/{id}": read,
			"GET /api/v1/findings": list, "GET /api/v1/findings.csv": list, "GET /api/v1/insights": list,

			"GET /api/v1/gate-reviews":               list,
			"GET /api/v1/projects/{id}/gate-reviews": read, "GET /api/v1/projects/{id}/gate-check": read,
			"POST /api/v1/projects/{id}/gate-reviews": edit,
			"GET /api/v1/gate-reviews/{id}":           read, "POST /api/v1/gate-reviews/{id}/decisions": decide,

			"GET /api/v1/waivers": list, "POST /api/v1/waivers": govern,
			"GET /api/v1/waivers/{id}": read, "POST /api/v1/waivers/{id}/revocation": govern,
			"GET /api/v1/rules": list, "GET /api/v1/rule-comments": list,
			"POST /api/v1/rule-comments": read, // about project A
		}
	})
	matrixSeeds = append(matrixSeeds, seedGovernance)
}

// seedGovernance gives portfolio code's project a recorded audit run with
// one finding, a requested gate review, a waiver and a comment on a rule.
func seedGovernance(t *testing.T, db *store.DB, code string, ids map[string]int64) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	fw, err := db.CurrentFramework(ctx)
	if pmo.ErrorKind(err) == pmo.NotFound {
		fw = &pmo.FrameworkVersion{Label: "default", Name: "default", Document: string(governance.DefaultYAML())}
		err = db.PublishFramework(ctx, fw)
	}
	must(err)
	project := ids["projects"]
	run := &pmo.AuditRun{FrameworkID: fw.ID, PortfolioID: ids["portfolios"], Projects: 1, Violations: 1}
	must(db.RecordAuditRun(ctx, run, []int64{project}, []*pmo.Finding{{ProjectID: project, Rule: "status-current",
		Kind: "violation", Severity: "major", Title: "Finding " + code, Message: "Finding " + code,
		Manager: "Manager " + code, Stage: "execution"}}))
	rev := &pmo.GateReview{ProjectID: project, FrameworkID: fw.ID, Gate: "g-" + code, GateName: "Gate " + code,
		RequestedBy: "Ada", Note: "Gate " + code}
	must(db.CreateGateReview(ctx, rev))
	wv := &pmo.Waiver{ProjectID: project, Rule: "status-current", Reason: "Waiver " + code, GrantedBy: "PMO",
		Expires: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)}
	must(db.CreateWaiver(ctx, wv))
	must(db.CreateRuleComment(ctx, &pmo.RuleComment{Rule: "status-current", ProjectID: project, FrameworkID: fw.ID,
		Author: "Ada", Body: "Comment " + code}))
	ids["frameworks"], ids["audit-runs"], ids["gate-reviews"], ids["waivers"] = fw.ID, run.ID, rev.ID, wv.ID
}

// TestGovernanceReach checks that the governance lists show a user of
// portfolio B nothing of portfolio A, and show A to its own users.
func TestGovernanceReach(t *testing.T) {
	w := mustMatrixWorld(t)
	get := func(token, path string) string {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		w.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
		return rec.Body.String()
	}
	projectA := fmt.Sprintf(`"project_id":%d,`, w.a["projects"])
	leaks := func(body string) bool {
		for _, s := range []string{"Finding A", "Manager A", "Gate A", "Waiver A", "Comment A", projectA,
			fmt.Sprintf(`"portfolio_id":%d,`, w.a["portfolios"])} {
			if strings.Contains(body, s) {
				return true
			}
		}
		return false
	}
	for _, path := range []string{"/api/v1/findings", "/api/v1/findings.csv", "/api/v1/findings?state=open,waived,resolved",
		"/api/v1/gate-reviews", "/api/v1/waivers", "/api/v1/rule-comments", "/api/v1/rules", "/api/v1/insights",
		"/api/v1/audit-runs"} {
		for _, role := range []pmo.Role{pmo.ProjectManager, pmo.PMOStaff, pmo.TeamMember} {
			if body := get(w.out[role], path); leaks(body) {
				t.Errorf("%s shows portfolio A to a %s of B:\n%.600s", path, role, body)
			}
		}
		if path == "/api/v1/findings.csv" {
			continue // the CSV has ids, not the JSON markers
		}
		if body := get(w.in[pmo.ProjectManager], path); !leaks(body) {
			t.Errorf("%s hides portfolio A from its own project manager:\n%.600s", path, body)
		}
		if body := get(w.out[pmo.ProjectManager], path); strings.Contains(path, "findings") && !strings.Contains(body, "Finding B") {
			t.Errorf("%s hides portfolio B from its own project manager:\n%.600s", path, body)
		}
	}
}
