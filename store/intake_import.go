package store

import (
	"fmt"
	"slices"

	"github.com/pmohq/pmo"
)

// intake imports the dataset's proposals (with their history, then their
// links, once every proposal has its stored id), scoring models, scores
// and scenarios, mapping local ids to stored ones.
func (im *importer) intake(d *pmo.Dataset) error {
	proposals := map[int64]*pmo.Proposal{} // local id -> stored proposal
	stored := make([]*pmo.Proposal, len(d.Proposals))
	for i, in := range d.Proposals {
		p, err := im.proposal(in)
		if err != nil {
			return im.recordErr("proposals", i, err)
		}
		if _, dup := proposals[in.ID]; dup || in.ID == 0 {
			return im.recordErr("proposals", i, pmo.FieldErr("id", "must be a unique local id"))
		}
		proposals[in.ID], stored[i] = p, p
	}
	for i, in := range d.Proposals {
		p := stored[i]
		p.Dependencies = slices.Clone(in.Dependencies)
		for j, dep := range p.Dependencies {
			switch {
			case dep.ProposalID != 0:
				other, ok := proposals[dep.ProposalID]
				if !ok || other.PortfolioID != p.PortfolioID || other == p {
					return im.refErr("proposals", i, fmt.Sprintf("dependencies[%d].proposal_id", j), dep.ProposalID)
				}
				p.Dependencies[j].ProposalID = other.ID
			case dep.ProjectID != 0:
				id, ok := im.projects[dep.ProjectID]
				if !ok {
					return im.refErr("proposals", i, fmt.Sprintf("dependencies[%d].project_id", j), dep.ProjectID)
				}
				p.Dependencies[j].ProjectID = id
			}
		}
		p.Excludes = make([]int64, len(in.Excludes))
		for j, local := range in.Excludes {
			other, ok := proposals[local]
			if !ok || other.PortfolioID != p.PortfolioID || other == p {
				return im.refErr("proposals", i, fmt.Sprintf("excludes[%d]", j), local)
			}
			p.Excludes[j] = other.ID
		}
		if err := im.t.writeLinks(p); err != nil {
			return im.recordErr("proposals", i, err)
		}
	}
	models := map[int64]*pmo.ScoringModel{} // stored portfolio id -> model
	for i, in := range d.ScoringModels {
		m := *in
		var ok bool
		if m.PortfolioID, ok = im.portfolios[in.PortfolioID]; !ok {
			return im.refErr("scoring_models", i, "portfolio_id", in.PortfolioID)
		}
		if err := m.Prepare(); err != nil {
			return im.recordErr("scoring_models", i, err)
		}
		if err := im.t.insertScoringModel(&m); err != nil {
			return im.recordErr("scoring_models", i, err)
		}
		models[m.PortfolioID] = &m
	}
	for i, in := range d.Scores {
		sc := *in
		p, ok := proposals[in.ProposalID]
		if !ok {
			return im.refErr("scores", i, "proposal_id", in.ProposalID)
		}
		sc.ProposalID = p.ID
		m := models[p.PortfolioID]
		if m == nil {
			return im.recordErr("scores", i, pmo.FieldErr("proposal_id", "the proposal's portfolio has no scoring model in the dataset"))
		}
		sheet := pmo.ScoreSheet{ProposalID: p.ID, Reviewer: sc.Reviewer, Scores: []pmo.Score{sc}}
		if err := sheet.Validate(m); err != nil {
			return im.recordErr("scores", i, err)
		}
		if err := im.t.insertScore(&sheet.Scores[0]); err != nil {
			return im.recordErr("scores", i, err)
		}
	}
	for i, in := range d.Scenarios {
		s := *in
		var ok bool
		if s.PortfolioID, ok = im.portfolios[in.PortfolioID]; !ok {
			return im.refErr("scenarios", i, "portfolio_id", in.PortfolioID)
		}
		for _, locks := range []*[]int64{&s.LockIn, &s.LockOut} {
			mapped := make([]int64, len(*locks))
			for j, local := range *locks {
				p, ok := proposals[local]
				if !ok || p.PortfolioID != s.PortfolioID {
					return im.refErr("scenarios", i, "locks", local)
				}
				mapped[j] = p.ID
			}
			*locks = mapped
		}
		if err := s.Prepare(); err != nil {
			return im.recordErr("scenarios", i, err)
		}
		if err := im.t.insertScenario(&s); err != nil {
			return im.recordErr("scenarios", i, err)
		}
	}
	return nil
}

// proposal inserts one proposal of the dataset with its history; its
// links are written once every proposal is stored.
func (im *importer) proposal(in *pmo.Proposal) (*pmo.Proposal, error) {
	p := *in
	p.Dependencies, p.Excludes, p.ProjectID = nil, nil, 0
	if err := p.Prepare(); err != nil {
		return nil, err
	}
	var ok bool
	if p.PortfolioID, ok = im.portfolios[in.PortfolioID]; !ok {
		return nil, pmo.FieldErr("portfolio_id", "refers to no portfolio of the dataset (%d)", in.PortfolioID)
	}
	if in.ProgramID != 0 {
		if p.ProgramID, ok = im.programs[in.ProgramID]; !ok || im.programPortfolio[p.ProgramID] != p.PortfolioID {
			return nil, pmo.FieldErr("program_id", "refers to no program of the portfolio (%d)", in.ProgramID)
		}
	}
	state := pmo.ProposalDraft
	for j, e := range in.History {
		if e.From != state || !pmo.CanTransitionProposal(e.From, e.To) {
			return nil, pmo.FieldErr(fmt.Sprintf("history[%d]", j), "cannot move from %s to %s after %s", e.From, e.To, state)
		}
		state = e.To
	}
	if p.State != state {
		return nil, pmo.FieldErr("state", "must be %s, the state the history ends in", state)
	}
	if err := im.t.insertProposal(&p); err != nil {
		return nil, err
	}
	for _, e := range in.History {
		if e.At.IsZero() {
			e.At = im.t.now
		}
		if err := im.t.insertProposalEvent(p.ID, e); err != nil {
			return nil, err
		}
	}
	return &p, nil
}
