package store

import (
	"fmt"
	"slices"
	"testing"

	"github.com/pmohq/pmo"
)

// recordCase drives the shared record tests for one type.
type recordCase[T any] struct {
	svc    pmo.RecordService[T]
	make   func(projectID int64, i int) *T // a valid record; i varies sort keys, with ties and unset dates
	head   func(*T) recordHead
	mutate func(*T)
	sorts  map[string]func(*T) sortValue
}

func testRecords[T any](t *testing.T, db *DB, rc recordCase[T]) {
	pf := mustPortfolio(t, db, "PF")
	p := mustProject(t, db, pf.ID, "P")
	q := mustProject(t, db, pf.ID, "Q")
	id := func(r *T) int64 { return *rc.head(r).ID }

	r := rc.make(p.ID, 0)
	must(t, rc.svc.Create(ctx, r))
	h := rc.head(r)
	if *h.ID == 0 || *h.Version != 1 || h.CreatedAt.IsZero() {
		t.Fatalf("after create: %+v", r)
	}
	got, err := rc.svc.FindByID(ctx, *h.ID)
	must(t, err)
	if d := diff(r, got); d != "" {
		t.Errorf("FindByID (-want +got):\n%s", d)
	}
	rc.mutate(r)
	must(t, rc.svc.Update(ctx, r))
	if *h.Version != 2 {
		t.Errorf("version after update = %d", *h.Version)
	}
	wantKind(t, rc.svc.Update(ctx, got), pmo.Stale, "") // got still has version 1
	again, err := rc.svc.FindByID(ctx, *h.ID)
	must(t, err)
	if d := diff(r, again); d != "" {
		t.Errorf("stale update changed the row (-want +got):\n%s", d)
	}
	bad := rc.make(999, 0)
	wantKind(t, rc.svc.Create(ctx, bad), pmo.Invalid, "project_id")
	wantKind(t, rc.svc.Delete(ctx, *h.ID, 1), pmo.Stale, "")
	must(t, rc.svc.Delete(ctx, *h.ID, 2))
	_, err = rc.svc.FindByID(ctx, *h.ID)
	wantKind(t, err, pmo.NotFound, "")
	wantKind(t, rc.svc.Delete(ctx, *h.ID, 2), pmo.NotFound, "")
	wantKind(t, rc.svc.Update(ctx, r), pmo.NotFound, "")

	for i := range 7 {
		pid := p.ID
		if i%3 == 2 {
			pid = q.ID
		}
		must(t, rc.svc.Create(ctx, rc.make(pid, i)))
	}
	for name, key := range rc.sorts {
		for _, sort := range []string{name, "-" + name} {
			t.Run(sort, func(t *testing.T) {
				rows := walk(t, 2, id, func(o pmo.ListOptions) ([]*T, pmo.Page, error) {
					o.Sort = sort
					return rc.svc.Find(ctx, pmo.RecordFilter{ListOptions: o})
				})
				if len(rows) != 7 {
					t.Fatalf("walked %d rows, want 7", len(rows))
				}
				checkOrder(t, rows, key, id, sort[0] == '-')
			})
		}
	}
	rows, page, err := rc.svc.Find(ctx, pmo.RecordFilter{ProjectID: q.ID})
	must(t, err)
	if len(rows) != 2 || page.Total != 2 {
		t.Errorf("project filter: %d rows, total %d; want 2", len(rows), page.Total)
	}
}

func day(i int) pmo.Date { return pmo.NewDate(2026, 12, 1+i/2) } // pairs share a date

// optDay leaves every third date unset to exercise nullable sort keys.
func optDay(i int) pmo.Date {
	if i%3 == 1 {
		return pmo.Date{}
	}
	return day(i)
}

