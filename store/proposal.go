package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pmohq/pmo"
)

// DB stores the intake side too.
var _ pmo.IntakeServices = (*DB)(nil)

const proposalCols = `pr.id, pr.portfolio_id, COALESCE(pr.program_id, 0), pr.code, pr.title, pr.description,
	pr.requester, pr.requester_id, pr.sponsor, pr.category, pr.mandatory, pr.legal_basis, pr.objectives,
	pr.alignment, pr.risk, pr.earliest_start, pr.latest_start, pr.business_case, pr.npv, pr.state,
	COALESCE(pr.project_id, 0), pr.version, pr.created_at, pr.updated_at`

func scanProposal(rs rowScanner, extra ...any) (*pmo.Proposal, error) {
	p := &pmo.Proposal{}
	var mandatory int
	err := rs.Scan(append([]any{&p.ID, &p.PortfolioID, &p.ProgramID, &p.Code, &p.Title, &p.Description,
		&p.Requester, &p.RequesterID, &p.Sponsor, &p.Category, &mandatory, &p.LegalBasis, jsonScan{&p.Objectives},
		&p.Alignment, &p.Risk, periodScan{&p.EarliestStart}, periodScan{&p.LatestStart}, jsonScan{&p.Case},
		&p.NPV, &p.State, &p.ProjectID, &p.Version, timeScan{&p.CreatedAt}, timeScan{&p.UpdatedAt}}, extra...)...)
	p.Mandatory = mandatory != 0
	p.Dependencies, p.Excludes = []pmo.ProposalDependency{}, []int64{}
	return p, err
}

var proposalSorts = map[string]sortKey{
	"code":       {expr: "pr.code"},
	"title":      {expr: "pr.title"},
	"state":      {expr: rankCase("pr.state", pmo.ProposalStates), num: true},
	"created_at": {expr: "pr.created_at"},
	"updated_at": {expr: "pr.updated_at"},
	"npv":        {expr: "pr.npv", num: true},
	"cost":       {expr: "pr.total_cost", num: true},
	"id":         {expr: "pr.id", num: true},
}

// FindProposalByID returns NotFound; the result includes its links and
// history, oldest event first.
func (db *DB) FindProposalByID(ctx context.Context, id int64) (p *pmo.Proposal, err error) {
	err = db.read(ctx, func(t *tx) error {
		p, err = t.findProposal(id)
		return err
	})
	return p, err
}

