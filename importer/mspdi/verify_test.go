package mspdi

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestSharedSamples prints, for each sample in the shared data directory,
// how many leaf tasks reschedule to MS Project's values (the table of
// docs/SCHEDULING.md). It asserts nothing: TestTestdataMatch does.
func TestSharedSamples(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/data/mspdi/*.xml")
	if len(files) == 0 {
		t.Skip("no shared MSPDI samples")
	}
	for _, f := range files {
		p := mustRead(t, f)
		n, m, diffs, err := p.Check()
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		t.Logf("| %s | %d | %d |", filepath.Base(f), n, m)
		var buf bytes.Buffer
		if err := Write(&buf, p); err != nil {
			t.Errorf("%s: Write: %v", f, err)
		} else if q, err := Read(&buf); err != nil || !reflect.DeepEqual(p, q) {
			t.Errorf("%s: round trip differs (err %v)", f, err)
		}
		for i, d := range diffs {
			if i < 12 {
				t.Logf("    UID %d %q %s: want %s got %s", d.UID, d.Name, d.Field, d.Want, d.Got)
			}
		}
	}
}

func mustRead(tb testing.TB, name string) *Project {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	p, err := Read(f)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return p
}
