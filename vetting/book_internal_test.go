package vetting

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/roster-dev/roster/members"
)

// TestBookAgreesWithTheRecordByRecordCheck: for members with many
// records (random vetters, methods, dates, roles, undated and future
// records, self-vetting, vetters not in the file, grandfathered ones),
// the indexed verdict is the plain one: the same record qualifying, the
// same record spoken of, the same problems.
func TestBookAgreesWithTheRecordByRecordCheck(t *testing.T) {
	at := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	roles := []members.Role{members.RoleOwner, members.RoleManager, members.RoleMember, "bogus"}
	methods := []string{"video-call", "in-person", Grandfathered, "vidoe-call"}
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, seed*7+1))
		f := &members.File{Name: "m.toml"}
		nLists := 2 + rng.IntN(6)
		for i := range nLists {
			f.Lists = append(f.Lists, &members.List{ID: fmt.Sprintf("l%d", i), Address: fmt.Sprintf("l%d@example.org", i), Policy: "p"})
		}
		valid := members.Validity{}
		if rng.IntN(3) > 0 {
			v, err := members.ParseValidity(fmt.Sprintf("%dd", 30+rng.IntN(400)))
			if err != nil {
				t.Fatal(err)
			}
			valid = v
		}
		pol := &members.Policy{ID: "p", VettingMethods: methods[:1+rng.IntN(3)], VettedBy: roles[rng.IntN(3)], VettingValidFor: valid}
		f.Policies = []*members.Policy{pol}
		nPeople := 3 + rng.IntN(6)
		for i := range nPeople {
			m := &members.Member{Email: fmt.Sprintf("p%d@example.org", i)}
			if rng.IntN(2) == 0 {
				m.GitHub = fmt.Sprintf("p%d-gh", i)
			}
			for _, l := range f.Lists {
				if rng.IntN(2) == 0 {
					m.Lists = append(m.Lists, members.Membership{List: l.ID, Role: roles[rng.IntN(len(roles))]})
				}
			}
			f.Members = append(f.Members, m)
		}
		subject := f.Members[0]
		subject.Lists = nil
		for _, l := range f.Lists {
			subject.Lists = append(subject.Lists, members.Membership{List: l.ID, Role: members.RoleMember})
		}
		for range bookThreshold + rng.IntN(20) {
			who := rng.IntN(nPeople + 1)
			by := "stranger@example.org"
			if who < nPeople {
				by = f.Members[who].Email
				if f.Members[who].GitHub != "" && rng.IntN(2) == 0 {
					by = "@" + f.Members[who].GitHub
				}
			}
			r := members.Vetting{By: by, Method: methods[rng.IntN(len(methods))]}
			if rng.IntN(8) > 0 {
				r.On = at.AddDate(0, 0, 30-rng.IntN(700)).Truncate(24 * time.Hour)
				if rng.IntN(4) == 0 && len(subject.Vetting) > 0 {
					r.On = subject.Vetting[rng.IntN(len(subject.Vetting))].On // a tie
				}
			}
			subject.Vetting = append(subject.Vetting, r)
		}
		f.Index()
		people := NewPeople(f)
		b := newBook(subject, people)
		for _, l := range f.Lists {
			req := RequirementFor(l, pol, people)
			plain := evaluate(subject, req, at)
			// Both ways of finding the vetters on the list.
			byVetter := *b
			byVetter.onList = nil
			for _, bk := range []*book{b, &byVetter} {
				indexed := bk.evaluate(subject, req, at)
				if plain.Qualifying != indexed.Qualifying || plain.Newest != indexed.Newest || !reflect.DeepEqual(plain.Problems, indexed.Problems) {
					t.Fatalf("seed %d, list %s: plain %+v, indexed %+v\nrecords %+v", seed, l.ID, plain, indexed, subject.Vetting)
				}
			}
		}
	}
}
