package schedule

import "slices"

// sgs is the workspace of the schedule generation schemes for one instance;
// each goroutine needs its own.
type sgs struct {
	in    *inst
	avail []int32 // free capacity per period and resource, (horizon+2)×nr
	used  int32   // periods of avail touched by the last schedule
	count int     // schedules generated
	mbase []int32 // capacity per period in mirrored time, for justification
	// scratch
	bucket       []int32
	mirror, tmp  []int32
	list2, list3 []int32
	ready, left  []int32
	done         []bool
}

func newSGS(in *inst) *sgs {
	w := &sgs{in: in, avail: slices.Clone(in.base), mbase: in.base}
	if in.varying {
		w.mbase = make([]int32, len(in.base))
	}
	n := in.n
	w.bucket = make([]int32, in.horizon+2)
	w.mirror, w.tmp = make([]int32, n), make([]int32, n)
	w.list2, w.list3 = make([]int32, n), make([]int32, n)
	w.ready, w.left, w.done = make([]int32, n), make([]int32, n), make([]bool, n)
	return w
}

// reset readies avail for a schedule on capacity base. With constant
// capacity only the periods used last time need restoring.
func (w *sgs) reset(base []int32) {
	if w.in.varying {
		copy(w.avail, base)
	} else {
		copy(w.avail[:int(w.used)*w.in.nr], base)
	}
	w.used = 0
	w.count++
}

// fits reports the first period in [t, t+d) where j does not fit, scanning
// from the end so that the caller can jump past it; -1 if j fits.
func (w *sgs) fits(j, t, d int32) int32 {
	in, nr := w.in, int32(w.in.nr)
	ks := in.nz.of(j)
	for tau := t + d - 1; tau >= t; tau-- {
		base := tau * nr
		for _, k := range ks {
			if w.avail[base+k] < in.dem[j*nr+k] {
				return tau
			}
		}
	}
	return -1
}

func (w *sgs) place(j, t int32) {
	in, nr := w.in, int32(w.in.nr)
	d := in.dur[j]
	for _, k := range in.nz.of(j) {
		u := in.dem[j*nr+k]
		for tau := t; tau < t+d; tau++ {
			w.avail[tau*nr+k] -= u
		}
	}
	w.used = max(w.used, t+d)
}

// serial runs the serial schedule generation scheme: each activity of the
// precedence-feasible list, in turn, starts at the earliest period its
// release, its predecessors (in direction dir) and the resources (capacity
// base) allow. It returns the makespan.
func (w *sgs) serial(dir *csr, rel, base, list, start []int32) int32 {
	w.reset(base)
	dur := w.in.dur
	var ms int32
	for _, j := range list {
		t := int32(0)
		if rel != nil {
			t = rel[j]
		}
		lags := dir.lagOf(j)
		for i, p := range dir.of(j) {
			t = max(t, start[p]+dur[p]+lagAt(lags, i))
		}
		if d := dur[j]; d > 0 {
			for {
				bad := w.fits(j, t, d)
				if bad < 0 {
					break
				}
				t = bad + 1
			}
			w.place(j, t)
		}
		start[j] = t
		ms = max(ms, t+dur[j])
	}
	return ms
}

