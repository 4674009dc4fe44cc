package schedule

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// PriorityRule orders activities for a schedule generation scheme.
type PriorityRule uint8

// Priority rules of the RCPSP literature (Kolisch 1996).
const (
	RuleLFT  PriorityRule = iota // latest finish time first
	RuleLST                      // latest start time first
	RuleMSLK                     // minimum slack first
	RuleMTS                      // most total successors first
	RuleGRPW                     // greatest rank positional weight: own plus immediate successors' durations
	RuleSPT                      // shortest processing time first
)

var ruleNames = [...]string{"LFT", "LST", "MSLK", "MTS", "GRPW", "SPT"}

func (r PriorityRule) String() string {
	if int(r) < len(ruleNames) {
		return ruleNames[r]
	}
	return fmt.Sprintf("PriorityRule(%d)", r)
}

// priorities returns the value of rule for each activity; lower goes first.
func (in *inst) priorities(rule PriorityRule) []int32 {
	n := in.n
	pr := make([]int32, n)
	for j := 0; j < n; j++ {
		switch rule {
		case RuleLFT:
			pr[j] = in.lf[j]
		case RuleLST:
			pr[j] = in.lf[j] - in.dur[j]
		case RuleMSLK:
			pr[j] = in.lf[j] - in.dur[j] - in.es[j]
		case RuleGRPW:
			pr[j] = -in.dur[j]
			for _, s := range in.bwd.of(int32(j)) {
				pr[j] -= in.dur[s]
			}
		case RuleSPT:
			pr[j] = in.dur[j]
		}
	}
	if rule == RuleMTS {
		for j, c := range in.totalSuccessors() {
			pr[j] = -c
		}
	}
	return pr
}

// totalSuccessors counts the transitive successors of each activity with
// bit sets, O(n²/64) words per link; above 8192 activities it counts
// immediate successors only.
func (in *inst) totalSuccessors() []int32 {
	n := in.n
	cnt := make([]int32, n)
	if n > 8192 {
		for j := range cnt {
			cnt[j] = in.bwd.start[j+1] - in.bwd.start[j]
		}
		return cnt
	}
	words := (n + 63) / 64
	set := make([]uint64, n*words)
	for k := n - 1; k >= 0; k-- {
		j := int(in.order[k])
		row := set[j*words : (j+1)*words]
		for _, s := range in.bwd.of(int32(j)) {
			row[s/64] |= 1 << (s % 64)
			for w, x := range set[int(s)*words : (int(s)+1)*words] {
				row[w] |= x
			}
		}
		for _, x := range row {
			cnt[j] += int32(bits.OnesCount64(x))
		}
	}
	return cnt
}

// sampleList draws a precedence-feasible activity list by regret-based
// biased random sampling: among eligible activities, j is chosen with
// weight (max prio - prio[j] + 1), so good activities by the rule are likely
// but not certain. With rng nil it picks the best deterministically.
func (w *sgs) sampleList(prio []int32, rng *rand.Rand, out []int32) {
	in := w.in
	left := w.left
	elig := w.ready[:0]
	for j := 0; j < in.n; j++ {
		left[j] = in.fwd.start[j+1] - in.fwd.start[j]
		if left[j] == 0 {
			elig = append(elig, int32(j))
		}
	}
	for i := range out {
		hi, lo := prio[elig[0]], prio[elig[0]]
		best := 0
		for k, j := range elig {
			if prio[j] > hi {
				hi = prio[j]
			}
			if prio[j] < lo || (prio[j] == lo && j < elig[best]) {
				lo, best = prio[j], k
			}
		}
		pick := best
		if rng != nil {
			var total int64
			for _, j := range elig {
				total += int64(hi - prio[j] + 1)
			}
			x := rng.Int64N(total)
			for k, j := range elig {
				if x -= int64(hi - prio[j] + 1); x < 0 {
					pick = k
					break
				}
			}
		}
		j := elig[pick]
		out[i] = j
		elig[pick] = elig[len(elig)-1]
		elig = elig[:len(elig)-1]
		for _, s := range in.bwd.of(j) {
			if left[s]--; left[s] == 0 {
				elig = append(elig, s)
			}
		}
	}
}

// Heuristic schedules p by a single priority rule with the serial or the
// parallel schedule generation scheme. It returns the start times and the
// makespan.
func Heuristic(p *Problem, rule PriorityRule, parallel bool) ([]int, int, error) {
	in, err := compile(p)
	if err != nil {
		return nil, 0, err
	}
	w := newSGS(in)
	prio := in.priorities(rule)
	start := make([]int32, in.n)
	var ms int32
	if parallel {
		ms = w.parallel(prio, start)
	} else {
		list := make([]int32, in.n)
		w.sampleList(prio, nil, list)
		ms = w.serial(&in.fwd, in.rel, in.base, list, start)
	}
	return ints(start), int(ms), nil
}

func ints(a []int32) []int {
	b := make([]int, len(a))
	for i, v := range a {
		b[i] = int(v)
	}
	return b
}
