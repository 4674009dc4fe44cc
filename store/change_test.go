package store

import (
	"slices"
	"testing"

	"github.com/pmohq/pmo"
)

func TestChangeWorkflow(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P")
		c := &pmo.ChangeRequest{ProjectID: p.ID, Title: "More scope", RequestedBy: "Sam", State: pmo.ChangeApproved,
			CostImpact: pmo.Money{Minor: 5000, Currency: "EUR"}, ScheduleDays: 10,
			History: []pmo.ChangeEvent{{From: pmo.ChangeDraft, To: pmo.ChangeApproved, Actor: "x"}}}
		must(t, db.CreateChangeRequest(ctx, c))
		if c.State != pmo.ChangeDraft || len(c.History) != 0 || c.Version != 1 {
			t.Fatalf("created: state %s history %v version %d", c.State, c.History, c.Version)
		}
		wantKind(t, db.CreateChangeRequest(ctx, &pmo.ChangeRequest{ProjectID: 999, Title: "x", RequestedBy: "y"}), pmo.Invalid, "project_id")

		c.Title = "Much more scope"
		must(t, db.UpdateChangeRequest(ctx, c))
		stale := *c
		stale.Version = 1
		wantKind(t, db.UpdateChangeRequest(ctx, &stale), pmo.Stale, "")

		steps := []struct {
			name    string
			version int
			tr      pmo.Transition
			kind    pmo.Kind
			field   string
		}{
			{"skip a step", 2, pmo.Transition{To: pmo.ChangeApproved, Actor: "pmo"}, pmo.Invalid, "to"},
			{"no actor", 2, pmo.Transition{To: pmo.ChangeSubmitted}, pmo.Invalid, "actor"},
			{"old version", 1, pmo.Transition{To: pmo.ChangeSubmitted, Actor: "pm"}, pmo.Stale, ""},
			{"submit", 2, pmo.Transition{To: pmo.ChangeSubmitted, Actor: "pm"}, "", ""},
			{"assess", 3, pmo.Transition{To: pmo.ChangeAssessed, Actor: "pmo", Comment: "costed"}, "", ""},
			{"reject without reason", 4, pmo.Transition{To: pmo.ChangeRejected, Actor: "board"}, pmo.Invalid, "comment"},
			{"approve", 4, pmo.Transition{To: pmo.ChangeApproved, Actor: "board", Comment: "ok"}, "", ""},
			{"back to draft", 5, pmo.Transition{To: pmo.ChangeDraft, Actor: "pm"}, pmo.Invalid, "to"},
		}
		for _, s := range steps {
			got, err := db.TransitionChangeRequest(ctx, c.ID, s.version, s.tr)
			if s.kind != "" {
				wantKind(t, err, s.kind, s.field)
				continue
			}
			must(t, err)
			if got.State != s.tr.To || got.Version != s.version+1 {
				t.Errorf("%s: state %s version %d", s.name, got.State, got.Version)
			}
		}
		_, err := db.TransitionChangeRequest(ctx, 999, 1, pmo.Transition{To: pmo.ChangeSubmitted, Actor: "pm"})
		wantKind(t, err, pmo.NotFound, "")

		got, err := db.FindChangeRequestByID(ctx, c.ID)
		must(t, err)
		var hist []string
		for _, e := range got.History {
			hist = append(hist, string(e.From)+">"+string(e.To)+" "+e.Actor+" "+e.Comment)
			if e.At.IsZero() {
				t.Error("event without time")
			}
		}
		wantHist := []string{"draft>submitted pm ", "submitted>assessed pmo costed", "assessed>approved board ok"}
		if d := diff(wantHist, hist); d != "" {
			t.Errorf("history (-want +got):\n%s", d)
		}
		if got.Title != "Much more scope" || got.Version != 5 {
			t.Errorf("stored: %+v", got)
		}

		got.Title = "sneaky"
		wantKind(t, db.UpdateChangeRequest(ctx, got), pmo.Conflict, "")
		wantKind(t, db.DeleteChangeRequest(ctx, c.ID, got.Version), pmo.Conflict, "")

		d := &pmo.ChangeRequest{ProjectID: p.ID, Title: "draft", RequestedBy: "Sam"}
		must(t, db.CreateChangeRequest(ctx, d))
		wantKind(t, db.DeleteChangeRequest(ctx, d.ID, 7), pmo.Stale, "")
		must(t, db.DeleteChangeRequest(ctx, d.ID, d.Version))
		wantKind(t, db.DeleteChangeRequest(ctx, d.ID, d.Version), pmo.NotFound, "")
	})
}