func entryKeys[T any](base func(*T) *pmo.Entry, extra map[string]func(*T) sortValue) map[string]func(*T) sortValue {
	m := map[string]func(*T) sortValue{
		"title":      func(r *T) sortValue { return base(r).Title },
		"status":     func(r *T) sortValue { return base(r).Status },
		"created_at": func(r *T) sortValue { return base(r).CreatedAt.Format(timeLayout) },
		"updated_at": func(r *T) sortValue { return base(r).UpdatedAt.Format(timeLayout) },
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func entry(projectID int64, i int, statuses []string) pmo.Entry {
	return pmo.Entry{ProjectID: projectID, Title: fmt.Sprintf("item %d", i%4), Owner: "owner",
		Status: statuses[i%len(statuses)]}
}

func TestRecordTypes(t *testing.T) {
	t.Run("risks", func(t *testing.T) {
		forEachDB(t, func(t *testing.T, db *DB) {
			base := func(r *pmo.Risk) *pmo.Entry { return &r.Entry }
			testRecords(t, db, recordCase[pmo.Risk]{
				svc: db.Risks(),
				make: func(pid int64, i int) *pmo.Risk {
					return &pmo.Risk{Entry: entry(pid, i, pmo.RiskStatuses), Probability: 1 + i%3, Impact: 1 + i%2,
						CostImpact: pmo.Money{Minor: int64(1000 * (i % 3)), Currency: "EUR"}, ReviewDate: optDay(i)}
				},
				head:   func(r *pmo.Risk) recordHead { return entryHead(&r.Entry) },
				mutate: func(r *pmo.Risk) { r.Probability, r.Response = 5, "mitigate" },
				sorts: entryKeys(base, map[string]func(*pmo.Risk) sortValue{
					"score":       func(r *pmo.Risk) sortValue { return int64(r.Score) },
					"probability": func(r *pmo.Risk) sortValue { return int64(r.Probability) },
					"impact":      func(r *pmo.Risk) sortValue { return int64(r.Impact) },
					"emv":         func(r *pmo.Risk) sortValue { return r.EMV.Minor },
					"review_date": func(r *pmo.Risk) sortValue { return dateKey(r.ReviewDate) },
				}),
			})
		})
	})
	t.Run("issues", func(t *testing.T) {
		forEachDB(t, func(t *testing.T, db *DB) {
			testRecords(t, db, recordCase[pmo.Issue]{
				svc: db.Issues(),
				make: func(pid int64, i int) *pmo.Issue {
					return &pmo.Issue{Entry: entry(pid, i, pmo.IssueStatuses), Severity: pmo.IssueSeverities[i%4], Due: optDay(i)}
				},
				head:   func(r *pmo.Issue) recordHead { return entryHead(&r.Entry) },
				mutate: func(r *pmo.Issue) { r.Resolution = "patched" },
				sorts: entryKeys(func(r *pmo.Issue) *pmo.Entry { return &r.Entry }, map[string]func(*pmo.Issue) sortValue{
					"due":      func(r *pmo.Issue) sortValue { return dateKey(r.Due) },
					"severity": func(r *pmo.Issue) sortValue { return int64(slices.Index(pmo.IssueSeverities, r.Severity)) },
				}),
			})
		})
	})
	t.Run("actions", func(t *testing.T) {
		forEachDB(t, func(t *testing.T, db *DB) {
			testRecords(t, db, recordCase[pmo.Action]{
				svc: db.Actions(),
				make: func(pid int64, i int) *pmo.Action {
					return &pmo.Action{Entry: entry(pid, i, pmo.ActionStatuses), Due: optDay(i)}
				},
				head:   func(r *pmo.Action) recordHead { return entryHead(&r.Entry) },
				mutate: func(r *pmo.Action) { r.Status = "done" },
				sorts: entryKeys(func(r *pmo.Action) *pmo.Entry { return &r.Entry }, map[string]func(*pmo.Action) sortValue{
					"due": func(r *pmo.Action) sortValue { return dateKey(r.Due) },
				}),
			})
		})
	})
	t.Run("decisions", func(t *testing.T) {
		forEachDB(t, func(t *testing.T, db *DB) {
			testRecords(t, db, recordCase[pmo.Decision]{
				svc: db.Decisions(),
				make: func(pid int64, i int) *pmo.Decision {
					return &pmo.Decision{Entry: entry(pid, i, []string{"pending"}), NeededBy: optDay(i), DecidedOn: optDay(i + 1)}
				},
				head:   func(r *pmo.Decision) recordHead { return entryHead(&r.Entry) },
				mutate: func(r *pmo.Decision) { r.Status, r.DecidedBy, r.DecidedOn = "decided", "board", day(3) },
				sorts: entryKeys(func(r *pmo.Decision) *pmo.Entry { return &r.Entry }, map[string]func(*pmo.Decision) sortValue{
					"needed_by":  func(r *pmo.Decision) sortValue { return dateKey(r.NeededBy) },
					"decided_on": func(r *pmo.Decision) sortValue { return dateKey(r.DecidedOn) },
				}),
			})
		})
	})
	t.Run("dependencies", func(t *testing.T) {
		forEachDB(t, func(t *testing.T, db *DB) {
			provider := mustProject(t, db, mustPortfolio(t, db, "OTHER").ID, "PROV")
			testRecords(t, db, recordCase[pmo.Dependency]{
				svc: db.Dependencies(),
				make: func(pid int64, i int) *pmo.Dependency {
					return &pmo.Dependency{Entry: entry(pid, i, pmo.DependencyStatuses), ToProjectID: provider.ID,
						NeedBy: day(i), Committed: optDay(i)}
				},
				head:   func(r *pmo.Dependency) recordHead { return entryHead(&r.Entry) },
				mutate: func(r *pmo.Dependency) { r.Status = "at_risk" },
				sorts: entryKeys(func(r *pmo.Dependency) *pmo.Entry { return &r.Entry }, map[string]func(*pmo.Dependency) sortValue{
					"need_by":   func(r *pmo.Dependency) sortValue { return dateKey(r.NeedBy) },
					"committed": func(r *pmo.Dependency) sortValue { return dateKey(r.Committed) },
				}),
			})
		})
	})
	t.Run("milestones", func(t *testing.T) {
		forEachDB(t, func(t *testing.T, db *DB) {
			testRecords(t, db, recordCase[pmo.Milestone]{
				svc: db.Milestones(),
				make: func(pid int64, i int) *pmo.Milestone {
					return &pmo.Milestone{ProjectID: pid, Name: fmt.Sprintf("m%d", i%3), Key: i%2 == 0, Baseline: optDay(i),
						Forecast: day(i + 1), Actual: optDay(i + 2)}
				},
				head:   milestoneSpec.head,
				mutate: func(m *pmo.Milestone) { m.Actual = day(9) },
				sorts: map[string]func(*pmo.Milestone) sortValue{
					"name":       func(m *pmo.Milestone) sortValue { return m.Name },
					"forecast":   func(m *pmo.Milestone) sortValue { return dateKey(m.Forecast) },
					"baseline":   func(m *pmo.Milestone) sortValue { return dateKey(m.Baseline) },
					"actual":     func(m *pmo.Milestone) sortValue { return dateKey(m.Actual) },
					"created_at": func(m *pmo.Milestone) sortValue { return m.CreatedAt.Format(timeLayout) },
					"updated_at": func(m *pmo.Milestone) sortValue { return m.UpdatedAt.Format(timeLayout) },
				},
			})
		})
	})
}
