package planfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/planning"
)

// MaxSize is the largest file read, to bound memory on hostile input.
const MaxSize = 32 << 20

// File is the JSON form of a portfolio to optimise.
type File struct {
	Scenario  Scenario    `json:"scenario"`
	Committed Committed   `json:"committed"`
	Criteria  []Criterion `json:"criteria,omitempty"` // an optional scoring model
	Scores    []Score     `json:"scores,omitempty"`   // reviewers' scores on Criteria
	Proposals []Proposal  `json:"proposals"`
}

// Scenario is the horizon, limits and decisions of the run.
type Scenario struct {
	Name      string               `json:"name"`
	Start     string               `json:"start"`   // first period, e.g. 2027-Q1, 2027-01 or 2027-W01
	Periods   int                  `json:"periods"` // 0: the length of budget
	Currency  string               `json:"currency"`
	Budget    []float64            `json:"budget"`   // per period; empty: no budget limit
	Capacity  map[string][]float64 `json:"capacity"` // role → FTE per period
	Objective string               `json:"objective"`
	Timed     *bool                `json:"timed"` // choose starts inside windows; default true
	LockIn    []string             `json:"lock_in"`
	LockOut   []string             `json:"lock_out"`
}

// Committed is what running work already uses, per period of the horizon.
type Committed struct {
	Cost   []float64            `json:"cost"`
	Demand map[string][]float64 `json:"demand"`
}

// Criterion is one criterion of the optional scoring model.
type Criterion struct {
	Key       string  `json:"key"`
	Name      string  `json:"name"`
	Weight    float64 `json:"weight"`
	Min       float64 `json:"min"`
	Max       float64 `json:"max"`
	Direction string  `json:"direction"` // benefit (default) or cost
}

// Score is one reviewer's score of one proposal on one criterion.
type Score struct {
	Proposal  string  `json:"proposal"`
	Reviewer  string  `json:"reviewer"`
	Criterion string  `json:"criterion"`
	Value     float64 `json:"value"`
}

// Proposal is one candidate with its business case.
type Proposal struct {
	Code          string               `json:"code"`
	Title         string               `json:"title"`
	State         string               `json:"state"` // default submitted
	Mandatory     bool                 `json:"mandatory"`
	LegalBasis    string               `json:"legal_basis"`
	EarliestStart string               `json:"earliest_start"`
	LatestStart   string               `json:"latest_start"`
	Duration      int                  `json:"duration"`
	Capex         []float64            `json:"capex"`
	Opex          []float64            `json:"opex"`
	Benefits      []float64            `json:"benefits"`
	Demand        map[string][]float64 `json:"demand"` // role → FTE per period after the start
	DiscountRate  float64              `json:"discount_rate"`
	Requires      []string             `json:"requires"` // codes that must be selected too
	After         []string             `json:"after"`    // codes that must be selected and finish first
	Excludes      []string             `json:"excludes"` // alternatives
	// Score is a ready-made priority score (0-100), used by the score
	// objective when the file has no criteria.
	Score *float64 `json:"score"`
}

// ReadJSON reads a JSON plan file.
func ReadJSON(r io.Reader) (planning.Input, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return planning.Input{}, err
	}
	if len(b) > MaxSize {
		return planning.Input{}, fmt.Errorf("the file is larger than %d MB", MaxSize>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return planning.Input{}, jsonError(b, err)
	}
	if dec.More() {
		return planning.Input{}, errors.New("unexpected data after the JSON document")
	}
	return f.Input()
}

// jsonError adds the line of a syntax or type error.
func jsonError(b []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
		return fmt.Errorf("line %d: %s: a %s is not allowed here, want %s", line(b, off), te.Field, te.Value, te.Type)
	}
	if off >= 0 {
		return fmt.Errorf("line %d: %v", line(b, off), err)
	}
	return err
}

func line(b []byte, off int64) int {
	return 1 + bytes.Count(b[:min(int(off), len(b))], []byte("\n"))
}

