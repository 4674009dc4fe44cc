// Package score ranks proposals by weighted scoring and derives criterion
// weights from pairwise comparisons (AHP). It is pure: values in, values
// out, no I/O, clock or random source.
//
// # Weighted scoring
//
// A Model has criteria, each with a weight, a scale (for example 0 to 5)
// and a direction: Benefit criteria (strategic alignment) are good when
// high, Cost criteria (delivery risk, complexity) are good when low. A
// score s on a criterion with scale [lo, hi] is normalised to 0..1 as
// (s-lo)/(hi-lo) for a benefit and (hi-s)/(hi-lo) for a cost, and a
// proposal's total is
//
//	S = 100 × Σ w_i n_i / Σ w_i
//
// on 0..100, where n_i is the normalised mean of the reviewers' scores on
// criterion i (DOMAIN.md §2). Several reviewers may score a proposal; Rank
// shows their mean and spread (min, max, standard deviation) per criterion
// so that a panel sees where it disagrees before it trusts the total. A
// criterion nobody scored counts as the worst score and the proposal is
// flagged incomplete, so that missing scores never lift a proposal.
//
// Rank orders proposals by total; ties (totals within 1e-9) go to the
// proposal with the better normalised score on the heaviest criterion,
// then the next heaviest, and finally to the smaller ID, so the order is
// the same on every run.
//
// # Pairwise weights (AHP)
//
// AHP (Saaty) derives weights from judgements "criterion a is x times as
// important as criterion b" on the 1..9 scale with reciprocals, collected
// in a positive reciprocal matrix. The weights are its principal
// eigenvector, found by power iteration from the normalised row geometric
// means; λmax = mean_i (A·w)_i / w_i, the consistency index is
// CI = (λmax − n)/(n − 1) and the consistency ratio CR = CI/RI with Saaty's
// random index RI. A CR above 0.10 means the judgements contradict each
// other too much to trust; the result lists the judgements that deviate
// most from the derived weights, the ones to revisit first.
package score
