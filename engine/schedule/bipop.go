package schedule

// bipopFor reports whether a search with this total budget (over all
// populations) breeds one-schedule children: with many schedules per
// activity; decoding backwards needs constant capacity and no releases.
func (in *inst) bipopFor(budget int) bool {
	return budget >= bpFrom*in.n && in.rel == nil && !in.varying
}

// generationBP breeds children that cost one schedule each, after the
// bi-population genetic algorithm of Debels and Vanhoucke (2007): a child
// of left-justified parents (decoded forwards) is decoded backwards from
// the crossover of their orders by decreasing finish, which right-justifies
// it; a child of right-justified parents is decoded forwards from the
// crossover of their orders by increasing start. Each child is thus one
// pass of forward-backward improvement over a recombined schedule. With
// many schedules per activity (small projects) three times as many
// children beat fully justified ones: PSPLIB j30 0.036 % from the optimum
// over seeds 1–3 instead of 0.057 %; with fewer (j60 and above) full
// justification of every child wins (docs/PERFORMANCE.md).
func (g *ga) generationBP() {
	in, w := g.in, g.w
	n := len(g.pop)
	children := make([]*indiv, 0, n)
	for len(children) < n && !g.spent() {
		a := g.tournament()
		if float64(w.count) > focusAfter*float64(g.budget) && g.rng.IntN(2) == 0 {
			a = g.pop[0]
		}
		// A mate from the same side, if a few draws find one.
		b := g.tournament()
		for i := 0; i < 8 && (b == a || b.right != a.right); i++ {
			b = g.pop[g.rng.IntN(n)]
		}
		c := g.newIndiv()
		if a.right {
			g.crossover(a.list, b.list, c.list)
			g.mutate(c.list)
			if g.seen(c.list) {
				continue
			}
			c.ms = w.serial(&in.fwd, in.rel, in.base, c.list, c.start)
		} else {
			c.back = make([]int32, in.n)
			g.crossover(g.backList(a), g.backList(b), c.back)
			g.mutateDir(c.back, &in.bwd, &in.fwd)
			if g.seenBack(c.back) {
				continue
			}
			msb := w.serial(&in.bwd, nil, in.base, c.back, w.mirror)
			fin := w.tmp
			for j := range c.start {
				c.start[j] = msb - w.mirror[j] - in.dur[j]
				fin[j] = w.mirror[j] + in.dur[j] // mirrored finish: msb - start
			}
			w.byTimeDesc(fin, c.back, c.list) // by increasing start
			c.ms, c.right = msb, true
		}
		h := uint64(14695981039346656037) // FNV-1a
		for _, s := range c.start {
			h = (h ^ uint64(s)) * 1099511628211
		}
		c.hash = h
		if c.ms < g.best.ms {
			g.best = c
		}
		children = append(children, c)
	}
	g.pop = append(g.pop, children...)
	g.survive(n)
}

// backList returns x's activities by decreasing finish, ties in reverse
// list order, an order feasible for the backward scheme; it is computed
// once per member.
func (g *ga) backList(x *indiv) []int32 {
	if x.back == nil {
		fin := g.w.tmp
		for j, s := range x.start {
			fin[j] = s + g.in.dur[j]
		}
		x.back = make([]int32, g.in.n)
		g.w.byTimeDesc(fin, x.list, x.back)
	}
	return x.back
}

// seenBack is seen for lists decoded backwards, hashed apart from the
// forward ones.
func (g *ga) seenBack(list []int32) bool {
	h := uint64(0x9e3779b97f4a7c15)
	for _, j := range list {
		h = (h ^ uint64(j)) * 1099511628211
	}
	if g.lists[h] {
		g.repeats++
		return g.repeats%retryEvery != 0
	}
	g.lists[h] = true
	return false
}
