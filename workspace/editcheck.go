package workspace

// What an edit checks of an address before it writes it: the checks
// validate would fail the entry for, refused with nothing written.

import (
	"fmt"
	"strings"

	"github.com/roster-dev/roster/internal/nearest"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// checkNewAddress refuses, before anything is written, an address
// validate would refuse: one that mixes scripts or could be read as
// another (plan.UnfitAddress, as import judges), and whatever
// checkOnLists refuses for the lists it is added to.
func checkNewAddress(f *members.File, email string, lists []string) error {
	if _, err := members.ParseAddress(email); err != nil {
		return fmt.Errorf("%w; nothing was written", err)
	}
	if why := plan.UnfitAddress(email, nil); why != "" {
		return fmt.Errorf("%s: %s; nothing was written", email, why)
	}
	return checkOnLists(f, email, lists)
}

// checkOnLists refuses, before anything is written, putting email (a
// new entry's, or an entry's joining more lists) on a list whose policy
// refuses it: a non-ASCII address it does not allow, a domain it denies
// or does not allow, the group of one of the file's lists while it
// allows no groups. validate would fail the entry, and sync never add
// it.
func checkOnLists(f *members.File, email string, lists []string) error {
	addr, err := members.ParseAddress(email)
	if err != nil {
		return nil // checkNewAddress said so; an existing entry is validate's
	}
	var groupOf string // the list whose group email is
	for _, l := range f.Lists {
		if members.MailboxOf(l.Address) == members.MailboxOf(email) { // a +tag reaches the group
			groupOf = l.ID
		}
	}
	for _, id := range lists {
		l := f.List(id)
		if l == nil {
			continue
		}
		p := f.PolicyOf(l)
		if p == nil {
			continue
		}
		if why := plan.UnfitAddress(email, p); why != "" {
			return fmt.Errorf("%s: %s; nothing was written", email, why)
		}
		denied, notAllowed := p.DomainRefused(addr.Domain)
		if denied {
			return fmt.Errorf("%s: domain %s is denied on %s (policy %s, denied_domains); nothing was written", email, addr.Domain, id, p.ID)
		}
		if notAllowed {
			return fmt.Errorf("%s: domain %s is not one %s allows (policy %s, allowed_domains); nothing was written", email, addr.Domain, id, p.ID)
		}
		if groupOf != "" && !p.AllowGroups {
			return fmt.Errorf("%s is the group of list %s, not a person: everyone in it would get %s's mail without a vetting record of their own, and policy %s allows no groups; nothing was written", email, groupOf, id, p.ID)
		}
	}
	return nil
}

// nearestMember is ` (did you mean "x"?)` for the address in f near
// email (nearestMemberAddress), or "": a mistyped address in an edit
// names the entry meant, as a mistyped list does.
func nearestMember(f *members.File, email string) string {
	if near := nearestMemberAddress(f, email); near != "" {
		return ` (did you mean "` + near + `"?)`
	}
	return ""
}

// nearestMemberAddress is the address of the file's entry a typo away
// from email (by its lower-case spelling), or "": two edits apart for a
// local part of eight letters or more, one for a shorter one. Two edits
// turn one short name into another (zed@ and pd@), which is no typo.
func nearestMemberAddress(f *members.File, email string) string {
	most := 2
	if local, _, _ := strings.Cut(email, "@"); len(local) < 8 {
		most = 1
	}
	return nearest.Word(strings.ToLower(email), memberAddresses(f), most)
}

// memberAddresses are the file's entries' addresses, lower-cased, as
// nearest reads them.
func memberAddresses(f *members.File) []string {
	known := make([]string, 0, len(f.Members))
	for _, m := range f.Members {
		known = append(known, strings.ToLower(m.Email))
	}
	return known
}

// handleTaken refuses a new entry's GitHub handle that another entry
// has, in any case (GitHub's logins are one in every case): one person
// has one entry. members.AddMember refuses it too; said here first, so
// that no other check speaks of the entry as if it were that person.
func handleTaken(f *members.File, handle string) error {
	if handle == "" {
		return nil
	}
	key := members.HandleKey(handle)
	for _, m := range f.Members {
		if m.GitHub != "" && members.HandleKey(m.GitHub) == key {
			return fmt.Errorf("%w: GitHub handle %s is already in the file, on %s (line %d); one person has one entry", members.ErrEdit, handle, m.Email, m.Pos.Line)
		}
	}
	return nil
}
