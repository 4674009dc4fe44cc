package store

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/demo"
)

// TestConcurrentWriters has 8 goroutines make 250 writes each, mixed with
// reads; every write must succeed ("database is locked" must never surface).
func TestConcurrentWriters(t *testing.T) {
	const writers, writes = 8, 250
	forEachDB(t, func(t *testing.T, db *DB) {
		pf := mustPortfolio(t, db, "PF")
		p := mustProject(t, db, pf.ID, "P")
		var wg sync.WaitGroup
		errs := make(chan error, writers*writes)
		for w := range writers {
			wg.Go(func() {
				for i := range writes {
					a := &pmo.Action{Entry: pmo.Entry{ProjectID: p.ID, Title: fmt.Sprintf("w%d-%d", w, i)}}
					if err := db.Actions().Create(ctx, a); err != nil {
						errs <- err
						continue
					}
					if i%5 == 0 { // an update of the row just written
						a.Owner = "owner"
						if err := db.Actions().Update(ctx, a); err != nil {
							errs <- err
						}
					}
					if i%25 == 0 {
						if _, _, err := db.FindProjects(ctx, pmo.ProjectFilter{}); err != nil {
							errs <- err
						}
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		n := 0
		for err := range errs {
			if n++; n <= 5 {
				t.Errorf("write failed: %v", err)
			}
		}
		if n > 0 {
			t.Fatalf("%d writes failed", n)
		}
		_, page, err := db.Actions().Find(ctx, pmo.RecordFilter{ProjectID: p.ID})
		must(t, err)
		if page.Total != writers*writes {
			t.Errorf("%d actions stored, want %d", page.Total, writers*writes)
		}
	})
}

const crashChildEnv = "PMO_STORE_CRASH_CHILD"

// TestImportKilled runs a large ImportDataset in a child process, kills it
// with SIGKILL while it is writing, and checks the database is exactly as
// before. The child is this test binary with crashChildEnv set to the path.
func TestImportKilled(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(t, path)
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	path := filepath.Join(t.TempDir(), "pmo.db")
	db := mustOpen(t, path)
	pf := mustPortfolio(t, db, "KEEP") // codes that the child's demo dataset does not use
	p := mustProject(t, db, pf.ID, "KEEP-1", func(p *pmo.Project) { p.Tags = []string{"keep"} })
	mustReport(t, db, p.ID, "2026-W40", pmo.Green)
	before := tableCounts(t, db)
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestImportKilled$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	must(t, err)
	cmd.Stderr = os.Stderr
	must(t, cmd.Start())
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(out)
	started := false
	for !started && lines.Scan() {
		started = strings.Contains(lines.Text(), "importing")
	}
	if !started {
		cmd.Wait()
		t.Fatal("the child exited before importing")
	}
	// Mid-write: the open transaction has spilled pages into the WAL.
	deadline := time.Now().Add(60 * time.Second)
	for walSize(path) < 1<<20 {
		if time.Now().After(deadline) {
			t.Fatal("the child never wrote to the WAL (did it fail? see its output above)")
		}
		time.Sleep(2 * time.Millisecond)
	}
	must(t, cmd.Process.Signal(syscall.SIGKILL))
	rest := ""
	for lines.Scan() {
		rest += lines.Text() + "\n"
	}
	cmd.Wait()
	if strings.Contains(rest, "import done") {
		t.Fatal("the import finished before the kill; make the dataset larger")
	}

	db = mustOpen(t, path)
	if diff := diff(before, tableCounts(t, db)); diff != "" {
		t.Errorf("rows after the killed import (-want +got):\n%s", diff)
	}
	var check string
	must(t, db.reader.QueryRow("PRAGMA integrity_check").Scan(&check))
	if check != "ok" {
		t.Errorf("integrity_check = %q", check)
	}
}

func crashChild(t *testing.T, path string) {
	d := demo.Generate(demo.Options{Seed: 3, Portfolios: 3, Projects: 600, Weeks: 104, Today: pmo.NewDate(2026, 11, 27)})
	db := mustOpen(t, path)
	fmt.Println("importing", len(d.StatusReports), "status reports")
	must(t, db.ImportDataset(ctx, d))
	fmt.Println("import done")
}

func walSize(path string) int64 {
	fi, err := os.Stat(path + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}
