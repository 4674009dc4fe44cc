package planning

import (
	"fmt"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/score"
)

// ScoreModel converts a portfolio's scoring model for engine/score.
func ScoreModel(m *pmo.ScoringModel) *score.Model {
	out := &score.Model{}
	for _, c := range m.Criteria {
		d := score.Benefit
		if c.Direction == pmo.DirectionCost {
			d = score.Cost
		}
		out.Criteria = append(out.Criteria, score.Criterion{ID: c.Key, Weight: c.Weight, Min: c.Min, Max: c.Max, Direction: d})
	}
	return out
}

// Rank scores proposals with model m and the reviewers' scores, best
// first; entries are keyed by proposal code. Scores on criteria the model
// no longer has are ignored, as the scoring service promises.
func Rank(m *pmo.ScoringModel, proposals []*pmo.Proposal, scores []*pmo.Score) ([]score.Result, error) {
	sm := ScoreModel(m)
	byID := map[int64]*score.Entry{}
	var entries []score.Entry
	for _, p := range proposals {
		entries = append(entries, score.Entry{ID: p.Code})
	}
	for k, p := range proposals {
		byID[p.ID] = &entries[k]
	}
	ratings := map[*score.Entry]map[string]int{}
	for _, s := range scores {
		e := byID[s.ProposalID]
		if e == nil || m.Criterion(s.Criterion) == nil {
			continue
		}
		if ratings[e] == nil {
			ratings[e] = map[string]int{}
		}
		k, ok := ratings[e][s.Reviewer]
		if !ok {
			k = len(e.Ratings)
			ratings[e][s.Reviewer] = k
			e.Ratings = append(e.Ratings, score.Rating{Reviewer: s.Reviewer, Scores: map[string]float64{}})
		}
		e.Ratings[k].Scores[s.Criterion] = s.Value
	}
	res, err := score.Rank(sm, entries)
	if err != nil {
		return nil, pmo.Errorf(pmo.Invalid, "the scores cannot be ranked: %v", err)
	}
	return res, nil
}

// rankScores returns each candidate's weighted score (0..100) by proposal
// ID, with notes on proposals not fully scored.
func rankScores(m *pmo.ScoringModel, cands []*pmo.Proposal, scores []*pmo.Score) (map[int64]float64, []Note, error) {
	if m == nil {
		return nil, nil, pmo.FieldErr("objective", "the score objective needs the portfolio's scoring model; define one or use npv")
	}
	res, err := Rank(m, cands, scores)
	if err != nil {
		return nil, nil, err
	}
	byCode := map[string]*score.Result{}
	for k := range res {
		byCode[res[k].ID] = &res[k]
	}
	out := map[int64]float64{}
	var notes []Note
	for _, p := range cands {
		r := byCode[p.Code]
		out[p.ID] = r.Total
		switch {
		case r.Reviewers == 0:
			notes = append(notes, Note{p.Code, "nobody has scored it yet, so its score is 0"})
		case !r.Complete():
			notes = append(notes, Note{p.Code, fmt.Sprintf("no score yet on %s, counted as the worst score", strings.Join(r.Missing, ", "))})
		}
	}
	return out, notes, nil
}
