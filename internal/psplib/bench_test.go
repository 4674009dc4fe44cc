package psplib

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/pmohq/pmo/engine/schedule"
)

// TestRunPSPLIBData runs the full benchmark when PSPLIB_DIR names the data
// (e.g. $PWD/../shared/data/psplib from the repository root); PSPLIB_SETS, PSPLIB_SCHEDULES,
// PSPLIB_LIMIT, PSPLIB_SEED (default 1) and PSPLIB_POPULATIONS (populations
// per instance, run in parallel; instances then run one at a time) tune it.
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
	seed, err := strconv.ParseUint(os.Getenv("PSPLIB_SEED"), 10, 64)
	if err != nil {
		seed = 1
	}
	pops, _ := strconv.Atoi(os.Getenv("PSPLIB_POPULATIONS"))
	workers := 0
	if pops > 1 {
		workers = 1 // one instance at a time, its populations in parallel
	}
	res, err := RunPSPLIB(dir, schedules, BenchOptions{Sets: sets, Limit: limit, Seed: seed, Populations: pops, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	WriteTable(&b, res)
	t.Log("\n" + b.String())
	if os.Getenv("PSPLIB_ABOVE") != "" {
		for _, r := range res {
			t.Logf("%s above the reference: %v", r.Set, r.Above)
		}
	}
	for _, r := range res {
		if r.Invalid > 0 {
			t.Errorf("%s: %d invalid schedules", r.Set, r.Invalid)
		}
	}
}

// TestCompareTaskJugglerData compares with TaskJuggler 3 when PSPLIB_DIR
// and PSPLIB_TJ3 (the path of tj3) are set; PSPLIB_SETS (default j30) and
// PSPLIB_LIMIT (default 48) choose the instances.
func TestCompareTaskJugglerData(t *testing.T) {
	dir, tj3 := os.Getenv("PSPLIB_DIR"), os.Getenv("PSPLIB_TJ3")
	if dir == "" || tj3 == "" {
		t.Skip("PSPLIB_DIR or PSPLIB_TJ3 not set")
	}
	sets := []string{"j30"}
	if s := os.Getenv("PSPLIB_SETS"); s != "" {
		sets = strings.Split(s, ",")
	}
	limit, _ := strconv.Atoi(os.Getenv("PSPLIB_LIMIT"))
	if limit == 0 {
		limit = 48
	}
	res, err := CompareTaskJuggler(context.Background(), dir, tj3, 5000, BenchOptions{Sets: sets, Limit: limit, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	WriteTJTable(&b, res)
	t.Log("\n" + b.String())
}

// BenchmarkPSPLIB reports the deviation and time per instance of the sets
// under PSPLIB_DIR (skipped when unset), e.g.
//
//	PSPLIB_DIR=$PWD/../shared/data/psplib PSPLIB_SETS=j30 go test -run XXX -bench PSPLIB -benchtime 1x ./internal/psplib
func BenchmarkPSPLIB(b *testing.B) {
	dir := os.Getenv("PSPLIB_DIR")
	if dir == "" {
		b.Skip("PSPLIB_DIR not set")
	}
	var sets []string
	if s := os.Getenv("PSPLIB_SETS"); s != "" {
		sets = strings.Split(s, ",")
	}
	limit, _ := strconv.Atoi(os.Getenv("PSPLIB_LIMIT"))
	for b.Loop() {
		res, err := RunPSPLIB(dir, 5000, BenchOptions{Sets: sets, Limit: limit, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			b.ReportMetric(r.DevBest, r.Set+"-dev-best-%")
			b.ReportMetric(r.DevLB, r.Set+"-dev-lb-%")
			b.ReportMetric(float64(r.PerInst.Microseconds())/1000, r.Set+"-ms/instance")
		}
	}
}

// BenchmarkLevelJ30 levels the j30 instances in testdata at 5,000 schedules.
func BenchmarkLevelJ30(b *testing.B) {
	var ps []*Instance
	for _, name := range []string{"j301_1.sm", "j305_3.sm", "j305_4.sm", "j3041_7.sm", "j3045_2.sm"} {
		ps = append(ps, mustRead(b, name))
	}
	for b.Loop() {
		for _, in := range ps {
			if _, err := schedule.Level(in.Problem(), schedule.LevelOptions{Schedules: 5000, Seed: 1}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*len(ps)), "ms/instance")
}
