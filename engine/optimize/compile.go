package optimize

import "fmt"

// rowKind says which constraint of the problem a row of the programme is.
type rowKind int

const (
	rowBudget    rowKind = iota // spend in a period ≤ budget - committed
	rowCapacity                 // demand on a role in a period ≤ capacity - committed
	rowOneStart                 // an item starts at most once
	rowMandatory                // a forced-in item with a start window starts once
	rowRequires                 // B selected ⇒ A selected
	rowAfter                    // B starts at s ⇒ A selected and ended by s
	rowExcludes                 // not both
)

type rowInfo struct {
	kind        rowKind
	period      int
	role        string
	item, other int // item indices; -1 if not applicable
}

// model is a Problem compiled to a 0-1 programme: one variable per item and
// start period.
type model struct {
	p        *Problem
	g        *bip
	varItem  []int32
	varStart []int32
	first    []int // first variable of each item; its starts follow in order
	rows     []rowInfo
	ids      map[string]int
}

// compile builds the programme. Budgets are multiplied by scale (1 for the
// problem as given; the frontier sweeps it).
func compile(p *Problem, scale float64) *model {
	md := &model{p: p, ids: make(map[string]int, len(p.Items)), first: make([]int, len(p.Items)+1)}
	for i, it := range p.Items {
		md.ids[it.ID] = i
		md.first[i] = len(md.varItem)
		s0, s1 := window(&it)
		for s := s0; s <= s1; s++ {
			md.varItem = append(md.varItem, int32(i))
			md.varStart = append(md.varStart, int32(s))
		}
	}
	n := len(md.varItem)
	md.first[len(p.Items)] = n
	b := &bipBuilder{n: n}
	obj := make([]float64, n)
	lo := make([]float64, n)
	up := make([]float64, n)
	for j := range obj {
		it := &p.Items[md.varItem[j]]
		obj[j] = it.Value
		up[j] = 1
		if it.Lock == LockOut {
			up[j] = 0
		}
	}
	add := func(e []entry, rhs float64, info rowInfo) {
		b.addRow(e, rhs)
		md.rows = append(md.rows, info)
	}
	// Resource rows: collect each period's entries from the profiles.
	resource := func(kind rowKind, role string, limit []float64, committed []float64, scaled float64, prof func(it *Item) []float64) {
		per := make([][]entry, p.Periods)
		for j := 0; j < n; j++ {
			it := &p.Items[md.varItem[j]]
			s := int(md.varStart[j])
			for k, v := range prof(it) {
				if t := s + k; t < p.Periods && v != 0 {
					per[t] = append(per[t], entry{int32(j), v})
				}
			}
		}
		for t := 0; t < p.Periods; t++ {
			rhs := limit[t] * scaled
			if t < len(committed) {
				rhs -= committed[t]
			}
			if len(per[t]) > 0 || rhs < 0 {
				add(per[t], rhs, rowInfo{kind: kind, period: t, role: role, item: -1, other: -1})
			}
		}
	}
	if p.Budget != nil {
		resource(rowBudget, "", p.Budget, p.Committed.Cost, scale, func(it *Item) []float64 { return it.Cost })
	}
	for _, r := range p.Roles {
		resource(rowCapacity, r.Name, r.Capacity, p.Committed.Demand[r.Name], 1, func(it *Item) []float64 { return it.Demand[r.Name] })
	}
	starts := func(i int, coef float64) []entry {
		var e []entry
		for j := md.first[i]; j < md.first[i+1]; j++ {
			e = append(e, entry{int32(j), coef})
		}
		return e
	}
	for i, it := range p.Items {
		single := md.first[i+1]-md.first[i] == 1
		if !single {
			add(starts(i, 1), 1, rowInfo{kind: rowOneStart, item: i, other: -1})
		}
		if it.forcedIn() {
			if single {
				lo[md.first[i]] = 1
			} else {
				add(starts(i, -1), -1, rowInfo{kind: rowMandatory, item: i, other: -1})
			}
		}
		for _, o := range it.Requires {
			a := md.ids[o]
			add(append(starts(i, 1), starts(a, -1)...), 0, rowInfo{kind: rowRequires, item: i, other: a})
		}
		for _, o := range it.After {
			a := md.ids[o]
			dur := p.Items[a].duration()
			for j := md.first[i]; j < md.first[i+1]; j++ {
				e := []entry{{int32(j), 1}}
				for t := md.first[a]; t < md.first[a+1]; t++ {
					if int(md.varStart[t])+dur <= int(md.varStart[j]) {
						e = append(e, entry{int32(t), -1})
					}
				}
				add(e, 0, rowInfo{kind: rowAfter, period: int(md.varStart[j]), item: i, other: a})
			}
		}
	}
	seen := map[[2]int]bool{}
	for i, it := range p.Items {
		for _, o := range it.Excludes {
			a := md.ids[o]
			key := [2]int{min(i, a), max(i, a)}
			if seen[key] {
				continue
			}
			seen[key] = true
			add(append(starts(i, 1), starts(a, 1)...), 1, rowInfo{kind: rowExcludes, item: i, other: a})
		}
	}
	md.g = b.build(obj, lo, up)
	return md
}

// window returns the first and last allowed start.
func window(it *Item) (int, int) {
	if it.LatestStart == 0 && it.EarliestStart == 0 {
		return 0, 0
	}
	return it.EarliestStart, it.LatestStart
}

// describe names row r for people.
func (md *model) describe(r int) string {
	info := md.rows[r]
	name := func(i int) string { return fmt.Sprintf("%q", md.p.Items[i].ID) }
	switch info.kind {
	case rowBudget:
		return fmt.Sprintf("budget in period %d", info.period)
	case rowCapacity:
		return fmt.Sprintf("capacity of role %q in period %d", info.role, info.period)
	case rowOneStart:
		return fmt.Sprintf("item %s starts once", name(info.item))
	case rowMandatory:
		return fmt.Sprintf("item %s is mandatory", name(info.item))
	case rowRequires:
		return fmt.Sprintf("item %s requires %s", name(info.item), name(info.other))
	case rowAfter:
		return fmt.Sprintf("item %s starting in period %d must follow %s", name(info.item), info.period, name(info.other))
	case rowExcludes:
		return fmt.Sprintf("items %s and %s exclude each other", name(info.item), name(info.other))
	}
	return fmt.Sprintf("row %d", r)
}

// choices turns a 0-1 point into (item, start) choices in item order.
func (md *model) choices(x []int8) []Choice {
	var out []Choice
	for j, v := range x {
		if v != 0 {
			out = append(out, Choice{ID: md.p.Items[md.varItem[j]].ID, Start: int(md.varStart[j])})
		}
	}
	return out
}

// point turns choices into a 0-1 point; unknown or out-of-window choices
// are dropped.
func (md *model) point(cs []Choice) []int8 {
	if cs == nil {
		return nil
	}
	x := make([]int8, md.g.n)
	for _, c := range cs {
		i, ok := md.ids[c.ID]
		if !ok {
			continue
		}
		for j := md.first[i]; j < md.first[i+1]; j++ {
			if int(md.varStart[j]) == c.Start {
				x[j] = 1
			}
		}
	}
	return x
}
