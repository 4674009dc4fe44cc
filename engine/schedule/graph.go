package schedule

// edge is one link as seen from one end, stored contiguously per task (CSR).
type edge struct {
	other int32 // the task at the far end
	typ   LinkType
	flags uint8 // elapsedLag
	lag   int64 // effective lag: Lag plus LagPercent of the predecessor's duration
}

const elapsedLag = 1

// graph is the link structure of a network in compressed sparse rows, both
// directions, with a topological order.
type graph struct {
	predStart []int32 // preds of task i are pred[predStart[i]:predStart[i+1]]
	pred      []edge
	succStart []int32
	succ      []edge
	order     []int32 // topological order of all tasks
}

// newGraph builds the CSR adjacency and a topological order in O(n+m). It
// returns a *LinkError for a link to a missing task and a *CycleError when
// the links contain a cycle.
func newGraph(tasks []Task, links []Link) (*graph, error) {
	n := len(tasks)
	g := &graph{
		predStart: make([]int32, n+1),
		succStart: make([]int32, n+1),
		pred:      make([]edge, len(links)),
		succ:      make([]edge, len(links)),
	}
	for i := range links {
		l := &links[i]
		if uint(l.Pred) >= uint(n) || uint(l.Succ) >= uint(n) {
			return nil, &LinkError{Link: i, Tasks: n}
		}
		g.predStart[l.Succ+1]++
		g.succStart[l.Pred+1]++
	}
	for i := 0; i < n; i++ {
		g.predStart[i+1] += g.predStart[i]
		g.succStart[i+1] += g.succStart[i]
	}
	// Fill using the start offsets as cursors, then shift them back.
	pc := make([]int32, n)
	sc := make([]int32, n)
	copy(pc, g.predStart[:n])
	copy(sc, g.succStart[:n])
	for i := range links {
		l := &links[i]
		lag := l.Lag
		if l.LagPercent != 0 {
			lag += tasks[l.Pred].Duration * int64(l.LagPercent) / 100
		}
		var fl uint8
		if l.Elapsed {
			fl = elapsedLag
		}
		g.pred[pc[l.Succ]] = edge{other: int32(l.Pred), typ: l.Type, flags: fl, lag: lag}
		pc[l.Succ]++
		g.succ[sc[l.Pred]] = edge{other: int32(l.Succ), typ: l.Type, flags: fl, lag: lag}
		sc[l.Pred]++
	}
	// Kahn's algorithm; pc is reused as the in-degree count.
	indeg := pc
	order := make([]int32, 0, n)
	for i := 0; i < n; i++ {
		indeg[i] = g.predStart[i+1] - g.predStart[i]
		if indeg[i] == 0 {
			order = append(order, int32(i))
		}
	}
	for h := 0; h < len(order); h++ {
		v := order[h]
		for _, e := range g.succ[g.succStart[v]:g.succStart[v+1]] {
			indeg[e.other]--
			if indeg[e.other] == 0 {
				order = append(order, e.other)
			}
		}
	}
	if len(order) < n {
		return nil, &CycleError{Tasks: g.findCycle(indeg)}
	}
	g.order = order
	return g, nil
}

// findCycle returns one cycle among the tasks Kahn's algorithm could not
// order (indeg > 0). Every such task has a predecessor among them, so walking
// predecessors must revisit a task.
func (g *graph) findCycle(indeg []int32) []int {
	start := -1
	for i, d := range indeg {
		if d > 0 {
			start = i
			break
		}
	}
	seen := make(map[int]int) // task -> position in walk
	var walk []int
	v := start
	for {
		if p, ok := seen[v]; ok {
			cyc := walk[p:]
			// The walk follows predecessors; report successors in order.
			for i, j := 0, len(cyc)-1; i < j; i, j = i+1, j-1 {
				cyc[i], cyc[j] = cyc[j], cyc[i]
			}
			return append([]int(nil), cyc...)
		}
		seen[v] = len(walk)
		walk = append(walk, v)
		for _, e := range g.pred[g.predStart[v]:g.predStart[v+1]] {
			if indeg[e.other] > 0 {
				v = int(e.other)
				break
			}
		}
	}
}
