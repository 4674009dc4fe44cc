package governance

import (
	"slices"
	"testing"

	"github.com/pmohq/pmo"
)

// TestViewAndTemplates evaluates expressions over the clean project and
// renders each as a message placeholder.
func TestViewAndTemplates(t *testing.T) {
	d := cleanProject()
	d.Project.CustomFields["empty"] = ""
	d.Project.Sponsor = ""
	tests := []struct{ expr, want string }{
		{"project.code", "PRJ-007"},
		{"project.budget", "EUR 500,000.00"},
		{"project.budget.amount", "500000"},
		{"project.planned_finish", "2027-01-01"},
		{"project.actual_finish", "none"},
		{"project.planned_duration_days", "365"},
		{"project.program + '/' + project.portfolio", "CX/DIGITAL"},
		{"project.class", "medium"},
		{"has(project.sponsor)", "no"},
		{"has(project.manager)", "yes"},
		{"has(project.actual_finish)", "no"},
		{"has(project.custom.empty)", "yes"},
		{"has(project.custom.missing)", "no"},
		{"status.days_old", "5"},
		{"status.period", "2026-W47"},
		{"status.forecast_cost.amount / project.budget.amount", "1"},
		{"risks.map(r, r.score)", "6, 6, 6"},
		{"risks[0].band", "medium"},
		{"milestones.filter(m, m.achieved).map(m, m.name)", "Design done"},
		{"milestones[0].missed", "no"},
		{"changes[0].finish_shift_pct", "2.74"},
		{"days(now - project.actual_start)", "326"},
		{"today < now", "yes"},
		{"project.name.lowerAscii()", "customer portal"},
		{"status.nope", "?"},
	}
	ce, _ := env()
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			er := &errs{file: "t"}
			tpl := parseTemplate(ce, "${"+tt.expr+"}", Pos{1, 1}, "test", er)
			if tt.want == "?" {
				if er.err() == nil {
					t.Fatal("an unknown field compiled")
				}
				return
			}
			if err := er.err(); err != nil {
				t.Fatal(err)
			}
			if err := tpl.plan(); err != nil {
				t.Fatal(err)
			}
			act := newActivation(&d, testNow)
			act.project.class = "medium"
			if got := tpl.render(act); got != tt.want {
				t.Errorf("${%s} = %q, want %q", tt.expr, got, tt.want)
			}
		})
	}
}

func TestTemplateRuntimeFailureRendersQuestionMark(t *testing.T) {
	ce, _ := env()
	er := &errs{file: "t"}
	tpl := parseTemplate(ce, "finished ${project.actual_finish + duration('24h')} ok", Pos{1, 1}, "test", er)
	if err := er.err(); err != nil {
		t.Fatal(err)
	}
	tpl.plan()
	d := cleanProject()
	if got := tpl.render(newActivation(&d, testNow)); got != "finished ? ok" {
		t.Errorf("render = %q", got)
	}
}

func TestGateFieldsOnStatusAndCustom(t *testing.T) {
	prog := MustCompile(mustParse(t, header+`  - {id: build}
gates:
  - id: G0
    from: idea
    to: build
    requirements:
      - fields: [status.override_reason, project.custom.benefit_owner, project.budget.amount, project.custom.nope]
`))
	d := cleanProject()
	d.Project.Stage = pmo.Idea
	res, err := EvaluateGate(prog, d, "G0", testNow)
	if err != nil {
		t.Fatal(err)
	}
	var met []bool
	for _, it := range res.Items[1:] {
		met = append(met, it.Met)
	}
	if want := []bool{false, true, true, false}; !slices.Equal(met, want) {
		t.Errorf("met = %v, want %v", met, want)
	}
	d.Status = nil
	res, _ = EvaluateGate(prog, d, "G0", testNow)
	if res.Items[1].Met {
		t.Error("status field met without a status report")
	}
}
