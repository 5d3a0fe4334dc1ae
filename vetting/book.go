package vetting

import (
	"slices"
	"time"

	"github.com/roster-dev/roster/members"
)

// A member with many records and many lists (one record per list, each
// by that list's owner; or many records by one vetter on every list)
// would cost, checked record by record for each membership, records ×
// lists, each check formatting its failure: quadratic in the member's
// size. Their records are indexed once instead, by vetter, newest
// first, so that a list's verdict reads only the records of the people
// who may vet for it, and usually only the newest of each.

// bookThreshold is the number of records from which a member's records
// are indexed: below it the plain check is cheaper than the index.
const bookThreshold = 8

// book indexes one member's records for Evaluate.
type book struct {
	// newest is the index of the newest record (the first in file order
	// among the newest), as the plain check finds it.
	newest int
	// byVetter holds, for each vetter the file has an entry for, the
	// indexes of their records that are not self-vetting and not
	// grandfathered: dated ones newest first (file order among equal
	// dates), then undated ones in file order.
	byVetter map[*members.Member]*shelf
	vetters  []*members.Member
	// onList lists, by list id, the vetters on it, when reading the
	// vetters' lists once is cheaper than asking each vetter's role on
	// each of the member's lists; nil otherwise.
	onList map[string][]*members.Member
	// grandfathered holds the grandfathered records that are not
	// self-vetting, ordered as byVetter's: nobody vetted them, so no
	// vetter's role is asked.
	grandfathered *shelf
}

// shelf is some of a member's records, by index: dated ones newest
// first (file order among equal dates), then, from undated on, the
// undated ones in file order.
type shelf struct {
	ids     []int
	undated int
}

// bookOf returns m's book, built once per People (per file): nil when
// m has too few records to need one, or req has no People to keep it.
func (req Requirement) bookOf(m *members.Member) *book {
	if req.People == nil || len(m.Vetting) < bookThreshold || len(m.Lists) < 2 {
		return nil
	}
	if b, ok := req.People.books.Load(m); ok {
		return b.(*book)
	}
	b, _ := req.People.books.LoadOrStore(m, newBook(m, req.People))
	return b.(*book)
}

func newBook(m *members.Member, people *People) *book {
	b := &book{byVetter: map[*members.Member]*shelf{}, grandfathered: &shelf{}}
	for i := range m.Vetting {
		r := &m.Vetting[i]
		if r.On.After(m.Vetting[b.newest].On) {
			b.newest = i
		}
		switch {
		case IsSelf(*r, m):
		case r.Method == Grandfathered:
			b.grandfathered.ids = append(b.grandfathered.ids, i)
		default:
			v := people.Find(r.By)
			if v == nil || v == m {
				continue // no vetter in the file: it admits nobody
			}
			sh := b.byVetter[v]
			if sh == nil {
				sh = &shelf{}
				b.byVetter[v] = sh
				b.vetters = append(b.vetters, v)
			}
			sh.ids = append(sh.ids, i)
		}
	}
	order := func(sh *shelf) {
		slices.SortStableFunc(sh.ids, func(x, y int) int {
			a, c := m.Vetting[x].On, m.Vetting[y].On
			switch {
			case a.Equal(c):
				return 0
			case a.IsZero():
				return 1
			case c.IsZero():
				return -1
			case a.After(c):
				return -1
			}
			return 1
		})
		sh.undated = len(sh.ids)
		for sh.undated > 0 && m.Vetting[sh.ids[sh.undated-1]].On.IsZero() {
			sh.undated--
		}
	}
	order(b.grandfathered)
	reach := 0
	for _, v := range b.vetters {
		order(b.byVetter[v])
		reach += len(v.Lists)
	}
	if reach < len(m.Lists)*len(b.vetters) {
		b.onList = map[string][]*members.Member{}
		for _, v := range b.vetters {
			for _, ms := range v.Lists {
				b.onList[ms.List] = append(b.onList[ms.List], v)
			}
		}
	}
	return b
}

// evaluate is Evaluate through the book: the same verdict.
func (b *book) evaluate(m *members.Member, req Requirement, at time.Time) Verdict {
	q, lapsed := -1, -1
	better := func(i, than int) bool {
		if than < 0 {
			return true
		}
		a, c := m.Vetting[i].On, m.Vetting[than].On
		return a.After(c) || a.Equal(c) && i < than
	}
	read := func(sh *shelf) {
		for k := 0; k < len(sh.ids); k++ {
			i := sh.ids[k]
			r := &m.Vetting[i]
			if !slices.Contains(req.Methods, r.Method) || !r.On.IsZero() && r.On.After(at) {
				continue
			}
			if !r.On.IsZero() && Stale(*r, req.ValidFor, at) {
				// Every older dated record is as lapsed: only an undated
				// one, at the end, may still qualify.
				if better(i, lapsed) {
					lapsed = i
				}
				k = max(k, sh.undated-1)
				continue
			}
			if better(i, q) {
				q = i
			}
			return // the newest that qualifies: no older one beats it
		}
	}
	read(b.grandfathered)
	vetters := b.vetters
	if b.onList != nil {
		vetters = b.onList[req.List]
	}
	for _, v := range vetters {
		if role, ok := req.People.RoleOf(v, req.List); ok && role.AtLeast(req.VettedBy) {
			read(b.byVetter[v])
		}
	}
	var v Verdict
	switch {
	case q >= 0:
		v.Qualifying, v.Newest = &m.Vetting[q], &m.Vetting[b.newest]
	case lapsed >= 0:
		v.Newest = &m.Vetting[lapsed]
		v.Problems = Check(*v.Newest, m, req, at)
	default:
		v.Newest = &m.Vetting[b.newest]
		v.Problems = Check(*v.Newest, m, req, at)
	}
	return v
}
