package scheduling

import (
	"testing"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/dcma"
)

// TestAssess assesses a stored schedule: without a baseline or status date
// the baseline checks do not apply; with a baseline saved from its own
// dates and a status date after some finishes, missed tasks and BEI fail
// (nothing is done) and name tasks by their row numbers.
func TestAssess(t *testing.T) {
	s := mustSchedule(t, "../importer/mspdi/testdata/mpxj-sample1.xml")
	if _, err := Reschedule(s, now); err != nil {
		t.Fatal(err)
	}
	r, err := Assess(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Activities != 18 || r.Checks[10].Result != dcma.NotApplicable || r.Checks[13].Result != dcma.NotApplicable {
		t.Fatalf("no baseline: %d activities, missed %v, BEI %v", r.Activities, r.Checks[10].Result, r.Checks[13].Result)
	}
	b := pmo.BaselineOf(s, 3, "plan") // any number: it is the one compared with
	s.StatusDate = s.Start.AddDate(0, 0, 30)
	r, err = Assess(s, b)
	if err != nil {
		t.Fatal(err)
	}
	missed, bei := r.Checks[10], r.Checks[13]
	if missed.Result != dcma.Fail || bei.Result != dcma.Fail || missed.Count == 0 || missed.Count != missed.Total {
		t.Errorf("missed %v %d/%d, BEI %v %v", missed.Result, missed.Count, missed.Total, bei.Result, bei.Value)
	}
	// Row numbers as MS Project's IDs: the project summary task is row 0;
	// row 3 is the milestone at the start (row 2 finishes later).
	if len(missed.Tasks) == 0 || missed.Tasks[0] != "3" {
		t.Errorf("missed tasks %v", missed.Tasks)
	}
}

func TestAssessInvalid(t *testing.T) {
	s := mustSchedule(t, "../importer/mspdi/testdata/mpxj-sample1.xml")
	s.Calendar = 999 // no such calendar
	if _, err := Assess(s, nil); pmo.ErrorKind(err) != pmo.Invalid {
		t.Errorf("err = %v, want Invalid", err)
	}
}