// Input converts f to the planner's input, validating it. Errors name the
// proposal (by code) and the field.
func (f *File) Input() (planning.Input, error) {
	var v pmo.Validator
	s := &pmo.Scenario{ID: 1, PortfolioID: 1, Name: f.Scenario.Name, Periods: f.Scenario.Periods,
		Currency: f.Scenario.Currency, Objective: pmo.Objective(f.Scenario.Objective), Timed: true, Seed: 1}
	if s.Name == "" {
		s.Name = "file"
	}
	if f.Scenario.Timed != nil {
		s.Timed = *f.Scenario.Timed
	}
	s.Periods = f.Scenario.periods()
	start, err := pmo.ParsePeriod(f.Scenario.Start)
	v.Check(err == nil, "scenario.start", "%q is not a period such as 2027-Q1, 2027-01 or 2027-W01", f.Scenario.Start)
	s.Start = start
	s.Budget = minor(&v, "scenario.budget", f.Scenario.Budget)
	for _, role := range sortedKeys(f.Scenario.Capacity) {
		s.Capacity = append(s.Capacity, pmo.RoleDemand{Role: role, FTE: f.Scenario.Capacity[role]})
	}
	in := planning.Input{Scenario: s}
	// Trailing zeros say nothing: trimmed, a workbook's full rows and a
	// JSON file's short ones give the same input.
	in.Committed.Cost = trim(minor(&v, "committed.cost", f.Committed.Cost))
	for _, role := range sortedKeys(f.Committed.Demand) {
		if _, ok := f.Scenario.Capacity[role]; !ok {
			v.Add("committed.demand."+role, "role %q has no capacity in the scenario", role)
		}
		in.Committed.Demand = append(in.Committed.Demand, pmo.RoleDemand{Role: role, FTE: trim(f.Committed.Demand[role])})
	}
	ids := map[string]int64{}
	for k, p := range f.Proposals {
		if _, dup := ids[p.Code]; dup {
			v.Add(fmt.Sprintf("proposals[%d].code", k), "code %q is used twice", p.Code)
		}
		ids[p.Code] = int64(k + 1)
	}
	ref := func(field string, codes []string) []int64 {
		var out []int64
		for i, c := range codes {
			id, ok := ids[c]
			v.Check(ok, fmt.Sprintf("%s[%d]", field, i), "unknown proposal %q", c)
			out = append(out, id)
		}
		return out
	}
	s.LockIn, s.LockOut = ref("scenario.lock_in", f.Scenario.LockIn), ref("scenario.lock_out", f.Scenario.LockOut)
	for k, fp := range f.Proposals {
		p := f.proposal(&v, k, fp, ref)
		in.Proposals = append(in.Proposals, p)
	}
	if err := v.Err(); err != nil {
		return in, err
	}
	if err := s.Prepare(); err != nil {
		return in, prefixed("scenario.", err)
	}
	var errs []error
	for _, p := range in.Proposals {
		if err := p.Prepare(); err != nil {
			errs = append(errs, prefixed("proposals."+p.Code+".", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return in, err
	}
	in.Model, in.Scores, err = f.scoring(ids)
	return in, err
}

// proposal converts the k-th proposal.
func (f *File) proposal(v *pmo.Validator, k int, fp Proposal, ref func(string, []string) []int64) *pmo.Proposal {
	field := "proposals." + fp.Code
	if fp.Code == "" {
		field = fmt.Sprintf("proposals[%d]", k)
	}
	p := &pmo.Proposal{ID: int64(k + 1), PortfolioID: 1, Code: fp.Code, Title: fp.Title, Requester: "file",
		State: pmo.ProposalState(fp.State), Mandatory: fp.Mandatory, LegalBasis: fp.LegalBasis}
	if p.State == "" {
		p.State = pmo.ProposalSubmitted
	}
	if p.Title == "" {
		p.Title = fp.Code
	}
	if p.Mandatory && p.LegalBasis == "" {
		p.LegalBasis = "mandatory"
	}
	kind := pmo.Quarter
	if s, err := pmo.ParsePeriod(f.Scenario.Start); err == nil {
		kind = s.Kind
	}
	p.Case = pmo.ProposalCase{Currency: f.Scenario.Currency, PeriodKind: kind, Duration: fp.Duration,
		Capex: minor(v, field+".capex", fp.Capex), Opex: minor(v, field+".opex", fp.Opex),
		Benefits: minor(v, field+".benefits", fp.Benefits), DiscountRate: fp.DiscountRate}
	for _, role := range sortedKeys(fp.Demand) {
		p.Case.Demand = append(p.Case.Demand, pmo.RoleDemand{Role: role, FTE: fp.Demand[role]})
	}
	for _, w := range []struct {
		name string
		s    string
		to   *pmo.Period
	}{{"earliest_start", fp.EarliestStart, &p.EarliestStart}, {"latest_start", fp.LatestStart, &p.LatestStart}} {
		if w.s == "" {
			continue
		}
		per, err := pmo.ParsePeriod(w.s)
		v.Check(err == nil, field+"."+w.name, "%q is not a period such as 2027-Q1", w.s)
		*w.to = per
	}
	for _, id := range ref(field+".requires", fp.Requires) {
		p.Dependencies = append(p.Dependencies, pmo.ProposalDependency{ProposalID: id})
	}
	for _, id := range ref(field+".after", fp.After) {
		p.Dependencies = append(p.Dependencies, pmo.ProposalDependency{ProposalID: id, FinishFirst: true})
	}
	p.Excludes = ref(field+".excludes", fp.Excludes)
	if fp.Score != nil {
		v.Check(*fp.Score >= 0 && *fp.Score <= 100, field+".score", "must be from 0 to 100")
	}
	return p
}

// scoring returns the model and scores: the file's criteria and scores,
// or else one 0-100 criterion holding each proposal's ready-made score.
func (f *File) scoring(ids map[string]int64) (*pmo.ScoringModel, []*pmo.Score, error) {
	var v pmo.Validator
	m := &pmo.ScoringModel{ID: 1, PortfolioID: 1, Name: "file"}
	var scores []*pmo.Score
	if len(f.Criteria) > 0 {
		for _, c := range f.Criteria {
			name := c.Name
			if name == "" {
				name = c.Key
			}
			m.Criteria = append(m.Criteria, pmo.Criterion{Key: c.Key, Name: name, Weight: c.Weight, Min: c.Min, Max: c.Max, Direction: pmo.Direction(c.Direction)})
		}
		for k, s := range f.Scores {
			id, ok := ids[s.Proposal]
			v.Check(ok, fmt.Sprintf("scores[%d].proposal", k), "unknown proposal %q", s.Proposal)
			v.Check(s.Reviewer != "", fmt.Sprintf("scores[%d].reviewer", k), "is required")
			c := slices.IndexFunc(f.Criteria, func(c Criterion) bool { return c.Key == s.Criterion })
			if c < 0 {
				v.Add(fmt.Sprintf("scores[%d].criterion", k), "unknown criterion %q", s.Criterion)
			} else if !(s.Value >= f.Criteria[c].Min && s.Value <= f.Criteria[c].Max) {
				v.Add(fmt.Sprintf("scores[%d].value", k), "%g is outside the scale %g to %g", s.Value, f.Criteria[c].Min, f.Criteria[c].Max)
			}
			scores = append(scores, &pmo.Score{ProposalID: id, Reviewer: s.Reviewer, Criterion: s.Criterion, Value: s.Value})
		}
	} else {
		m.Criteria = []pmo.Criterion{{Key: "score", Name: "Priority score", Weight: 1, Max: 100}}
		v.Check(len(f.Scores) == 0, "scores", "reviewers' scores need criteria")
		for _, p := range f.Proposals {
			if p.Score != nil {
				scores = append(scores, &pmo.Score{ProposalID: ids[p.Code], Reviewer: "file", Criterion: "score", Value: *p.Score})
			}
		}
		if len(scores) == 0 {
			return nil, nil, v.Err() // no scores: the score objective will say so
		}
	}
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	if err := m.Prepare(); err != nil {
		return nil, nil, prefixed("criteria.", err)
	}
	return m, scores, nil
}

// periods is the horizon's length: as given, else the budget's, else the
// longest capacity row's.
func (s *Scenario) periods() int {
	n := s.Periods
	if n == 0 {
		n = len(s.Budget)
	}
	if n == 0 {
		for _, c := range s.Capacity {
			n = max(n, len(c))
		}
	}
	return n
}

// trim drops trailing zeros.
func trim[T int64 | float64](xs []T) []T {
	n := len(xs)
	for n > 0 && xs[n-1] == 0 {
		n--
	}
	return xs[:n]
}

// minor converts major-unit amounts to minor units, rejecting what is not
// a finite amount a plan could hold.
func minor(v *pmo.Validator, field string, xs []float64) []int64 {
	out := make([]int64, len(xs))
	for k, x := range xs {
		if !(x >= -1e13 && x <= 1e13) {
			v.Add(fmt.Sprintf("%s[%d]", field, k), "%g is not an amount", x)
			continue
		}
		out[k] = int64(math.Round(x * 100))
	}
	return out
}

// prefixed puts prefix before the field names of a domain error.
func prefixed(prefix string, err error) error {
	var e *pmo.Error
	if !errors.As(err, &e) {
		return err
	}
	out := &pmo.Error{Kind: e.Kind, Message: e.Message}
	for _, f := range e.Fields {
		out.Fields = append(out.Fields, pmo.FieldError{Field: prefix + f.Field, Detail: f.Detail})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Format returns "json" or "xlsx" by the file name's extension, or "".
func Format(name string) string {
	switch n := strings.ToLower(name); {
	case strings.HasSuffix(n, ".json"):
		return "json"
	case strings.HasSuffix(n, ".xlsx"):
		return "xlsx"
	}
	return ""
}
