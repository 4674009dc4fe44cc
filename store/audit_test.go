package store

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pmohq/pmo"
)

func TestAuditEveryWrite(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		actx := pmo.WithActor(ctx, pmo.Actor{UserID: 7, Name: "Ada", RequestID: "req-1"})
		pf := &pmo.Portfolio{Code: "PF", Name: "Digital"}
		must(t, db.CreatePortfolio(actx, pf))
		p := &pmo.Project{PortfolioID: pf.ID, Code: "P1", Name: "Shop"}
		must(t, db.CreateProject(actx, p))
		p.Name = "Web shop"
		must(t, db.UpdateProject(actx, p))
		r := &pmo.Risk{Entry: pmo.Entry{ProjectID: p.ID, Title: "'; DROP TABLE audit_log; --", Owner: "Ada"}, Probability: 2, Impact: 2}
		must(t, db.Risks().Create(actx, r))
		must(t, db.Risks().Delete(actx, r.ID, r.Version))
		c := &pmo.ChangeRequest{ProjectID: p.ID, Title: "Scope", RequestedBy: "Ada"}
		must(t, db.CreateChangeRequest(actx, c))
		_, err := db.TransitionChangeRequest(actx, c.ID, c.Version, pmo.Transition{To: pmo.ChangeSubmitted, Actor: "Ada"})
		must(t, err)
		sr := &pmo.StatusReport{ProjectID: p.ID, Period: pmo.WeekOf(pmo.NewDate(2026, 11, 16)), Schedule: pmo.Green,
			Cost: pmo.Green, Scope: pmo.Green, Risk: pmo.Green, Summary: "ok", SubmittedBy: "Ada"}
		must(t, db.SubmitStatusReport(actx, sr))

		// A failed write leaves no record.
		wantKind(t, db.CreateProject(actx, &pmo.Project{PortfolioID: pf.ID, Code: "P1", Name: "Dup"}), pmo.Conflict, "")

		recs, page, err := db.FindAuditRecords(ctx, pmo.AuditFilter{ProjectID: p.ID, ListOptions: pmo.ListOptions{Sort: "id"}})
		must(t, err)
		var got []string
		for _, rec := range recs {
			got = append(got, rec.Entity+" "+rec.Action)
			if rec.Actor != "Ada" || rec.ActorID != 7 || rec.RequestID != "req-1" {
				t.Errorf("record %d: actor %q/%d request %q", rec.ID, rec.Actor, rec.ActorID, rec.RequestID)
			}
		}
		want := []string{"project create", "project update", "risk create", "risk delete",
			"change_request create", "change_request transition", "status_report create"}
		if diff := cmp.Diff(want, got); diff != "" || page.Total != len(want) {
			t.Errorf("audit records (-want +got):\n%s (total %d)", diff, page.Total)
		}
		var diff map[string]struct{ Before, After any }
		must(t, json.Unmarshal(recs[1].Diff, &diff))
		if d := diff["name"]; d.Before != "Shop" || d.After != "Web shop" || len(diff) != 1 {
			t.Errorf("update diff = %s", recs[1].Diff)
		}
		if !strings.Contains(string(recs[2].Diff), "DROP TABLE audit_log") {
			t.Errorf("risk create diff = %s", recs[2].Diff)
		}
		one, err := db.FindAuditRecordByID(ctx, recs[0].ID)
		must(t, err)
		if one.Entity != "project" {
			t.Errorf("by id: %+v", one)
		}
		_, err = db.FindAuditRecordByID(ctx, 999999)
		wantKind(t, err, pmo.NotFound, "")

		// Filters, and a reach that excludes the project.
		recs, _, err = db.FindAuditRecords(ctx, pmo.AuditFilter{Entity: "risk", Action: "delete"})
		must(t, err)
		if len(recs) != 1 {
			t.Errorf("risk deletes: %d", len(recs))
		}
		recs, _, err = db.FindAuditRecords(pmo.WithReach(ctx, pmo.Reach{Projects: []int64{p.ID + 100}}), pmo.AuditFilter{})
		must(t, err)
		if len(recs) != 0 {
			t.Errorf("out of reach: %d records", len(recs))
		}

		// The database itself refuses to change or remove the trail.
		if _, err := db.writer.Exec(db.rebind("UPDATE audit_log SET actor = ? WHERE id = ?"), "Mallory", one.ID); err == nil {
			t.Error("audit_log accepted an UPDATE")
		}
		if _, err := db.writer.Exec("DELETE FROM audit_log"); err == nil {
			t.Error("audit_log accepted a DELETE")
		}
	})
}

