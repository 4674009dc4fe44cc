package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/engine/score"
)

// scoringModels is the resource of /api/v1/scoring-models. A model sent
// with AHP judgements gets its weights and consistency ratio from them.
func (s *Server) scoringModels() resource[pmo.ScoringModel] {
	in := s.intake()
	return resource[pmo.ScoringModel]{
		name: "scoring model", path: "/api/v1/scoring-models",
		readOnly: append([]string{"consistency_ratio"}, baseReadOnly...),
		keys:     func(m *pmo.ScoringModel) (*int64, *int) { return &m.ID, &m.Version },
		find:     in.FindScoringModelByID,
		create: func(ctx context.Context, m *pmo.ScoringModel) error {
			if err := applyAHP(m); err != nil {
				return err
			}
			return in.CreateScoringModel(ctx, m)
		},
		update: func(ctx context.Context, m *pmo.ScoringModel) error {
			if err := applyAHP(m); err != nil {
				return err
			}
			return in.UpdateScoringModel(ctx, m)
		},
		remove: in.DeleteScoringModel,
	}
}

// applyAHP derives m's weights (on a 0-100 scale) and consistency ratio
// from its pairwise judgements, when it has any. An inconsistent matrix
// (CR above 0.10) is refused, naming the judgement to revisit first.
func applyAHP(m *pmo.ScoringModel) error {
	m.ConsistencyRatio = 0
	if len(m.Pairwise) == 0 {
		return nil
	}
	if err := m.Prepare(); err != nil {
		return err // the shape is checked before the engine sees it
	}
	res, err := score.AHP(m.Pairwise)
	if err != nil {
		return pmo.FieldErr("pairwise", "%v", err)
	}
	if !res.Consistent {
		d := res.Deviations[0]
		return pmo.FieldErr(fmt.Sprintf("pairwise[%d][%d]", d.Row, d.Col),
			"the judgements are inconsistent (consistency ratio %.2f, at most %.2f); %s against %s is %g but the others imply %.2f",
			res.CR, score.ConsistencyLimit, m.Criteria[d.Row].Key, m.Criteria[d.Col].Key, d.Judgement, d.Implied)
	}
	for i := range m.Criteria {
		m.Criteria[i].Weight = res.Weights[i] * 100
	}
	m.ConsistencyRatio = res.CR
	return nil
}

func scoringModelTarget(s *Server, r *http.Request) (auth.Target, error) {
	id, err := pathInt(r)
	if err != nil {
		return auth.Target{}, err
	}
	m, err := s.intake().FindScoringModelByID(r.Context(), id)
	if err != nil {
		return auth.Target{}, err
	}
	return auth.Target{Portfolio: m.PortfolioID}, nil
}

var scoringModelParams = append([]param{
	{Name: "portfolio_id", Kind: intParam, Doc: "the model of this portfolio"},
}, listParams()...)

// listScoringModels serves GET /api/v1/scoring-models.
func (s *Server) listScoringModels(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := pmo.ScoringModelFilter{PortfolioID: q.id("portfolio_id"), ListOptions: q.list(nil)}
	if err := q.err(); err != nil {
		return err
	}
	items, page, err := s.intake().FindScoringModels(r.Context(), f)
	if err != nil {
		return listError(err)
	}
	return writeList(w, items, page)
}

// scoresBody lists scores.
type scoresBody struct {
	Items []*pmo.Score `json:"items"`
}

// sheetBody is one reviewer's scores of a proposal; the reviewer is the
// signed-in user.
type sheetBody struct {
	Scores []sheetScore `json:"scores"`
}

// sheetScore is a score on one criterion, by its key.
type sheetScore struct {
	Criterion string  `json:"criterion"`
	Value     float64 `json:"value"`
	Comment   string  `json:"comment"`
}

// proposalScores serves GET /api/v1/proposals/{id}/scores.
func (s *Server) proposalScores(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.intake().FindProposalByID(r.Context(), id); err != nil {
		return err
	}
	ss, err := s.intake().FindScores(r.Context(), pmo.ScoreFilter{ProposalID: id})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, scoresBody{Items: ss})
}

// putScoreSheet serves PUT /api/v1/proposals/{id}/scores: it replaces the
// signed-in reviewer's scores and returns every reviewer's.
func (s *Server) putScoreSheet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var body sheetBody
	if err := decodeJSON(r, &body, nil); err != nil {
		return err
	}
	sheet := &pmo.ScoreSheet{ProposalID: id, Reviewer: userName(r), Scores: []pmo.Score{}}
	if pr := principalFrom(r.Context()); pr != nil {
		sheet.ReviewerID = pr.user.ID
	}
	for _, sc := range body.Scores {
		sheet.Scores = append(sheet.Scores, pmo.Score{Criterion: sc.Criterion, Value: sc.Value, Comment: sc.Comment})
	}
	if err := s.intake().SaveScoreSheet(r.Context(), sheet); err != nil {
		return err
	}
	ss, err := s.intake().FindScores(r.Context(), pmo.ScoreFilter{ProposalID: id})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, scoresBody{Items: ss})
}

// rankingBody is the ranked list of a portfolio's proposals.
type rankingBody struct {
	PortfolioID  int64            `json:"portfolio_id"`
	ModelID      int64            `json:"model_id"`
	ModelVersion int              `json:"model_version"`
	Items        []rankedProposal `json:"items"`
}

