package schedule

// edge is one link seen from its successor, stored contiguously per
// successor (compressed sparse rows).
type edge struct {
	pred  int32
	typ   LinkType
	flags uint8 // elapsedLag
	lag   int64 // effective lag: Lag plus LagPercent of the predecessor's duration
}

const elapsedLag = 1

// graph is the link structure of a network: predecessor lists in CSR form
// and a topological order. Passes that need successors push values to
// predecessors instead, so no successor lists are built.
type graph struct {
	predStart []int32 // preds of task i are pred[predStart[i]:predStart[i+1]]
	pred      []edge
	hasSucc   []bool
	order     []int32 // topological order of all tasks
}

// build sets g from the tasks and links in O(n+m), reusing g's memory. It
// returns a *LinkError for a link to a missing task and a *CycleError when
// the links contain a cycle.
func (g *graph) build(tasks []Task, links []Link) error {
	n := len(tasks)
	g.predStart = resize(g.predStart, n+1)
	g.pred = resize(g.pred, len(links))
	g.hasSucc = resize(g.hasSucc, n)
	clear(g.predStart)
	clear(g.hasSucc)
	ordered := true // every link goes from a lower to a higher index
	for i := range links {
		l := &links[i]
		if uint(l.Pred) >= uint(n) || uint(l.Succ) >= uint(n) {
			return &LinkError{Link: i, Tasks: n}
		}
		ordered = ordered && l.Pred < l.Succ
		g.predStart[l.Succ+1]++
		g.hasSucc[l.Pred] = true
	}
	for i := 0; i < n; i++ {
		g.predStart[i+1] += g.predStart[i]
	}
	// Fill using a copy of the start offsets as cursors.
	g.order = resize(g.order, n)
	cur := g.order
	copy(cur, g.predStart[:n])
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
		g.pred[cur[l.Succ]] = edge{pred: int32(l.Pred), typ: l.Type, flags: fl, lag: lag}
		cur[l.Succ]++
	}
	g.order = cur[:0]
	if ordered {
		// Plans usually list tasks in a topological order already.
		for i := 0; i < n; i++ {
			g.order = append(g.order, int32(i))
		}
		return nil
	}
	return g.sort(n)
}

// resize returns s with length n, reallocating only when its capacity is short.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// sort sets g.order by an iterative depth-first search over predecessors:
// a task is emitted once all its predecessors are. A predecessor found on
// the current path closes a cycle.
func (g *graph) sort(n int) error {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]uint8, n)
	stack := make([]int32, 0, 64)  // the current path, each task a successor of the next
	cursor := make([]int32, 0, 64) // next pred edge to explore for each stack entry
	for root := 0; root < n; root++ {
		if state[root] != unseen {
			continue
		}
		stack, cursor = append(stack, int32(root)), append(cursor, g.predStart[root])
		state[root] = onPath
		for len(stack) > 0 {
			top := len(stack) - 1
			v := stack[top]
			if c := cursor[top]; c < g.predStart[v+1] {
				cursor[top]++
				u := g.pred[c].pred
				switch state[u] {
				case unseen:
					state[u] = onPath
					stack, cursor = append(stack, u), append(cursor, g.predStart[u])
				case onPath:
					return &CycleError{Tasks: cycleFrom(stack, u)}
				}
				continue
			}
			state[v] = done
			g.order = append(g.order, v)
			stack, cursor = stack[:top], cursor[:top]
		}
	}
	return nil
}

// cycleFrom returns the cycle closed when u, on the path, is found to be a
// predecessor of the path's last task; in successor order starting at u.
func cycleFrom(path []int32, u int32) []int {
	k := len(path) - 1
	for path[k] != u {
		k--
	}
	cyc := []int{int(u)}
	for i := len(path) - 1; i > k; i-- {
		cyc = append(cyc, int(path[i]))
	}
	return cyc
}
