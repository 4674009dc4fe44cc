package pmo_test

import (
	"encoding/json"
	"testing"

	"github.com/pmohq/pmo"
)

// FuzzProposal decodes arbitrary JSON as a proposal and checks that a
// proposal Prepare accepts has no negative amounts, a consistent NPV and
// at least one period, and that planning it in a scenario never panics.
func FuzzProposal(f *testing.F) {
	f.Add(`{"portfolio_id":1,"code":"P-1","title":"t","requester":"r","earliest_start":"2027-Q1","latest_start":"2027-Q3",
		"business_case":{"currency":"EUR","capex":[100,200],"opex":[0,5],"benefits":[0,0,900],"discount_rate":0.08,
		"demand":[{"role":"Developer","fte":[1,2.5]}]},"dependencies":[{"proposal_id":2,"finish_first":true}],"excludes":[3]}`)
	f.Add(`{"portfolio_id":1,"code":"P-2","title":"t","requester":"r","business_case":{"period_kind":"week","duration":3,"capex":[-1]}}`)
	f.Add(`{"portfolio_id":1,"code":"P-3","title":"t","requester":"r","mandatory":true,"legal_basis":"DORA",
		"earliest_start":"2026-W53","business_case":{"period_kind":"month","benefits":[1000000000000000]}}`)
	scenario := &pmo.Scenario{PortfolioID: 1, Name: "Base", Start: pmo.Period{}, Periods: 8,
		Capacity: []pmo.RoleDemand{{Role: "Developer", FTE: make([]float64, 8)}}}
	scenario.Start, _ = pmo.ParsePeriod("2027-Q1")
	if err := scenario.Prepare(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var p pmo.Proposal
		if json.Unmarshal([]byte(s), &p) != nil {
			return
		}
		if p.Prepare() != nil {
			return
		}
		for _, xs := range [][]int64{p.Case.Capex, p.Case.Opex, p.Case.Benefits} {
			for _, x := range xs {
				if x < 0 {
					t.Fatalf("negative amount accepted: %v", xs)
				}
			}
		}
		if p.NPV != p.Case.NPV() || p.Case.TotalCost() < 0 || p.Case.Periods() < 1 {
			t.Fatalf("npv %d/%d, total cost %d, periods %d", p.NPV, p.Case.NPV(), p.Case.TotalCost(), p.Case.Periods())
		}
		if p.Mandatory && p.LegalBasis == "" {
			t.Fatal("mandatory without legal basis accepted")
		}
		_ = scenario.Check([]*pmo.Proposal{&p})
	})
}
