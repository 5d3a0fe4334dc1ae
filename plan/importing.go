package plan

import (
	"fmt"
	"strings"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/members"
)

// Skip is a live member import leaves out of the file, and why.
type Skip struct {
	Email string
	Why   string
	// Removed: the file took them off the list, so sync removes them
	// from the group; the others stay on it, out of the file.
	Removed bool
	// Matched: the plan takes them for an entry of the file (its
	// mailbox, spelled otherwise), so sync leaves them on the group
	// whatever the policy's unmanaged says.
	Matched bool
}

// ForImport sorts a list's live members into the people import may
// write into the file, with their live roles, and those it must leave
// out: a group is not a person (everyone in it would get the list's mail
// on one grandfathered record), the domain's "all users" member has no
// address, and someone the file took off the list (listed says where)
// is not put back behind its authors' backs.
func ForImport(f *members.File, list string, live []directory.Member, listed map[string]string) ([]members.Imported, []Skip) {
	onList := make(map[string]bool)
	// By mailbox too (a +tag dropped, as history keys people): an export
	// that spells someone dana+x@ is the dana@ the file took off, or
	// lists, not someone new.
	onListAs := make(map[string]string)
	for _, m := range f.MembersOf(list) {
		onList[members.IdentityOf(m.Email)] = true
		onListAs[members.MailboxOf(m.Email)] = m.Email
	}
	listedAs := make(map[string]string, len(listed))
	for id, where := range listed {
		if where != "" {
			listedAs[members.MailboxOf(id)] = where
		}
	}
	var people []members.Imported
	var skips []Skip
	var pol *members.Policy
	// Who takes them, or the spelling, off the group: sync, or on a csv
	// list (no API) a person its checklist asks.
	remover := "sync removes %s from the group"
	if l := f.List(list); l != nil {
		pol = f.PolicyOf(l)
		if l.Provider == members.ProviderCSV {
			remover = "sync's checklist asks a person to remove %s from the group"
		}
	}
	seen := make(map[string]directory.Member, len(live))
	groupOf := make(map[string]string, len(f.Lists)) // the file's lists' groups
	for _, l := range f.Lists {
		groupOf[members.MailboxOf(l.Address)] = l.ID // a +tag reaches the group
	}
	liveIdentity := make(map[string]bool, len(live))
	for _, lm := range live {
		if lm.Email != "" {
			liveIdentity[members.IdentityOf(lm.Email)] = true
		}
	}
	// readsLike names the address of the file, or a plain live one,
	// that email reads like while it is another mailbox (ReadsAlike:
	// validate would refuse the pair); "" for none. Either side may be
	// the imitation: a plain live ace@ beside the file's Cyrillic асе@
	// is left out as well. The tables are built on first need.
	var plain, odd map[string]string
	readsLike := func(email string) string {
		if email == "" {
			return ""
		}
		if plain == nil {
			plain, odd = make(map[string]string, len(f.Members)+len(live)), map[string]string{}
			for _, m := range f.Members {
				switch {
				case m.Email == "":
				case members.MayImitate(m.Email):
					odd[members.Skeleton(m.Email)] = m.Email
				default:
					plain[members.Skeleton(m.Email)] = m.Email
				}
			}
			for _, lm := range live {
				if lm.Email == "" || members.MayImitate(lm.Email) {
					continue
				}
				if sk := members.Skeleton(lm.Email); plain[sk] == "" {
					plain[sk] = lm.Email
				}
			}
		}
		if !members.MayImitate(email) {
			if len(odd) == 0 {
				return ""
			}
			if other := odd[members.Skeleton(email)]; other != "" && members.ReadsAlike(other, email) {
				return other
			}
			return ""
		}
		if other := plain[members.Skeleton(email)]; other != "" && members.ReadsAlike(other, email) {
			return other
		}
		return ""
	}
	// One entry per mailbox: the people imported by mailbox (index in
	// people), so that a second spelling on the group (e+x@ beside e@,
	// f.f@gmail.com beside ff@googlemail.com) is left out with its
	// reason, its role kept if higher, rather than written twice, which
	// the file refuses.
	imported := map[string]int{}
	// The spelling the file writes a mailbox in, when it has an entry:
	// of two spellings on the group, that one is kept (it is the member
	// plan matches the entry with), the other named the extra one.
	fileSpelling := make(map[string]string, len(f.Members))
	for _, m := range f.Members {
		fileSpelling[members.MailboxOf(m.Email)] = members.IdentityOf(m.Email)
	}
	anotherSpelling := func(lm directory.Member, first string) {
		i, ok := imported[members.MailboxOf(lm.Email)]
		role := FromLiveRole(lm.Role)
		if ok && fileSpelling[members.MailboxOf(lm.Email)] == members.IdentityOf(lm.Email) && members.IdentityOf(people[i].Email) != members.IdentityOf(lm.Email) {
			// This one is the file's: keep it, and name the first.
			extra := people[i]
			people[i].Email = lm.Email
			why := fmt.Sprintf("it is the mailbox of %s, as members.toml writes it, under another spelling; one entry stands for both", lm.Email)
			if extra.Role.Rank() > role.Rank() {
				why += fmt.Sprintf(", with this spelling's role (%s)", extra.Role)
			} else {
				people[i].Role = role
			}
			skips = append(skips, Skip{Email: extra.Email, Why: why + "; remove the extra spelling from the group"})
			return
		}
		why := fmt.Sprintf("it is the mailbox of %s under another spelling; one entry stands for both", first)
		if ok && role.Rank() > people[i].Role.Rank() {
			why += fmt.Sprintf(", with this spelling's role (%s)", role)
			people[i].Role = role
		}
		skips = append(skips, Skip{Email: lm.Email, Why: why + "; remove the extra spelling from the group"})
	}
	for _, lm := range live {
		key := liveKey(lm)
		if first, ok := seen[key]; ok {
			switch {
			case lm.ID == "" || first.ID == "" || lm.ID == first.ID:
			case !members.MayImitate(lm.Email) && !members.MayImitate(first.Email):
				anotherSpelling(lm, first.Email)
			default:
				// Two members under one mailbox (a look-alike: a Kelvin
				// sign for a k), as Compute tells them apart.
				skips = append(skips, Skip{Email: lm.Email, Why: fmt.Sprintf("it is another member under the mailbox of %s (a look-alike); remove it from the group, or add it by hand if it is a person", first.Email)})
			}
			continue
		}
		seen[key] = lm
		why := UnfitAddress(lm.Email, pol)
		if _, err := members.ParseAddress(lm.Email); err != nil && lm.Email != "" {
			// An address the file cannot hold (an invisible character,
			// say): one skipped member, as a look-alike is, not an
			// import that stops for everyone.
			why = fmt.Sprintf("the address is not one %s can hold (%v); check it with the person and add them by hand, or remove it from the group", fileName(f), err)
		}
		if other := readsLike(lm.Email); why == "" && other != "" {
			why = fmt.Sprintf("the address reads like %s, another mailbox (a look-alike); check it with the person and add them by hand", other)
		}
		switch {
		case why != "" && lm.Email != "" && lm.Type != "GROUP":
			skips = append(skips, Skip{Email: lm.Email, Why: why})
		case lm.Email == "":
			skips = append(skips, Skip{Email: displayEmail(lm), Why: `it has no address (all users in the domain); remove it from the group, or keep unmanaged = "report"`})
		case lm.Type == "GROUP" || groupOf[members.MailboxOf(lm.Email)] != "":
			// An export may not say which members are groups; the file
			// says which of its lists' addresses are.
			skips = append(skips, Skip{Email: lm.Email, Why: fmt.Sprintf("%s is a group, not a person: everyone in it receives the list's mail; import its members one by one, or remove it from the group", lm.Email)})
		case !onList[key] && onListAs[members.MailboxOf(lm.Email)] != "":
			entry := onListAs[members.MailboxOf(lm.Email)]
			why := fmt.Sprintf("%s lists them on %s as %s, the same mailbox", fileName(f), list, entry)
			if !liveIdentity[members.IdentityOf(entry)] {
				// The entry's own spelling is not on the group: the plan
				// takes this one for it, and leaves it be.
				skips = append(skips, Skip{Email: lm.Email, Matched: true, Why: why + "; sync takes this spelling for that entry and leaves it on the group"})
				break
			}
			if listed[key] != "" || listedAs[members.MailboxOf(lm.Email)] != "" {
				// Both spellings are on the group, and the file listed
				// the mailbox before: sync takes this one off, as Compute
				// plans it (one mailbox, on the list once).
				skips = append(skips, Skip{Email: lm.Email, Removed: true, Why: why + "; " + fmt.Sprintf(remover, "this spelling") + ": one mailbox, on the list once"})
				break
			}
			skips = append(skips, Skip{Email: lm.Email, Why: why})
		case !onList[key] && (listed[key] != "" || listedAs[members.MailboxOf(lm.Email)] != ""):
			where := listed[key]
			if where == "" {
				where = listedAs[members.MailboxOf(lm.Email)]
			}
			skips = append(skips, Skip{Email: lm.Email, Removed: true, Why: fmt.Sprintf("%s took them off %s (%s); %s; to bring them back, add them with '%s'", fileName(f), list, where, fmt.Sprintf(remover, "them"), shell.Command("add", addBack(f, pol, lm.Email, list)...))})
		default:
			if i, ok := imported[members.MailboxOf(lm.Email)]; ok {
				anotherSpelling(lm, people[i].Email)
				continue
			}
			imported[members.MailboxOf(lm.Email)] = len(people)
			people = append(people, members.Imported{Email: lm.Email, Role: FromLiveRole(lm.Role)})
		}
	}
	return people, skips
}