func (t *tx) findProposal(id int64) (*pmo.Proposal, error) {
	p, err := scanProposal(t.queryRow("SELECT "+proposalCols+" FROM proposals pr WHERE pr.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("proposal", id)
	}
	if err != nil {
		return nil, err
	}
	if err := t.fillLinks([]*pmo.Proposal{p}); err != nil {
		return nil, err
	}
	rows, err := t.query("SELECT from_state, to_state, actor, comment, at FROM proposal_events WHERE proposal_id = ? ORDER BY id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	p.History = []pmo.ProposalEvent{}
	for rows.Next() {
		var e pmo.ProposalEvent
		if err := rows.Scan(&e.From, &e.To, &e.Actor, &e.Comment, timeScan{&e.At}); err != nil {
			return nil, err
		}
		p.History = append(p.History, e)
	}
	return p, rows.Err()
}

// fillLinks reads the dependencies and exclusions of ps in two queries.
func (t *tx) fillLinks(ps []*pmo.Proposal) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*pmo.Proposal, len(ps))
	ids := make([]int64, len(ps))
	for i, p := range ps {
		byID[p.ID], ids[i] = p, p.ID
	}
	list := " IN (" + placeholders(len(ids)) + ") ORDER BY proposal_id, position"
	rows, err := t.query("SELECT proposal_id, COALESCE(other_id, 0), COALESCE(project_id, 0), finish_first FROM proposal_dependencies WHERE proposal_id"+list, int64sAny(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var d pmo.ProposalDependency
		var ff int
		if err := rows.Scan(&id, &d.ProposalID, &d.ProjectID, &ff); err != nil {
			return err
		}
		d.FinishFirst = ff != 0
		byID[id].Dependencies = append(byID[id].Dependencies, d)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	rows, err = t.query("SELECT proposal_id, other_id FROM proposal_exclusions WHERE proposal_id"+list, int64sAny(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, other int64
		if err := rows.Scan(&id, &other); err != nil {
			return err
		}
		byID[id].Excludes = append(byID[id].Excludes, other)
	}
	return rows.Err()
}

// FindProposals returns a page with links but without history, and the
// total matching. Sort accepts code, title, state (workflow order),
// created_at, updated_at, npv and cost; the default is "-created_at".
func (db *DB) FindProposals(ctx context.Context, f pmo.ProposalFilter) (ps []*pmo.Proposal, page pmo.Page, err error) {
	pg, err := newPager(f.ListOptions, proposalSorts, "-created_at", "pr.id")
	if err != nil {
		return nil, page, err
	}
	w := &where{}
	if len(f.IDs) > 0 {
		w.add("pr.id IN ("+placeholders(len(f.IDs))+")", int64sAny(f.IDs)...)
	}
	if f.PortfolioID != 0 {
		w.add("pr.portfolio_id = ?", f.PortfolioID)
	}
	if f.ProgramID != 0 {
		w.add("pr.program_id = ?", f.ProgramID)
	}
	if f.ProjectID != 0 {
		w.add("pr.project_id = ?", f.ProjectID)
	}
	if f.RequesterID != 0 {
		w.add("pr.requester_id = ?", f.RequesterID)
	}
	if f.Mandatory != nil {
		w.add("pr.mandatory = ?", boolInt(*f.Mandatory))
	}
	in(w, "pr.state", f.States)
	in(w, "pr.category", f.Categories)
	w.like(f.Query, "pr.code", "pr.title", "pr.description")
	reachProposals(ctx, w)
	err = db.read(ctx, func(t *tx) error {
		ps, page, err = findPage(t, listQuery{cols: proposalCols, from: "proposals pr", w: w, pg: pg},
			scanProposal, func(p *pmo.Proposal) int64 { return p.ID })
		if err != nil {
			return err
		}
		return t.fillLinks(ps)
	})
	return ps, page, err
}

// reachProposals limits a query over proposals (alias pr) to the
// portfolios and programs of ctx's reach: a proposal is not yet a project,
// so grants on single projects do not reach it.
func reachProposals(ctx context.Context, w *where) {
	r, ok := pmo.ReachFrom(ctx)
	if !ok {
		return
	}
	cond, args := reachSQL(pmo.Reach{Portfolios: r.Portfolios, Programs: r.Programs}, "pr.")
	w.add(cond, args...)
}

// CreateProposal records a draft whatever p.State, p.ProjectID and
// p.History say; Invalid for bad input or unknown references, Conflict on
// a duplicate code.
func (db *DB) CreateProposal(ctx context.Context, p *pmo.Proposal) error {
	p.State, p.ProjectID, p.History = pmo.ProposalDraft, 0, []pmo.ProposalEvent{}
	if err := p.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.checkProposalRefs(p); err != nil {
			return err
		}
		if err := t.insertProposal(p); err != nil {
			return err
		}
		if err := t.writeLinks(p); err != nil {
			return err
		}
		return t.audit("proposal", p.ID, 0, pmo.AuditCreate, nil, p)
	})
}

// insertProposal inserts p (in its state, at version 1) without its links
// or history.
func (t *tx) insertProposal(p *pmo.Proposal) error {
	caseJSON, err := jsonArg(p.Case)
	if err != nil {
		return err
	}
	objectives, err := jsonArg(p.Objectives)
	if err != nil {
		return err
	}
	id, err := t.insert(`INSERT INTO proposals (portfolio_id, program_id, code, title, description, requester,
		requester_id, sponsor, category, mandatory, legal_basis, objectives, alignment, risk, earliest_start,
		latest_start, business_case, total_cost, npv, state, project_id, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		p.PortfolioID, nullID(p.ProgramID), p.Code, p.Title, p.Description, p.Requester, p.RequesterID,
		p.Sponsor, p.Category, boolInt(p.Mandatory), p.LegalBasis, objectives, p.Alignment, p.Risk,
		p.EarliestStart.String(), p.LatestStart.String(), caseJSON, p.Case.TotalCost(), p.NPV, p.State,
		nullID(p.ProjectID), timeArg(t.now), timeArg(t.now))
	if err != nil {
		return err
	}
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt = id, 1, t.now, t.now
	return nil
}

// insertProposalEvent records one workflow event of proposal id.
func (t *tx) insertProposalEvent(id int64, ev pmo.ProposalEvent) error {
	_, err := t.exec("INSERT INTO proposal_events (proposal_id, from_state, to_state, actor, comment, at) VALUES (?, ?, ?, ?, ?, ?)",
		id, ev.From, ev.To, ev.Actor, ev.Comment, timeArg(ev.At))
	return err
}

// checkProposalRefs checks the portfolio and program, and that the
// proposals it names are in the same portfolio and the projects exist.
func (t *tx) checkProposalRefs(p *pmo.Proposal) error {
	if err := t.checkRef("portfolios", "portfolio_id", p.PortfolioID); err != nil {
		return err
	}
	if p.ProgramID != 0 {
		var portfolioID int64
		err := t.queryRow("SELECT portfolio_id FROM programs WHERE id = ?", p.ProgramID).Scan(&portfolioID)
		if errors.Is(err, sql.ErrNoRows) || err == nil && portfolioID != p.PortfolioID {
			return pmo.FieldErr("program_id", "no such program in portfolio %d: %d", p.PortfolioID, p.ProgramID)
		}
		if err != nil {
			return err
		}
	}
	var v pmo.Validator
	samePortfolio := func(field string, id int64) error {
		var portfolioID int64
		err := t.queryRow("SELECT portfolio_id FROM proposals WHERE id = ?", id).Scan(&portfolioID)
		if errors.Is(err, sql.ErrNoRows) || err == nil && portfolioID != p.PortfolioID {
			v.Add(field, "no proposal %d in this portfolio", id)
			return nil
		}
		return err
	}
	for i, d := range p.Dependencies {
		f := fmt.Sprintf("dependencies[%d]", i)
		if d.ProposalID != 0 {
			if err := samePortfolio(f+".proposal_id", d.ProposalID); err != nil {
				return err
			}
			continue
		}
		ok, err := t.exists("projects", d.ProjectID)
		if err != nil {
			return err
		}
		v.Check(ok, f+".project_id", "no such project: %d", d.ProjectID)
	}
	for i, id := range p.Excludes {
		if err := samePortfolio(fmt.Sprintf("excludes[%d]", i), id); err != nil {
			return err
		}
	}
	if p.ID != 0 {
		for i, d := range p.Dependencies {
			if d.ProposalID == 0 || d.ProposalID == p.ID {
				continue
			}
			path, err := t.dependencyPath(d.ProposalID, p.ID)
			if err != nil {
				return err
			}
			if path != "" {
				v.Add(fmt.Sprintf("dependencies[%d].proposal_id", i), "would make a cycle: %s needs %s", p.Code, path)
			}
		}
	}
	return v.Err()
}

// dependencyPath returns the codes "B, which needs C, which needs A" along
// which proposal from depends (directly or through others) on proposal to,
// or "" when it does not: a dependency of to on from would close a cycle.
func (t *tx) dependencyPath(from, to int64) (string, error) {
	prev := map[int64]int64{from: 0}
	queue := []int64{from}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if id == to {
			var codes []string
			for x := to; x != 0; x = prev[x] {
				var code string
				if err := t.queryRow("SELECT code FROM proposals WHERE id = ?", x).Scan(&code); err != nil {
					return "", err
				}
				codes = append(codes, code)
			}
			slices.Reverse(codes)
			return strings.Join(codes, ", which needs "), nil
		}
		rows, err := t.query("SELECT other_id FROM proposal_dependencies WHERE proposal_id = ? AND other_id IS NOT NULL", id)
		if err != nil {
			return "", err
		}
		for rows.Next() {
			var next int64
			if err := rows.Scan(&next); err != nil {
				rows.Close()
				return "", err
			}
			if _, seen := prev[next]; !seen {
				prev[next] = id
				queue = append(queue, next)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
	}
	return "", nil
}

// writeLinks replaces the dependency and exclusion rows of p.
func (t *tx) writeLinks(p *pmo.Proposal) error {
	for _, table := range []string{"proposal_dependencies", "proposal_exclusions"} {
		if _, err := t.exec("DELETE FROM "+table+" WHERE proposal_id = ?", p.ID); err != nil {
			return err
		}
	}
	for i, d := range p.Dependencies {
		if _, err := t.exec("INSERT INTO proposal_dependencies (proposal_id, position, other_id, project_id, finish_first) VALUES (?, ?, ?, ?, ?)",
			p.ID, i, nullID(d.ProposalID), nullID(d.ProjectID), boolInt(d.FinishFirst)); err != nil {
			return err
		}
	}
	for i, id := range p.Excludes {
		if _, err := t.exec("INSERT INTO proposal_exclusions (proposal_id, position, other_id) VALUES (?, ?, ?)", p.ID, i, id); err != nil {
			return err
		}
	}
	return nil
}

// UpdateProposal replaces the editable fields of p; Stale for an old
// version, Conflict once decided. The portfolio, requester id, state and
// project are kept; p returns with them and its history.
func (db *DB) UpdateProposal(ctx context.Context, p *pmo.Proposal) error {
	return db.write(ctx, func(t *tx) error {
		cur, err := t.findProposal(p.ID)
		if err != nil {
			return err
		}
		if cur.Version != p.Version {
			return t.versionError("proposals", "proposal", p.ID)
		}
		if !cur.State.Editable() {
			return pmo.Errorf(pmo.Conflict, "the proposal is %s and can no longer be edited", cur.State)
		}
		p.PortfolioID, p.RequesterID, p.State, p.ProjectID = cur.PortfolioID, cur.RequesterID, cur.State, cur.ProjectID
		if err := p.Prepare(); err != nil {
			return err
		}
		if err := t.checkProposalRefs(p); err != nil {
			return err
		}
		caseJSON, err := jsonArg(p.Case)
		if err != nil {
			return err
		}
		objectives, err := jsonArg(p.Objectives)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE proposals SET program_id = ?, code = ?, title = ?, description = ?, requester = ?,
			sponsor = ?, category = ?, mandatory = ?, legal_basis = ?, objectives = ?, alignment = ?, risk = ?,
			earliest_start = ?, latest_start = ?, business_case = ?, total_cost = ?, npv = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			nullID(p.ProgramID), p.Code, p.Title, p.Description, p.Requester, p.Sponsor, p.Category,
			boolInt(p.Mandatory), p.LegalBasis, objectives, p.Alignment, p.Risk, p.EarliestStart.String(),
			p.LatestStart.String(), caseJSON, p.Case.TotalCost(), p.NPV, timeArg(t.now), p.ID, p.Version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "proposals", "proposal", p.ID); err != nil {
			return err
		}
		if err := t.writeLinks(p); err != nil {
			return err
		}
		p.History, p.Version, p.CreatedAt, p.UpdatedAt = cur.History, cur.Version+1, cur.CreatedAt, t.now
		return t.audit("proposal", p.ID, 0, pmo.AuditUpdate, cur, p)
	})
}

// TransitionProposal moves the proposal along the workflow and records the
// event; Invalid for a move the workflow forbids, Stale for an old version.
func (db *DB) TransitionProposal(ctx context.Context, id int64, version int, tr pmo.ProposalTransition) (p *pmo.Proposal, err error) {
	err = db.write(ctx, func(t *tx) error {
		cur, err := t.findProposal(id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return t.versionError("proposals", "proposal", id)
		}
		if err := tr.Validate(cur.State); err != nil {
			return err
		}
		if err := t.setProposalState(cur, tr.To, tr.Actor, tr.Comment); err != nil {
			return err
		}
		p = cur
		return nil
	})
	return p, err
}

// setProposalState moves p to state to, records the event and the audit
// record; p returns updated.
func (t *tx) setProposalState(p *pmo.Proposal, to pmo.ProposalState, actor, comment string) error {
	res, err := t.exec("UPDATE proposals SET state = ?, project_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
		to, nullID(p.ProjectID), timeArg(t.now), p.ID, p.Version)
	if err != nil {
		return err
	}
	if err := t.checkAffected(res, "proposals", "proposal", p.ID); err != nil {
		return err
	}
	ev := pmo.ProposalEvent{From: p.State, To: to, Actor: actor, Comment: comment, At: t.now}
	if err := t.insertProposalEvent(p.ID, ev); err != nil {
		return err
	}
	before := map[string]any{"state": p.State}
	after := map[string]any{"state": to, "comment": comment, "actor": actor}
	if p.ProjectID != 0 {
		after["project_id"] = p.ProjectID
	}
	p.State, p.Version, p.UpdatedAt = to, p.Version+1, t.now
	p.History = append(p.History, ev)
	return t.audit("proposal", p.ID, p.ProjectID, pmo.AuditTransition, before, after)
}

// DeleteProposal removes a draft or withdrawn proposal that no other
// proposal names; Conflict otherwise, Stale for an old version.
func (db *DB) DeleteProposal(ctx context.Context, id int64, version int) error {
	return db.write(ctx, func(t *tx) error {
		before, err := t.findProposal(id)
		if err != nil {
			return err
		}
		if !slices.Contains([]pmo.ProposalState{pmo.ProposalDraft, pmo.ProposalWithdrawn}, before.State) {
			return pmo.Errorf(pmo.Conflict, "the proposal is %s; only drafts and withdrawn proposals can be deleted", before.State)
		}
		var n int
		if err := t.queryRow(`SELECT (SELECT COUNT(*) FROM proposal_dependencies WHERE other_id = ?) +
			(SELECT COUNT(*) FROM proposal_exclusions WHERE other_id = ?)`, id, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return pmo.Errorf(pmo.Conflict, "%d other proposals depend on or exclude %s; change them first", n, before.Code)
		}
		res, err := t.exec("DELETE FROM proposals WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "proposals", "proposal", id); err != nil {
			return err
		}
		return t.audit("proposal", id, 0, pmo.AuditDelete, before, nil)
	})
}
