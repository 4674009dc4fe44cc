package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pmohq/pmo/internal/bench"
	"github.com/pmohq/pmo/internal/psplib"
)

// runBench dispatches `pmo bench mknap|psplib`: the engines measured against
// published benchmark sets (docs/PERFORMANCE.md).
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	usage := `Usage:
  pmo bench mknap DIR [--time-limit 1s] [--sets mknapcb1.txt,...] [--stride N] [--limit N] [--cbc [--cbc-threads 2]]
        the portfolio optimiser on OR-Library multidimensional knapsack instances
        (DIR holds mknapcb*.txt and mkcbres.txt, e.g. ../shared/data/orlib-mknap)
  pmo bench psplib DIR [--schedules 5000] [--sets j30,j120] [--limit N] [--seed N]
        resource levelling on PSPLIB RCPSP instances
        (DIR holds j30/ ... j120/ and solutions/, e.g. ../shared/data/psplib)`
	if len(args) == 0 || (args[0] != "mknap" && args[0] != "psplib") {
		fmt.Fprintln(stderr, usage)
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
			return nil
		}
		return errUsage
	}
	if args[0] == "mknap" {
		return benchMKnap(ctx, args[1:], stdout, stderr)
	}
	return benchPSPLIB(ctx, args[1:], stdout, stderr)
}

// splitDir takes the leading DIR argument so flags may follow it.
func splitDir(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

func csvList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func benchMKnap(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench mknap", "bench mknap DIR [flags]", stderr)
	dir, rest := splitDir(args)
	limit := fs.Duration("time-limit", time.Second, "time limit per instance")
	sets := fs.String("sets", "", "comma-separated files inside DIR (default every mknapcb*.txt)")
	stride := fs.Int("stride", 1, "keep every N-th instance of each set")
	n := fs.Int("limit", 0, "at most N instances per set (0: all)")
	cbc := fs.Bool("cbc", false, "also run COIN-OR CBC (Debian package coinor-cbc) at the same time limit")
	cbcThreads := fs.Int("cbc-threads", 2, "threads for CBC; pmo uses two workers, so 2 compares like with like")
	progress := fs.Bool("v", false, "print a line per instance as it finishes")
	if err := parse(fs, rest); err != nil {
		return err
	}
	if dir == "" || *limit <= 0 || *stride < 1 || *n < 0 {
		fs.Usage()
		return errUsage
	}
	opt := bench.MKnapOptions{Sets: csvList(*sets), Stride: *stride, Limit: *n, Seed: 1, CBC: *cbc, CBCThreads: *cbcThreads}
	if *progress {
		opt.Progress = stderr
	}
	rep, err := bench.RunMKnapBenchmark(ctx, dir, *limit, opt)
	if err != nil {
		return err
	}
	return rep.WriteTable(stdout)
}

func benchPSPLIB(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench psplib", "bench psplib DIR [flags]", stderr)
	dir, rest := splitDir(args)
	schedules := fs.Int("schedules", 5000, "schedules generated per instance")
	sets := fs.String("sets", "", "comma-separated sets, e.g. j30,j120 (default every set found)")
	n := fs.Int("limit", 0, "at most N instances per set, spread evenly (0: all)")
	seed := fs.Uint64("seed", 1, "seed given to every instance")
	if err := parse(fs, rest); err != nil {
		return err
	}
	if dir == "" || *schedules < 1 || *n < 0 {
		fs.Usage()
		return errUsage
	}
	res, err := psplib.RunPSPLIB(dir, *schedules, psplib.BenchOptions{Sets: csvList(*sets), Limit: *n, Seed: *seed})
	if err != nil {
		return err
	}
	return psplib.WriteTable(stdout, res)
}
