package governance

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

// header is a valid framework of 8 lines; cases append to it from line 9.
const header = `version: "1"
name: test
roles:
  - {id: sponsor}
classes:
  - {id: small, when: "true"}
stages:
  - {id: idea}
`

// rule builds a valid rule starting on line 10 (after "rules:" on line 9)
// whose check is on line 13, starting at column 12.
func rule(check string) string {
	return "rules:\n  - id: r1\n    severity: major\n    message: m\n    check: " + check + "\n    rationale: why\n"
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		// want holds "line:col: text" entries that must each match an error.
		want []string
	}{
		{"invalid YAML", "version: 1\nname: x\n  bad: y\n", []string{"3:3: invalid YAML: mapping values are not allowed in this context"}},
		{"tab indentation", "version: 1\nname: x\nstages:\n\t- id: a\n", []string{"4:1: invalid YAML: found character that cannot start any token"}},
		{"empty document", "", []string{"1:1: the document is empty"}},
		{"not a mapping", "- a\n- b\n", []string{"1:1: the framework must be a mapping of fields"}},
		{"unknown top-level field", header + "versoin: 2\n", []string{`9:1: unknown field "versoin" in the framework; did you mean "version"?`}},
		{"unknown rule field", header + "rules:\n  - id: r1\n    severity: major\n    mesage: hi\n    check: \"true\"\n    rationale: r\n",
			[]string{`12:5: unknown field "mesage" in a rule; did you mean "message"?`, "10:5: rule r1 needs a message"}},
		{"duplicate field", header + "rules:\n  - id: r1\n    id: r2\n", []string{`11:5: field "id" is given twice in a rule (first on line 10)`}},
		{"missing version", "name: x\nstages: [{id: a}]\n", []string{"1:1: the framework needs a version"}},
		{"missing stages", "version: 1\nname: x\n", []string{"1:1: the framework needs stages"}},
		{"bad severity", header + "rules:\n  - id: r1\n    severity: high\n    message: m\n    check: \"true\"\n    rationale: r\n",
			[]string{`11:15: rule r1 has severity "high"; use info, minor, major or critical`}},
		{"unknown state", header + "rules:\n  - id: r1\n    severity: major\n    message: m\n    check: \"true\"\n    rationale: r\n    applies_to: {states: [running]}\n",
			[]string{`15:27: rule r1 applies to unknown state "running"`}},
		{"CEL syntax error", header + rule("project.code ==== 'x'"), []string{"13:27: rule r1 check: the expression is not valid CEL: extraneous input '=='"}},
		{"CEL not boolean", header + rule("project.code"), []string{"13:12: rule r1 check must be true or false, but it gives a text"}},
		{"CEL unknown field", header + rule("project.sponsr != ''"), []string{"13:19: rule r1 check: undefined field 'sponsr'"}},
		{"CEL unknown variable", header + rule("projet.code != ''"), []string{"13:12: rule r1 check: undeclared reference to 'projet'"}},
		{"CEL type mismatch", header + rule("project.budget.amount > 1000000"), []string{"13:34: rule r1 check: found no matching overload for '_>_' applied to '(double, int)'"}},
		{"CEL quoted expression", header + rule(`"project.stage == 1"`), []string{"13:27: rule r1 check: found no matching overload for '_==_'"}},
		{"CEL error in block scalar", header + "rules:\n  - id: r1\n    severity: major\n    message: m\n    rationale: r\n    check: |\n      project.code != ''\n        && project.nmae != ''\n",
			[]string{"16:19: rule r1 check: undefined field 'nmae'"}},
		{"bad message placeholder", header + "rules:\n  - id: r1\n    severity: major\n    message: 'Code ${project.cod} is bad'\n    check: \"true\"\n    rationale: r\n",
			[]string{"12:29: rule r1 message placeholder: undefined field 'cod'"}},
		{"bad plain message placeholder", header + "rules:\n  - id: r1\n    severity: major\n    message: Code ${project.cod} is bad\n    check: \"true\"\n    rationale: r\n",
			[]string{"12:28: rule r1 message placeholder: undefined field 'cod'"}},
		{"unclosed placeholder", header + "rules:\n  - id: r1\n    severity: major\n    message: Code ${project.code\n    check: \"true\"\n    rationale: r\n",
			[]string{"12:19: rule r1 message: placeholder ${ is not closed"}},
		{"duplicate rule ids", header + rule("true") + "  - id: r1\n    severity: minor\n    message: m\n    check: \"true\"\n    rationale: r\n",
			[]string{`15:5: duplicate rule id "r1" (first defined on line 10)`}},
		{"duplicate stage ids", header + "  - {id: idea}\n", []string{`9:5: duplicate stage id "idea" (first defined on line 8)`}},
		{"bad id", header + "  - {id: 'two words'}\n", []string{`9:5: stage id "two words" must start with a letter or digit`}},
		{"unknown stage in gate", header + "gates:\n  - id: G0\n    from: idae\n    to: idea\n", []string{`10:5: gate G0 from refers to unknown stage "idae"; did you mean "idea"?`}},
		{"unknown stage in rule", header + "rules:\n  - id: r1\n    severity: major\n    message: m\n    check: \"true\"\n    rationale: r\n    applies_to: {stages: [execution]}\n",
			[]string{`10:5: rule r1 applies_to refers to unknown stage "execution"; known: idea`}},
		{"unknown class", header + "rules:\n  - id: r1\n    severity: major\n    message: m\n    check: \"true\"\n    rationale: r\n    applies_to: {classes: [large]}\n",
			[]string{`10:5: rule r1 applies_to refers to unknown class "large"`}},
		{"unknown role", header + "  - {id: build}\ngates:\n  - id: G0\n    from: idea\n    to: build\n    requirements:\n      - approval: sponser\n",
			[]string{`15:9: requirement approval:sponser of gate G0 refers to unknown role "sponser"; did you mean "sponsor"?`}},
		{"unknown artefact", header + "  - {id: build}\ngates:\n  - id: G0\n    from: idea\n    to: build\n    requirements:\n      - artefact: charter\n",
			[]string{`15:9: requirement artefact:charter of gate G0 refers to unknown artefact kind "charter"; declare it under artefacts first`}},
		{"unknown view field", header + "  - {id: build}\ngates:\n  - id: G0\n    from: idea\n    to: build\n    requirements:\n      - fields: [project.sponser, project.custom.x, status.overall]\n",
			[]string{`15:9: requirement fields:project.sponser,project.custom.x,status.overall of gate G0: unknown field "project.sponser": project has no field "sponser"; did you mean "sponsor"?`}},
		{"two requirement kinds", header + "  - {id: build}\ngates:\n  - id: G0\n    from: idea\n    to: build\n    requirements:\n      - {artefact: x, approval: sponsor}\n",
			[]string{"15:9: a requirement of gate G0 must have exactly one of fields, artefact, raid, approval, check, not artefact and approval"}},
		{"unknown raid list", header + "  - {id: build}\ngates:\n  - id: G0\n    from: idea\n    to: build\n    requirements:\n      - {raid: risk}\n",
			[]string{`15:9: requirement raid:risk of gate G0 counts unknown records "risk"`}},
		{"raid where error", header + "  - {id: build}\ngates:\n  - id: G0\n    from: idea\n    to: build\n    requirements:\n      - raid: risks\n        where: item.scor >= 16\n",
			[]string{"16:20: requirement raid:risks of gate G0 where: undefined field 'scor'"}},
		{"stage cycle", header + "  - {id: build}\n  - {id: run}\ngates:\n  - {id: G0, from: idea, to: build}\n  - {id: G1, from: build, to: run}\n  - {id: G2, from: run, to: idea}\n",
			[]string{"14:5: the stages form a cycle idea -> build -> run -> idea (gates G0, G1, G2)"}},
		{"gate to itself", header + "gates:\n  - {id: G0, from: idea, to: idea}\n", []string{"10:5: gate G0 leads from idea to itself"}},
		{"class without when", "version: 1\nname: x\nclasses:\n  - {id: small}\nstages: [{id: a}]\n", []string{`4:5: class "small" needs a when expression`}},
		{"unquoted not", header + rule("!risks.exists(r, r.open)"), []string{"13:12: check starts with '!', which YAML reads as a tag; put the value in quotes: '!risks.exists(r, r.open)'"}},
		{"alias", header + "rules:\n  - &r {id: r1}\n  - *r\n", []string{"11:5: anchors and aliases (*name) are not supported"}},
		{"two documents", header + "---\nversion: 2\n", []string{"9:1: a framework file holds one YAML document"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("fw.yaml", []byte(tt.doc))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Parse error = %v, want an ErrorList", err)
			}
			var got []string
			for _, e := range list {
				if e.File != "fw.yaml" {
					t.Errorf("error without the file name: %+v", e)
				}
				got = append(got, fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Message))
			}
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					found = found || strings.HasPrefix(g, w)
				}
				if !found {
					t.Errorf("missing error %q; got:\n%s", w, strings.Join(got, "\n"))
				}
			}
		})
	}
}

