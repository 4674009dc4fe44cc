package pmo_test

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo"
)

func period(s string) pmo.Period {
	p, err := pmo.ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

func TestNPV(t *testing.T) {
	year := make([]int64, 13) // month 12 is one year after the start
	year[12] = 12100
	tests := []struct {
		name string
		c    pmo.ProposalCase
		want int64
	}{
		{"no discount is the plain sum", pmo.ProposalCase{Capex: []int64{1000}, Opex: []int64{0, 100}, Benefits: []int64{0, 600, 600}}, 100},
		// Four quarters at 10 % a year discount the fifth quarter's cash
		// exactly like one year: 1100 / 1.1 = 1000.
		{"quarters compound to the yearly rate", pmo.ProposalCase{DiscountRate: 0.10, Capex: []int64{1000}, Benefits: []int64{0, 0, 0, 0, 1100}}, 0},
		{"months", pmo.ProposalCase{PeriodKind: pmo.Month, DiscountRate: 0.21, Benefits: year}, 10000},
		{"weeks, no cash", pmo.ProposalCase{PeriodKind: pmo.Week, DiscountRate: 0.05}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			if c.PeriodKind == "" {
				c.PeriodKind = pmo.Quarter
			}
			if got := c.NPV(); got != tt.want {
				t.Errorf("NPV = %d, want %d", got, tt.want)
			}
		})
	}
	// DOMAIN.md's formula with yearly periods: -100 + 60/1.08 + 60/1.08².
	want := -100 + 60/1.08 + 60/(1.08*1.08)
	if got := pmo.NPV([]int64{-10000, 6000, 6000}, 0.08, 1); got != int64(math.Round(want*100)) {
		t.Errorf("NPV = %d, want %.0f", got, want*100)
	}
}

func validProposal() *pmo.Proposal {
	return &pmo.Proposal{ID: 7, PortfolioID: 1, Code: "PRP-007", Title: "Customer portal", Requester: "Ana",
		Alignment: 4, EarliestStart: period("2027-Q1"), LatestStart: period("2027-Q3"),
		Case: pmo.ProposalCase{Currency: "EUR", Capex: []int64{500, 500}, Opex: []int64{0, 100, 100},
			Benefits: []int64{0, 0, 900, 900}, DiscountRate: 0.08,
			Demand: []pmo.RoleDemand{{Role: "Developer", FTE: []float64{2, 3}}}},
		Dependencies: []pmo.ProposalDependency{{ProposalID: 3}, {ProjectID: 9, FinishFirst: true}},
		Excludes:     []int64{8}}
}

