package store

import (
	"fmt"
	"testing"

	"github.com/pmohq/pmo"
)

// BenchmarkSchedule measures storing and reading a whole schedule of
// 5,000 tasks (4,000 links and assignments) on each database, and one task
// edit, which validates the whole schedule again.
func BenchmarkSchedule(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var db *DB
			if dialect == "sqlite" {
				db = mustOpenSQLite(b)
			} else {
				db = mustOpenPostgres(b)
			}
			pf := mustPortfolio(b, db, "PF")
			p := mustProject(b, db, pf.ID, "BIG")
			version := 0
			b.Run("replace-5000", func(b *testing.B) {
				for b.Loop() {
					must(b, db.ReplaceSchedule(ctx, bigSchedule(p.ID, 5000), nil, version))
					version++
				}
			})
			b.Run("find-5000", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.FindSchedule(ctx, p.ID); err != nil {
						b.Fatal(err)
					}
				}
			})
			s, err := db.FindSchedule(ctx, p.ID)
			must(b, err)
			k := s.Tasks[len(s.Tasks)-1]
			b.Run("update-task", func(b *testing.B) {
				i := 0
				for b.Loop() {
					name := fmt.Sprint("Renamed ", i)
					upd := pmoTaskName(&name)
					got, err := db.UpdateTask(ctx, k.ID, k.Version, upd)
					if err != nil {
						b.Fatal(err)
					}
					k.Version = got.Version
					i++
				}
			})
		})
	}
}

func pmoTaskName(name *string) pmo.TaskUpdate { return pmo.TaskUpdate{Name: name} }
