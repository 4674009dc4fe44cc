package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// targetFunc finds where the record a request is about sits, for the
// scope check. NotFound lets the request through to the handler, which
// answers 404 itself (after the permission was checked somewhere).
type targetFunc func(s *Server, r *http.Request) (auth.Target, error)

// everything is the target of creating top-level records: only a grant on
// all covers it.
func everything(*Server, *http.Request) (auth.Target, error) { return auth.Target{}, nil }

func pathInt(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, pmo.Errorf(pmo.NotFound, "no such record")
	}
	return id, nil
}

func portfolioTarget(s *Server, r *http.Request) (auth.Target, error) {
	id, err := pathInt(r)
	return auth.Target{Portfolio: id}, err
}

func programTarget(s *Server, r *http.Request) (auth.Target, error) {
	id, err := pathInt(r)
	if err != nil {
		return auth.Target{}, err
	}
	return s.programScope(r.Context(), id)
}

func (s *Server) programScope(ctx context.Context, id int64) (auth.Target, error) {
	p, err := s.svc.FindProgramByID(ctx, id)
	if err != nil {
		return auth.Target{}, err
	}
	return auth.Target{Portfolio: p.PortfolioID, Program: p.ID}, nil
}

func (s *Server) projectScope(ctx context.Context, id int64) (auth.Target, error) {
	p, err := s.svc.FindProjectByID(ctx, id)
	if err != nil {
		return auth.Target{}, err
	}
	return auth.Target{Portfolio: p.PortfolioID, Program: p.ProgramID, Project: p.ID}, nil
}

func projectTarget(s *Server, r *http.Request) (auth.Target, error) {
	id, err := pathInt(r)
	if err != nil {
		return auth.Target{}, err
	}
	return s.projectScope(r.Context(), id)
}

func projectCodeTarget(s *Server, r *http.Request) (auth.Target, error) {
	p, err := s.svc.FindProjectByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return auth.Target{}, err
	}
	return auth.Target{Portfolio: p.PortfolioID, Program: p.ProgramID, Project: p.ID}, nil
}

// byProject makes a target func for records that belong to a project.
func byProject(projectOf func(ctx context.Context, s *Server, id int64) (int64, error)) targetFunc {
	return func(s *Server, r *http.Request) (auth.Target, error) {
		id, err := pathInt(r)
		if err != nil {
			return auth.Target{}, err
		}
		pid, err := projectOf(r.Context(), s, id)
		if err != nil {
			return auth.Target{}, err
		}
		return s.projectScope(r.Context(), pid)
	}
}

var (
	statusTarget = byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		x, err := s.svc.FindStatusReportByID(ctx, id)
		return idOr(x, err, func(x *pmo.StatusReport) int64 { return x.ProjectID })
	})
	changeTarget = byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		x, err := s.svc.FindChangeRequestByID(ctx, id)
		return idOr(x, err, func(x *pmo.ChangeRequest) int64 { return x.ProjectID })
	})
	auditTarget = func(s *Server, r *http.Request) (auth.Target, error) {
		id, err := pathInt(r)
		if err != nil {
			return auth.Target{}, err
		}
		rec, err := s.svc.FindAuditRecordByID(r.Context(), id)
		if err != nil {
			return auth.Target{}, err
		}
		if rec.ProjectID == 0 {
			return auth.Target{}, nil // about no one project: a grant on all is needed
		}
		return s.projectScope(r.Context(), rec.ProjectID)
	}
)

func idOr[T any](x *T, err error, pid func(*T) int64) (int64, error) {
	if err != nil {
		return 0, err
	}
	return pid(x), nil
}

// recordTargets maps the collection name of each RAID record and milestone
// (as in /api/v1/risks and /risks) to its target func.
var recordTargets = map[string]targetFunc{
	"milestones": byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		x, err := s.svc.Milestones().FindByID(ctx, id)
		return idOr(x, err, func(x *pmo.Milestone) int64 { return x.ProjectID })
	}),
	"risks": byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		x, err := s.svc.Risks().FindByID(ctx, id)
		return idOr(x, err, func(x *pmo.Risk) int64 { return x.ProjectID })
	}),
	"issues": byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		x, err := s.svc.Issues().FindByID(ctx, id)
		return idOr(x, err, func(x *pmo.Issue) int64 { return x.ProjectID })
	}),
	"actions": byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		x, err := s.svc.Actions().FindByID(ctx, id)
		return idOr(x, err, func(x *pmo.Action) int64 { return x.ProjectID })
	}),
	"decisions": byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		x, err := s.svc.Decisions().FindByID(ctx, id)
		return idOr(x, err, func(x *pmo.Decision) int64 { return x.ProjectID })
	}),
	"dependencies": byProject(func(ctx context.Context, s *Server, id int64) (int64, error) {
		x, err := s.svc.Dependencies().FindByID(ctx, id)
		return idOr(x, err, func(x *pmo.Dependency) int64 { return x.ProjectID })
	}),
}

// bodyRefs are the references a JSON body may carry that place a record.
type bodyRefs struct {
	PortfolioID *int64 `json:"portfolio_id"`
	ProgramID   *int64 `json:"program_id"`
	ProjectID   *int64 `json:"project_id"`
}

// peekBody reads the body and puts it back for the handler.
func peekBody(r *http.Request) []byte {
	if r.Body == nil {
		return nil
	}
	b, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	if err != nil {
		// The handler meets the same error (e.g. too large) when it reads.
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), errReader{err}))
	}
	return b
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// bodyTarget is where a JSON body places a record (creates, moves), and
// whether it names a place at all. Malformed bodies name none; the handler
// rejects them.
func (s *Server) bodyTarget(r *http.Request) (auth.Target, bool, error) {
	var refs bodyRefs
	if json.Unmarshal(peekBody(r), &refs) != nil {
		return auth.Target{}, false, nil
	}
	ctx := r.Context()
	switch {
	case refs.ProjectID != nil && *refs.ProjectID > 0:
		t, err := s.projectScope(ctx, *refs.ProjectID)
		if pmo.ErrorKind(err) == pmo.NotFound {
			return auth.Target{}, false, nil // the handler reports the bad reference
		}
		return t, err == nil, err
	case refs.ProgramID != nil && *refs.ProgramID > 0:
		t, err := s.programScope(ctx, *refs.ProgramID)
		if pmo.ErrorKind(err) == pmo.NotFound {
			return auth.Target{}, false, nil
		}
		if refs.PortfolioID != nil && *refs.PortfolioID != t.Portfolio {
			// Inconsistent: check the stricter of both by asking for the portfolio too.
			return auth.Target{Portfolio: *refs.PortfolioID}, true, err
		}
		return t, err == nil, err
	case refs.PortfolioID != nil && *refs.PortfolioID > 0:
		return auth.Target{Portfolio: *refs.PortfolioID}, true, nil
	}
	return auth.Target{}, false, nil
}
