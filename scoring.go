package pmo

import (
	"context"
	"math"
	"slices"
	"time"
)

// Direction says whether a high score on a criterion is good (benefit) or
// bad (cost, e.g. delivery risk), which is then scored inversely.
type Direction string

// Criterion directions.
const (
	DirectionBenefit Direction = "benefit"
	DirectionCost    Direction = "cost"
)

// ScoringModel is a portfolio's weighted-scoring set-up (DOMAIN.md §2): its
// criteria with weights and scales, and optionally the AHP pairwise
// judgements the weights were derived from. One model per portfolio; its
// version counts its revisions.
type ScoringModel struct {
	ID          int64       `json:"id"`
	PortfolioID int64       `json:"portfolio_id"`
	Name        string      `json:"name"`
	Criteria    []Criterion `json:"criteria"`
	// Pairwise is the optional AHP matrix (Saaty 1..9 and reciprocals),
	// rows and columns in the order of Criteria. When present, whoever
	// saves the model derives the weights from it (engine/score) and sets
	// ConsistencyRatio.
	Pairwise         [][]float64 `json:"pairwise,omitempty"`
	ConsistencyRatio float64     `json:"consistency_ratio"`
	Version          int         `json:"version"`
	CreatedAt        time.Time   `json:"created_at"`
	UpdatedAt        time.Time   `json:"updated_at"`
}

// Criterion is one thing proposals are scored on.
type Criterion struct {
	Key         string    `json:"key"` // stable id, e.g. strategic_alignment
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Weight      float64   `json:"weight"` // relative; need not sum to 100
	Min         float64   `json:"min"`    // scale, e.g. 0
	Max         float64   `json:"max"`    // scale, e.g. 5
	Direction   Direction `json:"direction"`
	// Anchors describe the levels of the scale, lowest first (optional).
	Anchors []string `json:"anchors"`
}

// Prepare normalises m and validates it.
func (m *ScoringModel) Prepare() error {
	var v Validator
	m.Name = clean(m.Name)
	v.Check(m.PortfolioID > 0, "portfolio_id", "is required")
	checkText(&v, "name", m.Name, 1, 200)
	v.Check(len(m.Criteria) >= 1 && len(m.Criteria) <= 20, "criteria", "needs 1 to 20 criteria")
	keys := map[string]bool{}
	total := 0.0
	for i := range m.Criteria {
		c := &m.Criteria[i]
		f := fieldIndex("criteria", i)
		c.Key, c.Name = clean(c.Key), clean(c.Name)
		v.Check(codePattern.MatchString(c.Key), f+".key", "must be 1-40 letters, digits, '.', '_' or '-'")
		v.Check(!keys[c.Key], f+".key", "duplicate key %q", c.Key)
		keys[c.Key] = true
		checkText(&v, f+".name", c.Name, 1, 200)
		checkText(&v, f+".description", c.Description, 0, 2000)
		v.Check(finite(c.Weight) && c.Weight >= 0, f+".weight", "must not be negative")
		total += c.Weight
		v.Check(finite(c.Min) && finite(c.Max) && c.Max > c.Min, f+".max", "must be above min")
		if c.Direction == "" {
			c.Direction = DirectionBenefit
		}
		v.Check(c.Direction == DirectionBenefit || c.Direction == DirectionCost, f+".direction", "must be benefit or cost")
		if c.Anchors == nil {
			c.Anchors = []string{}
		}
		v.Check(len(c.Anchors) <= 11, f+".anchors", "at most 11 levels")
		for k, a := range c.Anchors {
			checkText(&v, fieldIndex(f+".anchors", k), a, 0, 500)
		}
	}
	// With AHP judgements the weights come from the matrix.
	v.Check(total > 0 || len(m.Criteria) == 0 || len(m.Pairwise) > 0, "criteria", "the weights must not all be zero")
	m.checkPairwise(&v)
	return v.Err()
}

// checkPairwise requires an n×n matrix of positive judgements with ones on
// the diagonal and reciprocal mirrors (a_ji = 1/a_ij within 5 %, so that
// 0.33 passes for 1/3 as engine/score accepts).
func (m *ScoringModel) checkPairwise(v *Validator) {
	if len(m.Pairwise) == 0 {
		m.Pairwise = nil
		return
	}
	n := len(m.Criteria)
	if len(m.Pairwise) != n {
		v.Add("pairwise", "must have one row per criterion (%d)", n)
		return
	}
	for i, row := range m.Pairwise {
		f := fieldIndex("pairwise", i)
		if len(row) != n {
			v.Add(f, "must have one column per criterion (%d)", n)
			continue
		}
		for j, a := range row {
			fj := fieldIndex(f, j)
			switch {
			case !finite(a) || a < 1.0/9-1e-9 || a > 9+1e-9:
				v.Add(fj, "must be a judgement from 1/9 to 9")
			case i == j && a != 1:
				v.Add(fj, "a criterion compared with itself is 1")
			case j < i && len(m.Pairwise[j]) == n && math.Abs(a*m.Pairwise[j][i]-1) > 0.05:
				v.Add(fj, "must be the reciprocal of pairwise[%d][%d]", j, i)
			}
		}
	}
}

