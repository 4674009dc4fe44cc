// Command pmoload drives a running pmo server over HTTP with N concurrent
// connections for a fixed time and reports requests/s and latency
// percentiles per URL path. It is the load generator of scripts/loadtest.sh
// and docs/PERFORMANCE.md:
//
//	PMO_TOKEN=... pmoload -url http://127.0.0.1:8080 -c 16 -d 10s \
//	    '/api/v1/projects?limit=100' '/api/v1/projects?limit=50&state=active&rag=red'
//
// The API wants a bearer token (pmo token create); -token or PMO_TOKEN
// supplies it. Like a browser, the client asks for gzip.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "base URL of the pmo server")
	conns := flag.Int("c", 16, "concurrent connections")
	dur := flag.Duration("d", 10*time.Second, "duration per path")
	token := flag.String("token", os.Getenv("PMO_TOKEN"), "API token sent as a bearer token (env PMO_TOKEN)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "Usage: pmoload [-url URL] [-c N] [-d DURATION] [-token TOKEN] PATH...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 || *conns < 1 || *dur <= 0 {
		flag.Usage()
		os.Exit(2)
	}
	fmt.Printf("%-60s %8s %8s %9s %9s %9s %7s\n", "path", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors")
	for _, path := range flag.Args() {
		r, err := load(context.Background(), *base+path, *token, *conns, *dur)
		if err != nil {
			fmt.Fprintln(os.Stderr, "pmoload:", err)
			os.Exit(1)
		}
		fmt.Printf("%-60s %8d %8.0f %9.2f %9.2f %9.2f %7d\n", path, r.n, r.rps, ms(r.p50), ms(r.p99), ms(r.max), r.errors)
	}
}

type result struct {
	n             int
	rps           float64
	p50, p99, max time.Duration
	errors        int
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// load sends GET url from conns workers until dur has passed. A response
// other than 200 counts as an error; a failing first request aborts the run.
func load(ctx context.Context, url, token string, conns int, dur time.Duration) (result, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, DisableCompression: false}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()

	// One warm-up request shows a wrong URL before the clock starts.
	if err := get(client, url, token); err != nil {
		return result{}, err
	}
	deadline := time.Now().Add(dur)
	var mu sync.Mutex
	var all []time.Duration
	errs := 0
	var wg sync.WaitGroup
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			bad := 0
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t0 := time.Now()
				if err := get(client, url, token); err != nil {
					bad++
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			all = append(all, lat...)
			errs += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(all) == 0 {
		return result{errors: errs}, fmt.Errorf("%s: no successful requests", url)
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	return result{
		n:   len(all),
		rps: float64(len(all)) / elapsed.Seconds(),
		p50: pct(0.50), p99: pct(0.99), max: all[len(all)-1],
		errors: errs,
	}, nil
}

func get(c *http.Client, url, token string) error {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}
