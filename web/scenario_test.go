package web_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// scenario is one HTTP exchange and what must come of it, in the style of
// pocketbase's tests.ApiScenario.
type scenario struct {
	name    string
	method  string
	url     string // may use {portfolio}, {program}, {project}, {project2}, {risk}, {milestone}, {change}, {report}
	body    string // same placeholders
	headers map[string]string

	wantStatus  int
	wantFields  []string // for problems: the fields named in errors, in any order
	wantHeaders map[string]string
	wantBody    []string // substrings of the body (after placeholders)
	// unchanged lists URLs whose GET body must be the same before and
	// after the request: nothing was written.
	unchanged []string
	after     func(t *testing.T, e *env, res response)
}

// runScenarios runs each scenario against a fresh environment.
func runScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			e := mustEnv(t)
			s.run(t, e)
		})
	}
}

func (s scenario) run(t *testing.T, e *env) {
	t.Helper()
	before := map[string]string{}
	for _, u := range s.unchanged {
		before[u] = compact(e.get(t, e.expand(u)).body)
	}
	headers := map[string]string{}
	for k, v := range s.headers {
		headers[k] = e.expand(v)
	}
	res := e.do(t, s.method, e.expand(s.url), e.expand(s.body), headers)
	if res.StatusCode != s.wantStatus {
		t.Fatalf("%s %s: status %d, want %d\n%s", s.method, s.url, res.StatusCode, s.wantStatus, res.body)
	}
	checkResponse(t, s.method, e.expand(s.url), res.StatusCode, res.body)
	ct := res.Header.Get("Content-Type")
	if s.wantStatus >= 400 {
		if ct != "application/problem+json" {
			t.Errorf("Content-Type %q, want application/problem+json", ct)
		}
		var p problemBody
		decode(t, res, &p)
		if p.Status != s.wantStatus || p.Title == "" || p.Type == "" {
			t.Errorf("problem %+v lacks status, title or type", p)
		}
		got := p.fields()
		for _, f := range s.wantFields {
			if !slices.Contains(got, f) {
				t.Errorf("problem names fields %q, want %q among them\n%s", got, f, res.body)
			}
		}
		if len(s.wantFields) > 0 && len(got) != len(s.wantFields) {
			t.Errorf("problem names fields %q, want exactly %q", got, s.wantFields)
		}
	}
	for k, v := range s.wantHeaders {
		if got := res.Header.Get(k); got != e.expand(v) {
			t.Errorf("header %s = %q, want %q", k, got, e.expand(v))
		}
	}
	for _, sub := range s.wantBody {
		if !strings.Contains(string(res.body), e.expand(sub)) {
			t.Errorf("body lacks %q:\n%s", e.expand(sub), res.body)
		}
	}
	for _, u := range s.unchanged {
		if after := compact(e.get(t, e.expand(u)).body); after != before[u] {
			t.Errorf("GET %s changed:\nbefore %s\nafter  %s", u, before[u], after)
		}
	}
	if s.after != nil {
		s.after(t, e, res)
	}
}

// expand replaces fixture placeholders with ids.
func (e *env) expand(s string) string {
	r := strings.NewReplacer(
		"{portfolio}", fmt.Sprint(e.ids.portfolio),
		"{program}", fmt.Sprint(e.ids.program),
		"{project}", fmt.Sprint(e.ids.project),
		"{project2}", fmt.Sprint(e.ids.project2),
		"{risk}", fmt.Sprint(e.ids.risk),
		"{milestone}", fmt.Sprint(e.ids.milestone),
		"{change}", fmt.Sprint(e.ids.change),
		"{report}", fmt.Sprint(e.ids.report),
	)
	return r.Replace(s)
}
