package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchCommands(t *testing.T) {
	// A miniature PSPLIB tree built from the instances the psplib tests keep.
	dir := t.TempDir()
	src := filepath.Join("..", "..", "internal", "psplib", "testdata")
	copyFile := func(from, to string) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(src, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile("j301_1.sm", filepath.Join(dir, "j30", "j301_1.sm"))
	copyFile("j305_3.sm", filepath.Join(dir, "j30", "j305_3.sm"))
	copyFile("j30opt_excerpt.sm", filepath.Join(dir, "solutions", "j30opt.sm"))

	code, out, errs := runCLI(t, "bench", "psplib", dir, "--schedules", "500")
	if code != 0 || !strings.Contains(out, "| j30 | 2 | 500 |") {
		t.Errorf("bench psplib: code %d\n%s\n%s", code, out, errs)
	}
	for _, tt := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"bench"}, 2, "pmo bench mknap DIR"},
		{[]string{"bench", "psplib"}, 2, "Usage"},
		{[]string{"bench", "psplib", filepath.Join(dir, "missing")}, 1, "not found"},
		{[]string{"bench", "mknap", filepath.Join(dir, "missing")}, 1, "missing"},
		{[]string{"bench", "mknap", dir, "--time-limit", "0s"}, 2, "Usage"},
	} {
		code, _, errs := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.err) {
			t.Errorf("%v: code %d (want %d), stderr %q (want %q)", tt.args, code, tt.code, errs, tt.err)
		}
	}
}
