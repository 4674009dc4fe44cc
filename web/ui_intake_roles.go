package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/pmohq/pmo"
)

// The intake and scenario forms both edit FTE per role and period as text,
// one role a line ("Developer: 2, 2, 1"), and name proposals by code.

// formatRoleLines writes rows one role a line.
func formatRoleLines(rows []pmo.RoleDemand) string {
	lines := make([]string, 0, len(rows))
	for _, d := range rows {
		xs := make([]string, len(d.FTE))
		for i, x := range d.FTE {
			xs[i] = strconv.FormatFloat(x, 'f', -1, 64)
		}
		lines = append(lines, d.Role+": "+strings.Join(xs, ", "))
	}
	return strings.Join(lines, "\n")
}

// parseRoleLines reads what formatRoleLines writes, skipping blank lines.
// bad is the number of the first line that is not "role: numbers" (0 when
// all are); such a line still yields a row, so the form shows it back.
func parseRoleLines(text string) (rows []pmo.RoleDemand, bad int) {
	for i, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		role, rest, ok := strings.Cut(line, ":")
		d := pmo.RoleDemand{Role: strings.TrimSpace(role)}
		for _, x := range splitList(rest) {
			f, err := strconv.ParseFloat(x, 64)
			ok = ok && err == nil
			d.FTE = append(d.FTE, f)
		}
		if !ok && bad == 0 {
			bad = i + 1
		}
		rows = append(rows, d)
	}
	return rows, bad
}

// proposalCodes lists the codes of the proposals ids names, leaving out
// any that no longer exist.
func (s *Server) proposalCodes(ctx context.Context, ids []int64) string {
	var out []string
	for _, id := range ids {
		if p, err := s.intake().FindProposalByID(ctx, id); err == nil {
			out = append(out, p.Code)
		}
	}
	return strings.Join(out, ", ")
}