func TestParseReportsAllErrors(t *testing.T) {
	doc := header + "gates:\n  - {id: G0, from: nowhere, to: idea}\n" + rule("project.nope") +
		"  - id: r2\n    severity: urgent\n    message: m\n    check: \"true\"\n"
	_, err := Parse("fw.yaml", []byte(doc))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("got %v", err)
	}
	if len(list) < 4 {
		t.Errorf("got %d errors, want at least 4 (unknown stage, bad check, bad severity, missing rationale):\n%v", len(list), err)
	}
	for i := 1; i < len(list); i++ {
		if list[i].Line < list[i-1].Line {
			t.Errorf("errors not in document order:\n%v", err)
		}
	}
	if pmo.ErrorKind(err) != pmo.Invalid {
		t.Errorf("ErrorKind = %s, want invalid", pmo.ErrorKind(err))
	}
	if fields := pmo.ErrorFields(err); len(fields) != len(list) || !strings.HasPrefix(fields[0].Field, "fw.yaml:") {
		t.Errorf("ErrorFields = %v", fields)
	}
}

func TestParseValid(t *testing.T) {
	doc := header + `  - {id: build}
artefacts:
  - {id: charter, name: Charter}
gates:
  - id: G0
    from: idea
    to: build
    requirements:
      - fields: [project.sponsor]
      - {artefact: charter, min: 2}
      - {raid: risks, open: true, owned: true, min: 3, where: item.score >= 10}
      - {approval: sponsor, min: 2, classes: [small]}
      - {id: green, check: status != null && status.overall == "green", message: Status is green}
rules:
  - id: r1
    title: Rule one
    severity: minor
    message: "${project.code} breaks r1"
    rationale: because
    applies_to: {stages: [idea], states: [active], classes: [small]}
    when: project.state == "active"
    check: project.sponsor != ""
`
	fw, err := Parse("fw.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	g := fw.Gate("G0")
	if g == nil || len(g.Requirements) != 5 {
		t.Fatalf("gate G0 = %+v", g)
	}
	r := g.Requirements[2]
	if r.Kind != RAIDRequirement || !r.Open || !r.Owned || r.Min != 3 || r.Where.Source != "item.score >= 10" || r.ID != "raid:risks" {
		t.Errorf("raid requirement = %+v", r)
	}
	if g.Requirements[1].Min != 2 || g.Requirements[0].Min != 1 {
		t.Errorf("min not parsed: %+v", g.Requirements[:2])
	}
	rl := fw.Rule("r1")
	if rl == nil || rl.Title != "Rule one" || rl.AppliesTo.States[0] != pmo.Active || rl.When.Source == "" {
		t.Errorf("rule = %+v", rl)
	}
	if _, err := Compile(fw); err != nil {
		t.Fatal(err)
	}
}

func TestCompileRejectsHandBuiltFramework(t *testing.T) {
	fw := &Framework{File: "code", Version: "1", Name: "x", Stages: []Stage{{ID: "a"}},
		Rules: []Rule{{ID: "r", Severity: Major, Message: "m", Rationale: "r", Check: Expr{Source: "project.code"}}}}
	_, err := Compile(fw)
	if err == nil || !strings.Contains(err.Error(), "must be true or false") {
		t.Errorf("Compile = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(DefaultYAML())
	f.Add([]byte(header + rule("project.code != ''")))
	f.Add([]byte(header + "gates:\n  - {id: G0, from: idea, to: idea, requirements: [{raid: risks, where: item.open}]}\n"))
	f.Add([]byte("version: 1\nname: x\nstages: [{id: a}]\nrules: [{id: r, severity: info, message: '${now}', check: 'true', rationale: r}]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := Parse("fuzz.yaml", data)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not a non-empty ErrorList: %v", err)
			}
			for _, e := range list {
				if e.Line < 1 || e.Column < 1 || e.Message == "" {
					t.Fatalf("error without a position or message: %+v", e)
				}
			}
			return
		}
		if _, err := Compile(fw); err != nil {
			t.Fatalf("a parsed framework does not compile: %v", err)
		}
	})
}

func TestCompileRejectsMissingCheck(t *testing.T) {
	fw := &Framework{File: "code", Version: "1", Name: "x", Stages: []Stage{{ID: "a"}},
		Rules: []Rule{{ID: "r", Severity: Major, Message: "m", Rationale: "r"}}}
	_, err := Compile(fw)
	if err == nil || !strings.Contains(err.Error(), "code:1:1: rule r check is empty") {
		t.Errorf("Compile = %v", err)
	}
}