// Criterion returns the criterion with key, or nil.
func (m *ScoringModel) Criterion(key string) *Criterion {
	i := slices.IndexFunc(m.Criteria, func(c Criterion) bool { return c.Key == key })
	if i < 0 {
		return nil
	}
	return &m.Criteria[i]
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Score is one reviewer's score of a proposal on one criterion.
type Score struct {
	ProposalID int64     `json:"proposal_id"`
	Reviewer   string    `json:"reviewer"`
	ReviewerID int64     `json:"reviewer_id"` // 0 when imported
	Criterion  string    `json:"criterion"`   // the criterion's key
	Value      float64   `json:"value"`
	Comment    string    `json:"comment"`
	At         time.Time `json:"at"`
}

// ScoreSheet is one reviewer's scores of one proposal: saving it replaces
// that reviewer's earlier scores of the proposal.
type ScoreSheet struct {
	ProposalID int64   `json:"proposal_id"`
	Reviewer   string  `json:"reviewer"`
	ReviewerID int64   `json:"reviewer_id"`
	Scores     []Score `json:"scores"`
}

// Validate checks s against the model: known criteria, once each, values
// on the criterion's scale.
func (s *ScoreSheet) Validate(m *ScoringModel) error {
	var v Validator
	s.Reviewer = clean(s.Reviewer)
	v.Check(s.ProposalID > 0, "proposal_id", "is required")
	checkText(&v, "reviewer", s.Reviewer, 1, 200)
	seen := map[string]bool{}
	for i := range s.Scores {
		sc := &s.Scores[i]
		f := fieldIndex("scores", i)
		sc.ProposalID, sc.Reviewer, sc.ReviewerID = s.ProposalID, s.Reviewer, s.ReviewerID
		c := m.Criterion(sc.Criterion)
		switch {
		case c == nil:
			v.Add(f+".criterion", "unknown criterion %q", sc.Criterion)
		case seen[sc.Criterion]:
			v.Add(f+".criterion", "criterion %q is scored twice", sc.Criterion)
		default:
			v.Check(finite(sc.Value) && sc.Value >= c.Min && sc.Value <= c.Max, f+".value",
				"must be on the scale %g to %g", c.Min, c.Max)
		}
		seen[sc.Criterion] = true
		checkText(&v, f+".comment", sc.Comment, 0, 5000)
	}
	return v.Err()
}

// ScoringModelFilter selects scoring models.
type ScoringModelFilter struct {
	PortfolioID int64
	ListOptions
}

// ScoreFilter selects scores; at least one field should be set.
type ScoreFilter struct {
	ProposalID  int64
	PortfolioID int64
	Reviewer    string
}

// ScoringService manages scoring models and reviewers' scores.
type ScoringService interface {
	// FindScoringModelByID returns NotFound.
	FindScoringModelByID(ctx context.Context, id int64) (*ScoringModel, error)
	// FindScoringModelByPortfolio returns the portfolio's model; NotFound
	// when it has none.
	FindScoringModelByPortfolio(ctx context.Context, portfolioID int64) (*ScoringModel, error)
	// FindScoringModels returns a page of models and the total.
	FindScoringModels(ctx context.Context, f ScoringModelFilter) ([]*ScoringModel, Page, error)
	// CreateScoringModel returns Invalid, or Conflict when the portfolio
	// already has a model.
	CreateScoringModel(ctx context.Context, m *ScoringModel) error
	// UpdateScoringModel replaces m; Stale for an old version. Scores on
	// criteria the model no longer has are kept but no longer count.
	UpdateScoringModel(ctx context.Context, m *ScoringModel) error
	// DeleteScoringModel removes a model; Stale for an old version.
	DeleteScoringModel(ctx context.Context, id int64, version int) error
	// FindScores lists scores ordered by proposal, reviewer and criterion.
	FindScores(ctx context.Context, f ScoreFilter) ([]*Score, error)
	// SaveScoreSheet replaces one reviewer's scores of a proposal; Invalid
	// against the portfolio's model (NotFound when it has none), Conflict
	// once the proposal is decided.
	SaveScoreSheet(ctx context.Context, s *ScoreSheet) error
}