func TestFindChangeRequests(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		pf2 := mustPortfolio(t, db, "PF2")
		prog := mustProgram(t, db, pf.ID, "PRG")
		p := mustProject(t, db, pf.ID, "P", func(x *pmo.Project) { x.ProgramID = prog.ID })
		q := mustProject(t, db, pf2.ID, "Q")
		var all []*pmo.ChangeRequest
		for _, spec := range []struct {
			project int64
			title   string
			prio    int
			cost    int64
			submit  bool
		}{
			{p.ID, "Add reporting", 1, 100, true},
			{p.ID, "Drop feature", 3, -50, false},
			{q.ID, "Add 50% capacity", 3, 100, true},
			{q.ID, "Move date", 2, 0, false},
			{p.ID, "Extra tests", 2, 0, false},
		} {
			c := &pmo.ChangeRequest{ProjectID: spec.project, Title: spec.title, RequestedBy: "r", Priority: spec.prio,
				CostImpact: pmo.Money{Minor: spec.cost, Currency: "EUR"}}
			must(t, db.CreateChangeRequest(ctx, c))
			if spec.submit {
				got, err := db.TransitionChangeRequest(ctx, c.ID, c.Version, pmo.Transition{To: pmo.ChangeSubmitted, Actor: "a"})
				must(t, err)
				c = got
			}
			all = append(all, c)
		}
		titles := func(cs []*pmo.ChangeRequest) []string {
			var out []string
			for _, c := range cs {
				out = append(out, c.Title)
			}
			return out
		}
		tests := []struct {
			name string
			f    pmo.ChangeFilter
			want []string // default sort: newest first
		}{
			{"all", pmo.ChangeFilter{}, []string{"Extra tests", "Move date", "Add 50% capacity", "Drop feature", "Add reporting"}},
			{"portfolio", pmo.ChangeFilter{PortfolioID: pf2.ID}, []string{"Move date", "Add 50% capacity"}},
			{"program", pmo.ChangeFilter{ProgramID: prog.ID}, []string{"Extra tests", "Drop feature", "Add reporting"}},
			{"project", pmo.ChangeFilter{ProjectID: q.ID}, []string{"Move date", "Add 50% capacity"}},
			{"states", pmo.ChangeFilter{States: []pmo.ChangeState{pmo.ChangeSubmitted}}, []string{"Add 50% capacity", "Add reporting"}},
			{"query", pmo.ChangeFilter{Query: "add"}, []string{"Add 50% capacity", "Add reporting"}},
			{"query literal percent", pmo.ChangeFilter{Query: "50%"}, []string{"Add 50% capacity"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, page, err := db.FindChangeRequests(ctx, tt.f)
				must(t, err)
				if d := diff(tt.want, titles(got)); d != "" || page.Total != len(tt.want) {
					t.Errorf("total %d; titles (-want +got):\n%s", page.Total, d)
				}
			})
		}
		id := func(c *pmo.ChangeRequest) int64 { return c.ID }
		keys := map[string]func(*pmo.ChangeRequest) sortValue{
			"created_at":  func(c *pmo.ChangeRequest) sortValue { return c.CreatedAt.Format(timeLayout) },
			"priority":    func(c *pmo.ChangeRequest) sortValue { return int64(c.Priority) },
			"state":       func(c *pmo.ChangeRequest) sortValue { return int64(slices.Index(pmo.ChangeStates, c.State)) },
			"cost_impact": func(c *pmo.ChangeRequest) sortValue { return c.CostImpact.Minor },
		}
		for name, key := range keys {
			for _, sort := range []string{name, "-" + name} {
				rows := walk(t, 2, id, func(o pmo.ListOptions) ([]*pmo.ChangeRequest, pmo.Page, error) {
					o.Sort = sort
					return db.FindChangeRequests(ctx, pmo.ChangeFilter{ListOptions: o})
				})
				if len(rows) != len(all) {
					t.Fatalf("%s: %d rows", sort, len(rows))
				}
				checkOrder(t, rows, key, id, sort[0] == '-')
			}
		}
	})
}
