package web

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo"
)

func TestProblemFor(t *testing.T) {
	fields := []pmo.FieldError{{Field: "code", Detail: "is taken"}}
	tests := []struct {
		name   string
		err    error
		status int
		detail string
		fields []pmo.FieldError
	}{
		{"invalid", pmo.FieldErr("code", "is taken"), http.StatusUnprocessableEntity, "invalid input", fields},
		{"wrapped invalid", fmt.Errorf("create: %w", pmo.FieldErr("code", "is taken")),
			http.StatusUnprocessableEntity, "invalid input", fields},
		{"not found", pmo.Errorf(pmo.NotFound, "project 9 not found"), http.StatusNotFound, "project 9 not found", nil},
		{"conflict", &pmo.Error{Kind: pmo.Conflict, Message: "duplicate", Fields: fields}, http.StatusConflict, "duplicate", fields},
		{"stale", pmo.Errorf(pmo.Stale, "reload"), http.StatusPreconditionFailed, "reload", nil},
		{"unauthorized", pmo.Errorf(pmo.Unauthorized, "no"), http.StatusForbidden, "no", nil},
		{"internal kind", pmo.Errorf(pmo.Internal, "secret path /etc"), http.StatusInternalServerError,
			"an internal error occurred; quote the request id when reporting it", nil},
		{"foreign", errors.New("secret"), http.StatusInternalServerError,
			"an internal error occurred; quote the request id when reporting it", nil},
		{"too big", fmt.Errorf("read: %w", &http.MaxBytesError{Limit: 10}), http.StatusRequestEntityTooLarge,
			"the request body exceeds the limit of 10 bytes", nil},
		{"problem", badRequest("bad", fieldError("limit", "too big")), http.StatusBadRequest, "bad",
			[]pmo.FieldError{{Field: "limit", Detail: "too big"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := problemFor(tt.err)
			want := &problem{Type: "about:blank", Title: http.StatusText(tt.status), Status: tt.status,
				Detail: tt.detail, Errors: tt.fields}
			if diff := cmp.Diff(want, p); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