// parallel runs the parallel (time-incremental) schedule generation scheme:
// at each decision time it starts, by increasing prio, every eligible
// activity that fits. It builds non-delay schedules.
func (w *sgs) parallel(prio []int32, start []int32) int32 {
	w.reset(w.in.base)
	in := w.in
	n := int32(in.n)
	for j := int32(0); j < n; j++ {
		w.ready[j] = 0
		if in.rel != nil {
			w.ready[j] = in.rel[j]
		}
		w.left[j] = in.fwd.start[j+1] - in.fwd.start[j]
		w.done[j] = false
	}
	elig := w.tmp[:0]
	var t, ms int32
	for scheduled := int32(0); scheduled < n; {
		elig = elig[:0]
		for j := int32(0); j < n; j++ {
			if !w.done[j] && w.left[j] == 0 && w.ready[j] <= t {
				elig = append(elig, j)
			}
		}
		sortBy(elig, prio)
		progress := false
		for _, j := range elig {
			d := in.dur[j]
			if d > 0 && w.fits(j, t, d) >= 0 {
				continue
			}
			if d > 0 {
				w.place(j, t)
			}
			start[j], w.done[j] = t, true
			scheduled++
			ms = max(ms, t+d)
			lags := in.bwd.lagOf(j)
			for i, s := range in.bwd.of(j) {
				w.left[s]--
				w.ready[s] = max(w.ready[s], t+d+lagAt(lags, i))
			}
			progress = progress || d == 0
		}
		if progress {
			continue // zero-duration activities may have released others at t
		}
		// Next decision time: the earliest finish or release after t.
		next := int32(1<<31 - 1)
		for j := int32(0); j < n; j++ {
			if w.done[j] {
				if f := start[j] + in.dur[j]; f > t {
					next = min(next, f)
				}
			} else if w.left[j] == 0 && w.ready[j] > t {
				next = min(next, w.ready[j])
			}
		}
		if next == 1<<31-1 {
			// Nothing running: capacity must have dipped at t.
			next = t + 1
		}
		t = next
	}
	return ms
}

// sortBy sorts activities by increasing key (insertion sort: lists are short).
func sortBy(a []int32, key []int32) {
	for i := 1; i < len(a); i++ {
		v := a[i]
		k := i - 1
		for ; k >= 0 && key[a[k]] > key[v]; k-- {
			a[k+1] = a[k]
		}
		a[k+1] = v
	}
}

// byTimeDesc writes into out the activities of list in decreasing order of
// key, ties broken by reverse list order (a stable counting sort). Applied to
// finish times of a schedule built from list, it yields a list that is
// feasible for scheduling in the opposite direction.
func (w *sgs) byTimeDesc(key, list, out []int32) {
	b := w.bucket
	clear(b)
	for _, j := range list {
		b[key[j]]++
	}
	// Positions for descending order: larger keys first.
	pos := int32(0)
	for k := len(b) - 1; k >= 0; k-- {
		c := b[k]
		b[k] = pos
		pos += c
	}
	for i := len(list) - 1; i >= 0; i-- {
		j := list[i]
		out[b[key[j]]] = j
		b[key[j]]++
	}
}

// justify applies forward-backward improvement (double justification) to
// the schedule start built from list: it shifts every activity as late as
// possible, in decreasing order of finish, then as early as possible, in
// increasing order of start. The makespan never grows. It writes the new
// schedule to start and its activity list to list, and returns the makespan.
func (w *sgs) justify(list, start []int32) int32 {
	in := w.in
	fin := w.tmp
	for j := range fin {
		fin[j] = start[j] + in.dur[j]
	}
	w.byTimeDesc(fin, list, w.list2)
	if in.varying {
		// Mirror the capacity around the makespan. The backward schedule
		// never ends later than the forward one, in mirrored time, so it
		// needs no capacity before period 0 and keeps the releases.
		ms := int32(0)
		for _, f := range fin {
			ms = max(ms, f)
		}
		nr := in.nr
		copy(w.mbase, in.base)
		for tau := int32(0); tau < ms; tau++ {
			copy(w.mbase[int(tau)*nr:int(tau+1)*nr], in.base[int(ms-1-tau)*nr:int(ms-tau)*nr])
		}
	}
	w.serial(&in.bwd, nil, w.mbase, w.list2, w.mirror)
	for j := range fin {
		fin[j] = w.mirror[j] + in.dur[j] // finish in mirrored time = msb - start
	}
	w.byTimeDesc(fin, w.list2, w.list3)
	copy(list, w.list3)
	return w.serial(&in.fwd, in.rel, in.base, list, start)
}
