package demo

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo"
)

var today = pmo.NewDate(2026, time.November, 27)

// sizes are the option sets every structural test runs over.
var sizes = []struct {
	name string
	opts Options
}{
	{"default", DefaultOptions(today)},
	{"seed 7", Options{Seed: 7, Portfolios: 3, Projects: 150, Weeks: 104, Today: today}},
	{"tiny", Options{Seed: 3, Portfolios: 1, Projects: 5, Weeks: 4, Today: pmo.NewDate(2025, time.March, 2)}},
	{"small", Options{Seed: -42, Portfolios: 2, Projects: 40, Weeks: 13, Today: pmo.NewDate(2027, time.January, 1)}},
	{"wide", Options{Seed: 99, Portfolios: 7, Projects: 900, Weeks: 52, Today: today}},
}

func TestGenerateIsDeterministic(t *testing.T) {
	opt := cmp.AllowUnexported(pmo.Date{})
	a := Generate(DefaultOptions(today))
	b := Generate(DefaultOptions(today))
	if diff := cmp.Diff(a, b, opt); diff != "" {
		t.Fatalf("same options, different datasets (-first +second):\n%s", diff)
	}
	other := DefaultOptions(today)
	other.Seed = 2
	if cmp.Equal(a, Generate(other), opt) {
		t.Fatal("seeds 1 and 2 gave identical datasets")
	}
}

func TestGenerateDefaultsZeroOptions(t *testing.T) {
	d := Generate(Options{})
	if got, want := len(d.Projects), DefaultOptions(today).Projects; got != want {
		t.Errorf("zero options: %d projects, want %d", got, want)
	}
}

// TestRecordsPrepare checks every record against its own validation, and
// project custom fields against their portfolio's definitions.
func TestRecordsPrepare(t *testing.T) {
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			d := Generate(tc.opts)
			check := func(kind string, i int, err error) {
				t.Helper()
				if err != nil {
					t.Errorf("%s[%d]: %v", kind, i, err)
				}
			}
			for i, r := range d.Portfolios {
				check("portfolios", i, r.Prepare())
			}
			for i, r := range d.Programs {
				check("programs", i, r.Prepare())
			}
			for i, r := range d.Projects {
				check("projects", i, r.Prepare())
				check("projects.custom_fields", i, pmo.CheckCustomFields(d.Portfolios[r.PortfolioID-1].CustomFields, r.CustomFields))
			}
			for i, r := range d.StatusReports {
				check("status_reports", i, r.Prepare())
			}
			for i, r := range d.Milestones {
				check("milestones", i, r.Prepare())
			}
			for i, r := range d.Risks {
				check("risks", i, r.Prepare())
			}
			for i, r := range d.Issues {
				check("issues", i, r.Prepare())
			}
			for i, r := range d.Actions {
				check("actions", i, r.Prepare())
			}
			for i, r := range d.Decisions {
				check("decisions", i, r.Prepare())
			}
			for i, r := range d.Dependencies {
				check("dependencies", i, r.Prepare())
			}
			for i, r := range d.ChangeRequests {
				check("change_requests", i, r.Prepare())
			}
		})
	}
}

func TestDefaultSize(t *testing.T) {
	d := Generate(DefaultOptions(today))
	raid := len(d.Risks) + len(d.Issues) + len(d.Actions) + len(d.Decisions) + len(d.Dependencies)
	for _, c := range []struct {
		what   string
		got    int
		lo, hi int
	}{
		{"portfolios", len(d.Portfolios), 3, 3},
		{"programs", len(d.Programs), 10, 14},
		{"projects", len(d.Projects), 150, 150},
		{"status reports", len(d.StatusReports), 2500, 9000},
		{"RAID records", raid, 1500, 2500},
		{"risks", len(d.Risks), 600, 1200},
		{"dependencies", len(d.Dependencies), 25, 150},
		{"milestones", len(d.Milestones), 400, 1000},
		{"change requests", len(d.ChangeRequests), 100, 400},
	} {
		if c.got < c.lo || c.got > c.hi {
			t.Errorf("%s = %d, want %d..%d", c.what, c.got, c.lo, c.hi)
		}
	}
	direct, names := 0, map[string]bool{}
	for _, p := range d.Projects {
		if names[p.Name] {
			t.Errorf("two projects named %q", p.Name)
		}
		names[p.Name] = true
		if p.ProgramID == 0 {
			direct++
		}
	}
	if direct == 0 || direct > len(d.Projects)/3 {
		t.Errorf("%d projects directly under a portfolio, want some but a minority", direct)
	}
	currencies := map[string]int{}
	types := map[pmo.PMOType]bool{}
	for _, p := range d.Portfolios {
		currencies[p.Currency]++
		types[p.PMOType] = true
	}
	if currencies["EUR"] != 2 || len(currencies) != 2 || len(types) != 3 {
		t.Errorf("portfolios: currencies %v, PMO types %v; want mostly EUR plus one other, three types", currencies, types)
	}
}

// TestGenerateScales generates the benchmark dataset for the store.
func TestGenerateScales(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 projects: skipped in -short")
	}
	start := time.Now()
	d := Generate(Options{Seed: 1, Portfolios: 3, Projects: 10_000, Weeks: 52, Today: today})
	elapsed := time.Since(start)
	t.Logf("10,000 projects x 52 weeks: %d status reports, %d RAID records, %d milestones in %v",
		len(d.StatusReports), len(d.Risks)+len(d.Issues)+len(d.Actions)+len(d.Decisions)+len(d.Dependencies), len(d.Milestones), elapsed)
	if n := len(d.StatusReports); n < 150_000 || n > 600_000 {
		t.Errorf("%d status reports, want 150,000..600,000", n)
	}
	codes := map[string]bool{}
	for _, p := range d.Projects {
		if codes[p.Code] {
			t.Fatalf("duplicate project code %s", p.Code)
		}
		codes[p.Code] = true
	}
}

func BenchmarkGenerate(b *testing.B) {
	opts := DefaultOptions(today)
	for b.Loop() {
		Generate(opts)
	}
}

func ExampleGenerate() {
	d := Generate(DefaultOptions(pmo.NewDate(2026, time.November, 27)))
	fmt.Println(len(d.Portfolios), "portfolios,", len(d.Programs), "programs,", len(d.Projects), "projects")
	// Output: 3 portfolios, 12 programs, 150 projects
}
