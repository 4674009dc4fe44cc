package bench

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMKnapReport runs the benchmark on real data when PMO_BENCH_DIR is set:
//
//	PMO_BENCH_DIR=/path/to/orlib-mknap PMO_BENCH_SETS=mknapcb1.txt,mknapcb4.txt \
//	PMO_BENCH_TIME=1s PMO_BENCH_STRIDE=1 PMO_BENCH_CBC=1 \
//	go test ./internal/bench -run TestMKnapReport -v -timeout 0
func TestMKnapReport(t *testing.T) {
	dir := os.Getenv("PMO_BENCH_DIR")
	if dir == "" {
		t.Skip("set PMO_BENCH_DIR to the OR-Library directory to run the benchmark")
	}
	limit := time.Second
	if s := os.Getenv("PMO_BENCH_TIME"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		limit = d
	}
	opt := MKnapOptions{Progress: os.Stdout, CBC: os.Getenv("PMO_BENCH_CBC") != "", Seed: 1}
	if s := os.Getenv("PMO_BENCH_SETS"); s != "" {
		opt.Sets = strings.Split(s, ",")
	}
	opt.Stride, _ = strconv.Atoi(os.Getenv("PMO_BENCH_STRIDE"))
	opt.Limit, _ = strconv.Atoi(os.Getenv("PMO_BENCH_LIMIT"))
	opt.CBCThreads, _ = strconv.Atoi(os.Getenv("PMO_BENCH_CBC_THREADS"))
	rep, err := RunMKnapBenchmark(context.Background(), dir, limit, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteTable(os.Stdout); err != nil {
		t.Fatal(err)
	}
}
