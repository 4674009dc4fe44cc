package psplib

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestRunPSPLIBData runs the full benchmark when PSPLIB_DIR names the data
// (e.g. ../../../shared/data/psplib); PSPLIB_SETS, PSPLIB_SCHEDULES and
// PSPLIB_LIMIT narrow it.
func TestRunPSPLIBData(t *testing.T) {
	dir := os.Getenv("PSPLIB_DIR")
	if dir == "" {
		t.Skip("PSPLIB_DIR not set")
	}
	schedules, _ := strconv.Atoi(os.Getenv("PSPLIB_SCHEDULES"))
	if schedules == 0 {
		schedules = 5000
	}
	limit, _ := strconv.Atoi(os.Getenv("PSPLIB_LIMIT"))
	var sets []string
	if s := os.Getenv("PSPLIB_SETS"); s != "" {
		sets = strings.Split(s, ",")
	}
	res, err := RunPSPLIB(dir, schedules, BenchOptions{Sets: sets, Limit: limit, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	WriteTable(&b, res)
	t.Log("\n" + b.String())
	for _, r := range res {
		if r.Invalid > 0 {
			t.Errorf("%s: %d invalid schedules", r.Set, r.Invalid)
		}
	}
}
