package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/auth"
	"github.com/pmohq/pmo/engine/score"
)

// scoringPageData is the data of scoring.html: the model's criteria as
// editable rows and the AHP pairwise form.
type scoringPageData struct {
	basePage
	Portfolio *pmo.Portfolio
	Model     *pmo.ScoringModel // nil before the first save
	Rows      []criterionRow
	Pairs     []pairRow
	UseAHP    bool
	CR        string // consistency ratio of the judgements shown, if any
	Weights   []string
	Warn      bool // CR above the limit
	Limit     string
	Version   int
	CanGovern bool
	Errors    []string
}

// criterionRow is one criterion's inputs; blank rows add criteria.
type criterionRow struct {
	Index                                  int
	Key, Name, Weight, Min, Max, Direction string
	Error                                  string
}

// pairRow is one judgement above the diagonal: how many times A is as
// important as B, on Saaty's scale.
type pairRow struct {
	Name    string // input name, e.g. ahp_0_2
	A, B    string
	Value   string
	Options []option
}

// saatyScale lists the judgements offered, A much more important first.
var saatyScale = []string{"9", "7", "5", "3", "2", "1", "1/2", "1/3", "1/5", "1/7", "1/9"}

func saatyLabel(v string) string {
	switch v {
	case "1":
		return "equally important"
	case "9", "7", "5", "3", "2":
		return v + "× as important"
	}
	return "1/" + strings.TrimPrefix(v, "1/") + " as important"
}

// parseSaaty reads 3, 1/3 or 0.33.
func parseSaaty(s string) (float64, error) {
	if a, b, ok := strings.Cut(s, "/"); ok {
		x, err1 := strconv.ParseFloat(a, 64)
		y, err2 := strconv.ParseFloat(b, 64)
		if err1 != nil || err2 != nil || y == 0 {
			return 0, fmt.Errorf("not a judgement")
		}
		return x / y, nil
	}
	return strconv.ParseFloat(s, 64)
}

func fmtSaaty(a float64) string {
	if a >= 1 {
		return strconv.FormatFloat(a, 'f', -1, 64)
	}
	return "1/" + strconv.FormatFloat(1/a, 'f', 0, 64)
}

// fillScoring lays out rows and pairs for model m (values as saved).
func (d *scoringPageData) fill(m *pmo.ScoringModel) {
	d.Rows = nil
	for i, c := range m.Criteria {
		d.Rows = append(d.Rows, criterionRow{Index: i, Key: c.Key, Name: c.Name, Weight: strconv.FormatFloat(c.Weight, 'f', -1, 64),
			Min: strconv.FormatFloat(c.Min, 'f', -1, 64), Max: strconv.FormatFloat(c.Max, 'f', -1, 64), Direction: string(c.Direction)})
	}
	for len(d.Rows) < len(m.Criteria)+2 {
		d.Rows = append(d.Rows, criterionRow{Index: len(d.Rows), Min: "0", Max: "5", Direction: string(pmo.DirectionBenefit)})
	}
	d.Pairs = nil
	for i := range m.Criteria {
		for j := i + 1; j < len(m.Criteria); j++ {
			v := "1"
			if len(m.Pairwise) == len(m.Criteria) {
				v = fmtSaaty(m.Pairwise[i][j])
			}
			pr := pairRow{Name: fmt.Sprintf("ahp_%d_%d", i, j), A: m.Criteria[i].Name, B: m.Criteria[j].Name, Value: v}
			for _, o := range saatyScale {
				pr.Options = append(pr.Options, option{Value: o, Label: saatyLabel(o)})
			}
			d.Pairs = append(d.Pairs, pr)
		}
	}
}

// scoringPage serves /portfolios/{id}/scoring.
func (s *Server) scoringPage(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.pathPortfolio(r)
	if err != nil {
		return err
	}
	d := &scoringPageData{basePage: s.base(r, "Scoring · "+pf.Name, "intake"), Portfolio: pf, Limit: fmt.Sprintf("%.2f", score.ConsistencyLimit),
		CanGovern: may(r, auth.Govern, auth.Target{Portfolio: pf.ID})}
	m, err := s.intake().FindScoringModelByPortfolio(r.Context(), pf.ID)
	switch {
	case pmo.ErrorKind(err) == pmo.NotFound:
		m = &pmo.ScoringModel{PortfolioID: pf.ID, Name: pf.Name + " scoring"}
	case err != nil:
		return err
	default:
		d.Model, d.Version, d.UseAHP = m, m.Version, len(m.Pairwise) > 0
		if d.UseAHP {
			d.CR = fmt.Sprintf("%.3f", m.ConsistencyRatio)
		}
	}
	d.fill(m)
	return s.render(w, http.StatusOK, "scoring.html", d)
}

