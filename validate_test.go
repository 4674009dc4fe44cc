package pmo_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo"
)

// fields returns the names of the fields an error blames, sorted.
func fields(err error) []string {
	var out []string
	for _, f := range pmo.ErrorFields(err) {
		out = append(out, f.Field)
	}
	slices.Sort(out)
	return out
}

func date(s string) pmo.Date {
	d, err := pmo.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestProjectPrepare(t *testing.T) {
	valid := func() *pmo.Project {
		return &pmo.Project{PortfolioID: 1, Code: "DCX-001", Name: "Mobile app", Tags: []string{" growth ", "growth"}}
	}
	tests := []struct {
		name   string
		mutate func(p *pmo.Project)
		want   []string
	}{
		{"valid", func(p *pmo.Project) {}, nil},
		{"missing portfolio and name", func(p *pmo.Project) { p.PortfolioID, p.Name = 0, "  " }, []string{"name", "portfolio_id"}},
		{"bad code", func(p *pmo.Project) { p.Code = "has space" }, []string{"code"}},
		{"unknown state and stage", func(p *pmo.Project) { p.State, p.Stage = "paused", "build" }, []string{"stage", "state"}},
		{"priority out of range", func(p *pmo.Project) { p.Priority = 7 }, []string{"priority"}},
		{"finish before start", func(p *pmo.Project) {
			p.PlannedStart, p.PlannedEnd = date("2026-05-01"), date("2026-04-01")
		}, []string{"planned_finish"}},
		{"actual finish without start", func(p *pmo.Project) { p.ActualEnd = date("2026-04-01") }, []string{"actual_start"}},
		{"negative budget, bad currency", func(p *pmo.Project) { p.Budget = pmo.Money{Minor: -5, Currency: "euro"} },
			[]string{"budget_at_completion.currency", "budget_at_completion.minor"}},
		{"invalid UTF-8", func(p *pmo.Project) { p.Description = "bad \xff byte" }, []string{"description"}},
		{"control character", func(p *pmo.Project) { p.Name = "bell\a" }, []string{"name"}},
		{"too long", func(p *pmo.Project) { p.Name = strings.Repeat("x", 201) }, []string{"name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.mutate(p)
			err := p.Prepare()
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("fields at fault (-want +got):\n%s\nerror: %v", diff, err)
			}
			if err != nil && pmo.ErrorKind(err) != pmo.Invalid {
				t.Errorf("kind = %s, want invalid", pmo.ErrorKind(err))
			}
		})
	}
	p := valid()
	if err := p.Prepare(); err != nil {
		t.Fatal(err)
	}
	if p.Stage != pmo.Idea || p.State != pmo.Proposed || p.Priority != 3 || !slices.Equal(p.Tags, []string{"growth"}) {
		t.Errorf("defaults not applied: %+v", p)
	}
}

func TestStatusReportPrepare(t *testing.T) {
	period, _ := pmo.ParsePeriod("2026-W48")
	base := func() *pmo.StatusReport {
		return &pmo.StatusReport{ProjectID: 1, Period: period, Schedule: pmo.Green, Cost: pmo.Amber,
			Scope: pmo.Green, Risk: pmo.Green, Summary: "On track", SubmittedBy: "Ana"}
	}
	r := base()
	if err := r.Prepare(); err != nil || r.Overall != pmo.Amber {
		t.Fatalf("overall defaults to the worst dimension: got %s, %v", r.Overall, err)
	}
	r = base()
	r.Overall = pmo.Green
	if got := fields(r.Prepare()); !slices.Equal(got, []string{"override_reason"}) {
		t.Errorf("overriding overall to a better rating without a reason: fields %v", got)
	}
	r.OverrideReason = "Cost variance is covered by contingency"
	if err := r.Prepare(); err != nil {
		t.Errorf("override with reason: %v", err)
	}
	r = base()
	r.Schedule, r.Summary, r.Period = "purple", "", pmo.Period{}
	if got := fields(r.Prepare()); !slices.Equal(got, []string{"period", "schedule", "summary"}) {
		t.Errorf("fields = %v", got)
	}
}

func TestTrendAndWorst(t *testing.T) {
	if got := pmo.Worst(pmo.Green, pmo.Red, pmo.Amber); got != pmo.Red {
		t.Errorf("Worst = %s", got)
	}
	if got := pmo.Worst(pmo.Grey, pmo.Green); got != pmo.Green {
		t.Errorf("Worst(grey, green) = %s, want green", got)
	}
	if got := pmo.Worst(); got != pmo.Grey {
		t.Errorf("Worst() = %s", got)
	}
	cases := []struct {
		prev, cur pmo.RAG
		want      pmo.Trend
	}{
		{"", pmo.Green, pmo.NewTrend},
		{pmo.Green, pmo.Amber, pmo.Deteriorating},
		{pmo.Red, pmo.Amber, pmo.Improving},
		{pmo.Amber, pmo.Amber, pmo.Stable},
		{pmo.Green, pmo.Blue, pmo.Stable},
	}
	for _, c := range cases {
		if got := pmo.TrendOf(c.prev, c.cur); got != c.want {
			t.Errorf("TrendOf(%s, %s) = %s, want %s", c.prev, c.cur, got, c.want)
		}
	}
}

