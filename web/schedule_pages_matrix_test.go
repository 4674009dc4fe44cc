package web

import (
	"context"
	"os"
	"testing"

	"github.com/pmohq/pmo/importer/mspdi"
	"github.com/pmohq/pmo/store"
)

// The expected access of the schedule pages (web/ui_schedule.go) and the
// schedule their project's {id} paths need.
func init() {
	matrixParts = append(matrixParts, func() map[string]access {
		return map[string]access{
			"GET /projects/{id}/schedule":             read,
			"GET /projects/{id}/schedule.xml":         read,
			"POST /projects/{id}/schedule/import":     edit,
			"POST /projects/{id}/schedule/reschedule": edit,
			"POST /projects/{id}/schedule/level":      edit,
			"POST /projects/{id}/schedule/baselines":  edit,
		}
	})
	matrixSeeds = append(matrixSeeds, seedSchedulePages)
}

// seedSchedulePages gives each portfolio's project the schedule of an MS
// Project sample file, so that the pages render a real schedule.
func seedSchedulePages(t *testing.T, db *store.DB, code string, ids map[string]int64) {
	t.Helper()
	f, err := os.Open("../importer/mspdi/testdata/mpxj-sample1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := mspdi.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	sc, bls := p.Schedule(ids["projects"])
	if err := db.ReplaceSchedule(context.Background(), sc, bls, 0); err != nil {
		t.Fatal(err)
	}
}