// addBack is the arguments of the add command that puts someone the file took off a
// list back on it: for someone the file no longer has at all, with the
// fields the list's policy requires and a vetting record to fill in, so
// that what it writes validates.
func addBack(f *members.File, pol *members.Policy, email, list string) []string {
	args := []string{email, "--list", list}
	if f.FindMember(email) != nil {
		return args
	}
	if pol != nil {
		for _, field := range pol.RequiredFields {
			if field == "name" || field == "github" || field == "affiliation" {
				args = append(args, "--"+field, strings.ToUpper(field))
			}
		}
	}
	return append(args, "--by", "WHO", "--method", "METHOD", "--note", "TEXT")
}

// UnfitAddress says why validate would refuse address in a file whose
// list has policy pol ("" when it would not): one that could be read as
// another, or a non-ASCII one the policy does not allow. import leaves
// such a member out, as add refuses one, rather than write a file that
// does not validate.
func UnfitAddress(address string, pol *members.Policy) string {
	a, err := members.ParseAddress(address)
	if err != nil {
		return ""
	}
	if why := a.Confusable(); why != "" {
		return "the address could be mistaken for another: " + why + "; check it with the person and add them by hand"
	}
	if r, ok := a.NonASCII(); ok && pol != nil && !pol.AllowNonASCII {
		return fmt.Sprintf("the address has the non-ASCII character %s, which policy %s does not allow (allow_non_ascii = false); check it with the person and add them by hand", members.DescribeRune(r), pol.ID)
	}
	return ""
}

// fileName is the members file's name as the command line gave it,
// "members.toml" when it has none.
func fileName(f *members.File) string {
	if f.Name == "" {
		return "members.toml"
	}
	return f.Name
}