// rankedProposal is one proposal's place, total and spread.
type rankedProposal struct {
	ProposalID int64             `json:"proposal_id"`
	Code       string            `json:"code"`
	Title      string            `json:"title"`
	State      pmo.ProposalState `json:"state"`
	Mandatory  bool              `json:"mandatory"`
	Rank       int               `json:"rank"`
	Total      float64           `json:"total"` // normalised weighted score, 0-100
	Tied       bool              `json:"tied"`
	Reviewers  int               `json:"reviewers"`
	Missing    []string          `json:"missing"` // criteria nobody scored: counted as the worst score
	Criteria   []criterionResult `json:"criteria"`
	NPV        int64             `json:"npv"`
	Cost       int64             `json:"cost"`
	Currency   string            `json:"currency"`
}

// criterionResult is the reviewers' spread on one criterion and what it
// adds to the total.
type criterionResult struct {
	Key    string  `json:"key"`
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
	StdDev float64 `json:"stddev"`
	Points float64 `json:"points"`
}

// rankedStates are the states ranked by default: the live pipeline.
var rankedStates = []pmo.ProposalState{pmo.ProposalSubmitted, pmo.ProposalUnderReview, pmo.ProposalApproved}

var rankingParams = []param{
	{Name: "state", Kind: stringParam, Multi: true, Enum: strs(pmo.ProposalStates),
		Doc: "states to rank (default submitted, under_review and approved)"},
}

// rankingAPI serves GET /api/v1/portfolios/{id}/ranking.
func (s *Server) rankingAPI(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	states := enum(q, "state", pmo.ProposalStates)
	if err := q.err(); err != nil {
		return err
	}
	body, err := s.ranking(r.Context(), id, states)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, body)
}

// ranking scores a portfolio's proposals in states (default rankedStates)
// with its scoring model (engine/score) and returns them best first.
// NotFound when the portfolio has no scoring model.
func (s *Server) ranking(ctx context.Context, portfolioID int64, states []pmo.ProposalState) (*rankingBody, error) {
	if len(states) == 0 {
		states = rankedStates
	}
	in := s.intake()
	m, err := in.FindScoringModelByPortfolio(ctx, portfolioID)
	if err != nil {
		return nil, err
	}
	var props []*pmo.Proposal
	f := pmo.ProposalFilter{PortfolioID: portfolioID, States: states, ListOptions: pmo.ListOptions{Limit: pmo.MaxLimit, Sort: "id", SkipTotal: true}}
	for {
		page, next, err := in.FindProposals(ctx, f)
		if err != nil {
			return nil, err
		}
		props = append(props, page...)
		if next.NextCursor == "" {
			break
		}
		f.Cursor = next.NextCursor
	}
	scores, err := in.FindScores(ctx, pmo.ScoreFilter{PortfolioID: portfolioID})
	if err != nil {
		return nil, err
	}
	model := &score.Model{}
	for _, c := range m.Criteria {
		d := score.Benefit
		if c.Direction == pmo.DirectionCost {
			d = score.Cost
		}
		model.Criteria = append(model.Criteria, score.Criterion{ID: c.Key, Weight: c.Weight, Min: c.Min, Max: c.Max, Direction: d})
	}
	byProposal := map[int64]map[string]map[string]float64{} // proposal → reviewer → criterion → value
	for _, sc := range scores {
		if m.Criterion(sc.Criterion) == nil {
			continue // a criterion the model no longer has
		}
		if byProposal[sc.ProposalID] == nil {
			byProposal[sc.ProposalID] = map[string]map[string]float64{}
		}
		if byProposal[sc.ProposalID][sc.Reviewer] == nil {
			byProposal[sc.ProposalID][sc.Reviewer] = map[string]float64{}
		}
		byProposal[sc.ProposalID][sc.Reviewer][sc.Criterion] = sc.Value
	}
	entries := make([]score.Entry, 0, len(props))
	byKey := map[string]*pmo.Proposal{}
	for _, p := range props {
		key := strconv.FormatInt(p.ID, 10)
		byKey[key] = p
		e := score.Entry{ID: key}
		reviewers := byProposal[p.ID]
		for _, name := range sortedNames(reviewers) {
			e.Ratings = append(e.Ratings, score.Rating{Reviewer: name, Scores: reviewers[name]})
		}
		entries = append(entries, e)
	}
	results, err := score.Rank(model, entries)
	if err != nil {
		return nil, err // scores are validated on entry: a fault of ours
	}
	out := &rankingBody{PortfolioID: portfolioID, ModelID: m.ID, ModelVersion: m.Version, Items: []rankedProposal{}}
	for _, res := range results {
		p := byKey[res.ID]
		rp := rankedProposal{ProposalID: p.ID, Code: p.Code, Title: p.Title, State: p.State, Mandatory: p.Mandatory,
			Rank: res.Rank, Total: res.Total, Tied: res.Tied, Reviewers: res.Reviewers, Missing: res.Missing,
			NPV: p.NPV, Cost: p.Case.TotalCost(), Currency: p.Case.Currency}
		if rp.Missing == nil {
			rp.Missing = []string{}
		}
		for _, c := range res.Criteria {
			rp.Criteria = append(rp.Criteria, criterionResult{Key: c.ID, N: c.Spread.N, Mean: c.Spread.Mean,
				Min: c.Spread.Min, Max: c.Spread.Max, StdDev: c.Spread.StdDev, Points: c.Points})
		}
		out.Items = append(out.Items, rp)
	}
	return out, nil
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
