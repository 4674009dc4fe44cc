package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/pmohq/pmo"
)

const scoringCols = "m.id, m.portfolio_id, m.name, m.criteria, m.pairwise, m.consistency_ratio, m.version, m.created_at, m.updated_at"

func scanScoringModel(rs rowScanner, extra ...any) (*pmo.ScoringModel, error) {
	m := &pmo.ScoringModel{}
	err := rs.Scan(append([]any{&m.ID, &m.PortfolioID, &m.Name, jsonScan{&m.Criteria}, jsonScan{&m.Pairwise},
		&m.ConsistencyRatio, &m.Version, timeScan{&m.CreatedAt}, timeScan{&m.UpdatedAt}}, extra...)...)
	return m, err
}

// FindScoringModelByID returns NotFound.
func (db *DB) FindScoringModelByID(ctx context.Context, id int64) (*pmo.ScoringModel, error) {
	return db.findScoringModel(ctx, "m.id = ?", id, "scoring model", id)
}

// FindScoringModelByPortfolio returns NotFound when the portfolio has no model.
func (db *DB) FindScoringModelByPortfolio(ctx context.Context, portfolioID int64) (*pmo.ScoringModel, error) {
	return db.findScoringModel(ctx, "m.portfolio_id = ?", portfolioID, "scoring model of portfolio", portfolioID)
}

func (db *DB) findScoringModel(ctx context.Context, cond string, arg any, what string, id int64) (m *pmo.ScoringModel, err error) {
	err = db.read(ctx, func(t *tx) error {
		m, err = t.findScoringModel(cond, arg, what, id)
		return err
	})
	return m, err
}

func (t *tx) findScoringModel(cond string, arg any, what string, id int64) (*pmo.ScoringModel, error) {
	m, err := scanScoringModel(t.queryRow("SELECT "+scoringCols+" FROM scoring_models m WHERE "+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(what, id)
	}
	return m, err
}

// FindScoringModels returns a page of models, by portfolio, and the total.
func (db *DB) FindScoringModels(ctx context.Context, f pmo.ScoringModelFilter) (ms []*pmo.ScoringModel, page pmo.Page, err error) {
	pg, err := newPager(f.ListOptions, map[string]sortKey{"id": {expr: "m.id", num: true}}, "id", "m.id")
	if err != nil {
		return nil, page, err
	}
	w := &where{}
	if f.PortfolioID != 0 {
		w.add("m.portfolio_id = ?", f.PortfolioID)
	}
	if r, ok := pmo.ReachFrom(ctx); ok {
		w.add("m.portfolio_id IN ("+placeholders(len(r.Portfolios)+1)+")", append(int64sAny(r.Portfolios), int64(0))...)
	}
	err = db.read(ctx, func(t *tx) error {
		ms, page, err = findPage(t, listQuery{cols: scoringCols, from: "scoring_models m", w: w, pg: pg},
			scanScoringModel, func(m *pmo.ScoringModel) int64 { return m.ID })
		return err
	})
	return ms, page, err
}

// CreateScoringModel returns Invalid, or Conflict when the portfolio
// already has a model.
func (db *DB) CreateScoringModel(ctx context.Context, m *pmo.ScoringModel) error {
	if err := m.Prepare(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.checkRef("portfolios", "portfolio_id", m.PortfolioID); err != nil {
			return err
		}
		if err := t.insertScoringModel(m); err != nil {
			return err
		}
		return t.audit("scoring_model", m.ID, 0, pmo.AuditCreate, nil, m)
	})
}

// insertScoringModel inserts m at version 1.
func (t *tx) insertScoringModel(m *pmo.ScoringModel) error {
	args, err := scoringArgs(m)
	if err != nil {
		return err
	}
	id, err := t.insert(`INSERT INTO scoring_models (portfolio_id, name, criteria, pairwise, consistency_ratio,
		version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
		append([]any{m.PortfolioID}, append(args, timeArg(t.now), timeArg(t.now))...)...)
	if err != nil {
		return err
	}
	m.ID, m.Version, m.CreatedAt, m.UpdatedAt = id, 1, t.now, t.now
	return nil
}

// insertScore inserts one score as of its At (now when zero).
func (t *tx) insertScore(sc *pmo.Score) error {
	if sc.At.IsZero() {
		sc.At = t.now
	}
	_, err := t.exec(`INSERT INTO proposal_scores (proposal_id, reviewer, reviewer_id, criterion, value, comment, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, sc.ProposalID, sc.Reviewer, sc.ReviewerID, sc.Criterion, sc.Value, sc.Comment, timeArg(sc.At))
	return err
}

// scoringArgs are the name, criteria, pairwise and consistency_ratio values.
func scoringArgs(m *pmo.ScoringModel) ([]any, error) {
	criteria, err := jsonArg(m.Criteria)
	if err != nil {
		return nil, err
	}
	pairwise, err := jsonArg(m.Pairwise)
	if err != nil {
		return nil, err
	}
	return []any{m.Name, criteria, pairwise, m.ConsistencyRatio}, nil
}

// UpdateScoringModel replaces m (not its portfolio); Stale for an old version.
func (db *DB) UpdateScoringModel(ctx context.Context, m *pmo.ScoringModel) error {
	return db.write(ctx, func(t *tx) error {
		cur, err := t.findScoringModel("m.id = ?", m.ID, "scoring model", m.ID)
		if err != nil {
			return err
		}
		m.PortfolioID = cur.PortfolioID
		if err := m.Prepare(); err != nil {
			return err
		}
		args, err := scoringArgs(m)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE scoring_models SET name = ?, criteria = ?, pairwise = ?, consistency_ratio = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, append(args, timeArg(t.now), m.ID, m.Version)...)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "scoring_models", "scoring model", m.ID); err != nil {
			return err
		}
		m.Version, m.CreatedAt, m.UpdatedAt = cur.Version+1, cur.CreatedAt, t.now
		return t.audit("scoring_model", m.ID, 0, pmo.AuditUpdate, cur, m)
	})
}

