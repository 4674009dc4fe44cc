package store

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/demo"
)

var allTables = []string{"portfolios", "programs", "projects", "project_tags", "status_reports", "project_current_status",
	"milestones", "risks", "issues", "actions", "decisions", "dependencies", "change_requests", "change_events"}

// tableCounts counts the rows of every table.
func tableCounts(t testing.TB, db *DB) map[string]int {
	t.Helper()
	m := map[string]int{}
	for _, table := range allTables {
		var n int
		must(t, db.reader.QueryRow("SELECT COUNT(*) FROM "+table).Scan(&n))
		m[table] = n
	}
	return m
}

func smallDataset() *pmo.Dataset {
	return demo.Generate(demo.Options{Seed: 7, Portfolios: 2, Projects: 12, Weeks: 12, Today: pmo.NewDate(2026, 11, 27)})
}

func TestImportDataset(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		d := smallDataset()
		firstCode := d.Projects[0].Code
		must(t, db.ImportDataset(ctx, d))
		if d.Projects[0].ID == 0 || d.Projects[0].Code != firstCode {
			t.Fatal("import changed the dataset")
		}
		events := 0
		for _, c := range d.ChangeRequests {
			events += len(c.History)
		}
		reported := map[int64]bool{}
		for _, r := range d.StatusReports {
			reported[r.ProjectID] = true
		}
		tags := 0
		for _, p := range d.Projects {
			tags += len(p.Tags)
		}
		want := map[string]int{"portfolios": len(d.Portfolios), "programs": len(d.Programs), "projects": len(d.Projects),
			"project_tags": tags, "status_reports": len(d.StatusReports), "project_current_status": len(reported),
			"milestones": len(d.Milestones), "risks": len(d.Risks), "issues": len(d.Issues), "actions": len(d.Actions),
			"decisions": len(d.Decisions), "dependencies": len(d.Dependencies), "change_requests": len(d.ChangeRequests),
			"change_events": events}
		if diff := diff(want, tableCounts(t, db)); diff != "" {
			t.Errorf("row counts (-want +got):\n%s", diff)
		}

		// Each project's current status is its last report, with trends against the one before.
		last := map[int64]*pmo.StatusReport{}
		prev := map[int64]*pmo.StatusReport{}
		for _, r := range d.StatusReports {
			prev[r.ProjectID], last[r.ProjectID] = last[r.ProjectID], r
		}
		for _, lp := range d.Projects {
			p, err := db.FindProjectByCode(ctx, lp.Code)
			must(t, err)
			l := last[lp.ID]
			if l == nil {
				if p.Status != nil {
					t.Errorf("%s: status %+v without reports", lp.Code, p.Status)
				}
				continue
			}
			want := *l
			want.SetTrends(prev[lp.ID])
			got := p.Status
			if got == nil || got.Period != l.Period || got.Overall != l.Overall || got.OverallTrend != want.OverallTrend {
				t.Errorf("%s: current status %+v, want period %s overall %s trend %s", lp.Code, got, l.Period, l.Overall, want.OverallTrend)
			}
		}

		// The reports of a project come back as given, with trends filled.
		local := d.StatusReports[len(d.StatusReports)-1].ProjectID
		var wantReports []*pmo.StatusReport
		var prevReport *pmo.StatusReport
		for _, r := range d.StatusReports {
			if r.ProjectID == local {
				w := *r
				w.Revision = 1
				w.SetTrends(prevReport)
				wantReports, prevReport = append(wantReports, &w), r
			}
		}
		var code string
		for _, p := range d.Projects {
			if p.ID == local {
				code = p.Code
			}
		}
		stored := idByCode(t, db, code)
		got, _, err := db.FindStatusReports(ctx, pmo.StatusFilter{ProjectID: stored, ListOptions: pmo.ListOptions{Sort: "period", Limit: pmo.MaxLimit}})
		must(t, err)
		for _, w := range wantReports {
			w.ProjectID = stored
		}
		if d := diff(wantReports, got, cmpopts.IgnoreFields(pmo.StatusReport{}, "ID"), cmpopts.EquateApproxTime(0)); d != "" {
			t.Errorf("reports of %s (-want +got):\n%s", code, d)
		}

		// Importing again clashes on codes and changes nothing.
		before := tableCounts(t, db)
		wantKind(t, db.ImportDataset(ctx, smallDataset()), pmo.Conflict, "portfolios[0].code")
		if diff := diff(before, tableCounts(t, db)); diff != "" {
			t.Errorf("failed import changed rows (-want +got):\n%s", diff)
		}
	})
}

func TestImportDatasetAllOrNothing(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(d *pmo.Dataset)
		kind  pmo.Kind
		field string
	}{
		{"bad last change request", func(d *pmo.Dataset) {
			d.ChangeRequests = append(d.ChangeRequests, &pmo.ChangeRequest{ProjectID: d.Projects[0].ID, Title: "", RequestedBy: "x"})
		}, pmo.Invalid, "change_requests[LAST].title"},
		{"dependency on a missing project", func(d *pmo.Dataset) {
			d.Dependencies = append(d.Dependencies, &pmo.Dependency{Entry: pmo.Entry{ProjectID: d.Projects[0].ID, Title: "x"},
				ToProjectID: 424242, NeedBy: pmo.NewDate(2026, 12, 1)})
		}, pmo.Invalid, "dependencies[LAST].to_project_id"},
		{"duplicate project code", func(d *pmo.Dataset) { d.Projects[3].Code = d.Projects[1].Code }, pmo.Conflict, "projects[3].code"},
		{"unknown portfolio", func(d *pmo.Dataset) { d.Projects[2].PortfolioID = 999 }, pmo.Invalid, "projects[2].portfolio_id"},
		{"report out of order", func(d *pmo.Dataset) {
			r := *d.StatusReports[0]
			d.StatusReports = append(d.StatusReports, &r)
		}, pmo.Invalid, "status_reports[LAST].period"},
		{"history that skips a step", func(d *pmo.Dataset) {
			d.ChangeRequests = append(d.ChangeRequests, &pmo.ChangeRequest{ProjectID: d.Projects[0].ID, Title: "t", RequestedBy: "x",
				State: pmo.ChangeApproved, History: []pmo.ChangeEvent{{From: pmo.ChangeDraft, To: pmo.ChangeApproved, Actor: "a"}}})
		}, pmo.Invalid, "change_requests[LAST].history[0]"},
	}
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "KEEP")
		mustProject(t, db, pf.ID, "KEEP-1")
		before := tableCounts(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				d := smallDataset()
				tt.spoil(d)
				field := tt.field
				for _, n := range []struct {
					prefix string
					count  int
				}{{"change_requests", len(d.ChangeRequests)}, {"dependencies", len(d.Dependencies)}, {"status_reports", len(d.StatusReports)}} {
					field = replaceLast(field, n.prefix, n.count-1)
				}
				wantKind(t, db.ImportDataset(ctx, d), tt.kind, field)
				if diff := diff(before, tableCounts(t, db)); diff != "" {
					t.Errorf("failed import changed rows (-want +got):\n%s", diff)
				}
			})
		}
	})
}

func replaceLast(field, prefix string, last int) string {
	if rest, ok := strings.CutPrefix(field, prefix+"[LAST]"); ok {
		return prefix + "[" + strconv.Itoa(last) + "]" + rest
	}
	return field
}
