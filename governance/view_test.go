package governance

import (
	"testing"

	"github.com/pmohq/pmo"
)

func TestIsOpenMatchesClosedStatuses(t *testing.T) {
	for _, s := range pmo.ClosedStatuses() {
		if isOpen(&pmo.Entry{Status: s}) {
			t.Errorf("status %s counts as open", s)
		}
	}
	for _, s := range []string{"open", "in_progress", "pending", "at_risk"} {
		if !isOpen(&pmo.Entry{Status: s}) {
			t.Errorf("status %s counts as closed", s)
		}
	}
}