func TestAccounts(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		u := &pmo.User{Name: "ada", FullName: "Ada Lovelace",
			Grants: []pmo.Grant{{Role: pmo.ProjectManager, Scope: pmo.ScopeProject, ScopeID: 3}}}
		wantKind(t, db.CreateUser(ctx, &pmo.User{Name: "bob"}, "short"), pmo.Invalid, "password")
		must(t, db.CreateUser(ctx, u, "correct horse battery"))
		wantKind(t, db.CreateUser(ctx, &pmo.User{Name: "ada"}, "correct horse battery"), pmo.Conflict, "")
		got, err := db.Authenticate(ctx, "ada", "correct horse battery")
		must(t, err)
		if got.ID != u.ID || len(got.Grants) != 1 || got.Grants[0].Role != pmo.ProjectManager {
			t.Errorf("Authenticate = %+v", got)
		}
		for _, c := range [][2]string{{"ada", "wrong password!"}, {"nobody", "correct horse battery"}, {"ada", ""}} {
			_, err := db.Authenticate(ctx, c[0], c[1])
			wantKind(t, err, pmo.Unauthorized, "")
		}

		secret, s, err := db.CreateSession(ctx, u.ID, time.Hour)
		must(t, err)
		found, err := db.FindSession(ctx, secret)
		must(t, err)
		if found.UserID != u.ID || found.CSRF != s.CSRF || s.CSRF == "" {
			t.Errorf("FindSession = %+v", found)
		}
		_, err = db.FindSession(ctx, secret+"x")
		wantKind(t, err, pmo.Unauthorized, "")
		// Changing the password ends every session.
		wantKind(t, db.ChangePassword(ctx, u.ID, "wrong", "another good password"), pmo.Invalid, "old_password")
		must(t, db.ChangePassword(ctx, u.ID, "correct horse battery", "another good password"))
		_, err = db.FindSession(ctx, secret)
		wantKind(t, err, pmo.Unauthorized, "")
		secret, _, err = db.CreateSession(ctx, u.ID, time.Hour)
		must(t, err)
		must(t, db.DeleteSession(ctx, secret))
		_, err = db.FindSession(ctx, secret)
		wantKind(t, err, pmo.Unauthorized, "")

		tk := &pmo.Token{UserID: u.ID, Name: "ci", Scope: pmo.ScopeReadWrite}
		must(t, db.CreateToken(ctx, tk))
		if !strings.HasPrefix(tk.Secret, "pmo_") {
			t.Errorf("token secret %q", tk.Secret)
		}
		got2, err := db.AuthenticateToken(ctx, tk.Secret)
		must(t, err)
		if got2.ID != tk.ID || got2.Scope != pmo.ScopeReadWrite {
			t.Errorf("AuthenticateToken = %+v", got2)
		}
		list, err := db.FindTokens(ctx, u.ID)
		must(t, err)
		if len(list) != 1 || list[0].Secret != "" {
			t.Errorf("FindTokens = %+v", list)
		}
		wantKind(t, db.RevokeToken(ctx, u.ID+1, tk.ID), pmo.NotFound, "")
		must(t, db.RevokeToken(ctx, u.ID, tk.ID))
		_, err = db.AuthenticateToken(ctx, tk.Secret)
		wantKind(t, err, pmo.Unauthorized, "")
		expired := &pmo.Token{UserID: u.ID, ExpiresAt: testEpoch.Add(-time.Hour)}
		wantKind(t, db.CreateToken(ctx, expired), pmo.Invalid, "expires_at")

		sso := &pmo.User{Name: "ada", Subject: "https://idp|123", Grants: []pmo.Grant{{Role: pmo.Executive, Scope: pmo.ScopeAll}}}
		must(t, db.UpsertSSOUser(ctx, sso))
		if sso.Name == "ada" || sso.ID == u.ID {
			t.Errorf("SSO user took a local user's name: %+v", sso)
		}
		again := &pmo.User{Name: "ada", Subject: "https://idp|123", Grants: []pmo.Grant{{Role: pmo.TeamMember, Scope: pmo.ScopeAll}}}
		must(t, db.UpsertSSOUser(ctx, again))
		if again.ID != sso.ID {
			t.Errorf("SSO upsert made a second user")
		}
		_, err = db.Authenticate(ctx, sso.Name, "")
		wantKind(t, err, pmo.Unauthorized, "")
	})
}
