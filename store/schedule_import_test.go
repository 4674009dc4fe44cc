package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/importer/mspdi"
)

// TestScheduleImportSamples stores MS Project files converted by mspdi
// (the repository's sample and, when present, the largest shared one with
// its eleven baselines) and reads them back unchanged.
func TestScheduleImportSamples(t *testing.T) {
	files := []string{"../importer/mspdi/testdata/mpxj-sample1.xml"}
	if _, err := os.Stat("/work/shared/data/mspdi/mpxj-task-baselines-project2016-mspdi.xml"); err == nil {
		files = append(files, "/work/shared/data/mspdi/mpxj-task-baselines-project2016-mspdi.xml")
	}
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		for i, name := range files {
			p := mustProject(t, db, pf.ID, fmt.Sprint("P", i))
			f, err := os.Open(name)
			must(t, err)
			mp, err := mspdi.Read(f)
			f.Close()
			must(t, err)
			s, bs := mp.Schedule(p.ID)
			must(t, db.ReplaceSchedule(ctx, s, bs, 0))
			got, err := db.FindSchedule(ctx, p.ID)
			must(t, err)
			if d := diff(s, got); d != "" {
				t.Errorf("%s read back (-stored +read):\n%s", filepath.Base(name), d)
			}
			for _, b := range bs {
				sb, err := db.FindBaseline(ctx, p.ID, b.Number)
				must(t, err)
				if d := diff(b.Tasks, sb.Tasks); d != "" {
					t.Errorf("%s baseline %d (-file +stored):\n%s", filepath.Base(name), b.Number, d)
				}
			}
		}
	})
}

// bigSchedule is n tasks in summaries of ten, each linked to the one
// before, with a resource on every task.
func bigSchedule(projectID int64, n int) *pmo.Schedule {
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	s := &pmo.Schedule{ProjectID: projectID, Name: "Big", Start: start, Calendar: -1,
		Resources: []pmo.Resource{{UID: 1, Name: "Team", MaxUnits: 5, Calendar: -1}}}
	for i := 1; i <= n; i++ {
		k := pmo.Task{UID: i, Name: fmt.Sprint("Task ", i), OutlineLevel: 2, Duration: 480, Calendar: -1}
		if i%10 == 1 {
			k.OutlineLevel, k.Duration = 1, 0
		} else if i%10 != 2 {
			k.Predecessors = []pmo.Link{{Predecessor: i - 1}}
			s.Assignments = append(s.Assignments, pmo.Assignment{UID: i, Task: i, Resource: 1, Units: 1, Work: 480})
		}
		s.Tasks = append(s.Tasks, k)
	}
	return s
}

// TestScheduleBigImport stores 20,000 tasks in one transaction and
// replaces them.
func TestScheduleBigImport(t *testing.T) {
	if testing.Short() {
		t.Skip("big import")
	}
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "BIG")
		s := bigSchedule(p.ID, 20000)
		must(t, db.ReplaceSchedule(ctx, s, nil, 0))
		must(t, db.ReplaceSchedule(ctx, bigSchedule(p.ID, 20000), nil, 1))
		got, err := db.FindSchedule(ctx, p.ID)
		must(t, err)
		links := 0
		for _, k := range got.Tasks {
			links += len(k.Predecessors)
		}
		if len(got.Tasks) != 20000 || links != 16000 || len(got.Assignments) != 16000 || got.Version != 2 {
			t.Errorf("read %d tasks, %d links, %d assignments, version %d", len(got.Tasks), links, len(got.Assignments), got.Version)
		}
		counts := scheduleCounts(t, db)
		if counts["schedule_tasks"] != 20000 || counts["schedule_links"] != 16000 {
			t.Errorf("rows after the replace: %v", counts)
		}
	})
}
