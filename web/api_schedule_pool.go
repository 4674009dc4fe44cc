package web

import (
	"fmt"
	"net/http"
	"reflect"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/scheduling"
)

// The schemas of pool levelling (issue 7).
func init() {
	schemaTypes["PoolLevelRequest"] = reflect.TypeFor[poolLevelRequest]()
	schemaTypes["PoolLevelled"] = reflect.TypeFor[pmo.PoolLevelResult]()
}

// schedulePoolAPI is the feature served from this file (see featureList):
// levelling several projects of a portfolio that share resources.
func (s *Server) schedulePoolAPI() feature {
	svc, ok := s.svc.(pmo.ScheduleServices)
	if !ok {
		return feature{}
	}
	h := &scheduleHandlers{s: s, svc: svc}
	const pattern = "/api/v1/portfolios/{id}/schedules/level"
	api := []route{{Method: "POST", Pattern: pattern, Handler: h.levelPool, Tag: "schedules",
		Body: "PoolLevelRequest", Response: "PoolLevelled",
		Summary: "Level several projects of the portfolio together: work resources of the same name are one pool, " +
			"projects go by priority; every schedule is stored or none (edit rights on each project are required)"}}
	// Edit on the portfolio or on something in it opens the door (a
	// program manager levels the program's projects); the handler then
	// needs Edit on every project it levels.
	return feature{api: api, rules: map[string]rule{
		"POST " + pattern: {perm: auth.Edit, target: portfolioTarget, within: true},
	}}
}

// poolLevelRequest names the projects to level together and bounds the
// search.
type poolLevelRequest struct {
	// Projects to level; absent or empty means every project of the
	// portfolio that has a schedule.
	Projects []poolProjectRef `json:"projects"`
	levelRequest
}

// poolProjectRef names a project and, optionally, the schedule version the
// caller levels (its ETag): another version stops the whole levelling.
type poolProjectRef struct {
	ID      int64 `json:"id"`
	Version int   `json:"version"` // 0: whatever is current
}

// levelPool serves POST /api/v1/portfolios/{id}/schedules/level.
func (h *scheduleHandlers) levelPool(w http.ResponseWriter, r *http.Request) error {
	pfID, err := pathID(r)
	if err != nil {
		return err
	}
	var req poolLevelRequest
	if err := decodeOptional(r, &req); err != nil {
		return err
	}
	var v pmo.Validator
	v.Check(req.Schedules >= 0 && req.Schedules <= 1000000, "schedules", "must be between 0 and 1000000")
	v.Check(req.TimeLimitMS >= 0 && time.Duration(req.TimeLimitMS)*time.Millisecond <= maxLevelTime,
		"time_limit_ms", "must be between 0 and %d", maxLevelTime.Milliseconds())
	v.Check(len(req.Projects) <= 100, "projects", "at most 100 projects are levelled together")
	if err := v.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := h.s.svc.FindPortfolioByID(ctx, pfID); err != nil {
		return err
	}
	refs := req.Projects
	if len(refs) == 0 {
		ps, _, err := h.s.svc.FindProjects(ctx, pmo.ProjectFilter{PortfolioID: pfID, ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit}})
		if err != nil {
			return err
		}
		for _, p := range ps {
			refs = append(refs, poolProjectRef{ID: p.ID})
		}
	}
	var pool []scheduling.PoolProject
	var ss []*pmo.Schedule
	var versions []int
	seen := map[int64]bool{}
	for i, ref := range refs {
		field := fmt.Sprintf("projects[%d].id", i)
		p, err := h.s.svc.FindProjectByID(ctx, ref.ID)
		switch {
		case pmo.ErrorKind(err) == pmo.NotFound || (err == nil && p.PortfolioID != pfID):
			return invalidField(fmt.Sprintf("project %d is not in this portfolio", ref.ID), fieldError(field, "not a project of this portfolio"))
		case err != nil:
			return err
		case seen[p.ID]:
			return invalidField(fmt.Sprintf("project %s is named twice", p.Code), fieldError(field, "named twice"))
		}
		seen[p.ID] = true
		if !may(r, auth.Edit, auth.Target{Portfolio: p.PortfolioID, Program: p.ProgramID, Project: p.ID}) {
			return pmo.Errorf(pmo.Unauthorized, "you may not edit the schedule of project %s", p.Code)
		}
		s, err := h.svc.FindSchedule(ctx, p.ID)
		switch {
		case pmo.ErrorKind(err) == pmo.NotFound && len(req.Projects) == 0:
			continue // the portfolio's projects without a schedule
		case pmo.ErrorKind(err) == pmo.NotFound:
			return invalidField(fmt.Sprintf("project %s has no schedule", p.Code), fieldError(field, "has no schedule"))
		case err != nil:
			return err
		case ref.Version != 0 && ref.Version != s.Version:
			return pmo.Errorf(pmo.Stale, "the schedule of project %s changed: its version is %d, not %d; nothing was levelled", p.Code, s.Version, ref.Version)
		}
		pool = append(pool, scheduling.PoolProject{Schedule: s, Code: p.Code, Priority: p.Priority})
		ss, versions = append(ss, s), append(versions, s.Version)
	}
	if len(pool) == 0 {
		return invalidField("no project of this portfolio has a schedule", fieldError("projects", "no project with a schedule"))
	}
	limit := 10 * time.Second
	if req.TimeLimitMS > 0 {
		limit = time.Duration(req.TimeLimitMS) * time.Millisecond
	}
	deadline := time.Now().Add(limit)
	stop := func() bool { return time.Now().After(deadline) || ctx.Err() != nil }
	res, err := scheduling.LevelProjects(pool, h.s.now(), scheduling.LevelOptions{Seed: req.Seed, Schedules: req.Schedules, Stop: stop})
	if err != nil {
		return err
	}
	if err := h.svc.SaveSchedulesDates(ctx, ss, versions); err != nil {
		return err
	}
	for i := range res.Projects {
		for _, s := range ss {
			if s.ProjectID == res.Projects[i].ProjectID {
				res.Projects[i].Version = s.Version
			}
		}
	}
	return writeJSON(w, http.StatusOK, res)
}

// invalidField is an Invalid error with a message and the field at fault.
func invalidField(msg string, f pmo.FieldError) error {
	return &pmo.Error{Kind: pmo.Invalid, Message: msg, Fields: []pmo.FieldError{f}}
}