// DeleteScoringModel removes a model; Stale for an old version. Scores
// stay with their proposals and count again under a new model with the
// same criterion keys.
func (db *DB) DeleteScoringModel(ctx context.Context, id int64, version int) error {
	return db.write(ctx, func(t *tx) error {
		before, err := t.findScoringModel("m.id = ?", id, "scoring model", id)
		if err != nil {
			return err
		}
		res, err := t.exec("DELETE FROM scoring_models WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := t.checkAffected(res, "scoring_models", "scoring model", id); err != nil {
			return err
		}
		return t.audit("scoring_model", id, 0, pmo.AuditDelete, before, nil)
	})
}

// FindScores lists scores ordered by proposal, reviewer and criterion.
func (db *DB) FindScores(ctx context.Context, f pmo.ScoreFilter) (ss []*pmo.Score, err error) {
	w := &where{}
	if f.ProposalID != 0 {
		w.add("s.proposal_id = ?", f.ProposalID)
	}
	if f.PortfolioID != 0 {
		w.add("pr.portfolio_id = ?", f.PortfolioID)
	}
	if f.Reviewer != "" {
		w.add("s.reviewer = ?", f.Reviewer)
	}
	reachProposals(ctx, w)
	err = db.read(ctx, func(t *tx) error {
		rows, err := t.query(`SELECT s.proposal_id, s.reviewer, s.reviewer_id, s.criterion, s.value, s.comment, s.at
			FROM proposal_scores s JOIN proposals pr ON pr.id = s.proposal_id`+w.String()+
			" ORDER BY s.proposal_id, s.reviewer, s.criterion", w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		ss = []*pmo.Score{}
		for rows.Next() {
			s := &pmo.Score{}
			if err := rows.Scan(&s.ProposalID, &s.Reviewer, &s.ReviewerID, &s.Criterion, &s.Value, &s.Comment, timeScan{&s.At}); err != nil {
				return err
			}
			ss = append(ss, s)
		}
		return rows.Err()
	})
	return ss, err
}

// SaveScoreSheet replaces one reviewer's scores of a proposal; Invalid
// against the portfolio's model (NotFound when it has none), Conflict once
// the proposal is decided.
func (db *DB) SaveScoreSheet(ctx context.Context, s *pmo.ScoreSheet) error {
	return db.write(ctx, func(t *tx) error {
		p, err := t.findProposal(s.ProposalID)
		if err != nil {
			return err
		}
		if !p.State.Editable() {
			return pmo.Errorf(pmo.Conflict, "the proposal is %s; its scores are the record of the decision", p.State)
		}
		m, err := t.findScoringModel("m.portfolio_id = ?", p.PortfolioID, "scoring model of portfolio", p.PortfolioID)
		if err != nil {
			return err
		}
		if err := s.Validate(m); err != nil {
			return err
		}
		var before []pmo.Score
		rows, err := t.query("SELECT criterion, value, comment FROM proposal_scores WHERE proposal_id = ? AND reviewer = ? ORDER BY criterion", s.ProposalID, s.Reviewer)
		if err != nil {
			return err
		}
		for rows.Next() {
			var sc pmo.Score
			if err := rows.Scan(&sc.Criterion, &sc.Value, &sc.Comment); err != nil {
				rows.Close()
				return err
			}
			before = append(before, sc)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM proposal_scores WHERE proposal_id = ? AND reviewer = ?", s.ProposalID, s.Reviewer); err != nil {
			return err
		}
		for i := range s.Scores {
			sc := &s.Scores[i]
			sc.At = t.now
			if err := t.insertScore(sc); err != nil {
				return err
			}
		}
		return t.audit("proposal_scores", s.ProposalID, 0, pmo.AuditUpdate,
			map[string]any{"reviewer": s.Reviewer, "scores": scoreView(before)},
			map[string]any{"reviewer": s.Reviewer, "scores": scoreView(s.Scores)})
	})
}

// scoreView is what the audit trail keeps of a sheet: criterion, value
// and comment.
func scoreView(ss []pmo.Score) []map[string]any {
	out := make([]map[string]any, len(ss))
	for i, s := range ss {
		out[i] = map[string]any{"criterion": s.Criterion, "value": s.Value, "comment": s.Comment}
	}
	return out
}
