package governance

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

func TestDefaultFramework(t *testing.T) {
	fw := Default()
	if fw.Version == "" || fw.Name == "" {
		t.Errorf("version %q, name %q", fw.Version, fw.Name)
	}
	if _, err := Compile(fw); err != nil {
		t.Fatal(err)
	}
	if len(fw.Stages) != len(pmo.Stages) {
		t.Fatalf("%d stages, want %d", len(fw.Stages), len(pmo.Stages))
	}
	for i, s := range pmo.Stages {
		if fw.Stages[i].ID != string(s) {
			t.Errorf("stage %d = %s, want %s", i, fw.Stages[i].ID, s)
		}
	}
	// G0-G6, each leading out of the stage of the same position.
	if len(fw.Gates) != 7 {
		t.Fatalf("%d gates, want 7", len(fw.Gates))
	}
	for i, g := range fw.Gates {
		if g.From != string(pmo.Stages[i]) {
			t.Errorf("gate %s from %s, want %s", g.ID, g.From, pmo.Stages[i])
		}
		if i+1 < len(pmo.Stages) && g.To != string(pmo.Stages[i+1]) {
			t.Errorf("gate %s to %s, want %s", g.ID, g.To, pmo.Stages[i+1])
		}
		if len(g.Requirements) == 0 {
			t.Errorf("gate %s has no requirements", g.ID)
		}
	}
	if n := len(fw.Rules); n < 20 || n > 30 {
		t.Errorf("%d rules, want 20-30", n)
	}
	for _, r := range fw.Rules {
		if r.Rationale == "" || r.Message == "" || r.Title == r.ID {
			t.Errorf("rule %s lacks a title, message or rationale", r.ID)
		}
	}
	if got := []string{fw.Classes[0].ID, fw.Classes[1].ID, fw.Classes[2].ID}; got[0] != "large" || got[2] != "small" {
		t.Errorf("classes = %v", got)
	}
	// Default returns a fresh copy each time.
	fw.Rules[0].ID = "changed"
	if Default().Rules[0].ID == "changed" {
		t.Error("Default shares its framework")
	}
}

func TestFrameworkJSON(t *testing.T) {
	b, err := json.Marshal(Default())
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"version":"2026.1"`, `"from":"planning","to":"execution"`, `"check":"status != null \u0026\u0026 status.days_old \u003c= 14"`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	if strings.Contains(s, `"Pos"`) || strings.Contains(s, `"Line"`) {
		t.Error("JSON leaks positions")
	}
}
