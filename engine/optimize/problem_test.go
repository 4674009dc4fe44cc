package optimize

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func validProblem() *Problem {
	return &Problem{
		Periods: 3,
		Budget:  []float64{10, 10, 10},
		Roles:   []Role{{Name: "dev", Capacity: []float64{2, 2, 2}}},
		Items: []Item{
			{ID: "A", Value: 5, Cost: []float64{4, 4}, Demand: map[string][]float64{"dev": {1}}},
			{ID: "B", Value: 3, Cost: []float64{2}, Requires: []string{"A"}},
		},
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(p *Problem)
		item   string
		field  string
		phrase string
	}{
		{"negative cost", func(p *Problem) { p.Items[0].Cost[1] = -1 }, "A", "Cost[1]", "negative"},
		{"negative value", func(p *Problem) { p.Items[1].Value = -2 }, "B", "Value", "negative"},
		{"negative capacity", func(p *Problem) { p.Roles[0].Capacity[2] = -1 }, "", "Roles[dev].Capacity[2]", "negative"},
		{"negative budget", func(p *Problem) { p.Budget[0] = -1 }, "", "Budget[0]", "negative"},
		{"budget periods", func(p *Problem) { p.Budget = p.Budget[:2] }, "", "Budget", "has 2 periods"},
		{"unknown role", func(p *Problem) { p.Items[1].Demand = map[string][]float64{"qa": {1}} }, "B", "Demand", `unknown role "qa"`},
		{"unknown committed role", func(p *Problem) { p.Committed.Demand = map[string][]float64{"qa": {1}} }, "", "Committed.Demand", "unknown role"},
		{"committed beyond horizon", func(p *Problem) { p.Committed.Cost = []float64{1, 1, 1, 1} }, "", "Committed.Cost", "more than the 3"},
		{"unknown dependency", func(p *Problem) { p.Items[1].Requires = []string{"Z"} }, "B", "Requires", `unknown item "Z"`},
		{"cycle", func(p *Problem) { p.Items[0].After = []string{"B"} }, "A", "Requires/After", "cycle"},
		{"self dependency", func(p *Problem) { p.Items[0].Requires = []string{"A"} }, "A", "Requires/After", "cycle"},
		{"excludes itself", func(p *Problem) { p.Items[0].Excludes = []string{"A"} }, "A", "Excludes", "excludes itself"},
		{"window after horizon", func(p *Problem) { p.Items[0].EarliestStart, p.Items[0].LatestStart = 1, 3 }, "A", "LatestStart", "outside the horizon"},
		{"window before start", func(p *Problem) { p.Items[0].EarliestStart = -1 }, "A", "EarliestStart", "before the first period"},
		{"window reversed", func(p *Problem) { p.Items[0].EarliestStart, p.Items[0].LatestStart = 2, 1 }, "A", "LatestStart", "before EarliestStart"},
		{"duplicate id", func(p *Problem) { p.Items[1].ID = "A" }, "A", "ID", "more than one"},
		{"no periods", func(p *Problem) { p.Periods = 0 }, "", "Periods", "at least 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := validProblem()
			tc.edit(p)
			err := p.Validate()
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v, want an *InputError", err)
			}
			if ie.Item != tc.item || ie.Field != tc.field || !strings.Contains(ie.Message, tc.phrase) {
				t.Errorf("got item %q field %q message %q; want item %q field %q containing %q", ie.Item, ie.Field, ie.Message, tc.item, tc.field, tc.phrase)
			}
			if _, err := Solve(context.Background(), p, Options{}); err == nil {
				t.Error("Solve accepted the invalid problem")
			}
		})
	}
	if err := validProblem().Validate(); err != nil {
		t.Errorf("valid problem: %v", err)
	}
}
