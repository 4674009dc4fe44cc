package compliance

import (
	"context"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
)

// MayWaive reports whether the actor of ctx may grant or revoke waivers on
// a project: only PMO staff (or an administrator) whose grant covers the
// project. The system actor (the CLI, jobs; user id 0) may: it runs with
// the database's own credentials.
func (s *Service) MayWaive(ctx context.Context, projectID int64) error {
	a := pmo.ActorFrom(ctx)
	if a.UserID == 0 {
		return nil
	}
	u, err := s.Data.FindUserByID(ctx, a.UserID)
	if err != nil {
		return err
	}
	p, err := s.Data.FindProjectByID(ctx, projectID)
	if err != nil {
		return err
	}
	target := auth.Target{Portfolio: p.PortfolioID, Program: p.ProgramID, Project: p.ID}
	for _, g := range u.Grants {
		if (g.Role == pmo.PMOStaff || g.Role == pmo.Administrator) && auth.Covers(g, target) {
			return nil
		}
	}
	return pmo.Errorf(pmo.Unauthorized, "only PMO staff may grant or revoke waivers")
}

// GrantWaiver stores a waiver after checking MayWaive. GrantedBy defaults
// to the actor of ctx. Invalid when the rule is not in the current
// framework (when one is published).
func (s *Service) GrantWaiver(ctx context.Context, w *pmo.Waiver) error {
	if err := s.MayWaive(ctx, w.ProjectID); err != nil {
		return err
	}
	if w.GrantedBy == "" {
		w.GrantedBy = pmo.ActorFrom(ctx).Name
	}
	if w.GrantedBy == "" {
		w.GrantedBy = "system"
	}
	if _, prog, err := s.current(ctx); err == nil {
		if prog.Framework().Rule(w.Rule) == nil {
			return pmo.FieldErr("rule", "the current framework has no rule %q", w.Rule)
		}
	} else if pmo.ErrorKind(err) != pmo.NotFound {
		return err
	}
	if !w.Expires.IsZero() && !w.Expires.After(s.now()) {
		return pmo.FieldErr("expires", "must be in the future")
	}
	return s.Gov.CreateWaiver(ctx, w)
}

// RevokeWaiver ends a waiver after checking MayWaive.
func (s *Service) RevokeWaiver(ctx context.Context, id int64, version int) (*pmo.Waiver, error) {
	ws, err := s.Gov.FindWaivers(ctx, pmo.WaiverFilter{ID: id})
	if err != nil {
		return nil, err
	}
	if len(ws) == 0 {
		return nil, pmo.Errorf(pmo.NotFound, "waiver %d not found", id)
	}
	if err := s.MayWaive(ctx, ws[0].ProjectID); err != nil {
		return nil, err
	}
	return s.Gov.RevokeWaiver(ctx, id, version, pmo.ActorFrom(ctx).Name)
}

// Comment stores a comment on a rule of the current framework.
func (s *Service) Comment(ctx context.Context, c *pmo.RuleComment) error {
	v, prog, err := s.current(ctx)
	if err != nil {
		return err
	}
	if prog.Framework().Rule(c.Rule) == nil {
		return pmo.FieldErr("rule", "the current framework has no rule %q", c.Rule)
	}
	c.FrameworkID = v.ID
	if c.Author == "" {
		c.Author = pmo.ActorFrom(ctx).Name
	}
	return s.Gov.CreateRuleComment(ctx, c)
}