func TestProposalPrepare(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(p *pmo.Proposal)
		want   []string
	}{
		{"valid", func(p *pmo.Proposal) {}, nil},
		{"missing portfolio, title, requester", func(p *pmo.Proposal) { p.PortfolioID, p.Title, p.Requester = 0, "", " " },
			[]string{"portfolio_id", "requester", "title"}},
		{"negative costs and benefits", func(p *pmo.Proposal) { p.Case.Capex[1], p.Case.Benefits[2] = -1, -5 },
			[]string{"business_case.benefits[2]", "business_case.capex[1]"}},
		{"negative demand, duplicate role", func(p *pmo.Proposal) {
			p.Case.Demand = append(p.Case.Demand, pmo.RoleDemand{Role: "Developer", FTE: []float64{-1}})
		}, []string{"business_case.demand[1].fte[0]", "business_case.demand[1].role"}},
		{"bad rate and currency", func(p *pmo.Proposal) { p.Case.DiscountRate, p.Case.Currency = -0.1, "eur" },
			[]string{"business_case.currency", "business_case.discount_rate"}},
		{"window inverted", func(p *pmo.Proposal) { p.LatestStart = period("2026-Q4") }, []string{"latest_start"}},
		{"window in months, case in quarters", func(p *pmo.Proposal) { p.EarliestStart = period("2027-01") }, []string{"earliest_start"}},
		{"depends on itself", func(p *pmo.Proposal) { p.Dependencies[0].ProposalID = 7 }, []string{"dependencies[0].proposal_id"}},
		{"dependency names both", func(p *pmo.Proposal) { p.Dependencies[0].ProjectID = 4 }, []string{"dependencies[0]"}},
		{"excludes itself", func(p *pmo.Proposal) { p.Excludes = []int64{7} }, []string{"excludes[0]"}},
		{"requires and excludes the same", func(p *pmo.Proposal) { p.Excludes = []int64{3} }, []string{"excludes[0]"}},
		{"mandatory without legal basis", func(p *pmo.Proposal) { p.Mandatory = true }, []string{"legal_basis"}},
		{"alignment and risk out of range", func(p *pmo.Proposal) { p.Alignment, p.Risk = 6, 9 }, []string{"alignment", "risk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProposal()
			tt.mutate(p)
			err := p.Prepare()
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("fields at fault (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
	p := validProposal()
	if err := p.Prepare(); err != nil {
		t.Fatal(err)
	}
	if p.State != pmo.ProposalDraft || p.Case.PeriodKind != pmo.Quarter || p.Risk != 3 || p.Category != pmo.CategoryGrow {
		t.Errorf("defaults: state %s, kind %s, risk %d, category %s", p.State, p.Case.PeriodKind, p.Risk, p.Category)
	}
	if p.NPV != p.Case.NPV() || p.Case.TotalCost() != 1200 || p.Case.Periods() != 3 {
		t.Errorf("npv %d, total cost %d, periods %d", p.NPV, p.Case.TotalCost(), p.Case.Periods())
	}
}

func TestProposalWorkflow(t *testing.T) {
	tests := []struct {
		from    pmo.ProposalState
		to      pmo.ProposalState
		comment string
		want    []string
	}{
		{pmo.ProposalDraft, pmo.ProposalSubmitted, "", nil},
		{pmo.ProposalDraft, pmo.ProposalApproved, "", []string{"to"}},
		{pmo.ProposalSubmitted, pmo.ProposalUnderReview, "", nil},
		{pmo.ProposalSubmitted, pmo.ProposalDraft, "", []string{"comment"}},
		{pmo.ProposalUnderReview, pmo.ProposalRejected, "", []string{"comment"}},
		{pmo.ProposalUnderReview, pmo.ProposalRejected, "duplicates PRP-003", nil},
		{pmo.ProposalUnderReview, pmo.ProposalApproved, "", nil},
		{pmo.ProposalApproved, pmo.ProposalFunded, "", []string{"to"}},
		{pmo.ProposalRejected, pmo.ProposalSubmitted, "", []string{"to"}},
		{pmo.ProposalWithdrawn, pmo.ProposalDraft, "back", []string{"to"}},
		{pmo.ProposalDraft, "paused", "", []string{"to"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"->"+string(tt.to), func(t *testing.T) {
			tr := pmo.ProposalTransition{To: tt.to, Actor: "Pat", Comment: tt.comment}
			if diff := cmp.Diff(tt.want, fields(tr.Validate(tt.from))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func validModel() *pmo.ScoringModel {
	return &pmo.ScoringModel{PortfolioID: 1, Name: "Default", Criteria: []pmo.Criterion{
		{Key: "alignment", Name: "Strategic alignment", Weight: 30, Min: 0, Max: 5},
		{Key: "value", Name: "Financial value", Weight: 25, Min: 0, Max: 5},
		{Key: "risk", Name: "Delivery risk", Weight: 10, Min: 0, Max: 5, Direction: pmo.DirectionCost},
	}, Pairwise: [][]float64{{1, 2, 3}, {0.5, 1, 2}, {1.0 / 3, 0.5, 1}}}
}

func TestScoringModelPrepare(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(m *pmo.ScoringModel)
		want   []string
	}{
		{"valid", func(m *pmo.ScoringModel) {}, nil},
		{"no criteria", func(m *pmo.ScoringModel) { m.Criteria, m.Pairwise = nil, nil }, []string{"criteria"}},
		{"negative weight, bad scale, duplicate key", func(m *pmo.ScoringModel) {
			m.Criteria[1].Weight, m.Criteria[1].Max, m.Criteria[2].Key = -1, 0, "alignment"
		}, []string{"criteria[1].max", "criteria[1].weight", "criteria[2].key"}},
		{"bad direction", func(m *pmo.ScoringModel) { m.Criteria[0].Direction = "up" }, []string{"criteria[0].direction"}},
		{"pairwise not reciprocal", func(m *pmo.ScoringModel) { m.Pairwise[2][0] = 3 }, []string{"pairwise[2][0]"}},
		{"pairwise diagonal and range", func(m *pmo.ScoringModel) { m.Pairwise[1][1], m.Pairwise[0][2] = 2, 12 },
			[]string{"pairwise[0][2]", "pairwise[1][1]", "pairwise[2][0]"}},
		{"pairwise wrong size", func(m *pmo.ScoringModel) { m.Pairwise = m.Pairwise[:2] }, []string{"pairwise"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validModel()
			tt.mutate(m)
			if diff := cmp.Diff(tt.want, fields(m.Prepare())); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	m := validModel()
	sheet := pmo.ScoreSheet{ProposalID: 4, Reviewer: "Kim", Scores: []pmo.Score{
		{Criterion: "alignment", Value: 4}, {Criterion: "value", Value: 6}, {Criterion: "speed", Value: 1}, {Criterion: "alignment", Value: 1}}}
	want := []string{"scores[1].value", "scores[2].criterion", "scores[3].criterion"}
	if diff := cmp.Diff(want, fields(sheet.Validate(m))); diff != "" {
		t.Errorf("score sheet (-want +got):\n%s", diff)
	}
}

func TestScenarioPrepareAndCheck(t *testing.T) {
	valid := func() *pmo.Scenario {
		return &pmo.Scenario{PortfolioID: 1, Name: "Base", Start: period("2027-Q1"), Periods: 4, Currency: "EUR",
			Budget:   []int64{1000, 1000, 1000, 1000},
			Capacity: []pmo.RoleDemand{{Role: "Developer", FTE: []float64{5, 5, 5, 5}}}}
	}
	tests := []struct {
		name   string
		mutate func(s *pmo.Scenario)
		want   []string
	}{
		{"valid", func(s *pmo.Scenario) {}, nil},
		{"negative budget and capacity", func(s *pmo.Scenario) { s.Budget[1], s.Capacity[0].FTE[3] = -1, -2 },
			[]string{"budget[1]", "capacity[0].fte[3]"}},
		{"budget length", func(s *pmo.Scenario) { s.Budget = s.Budget[:2] }, []string{"budget"}},
		{"horizon", func(s *pmo.Scenario) { s.Periods, s.Budget, s.Capacity = 0, nil, nil }, []string{"periods"}},
		{"locked in and out", func(s *pmo.Scenario) { s.LockIn, s.LockOut = []int64{3}, []int64{3} }, []string{"lock_in[0]"}},
		{"objective and time limit", func(s *pmo.Scenario) { s.Objective, s.TimeLimitMS = "profit", -1 },
			[]string{"objective", "time_limit_ms"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.mutate(s)
			if diff := cmp.Diff(tt.want, fields(s.Prepare())); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	s := valid()
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	p := validProposal()
	q := validProposal()
	q.ID, q.Code, q.EarliestStart, q.LatestStart = 8, "PRP-008", period("2028-Q2"), period("2028-Q3")
	q.Case.Demand[0].Role, q.Excludes = "Architect", nil
	r := validProposal()
	r.ID, r.Code, r.Case.PeriodKind, r.EarliestStart, r.LatestStart = 9, "PRP-009", pmo.Month, period("2027-02"), pmo.Period{}
	for _, x := range []*pmo.Proposal{p, q, r} {
		if err := x.Prepare(); err != nil {
			t.Fatal(err)
		}
	}
	s.LockOut = []int64{99}
	want := []string{"lock_out[0]", "proposals.PRP-008.business_case.demand[0].role",
		"proposals.PRP-008.earliest_start", "proposals.PRP-009.business_case.period_kind"}
	if diff := cmp.Diff(want, fields(s.Check([]*pmo.Proposal{p, q, r}))); diff != "" {
		t.Errorf("Check (-want +got):\n%s", diff)
	}
}

func TestPeriodArithmetic(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2027-Q1", "2027-Q1", 0}, {"2027-Q1", "2028-Q2", 5}, {"2027-Q3", "2027-Q1", -2},
		{"2027-11", "2028-02", 3}, {"2026-W52", "2027-W02", 3}, {"2027-W02", "2026-W52", -3},
	}
	for _, tt := range tests {
		from, to := period(tt.from), period(tt.to)
		if got := pmo.PeriodDistance(from, to); got != tt.want {
			t.Errorf("PeriodDistance(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
		if got := from.Add(tt.want); got != to {
			t.Errorf("%s.Add(%d) = %s, want %s", tt.from, tt.want, got, tt.to)
		}
	}
}
