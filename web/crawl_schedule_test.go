package web_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/store"
)

// crawlSchedules opens, as the administrator, the schedule page of every
// demo project that has a stored schedule (the whole-site crawl reaches
// only two schedule pages, perhaps empty ones): each must show the Gantt
// with its critical path and the resource histogram, pass the crawler's
// page checks, and every link it shows must open (one level deep).
func crawlSchedules(t *testing.T, db *store.DB, base string) {
	ctx := context.Background()
	ps, _, err := db.FindProjects(ctx, pmo.ProjectFilter{ListOptions: pmo.ListOptions{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	client, _ := mustSignIn(t, base, "admin")
	c := &crawler{t: t, role: "admin", base: base, client: client, seen: map[string]bool{}, shapes: map[string]int{}}
	pages := map[string]bool{}
	for _, p := range ps {
		s, err := db.FindSchedule(ctx, p.ID)
		if pmo.ErrorKind(err) == pmo.NotFound {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		u := "/projects/" + strconv.FormatInt(p.ID, 10) + "/schedule"
		pages[u] = true
		resp, err := client.Get(base + u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s", u, resp.Status)
		}
		for _, want := range []string{`class="gantt-scroll"`, ` critical`, `id="histogram"`, s.Tasks[1].Name} {
			if !strings.Contains(string(body), want) {
				t.Errorf("GET %s: no %q on the page of a schedule of %d tasks", u, want, len(s.Tasks))
			}
		}
		c.visit(link{url: u, from: "(schedules)"})
	}
	if len(pages) < 5 {
		t.Fatalf("%d demo projects with a schedule, want 5 or more", len(pages))
	}
	for _, l := range c.queue {
		if pages[l.from] {
			c.visit(l)
		}
	}
	t.Logf("%d schedule pages and the %d pages they link to", len(pages), c.pages-len(pages))
}