// saveScoringPage saves the model; with AHP the weights come from the
// judgements, and judgements whose consistency ratio exceeds 0.10 are not
// saved: the page shows the ratio and the judgement to revisit. The
// "check" button only computes the ratio.
func (s *Server) saveScoringPage(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.pathPortfolio(r)
	if err != nil {
		return err
	}
	vals, err := readForm(r)
	if err != nil {
		return err
	}
	d := &scoringPageData{basePage: s.base(r, "Scoring · "+pf.Name, "intake"), Portfolio: pf, Limit: fmt.Sprintf("%.2f", score.ConsistencyLimit),
		CanGovern: true, UseAHP: vals["use_ahp"] != ""}
	old, err := s.intake().FindScoringModelByPortfolio(r.Context(), pf.ID)
	if err != nil && pmo.ErrorKind(err) != pmo.NotFound {
		return err
	}
	m := &pmo.ScoringModel{PortfolioID: pf.ID, Name: pf.Name + " scoring"}
	if old != nil {
		m.ID, m.Name, d.Model = old.ID, old.Name, old
		m.Version, _ = strconv.Atoi(vals["version"])
	}
	rowErr := map[int]string{}
	for i := range 24 { // 20 criteria at most, and the blank rows
		g := func(f string) string { return strings.TrimSpace(vals[fmt.Sprintf("%s_%d", f, i)]) }
		if g("key") == "" && g("name") == "" {
			continue
		}
		c := pmo.Criterion{Key: g("key"), Name: g("name"), Direction: pmo.Direction(g("direction"))}
		var e1, e2, e3 error
		c.Weight, e1 = strconv.ParseFloat(or(g("weight"), "0"), 64)
		c.Min, e2 = strconv.ParseFloat(or(g("min"), "0"), 64)
		c.Max, e3 = strconv.ParseFloat(or(g("max"), "5"), 64)
		if e1 != nil || e2 != nil || e3 != nil {
			rowErr[len(m.Criteria)] = "weight, min and max must be numbers"
		}
		m.Criteria = append(m.Criteria, c)
	}
	n := len(m.Criteria)
	if d.UseAHP && n >= 2 {
		m.Pairwise = make([][]float64, n)
		for i := range m.Pairwise {
			m.Pairwise[i] = make([]float64, n)
			m.Pairwise[i][i] = 1
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				a, err := parseSaaty(or(vals[fmt.Sprintf("ahp_%d_%d", i, j)], "1"))
				if err != nil || a <= 0 {
					a = 1
				}
				m.Pairwise[i][j], m.Pairwise[j][i] = a, 1/a
			}
		}
		res, err := score.AHP(m.Pairwise)
		if err != nil {
			d.Errors = append(d.Errors, err.Error())
		} else {
			d.CR, d.Warn = fmt.Sprintf("%.3f", res.CR), !res.Consistent
			for i := range m.Criteria {
				m.Criteria[i].Weight = res.Weights[i] * 100
				d.Weights = append(d.Weights, fmt.Sprintf("%s %.1f%%", m.Criteria[i].Name, res.Weights[i]*100))
			}
			m.ConsistencyRatio = res.CR
			if d.Warn {
				dv := res.Deviations[0]
				d.Errors = append(d.Errors, fmt.Sprintf("The judgements are inconsistent (consistency ratio %.3f, above %.2f), so they were not saved. Revisit %s against %s first: you said %s, the other judgements imply about %s.",
					res.CR, score.ConsistencyLimit, m.Criteria[dv.Row].Name, m.Criteria[dv.Col].Name, fmtSaaty(dv.Judgement), strconv.FormatFloat(dv.Implied, 'f', 2, 64)))
			}
		}
	}
	d.fill(m)
	for i, e := range rowErr {
		d.Rows[i].Error = e
	}
	if len(rowErr) > 0 || len(d.Errors) > 0 || vals["check"] != "" {
		d.Version = m.Version
		status := http.StatusUnprocessableEntity
		if vals["check"] != "" && len(rowErr) == 0 && len(d.Errors) == 0 {
			status = http.StatusOK
		}
		return s.render(w, status, "scoring.html", d)
	}
	if old == nil {
		err = s.intake().CreateScoringModel(r.Context(), m)
	} else {
		err = s.intake().UpdateScoringModel(r.Context(), m)
	}
	if err == nil {
		return redirect(w, r, "/portfolios/"+itoa(pf.ID)+"/scoring?saved=scoring")
	}
	switch pmo.ErrorKind(err) {
	case pmo.Invalid, pmo.Stale, pmo.Conflict:
		for _, fe := range pmo.ErrorFields(err) {
			var i int
			if _, e := fmt.Sscanf(fe.Field, "criteria[%d]", &i); e == nil && i < len(d.Rows) {
				d.Rows[i].Error = fe.Field + " " + fe.Detail
				continue
			}
			d.Errors = append(d.Errors, fe.Field+" "+fe.Detail)
		}
		if len(pmo.ErrorFields(err)) == 0 {
			d.Errors = append(d.Errors, pmo.ErrorMessage(err))
		}
	default:
		return err
	}
	d.Version = m.Version
	return s.render(w, http.StatusUnprocessableEntity, "scoring.html", d)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// rankingPageData is the data of ranking.html.
type rankingPageData struct {
	basePage
	Portfolio *pmo.Portfolio
	Ranking   *rankingBody
	Keys      []string // criterion names in model order
	NoModel   bool
}

// rankingPage serves /portfolios/{id}/ranking: the live pipeline by
// normalised weighted score, with each criterion's spread.
func (s *Server) rankingPage(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.pathPortfolio(r)
	if err != nil {
		return err
	}
	d := &rankingPageData{basePage: s.base(r, "Ranking · "+pf.Name, "intake"), Portfolio: pf}
	rk, err := s.ranking(r.Context(), pf.ID, nil)
	switch {
	case pmo.ErrorKind(err) == pmo.NotFound:
		d.NoModel = true
	case err != nil:
		return err
	default:
		d.Ranking = rk
	}
	return s.render(w, http.StatusOK, "ranking.html", d)
}
