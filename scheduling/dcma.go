package scheduling

import (
	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/engine/dcma"
	"github.com/pmohq/pmo/importer/mspdi"
)

// Assessment converts s for the DCMA 14-point assessment (engine/dcma),
// measured against baseline b (none when nil): the activities are its leaf
// tasks, named by their row number as MS Project numbers them, with their
// resources, progress and constraints, on the schedule's status date. It
// goes through mspdi like Reschedule, so the checks see the network the
// dates come from. Invalid when the schedule cannot be computed.
func Assessment(s *pmo.Schedule, b *pmo.Baseline) (*dcma.Schedule, error) {
	var bls []pmo.Baseline
	if b != nil {
		// Whatever its number, the baseline compared with is the one the
		// checks read (baseline 0 of the converted project).
		c := *b
		c.Number = 0
		bls = []pmo.Baseline{c}
	}
	a, err := mspdi.FromSchedule(s, bls).Assessment()
	if err != nil {
		return nil, pmo.Errorf(pmo.Invalid, "the schedule cannot be assessed: %s", trimPrefix(err))
	}
	return a, nil
}

// Assess runs the DCMA 14-point assessment of s against baseline b with
// DOMAIN.md's thresholds. Invalid for a schedule that cannot be computed
// (a dependency cycle, an unusable calendar).
func Assess(s *pmo.Schedule, b *pmo.Baseline) (*dcma.Report, error) {
	a, err := Assessment(s, b)
	if err != nil {
		return nil, err
	}
	r, err := dcma.Assess(a, dcma.DefaultThresholds())
	if err != nil {
		return nil, pmo.Errorf(pmo.Invalid, "the schedule cannot be assessed: %s", trimPrefix(err))
	}
	return r, nil
}
