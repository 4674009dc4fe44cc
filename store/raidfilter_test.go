package store

import (
	"testing"

	"github.com/pmohq/pmo"
)

func TestRecordFilters(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		pf2 := mustPortfolio(t, db, "PF2")
		prog := mustProgram(t, db, pf.ID, "PRG")
		inProg := mustProject(t, db, pf.ID, "A", func(p *pmo.Project) { p.ProgramID = prog.ID })
		alone := mustProject(t, db, pf.ID, "B")
		far := mustProject(t, db, pf2.ID, "C")
		n := 0
		add := func(pid int64, title, owner, status string, level pmo.Level, review string) {
			// probability and impact differ per risk: 1/2, 2/3, 3/4, 4/5
			n++
			r := &pmo.Risk{Entry: pmo.Entry{ProjectID: pid, Title: title, Description: "desc of " + title, Owner: owner,
				Status: status, Level: level}, Probability: n, Impact: n + 1, ReviewDate: mustDate(t, review)}
			must(t, db.Risks().Create(ctx, r))
		}
		add(inProg.ID, "vendor", "Ann", "open", pmo.ProgramLevel, "2026-12-01")
		add(inProg.ID, "staff", "bob", "closed", pmo.ProjectLevel, "2026-12-10")
		add(alone.ID, "budget_cut", "Ann", "realised", pmo.PortfolioLevel, "")
		add(far.ID, "weather 10%", "cy", "open", pmo.ProjectLevel, "2027-01-15")

		tests := []struct {
			name string
			f    pmo.RecordFilter
			want []string
		}{
			{"all", pmo.RecordFilter{}, []string{"budget_cut", "staff", "vendor", "weather 10%"}},
			{"portfolio", pmo.RecordFilter{PortfolioID: pf.ID}, []string{"budget_cut", "staff", "vendor"}},
			{"program", pmo.RecordFilter{ProgramID: prog.ID}, []string{"staff", "vendor"}},
			{"project", pmo.RecordFilter{ProjectID: alone.ID}, []string{"budget_cut"}},
			{"levels", pmo.RecordFilter{Levels: []pmo.Level{pmo.ProgramLevel, pmo.PortfolioLevel}}, []string{"budget_cut", "vendor"}},
			{"statuses", pmo.RecordFilter{Statuses: []string{"closed", "realised"}}, []string{"budget_cut", "staff"}},
			{"owner ignores case", pmo.RecordFilter{Owner: "ANN"}, []string{"budget_cut", "vendor"}},
			{"query on description", pmo.RecordFilter{Query: "DESC OF ST"}, []string{"staff"}},
			{"query underscore literal", pmo.RecordFilter{Query: "t_c"}, []string{"budget_cut"}},
			{"query percent literal", pmo.RecordFilter{Query: "0%"}, []string{"weather 10%"}},
			{"open", pmo.RecordFilter{Open: true}, []string{"vendor", "weather 10%"}},
			{"from", pmo.RecordFilter{From: mustDate(t, "2026-12-05")}, []string{"staff", "weather 10%"}},
			{"to", pmo.RecordFilter{To: mustDate(t, "2026-12-10")}, []string{"staff", "vendor"}},
			{"probability", pmo.RecordFilter{Probabilities: []int{2}}, []string{"staff"}},
			{"probabilities", pmo.RecordFilter{Probabilities: []int{1, 4}}, []string{"vendor", "weather 10%"}},
			{"impact", pmo.RecordFilter{Impacts: []int{4}}, []string{"budget_cut"}},
			{"probability and impact", pmo.RecordFilter{Probabilities: []int{3}, Impacts: []int{4}}, []string{"budget_cut"}},
			{"probability and other impact", pmo.RecordFilter{Probabilities: []int{3}, Impacts: []int{5}}, nil},
			{"probability with scope", pmo.RecordFilter{PortfolioID: pf2.ID, Probabilities: []int{1, 4}}, []string{"weather 10%"}},
			{"from and to", pmo.RecordFilter{From: mustDate(t, "2026-12-02"), To: mustDate(t, "2026-12-31")}, []string{"staff"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.f.Sort = "title"
				rs, page, err := db.Risks().Find(ctx, tt.f)
				must(t, err)
				var got []string
				for _, r := range rs {
					got = append(got, r.Title)
				}
				if d := diff(tt.want, got); d != "" || page.Total != len(tt.want) {
					t.Errorf("total %d; titles (-want +got):\n%s", page.Total, d)
				}
			})
		}

		esc := &pmo.Issue{Entry: pmo.Entry{ProjectID: alone.ID, Title: "x", Level: pmo.ProgramLevel}}
		wantKind(t, db.Issues().Create(ctx, esc), pmo.Invalid, "level")
		dep := &pmo.Dependency{Entry: pmo.Entry{ProjectID: alone.ID, Title: "x"}, ToProjectID: 999, NeedBy: mustDate(t, "2026-12-01")}
		wantKind(t, db.Dependencies().Create(ctx, dep), pmo.Invalid, "to_project_id")

		m1 := &pmo.Milestone{ProjectID: alone.ID, Name: "Go live", Forecast: mustDate(t, "2026-12-01")}
		m2 := &pmo.Milestone{ProjectID: alone.ID, Name: "Kick-off", Forecast: mustDate(t, "2026-01-01"), Actual: mustDate(t, "2026-01-02")}
		must(t, db.Milestones().Create(ctx, m1))
		must(t, db.Milestones().Create(ctx, m2))
		ms, _, err := db.Milestones().Find(ctx, pmo.RecordFilter{Open: true})
		must(t, err)
		if len(ms) != 1 || ms[0].ID != m1.ID {
			t.Errorf("open milestones = %v, want only Go live", ms)
		}
		ms, _, err = db.Milestones().Find(ctx, pmo.RecordFilter{Query: "kick", To: mustDate(t, "2026-06-01")})
		must(t, err)
		if len(ms) != 1 || ms[0].ID != m2.ID {
			t.Errorf("query+to milestones = %v, want only Kick-off", ms)
		}
		_, _, err = db.Milestones().Find(ctx, pmo.RecordFilter{Statuses: []string{"open"}})
		wantKind(t, err, pmo.Invalid, "statuses")
		_, _, err = db.Issues().Find(ctx, pmo.RecordFilter{Probabilities: []int{3}})
		wantKind(t, err, pmo.Invalid, "probabilities")
		_, _, err = db.Risks().Find(ctx, pmo.RecordFilter{Impacts: []int{6}})
		wantKind(t, err, pmo.Invalid, "impacts")
	})
}
