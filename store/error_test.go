package store

import (
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pmohq/pmo"
)

// mapped is what a mapping function's result looks like to a caller.
type mapped struct {
	Kind   pmo.Kind
	Fields []pmo.FieldError
}

func mappedOf(err error) mapped {
	return mapped{Kind: pmo.ErrorKind(err), Fields: pmo.ErrorFields(err)}
}

func TestSQLiteError(t *testing.T) {
	db := mustOpenSQLite(t)
	pf := mustPortfolio(t, db, "PF")
	p := mustProject(t, db, pf.ID, "P")
	mustReport(t, db, p.ID, "2026-W01", pmo.Green)
	raw := func(q string, args ...any) error {
		_, err := db.writer.Exec(q, args...)
		if err == nil {
			t.Fatalf("%s: no error", q)
		}
		return err
	}
	tests := []struct {
		name string
		err  error
		want mapped
	}{
		{"unique column", raw("INSERT INTO projects SELECT * FROM projects"), mapped{pmo.Conflict, []pmo.FieldError{{Field: "id", Detail: "is already in use"}}}},
		{"unique code", raw(`INSERT INTO portfolios (code, name, description, pmo_type, cadence, currency, custom_fields, version, created_at, updated_at)
			SELECT code, name, description, pmo_type, cadence, currency, custom_fields, version, created_at, updated_at FROM portfolios`),
			mapped{pmo.Conflict, []pmo.FieldError{{Field: "code", Detail: "is already in use"}}}},
		{"unique columns", raw(`INSERT INTO status_reports SELECT NULL, project_id, period, period_start, revision, schedule, cost, scope, risk, overall,
			override_reason, schedule_trend, cost_trend, scope_trend, risk_trend, overall_trend, summary, achievements, next_steps,
			decisions_needed, actual_cost_minor, actual_cost_currency, forecast_cost_minor, forecast_cost_currency,
			correction_reason, submitted_by, submitted_at FROM status_reports`),
			mapped{pmo.Conflict, []pmo.FieldError{{Field: "project_id, period, revision", Detail: "is already in use"}}}},
		{"foreign key", raw("UPDATE projects SET portfolio_id = 999"),
			mapped{pmo.Invalid, []pmo.FieldError{{Field: "reference", Detail: "refers to a record that does not exist or is still referenced"}}}},
		{"syntax error stays internal", raw("SELEKT 1"), mapped{Kind: pmo.Internal}},
		{"foreign error stays internal", errors.New("boom"), mapped{Kind: pmo.Internal}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := diff(tt.want, mappedOf(sqliteError(tt.err))); d != "" {
				t.Errorf("sqliteError(%v) (-want +got):\n%s", tt.err, d)
			}
		})
	}
	if sqliteError(nil) != nil {
		t.Error("sqliteError(nil) != nil")
	}
}

func TestPostgresError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want mapped
	}{
		{"unique", &pgconn.PgError{Code: "23505", Detail: "Key (code)=(P-1) already exists.", TableName: "projects", ConstraintName: "projects_code_key"},
			mapped{pmo.Conflict, []pmo.FieldError{{Field: "code", Detail: "is already in use"}}}},
		{"unique without detail", &pgconn.PgError{Code: "23505", TableName: "programs", ConstraintName: "programs_code_key"},
			mapped{pmo.Conflict, []pmo.FieldError{{Field: "code", Detail: "is already in use"}}}},
		{"unique columns", &pgconn.PgError{Code: "23505", Detail: "Key (project_id, period, revision)=(1, 2026-W01, 1) already exists."},
			mapped{pmo.Conflict, []pmo.FieldError{{Field: "project_id, period, revision", Detail: "is already in use"}}}},
		{"foreign key", &pgconn.PgError{Code: "23503", Detail: `Key (portfolio_id)=(9) is not present in table "portfolios".`,
			TableName: "projects", ConstraintName: "projects_portfolio_id_fkey"},
			mapped{pmo.Invalid, []pmo.FieldError{{Field: "portfolio_id", Detail: "refers to a record that does not exist"}}}},
		{"foreign key by name", &pgconn.PgError{Code: "23503", TableName: "projects", ConstraintName: "projects_program_id_fkey"},
			mapped{pmo.Invalid, []pmo.FieldError{{Field: "program_id", Detail: "refers to a record that does not exist"}}}},
		{"still referenced", &pgconn.PgError{Code: "23503", Detail: `Key (id)=(1) is still referenced from table "projects".`, TableName: "projects"},
			mapped{Kind: pmo.Conflict}},
		{"serialization failure is kept for retry", &pgconn.PgError{Code: "40001"}, mapped{Kind: pmo.Internal}},
		{"foreign error", errors.New("boom"), mapped{Kind: pmo.Internal}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := diff(tt.want, mappedOf(postgresError(tt.err))); d != "" {
				t.Errorf("postgresError (-want +got):\n%s", d)
			}
		})
	}
	var pe *pgconn.PgError
	if err := postgresError(&pgconn.PgError{Code: "40P01"}); !errors.As(err, &pe) {
		t.Errorf("deadlock error lost its PgError: %v", err)
	}
}

func TestRetryPostgres(t *testing.T) {
	calls := 0
	err := retryPostgres(ctx, discardLogger(), func() error {
		calls++
		if calls < 3 {
			return &pgconn.PgError{Code: "40001"}
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Errorf("retry: err %v after %d calls, want nil after 3", err, calls)
	}
	calls = 0
	err = retryPostgres(ctx, discardLogger(), func() error { calls++; return pmo.Errorf(pmo.Conflict, "no") })
	if pmo.ErrorKind(err) != pmo.Conflict || calls != 1 {
		t.Errorf("non-retryable error retried %d times: %v", calls, err)
	}
}