func TestRiskPrepare(t *testing.T) {
	r := &pmo.Risk{Entry: pmo.Entry{ProjectID: 1, Title: "Vendor delay"}, Probability: 4, Impact: 5,
		CostImpact: pmo.Money{Minor: 1_000_000, Currency: "EUR"}}
	if err := r.Prepare(); err != nil {
		t.Fatal(err)
	}
	if r.Score != 20 || r.EMV.Minor != -600_000 || r.Status != "open" || r.Level != pmo.ProjectLevel {
		t.Errorf("score %d, emv %d, status %s, level %s", r.Score, r.EMV.Minor, r.Status, r.Level)
	}
	if pmo.ScoreBand(r.Score) != "critical" || pmo.ScoreBand(4) != "low" || pmo.ScoreBand(12) != "high" {
		t.Error("score bands")
	}
	bad := &pmo.Risk{Entry: pmo.Entry{ProjectID: 1, Title: "x", Status: "maybe", Level: "board"}, Probability: 7, Impact: 0, Response: "pray"}
	want := []string{"impact", "level", "probability", "response", "status"}
	if diff := cmp.Diff(want, fields(bad.Prepare())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDecisionAndDependencyPrepare(t *testing.T) {
	d := &pmo.Decision{Entry: pmo.Entry{ProjectID: 1, Title: "Go with vendor B", Status: "decided"}}
	if got := fields(d.Prepare()); !slices.Equal(got, []string{"decided_by", "decided_on"}) {
		t.Errorf("decided without who and when: %v", got)
	}
	dep := &pmo.Dependency{Entry: pmo.Entry{ProjectID: 3, Title: "API ready"}, ToProjectID: 3}
	if got := fields(dep.Prepare()); !slices.Equal(got, []string{"need_by", "to_project_id"}) {
		t.Errorf("self dependency without date: %v", got)
	}
}

func TestChangeWorkflow(t *testing.T) {
	allowed := map[pmo.ChangeState][]pmo.ChangeState{}
	for _, from := range pmo.ChangeStates {
		for _, to := range pmo.ChangeStates {
			if pmo.CanTransition(from, to) {
				allowed[from] = append(allowed[from], to)
			}
		}
	}
	want := map[pmo.ChangeState][]pmo.ChangeState{
		pmo.ChangeDraft:     {pmo.ChangeSubmitted},
		pmo.ChangeSubmitted: {pmo.ChangeAssessed},
		pmo.ChangeAssessed:  {pmo.ChangeApproved, pmo.ChangeRejected},
		pmo.ChangeApproved:  {pmo.ChangeImplemented},
	}
	if diff := cmp.Diff(want, allowed); diff != "" {
		t.Errorf("workflow (-want +got):\n%s", diff)
	}
	tr := pmo.Transition{To: pmo.ChangeRejected, Actor: "CCB"}
	if got := fields(tr.Validate(pmo.ChangeAssessed)); !slices.Equal(got, []string{"comment"}) {
		t.Errorf("rejection without reason: %v", got)
	}
	tr = pmo.Transition{To: pmo.ChangeImplemented, Actor: "PM"}
	if got := fields(tr.Validate(pmo.ChangeDraft)); !slices.Equal(got, []string{"to"}) {
		t.Errorf("draft -> implemented: %v", got)
	}
}

func TestCheckCustomFields(t *testing.T) {
	defs := []pmo.CustomFieldDef{
		{Key: "business_unit", Label: "Business unit", Type: pmo.ChoiceField, Choices: []string{"Retail", "Wholesale"}, Required: true},
		{Key: "benefit_target", Label: "Benefit target", Type: pmo.NumberField},
		{Key: "go_live", Label: "Go-live", Type: pmo.DateField},
		{Key: "regulatory_ref", Label: "Regulatory ref", Type: pmo.TextField},
	}
	ok := map[string]any{"business_unit": "Retail", "benefit_target": 1.5e6, "go_live": "2027-03-31", "regulatory_ref": "DORA art. 11"}
	if err := pmo.CheckCustomFields(defs, ok); err != nil {
		t.Fatal(err)
	}
	bad := map[string]any{"business_unit": "Space", "benefit_target": "lots", "go_live": "soon", "colour": "red"}
	want := []string{"custom_fields.benefit_target", "custom_fields.business_unit", "custom_fields.colour", "custom_fields.go_live"}
	if diff := cmp.Diff(want, fields(pmo.CheckCustomFields(defs, bad))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := fields(pmo.CheckCustomFields(defs, map[string]any{})); !slices.Equal(got, []string{"custom_fields.business_unit"}) {
		t.Errorf("missing required: %v", got)
	}
}
