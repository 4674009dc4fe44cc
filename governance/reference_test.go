package governance

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestReference keeps testdata/view.md, the reference that
// docs/GOVERNANCE.md reproduces, in step with the view; refresh with -update.
func TestReference(t *testing.T) {
	got := Reference()
	path := filepath.Join("testdata", "view.md")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("Reference() differs from %s; run go test ./governance -run TestReference -update", path)
	}
	doc, err := os.ReadFile(filepath.Join("..", "docs", "GOVERNANCE.md"))
	if err != nil {
		t.Skipf("docs/GOVERNANCE.md: %v", err)
	}
	if !strings.Contains(string(doc), got) {
		t.Errorf("docs/GOVERNANCE.md does not contain the current view reference (testdata/view.md)")
	}
}

// TestDocExample parses the example framework in docs/GOVERNANCE.md.
func TestDocExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "GOVERNANCE.md"))
	if err != nil {
		t.Skipf("docs/GOVERNANCE.md: %v", err)
	}
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	if !ok {
		t.Fatal("no yaml example")
	}
	example, _, _ := strings.Cut(rest, "```")
	fw, err := Parse("GOVERNANCE.md", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	prog := MustCompile(fw)
	d := cleanProject()
	d.Project.Stage = pmo.Planning
	if _, err := EvaluateGate(prog, d, "G1", testNow); err != nil {
		t.Fatal(err)
	}
	if fs := AuditProject(prog, d, testNow); len(fs) != 0 {
		t.Errorf("findings on a clean project: %+v", fs)
	}
}
