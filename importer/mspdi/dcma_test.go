package mspdi

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pmohq/pmo/engine/dcma"
	"github.com/pmohq/pmo/engine/schedule"
)

// summary is "number result count/total" per check.
func summary(r *dcma.Report) []string {
	var out []string
	for _, c := range r.Checks {
		out = append(out, fmt.Sprintf("%d %v %d/%d", c.Number, c.Result, c.Count, c.Total))
	}
	return out
}

func mustAssessFile(t *testing.T, file string, edit func(s *dcma.Schedule)) *dcma.Report {
	t.Helper()
	p := mustRead(t, filepath.Join("testdata", file))
	s, err := p.Assessment()
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(s)
	}
	r, err := dcma.Assess(s, dcma.DefaultThresholds())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestAssessmentSamples runs the DCMA checks on MS Project files as they
// are: sample files with little logic and no status date.
func TestAssessmentSamples(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		// 18 leaf tasks and 6 links: most tasks dangle, and 14 are unresourced.
		{"mpxj-sample1.xml", []string{"1 fail 17/17", "2 fail 1/6", "3 fail 1/6", "4 fail 3/6", "5 pass 0/17",
			"6 fail 14/17", "7 pass 0/17", "8 fail 1/17", "9 n/a 0/0", "10 fail 14/17", "11 n/a 0/0",
			"12 pass 0/1", "13 pass 0/1", "14 n/a 0/0"}},
		// Three resourced tasks, one of them complete, one FS link.
		{"mpxj-mspdiresource.xml", []string{"1 fail 2/2", "2 pass 0/1", "3 pass 0/1", "4 pass 1/1", "5 pass 0/2",
			"6 pass 0/2", "7 pass 0/2", "8 pass 0/2", "9 n/a 0/0", "10 pass 0/2", "11 n/a 0/0",
			"12 pass 0/1", "13 pass 0/1", "14 n/a 0/0"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := mustAssessFile(t, tt.file, nil)
			if diff := cmp.Diff(tt.want, summary(r)); diff != "" {
				t.Errorf("checks (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAssessmentStatus saves the computed dates of sample1 as its baseline
// and sets a status date 20 working days in: with no progress recorded the
// 16 tasks due are missed, BEI is 0 and the finish slips; recording the progress the baseline
// planned passes all three.
func TestAssessmentStatus(t *testing.T) {
	var status int64
	baseline := func(done bool) func(s *dcma.Schedule) {
		return func(s *dcma.Schedule) {
			n := s.Network
			res, err := schedule.Compute(n)
			if err != nil {
				t.Fatal(err)
			}
			status = n.Calendar.Add(n.Start, 20*s.DayTicks)
			for i := range s.Tasks {
				d := res.Tasks[i]
				s.Tasks[i].HasBaseline, s.Tasks[i].BaselineStart, s.Tasks[i].BaselineFinish = true, d.Start, d.Finish
				s.Tasks[i].BaselineDuration = n.Tasks[i].Duration
				tk := &n.Tasks[i]
				switch {
				case !done || d.Start >= status:
				case d.Finish <= status:
					tk.Started, tk.Finished, tk.PercentComplete = true, true, 100
					tk.ActualStart, tk.ActualFinish = d.Start, d.Finish
				default: // in progress: the share of work up to the status date
					cal := tk.Calendar
					if cal == nil {
						cal = n.Calendar
					}
					tk.Started, tk.ActualStart = true, d.Start
					tk.PercentComplete = 100 * float64(cal.Work(d.Start, status)) / float64(tk.Duration)
				}
			}
			n.StatusDate, n.HasStatusDate = status, true
		}
	}
	late := mustAssessFile(t, "mpxj-sample1.xml", baseline(false))
	onTime := mustAssessFile(t, "mpxj-sample1.xml", baseline(true))
	for _, tt := range []struct {
		r    *dcma.Report
		want []string
	}{
		{late, []string{"9 pass 0/18", "11 fail 16/16", "14 fail 0/16"}},
		{onTime, []string{"9 pass 0/18", "11 pass 0/16", "14 pass 16/16"}},
	} {
		got := summary(tt.r)
		if diff := cmp.Diff(tt.want, []string{got[8], got[10], got[13]}); diff != "" {
			t.Errorf("checks (-want +got):\n%s", diff)
		}
	}
	// Without progress the remaining 50 days start at the status date: the
	// finish slips 20 days, CPLI = (50 - 20) / 50.
	if c := late.Checks[12]; c.Result != dcma.Fail || c.Value != 0.6 {
		t.Errorf("CPLI when late = %v %v, want fail 0.6", c.Result, c.Value)
	}
	if c := onTime.Checks[12]; c.Result != dcma.Pass || c.Value != 1 {
		t.Errorf("CPLI on time = %v %v, want pass 1", c.Result, c.Value)
	}
}
